"""Hidden checks for chapter 3: training follows the settings it is given.

The public checks train with the defaults (lr 0.001, 500 epochs, a row every 10 epochs), so
a loop with those numbers written into it passes them all. Here both training functions get
other settings, drawn from grader.inputs, and are compared with the grader's simulation.
A training function that already fails with the defaults is blamed on its public check
(relies_on), not on the settings.
"""

from grader import inputs
from grader.check import check, fail
from grader.checks.ch03 import (SETTINGS_IGNORED, drawn_data, expect_history,
                                expect_logged_losses, expect_parameters, manual_training,
                                sgd_training, simulate)
from grader.i18n import tr


def drawn_settings():
    g = inputs.rng("ch03/hidden settings")
    log_every = int(g.choice([5, 20, 25]))
    return {"lr": float(g.choice([0.0005, 0.002, 0.003])),
            "num_epochs": log_every * int(g.integers(6, 15)), "log_every": log_every}


@check(points=2, relies_on=(
       "check_initial_parameters_are_trainable_leaves", "check_prediction",
       "check_loss_and_its_gradients", "check_manual_training", "check_training_with_sgd"))
def check_training_follows_given_settings(chapter):
    X, Y = drawn_data("hidden settings")
    settings = drawn_settings()
    expected_w, expected_b, losses = simulate(X, Y, settings["num_epochs"], lr=settings["lr"])
    for name, probe in (("train_manual", manual_training),
                        ("train_with_optimizer", sgd_training)):
        W, B, history, *_ = chapter.run(probe, X, Y, **settings)
        try:
            expect_parameters(W, B, (expected_w, expected_b), X, Y, settings["num_epochs"],
                              lr=settings["lr"],
                              after=tr("of {name} with other settings", name=name))
            history = expect_history(history, settings["num_epochs"], settings["log_every"])
            expect_logged_losses(history, losses, settings["log_every"],
                                 replay=(X, Y, settings["num_epochs"], settings["lr"], 0.0))
        except AssertionError as failure:
            fail(tr("{name} with lr, num_epochs and log_every other than the defaults:\n"
                    "{failure}", name=name, failure=failure), cause=SETTINGS_IGNORED)
