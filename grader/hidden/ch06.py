"""Hidden checks for chapter 6: training follows the settings it is given.

The public checks train with a row every 10 epochs and the thresholds 0.5 and 0.0, the
course's, so a loop with those numbers written into it passes them all. Here train() gets
another log_every, number of epochs, learning rate and threshold, drawn from grader.inputs,
and is compared with the grader's replay.
"""

from grader import inputs
from grader.check import check, fail
from grader.checks.ch06 import (THRESHOLD_IGNORED, drawn_data, drawn_start, expect_run,
                                known_mistakes, replay, training_run)
from grader.i18n import tr

SETTINGS_IGNORED = tr("lr, num_epochs, log_every or threshold was not used as given: train with "
                      "the values passed in, not with numbers written into the loop (a row "
                      "every log_every epochs, accuracy at `threshold`)")


def drawn_settings():
    g = inputs.rng("ch06/hidden settings")
    log_every = int(g.choice([4, 5, 20, 25]))
    return {"lr": float(g.choice([0.02, 0.05, 0.08])),
            "num_epochs": log_every * int(g.integers(3, 9)), "log_every": log_every}


@check(points=2, relies_on=("check_accuracy", "check_training_with_bce"))
def check_training_follows_given_settings(chapter):
    stream = "hidden settings"
    data = drawn_data(stream)
    weight, bias = drawn_start(stream)
    settings = drawn_settings()
    threshold = float(inputs.rng("ch06/hidden threshold").choice([0.3, 0.4, 0.6, 0.7]))
    result = chapter.run(training_run, "binary", "sigmoid", weight, bias, data,
                         settings | {"threshold": threshold})
    if "diverged" in result:
        fail(tr("train() raised TrainingDiverged on settings that do not diverge"),
             cause=SETTINGS_IGNORED)
    mistakes = known_mistakes(data, weight, bias, settings, "sigmoid", threshold)
    mistakes.append((THRESHOLD_IGNORED, replay(data, weight, bias, settings, "sigmoid", 0.5)))
    try:
        expect_run(result, replay(data, weight, bias, settings, "sigmoid", threshold),
                   tr("train() with other settings"), mistakes=mistakes,
                   cause=SETTINGS_IGNORED)
    except AssertionError as failure:
        fail(tr("train() with lr, num_epochs, log_every and threshold other than the course's:"
                "\n{failure}", failure=failure), cause=SETTINGS_IGNORED)
