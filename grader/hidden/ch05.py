"""Hidden checks for chapter 5: training follows the logging it is given.

The public checks train with the default log_every (100) and with numbers of epochs where
every logged row is a multiple of it, so a loop with `epoch % 100` written into it passes
them all. Here train gets a drawn log_every and a number of epochs that is not a multiple
of it, on three drawn columns of the Boston table, and is compared with the grader's
simulation.
"""

from grader.check import check, fail
from grader.checks.ch05 import (drawn_rng, drawn_setup, expect_history, expect_logged_losses,
                                expect_trained_parameters, expected_training, not_diverged,
                                training)
from grader.i18n import tr

SETTINGS_IGNORED = tr("log_every was not used as given: log every log_every epochs (epoch % "
                      "log_every == 0), not every 100, and keep the last, partial stretch")


def drawn_logging():
    rng = drawn_rng("hidden logging")
    log_every = int(rng.choice([7, 15, 20, 30]))
    return log_every, log_every * int(rng.integers(4, 9)) + int(rng.integers(1, log_every))


@check(points=2, timeout=30)
def check_training_follows_log_every(chapter):
    log_every, num_epochs = drawn_logging()
    setup = drawn_setup("hidden logging", features=3) | {"num_epochs": num_epochs}
    result = chapter.run(training, setup["weight"], setup["bias"], setup["x"], setup["y"],
                         lr=setup["lr"], num_epochs=num_epochs, log_every=log_every)
    weight, bias, losses = expected_training(setup)
    history = not_diverged(result, setup, "train")
    expect_trained_parameters(result, setup, weight, bias, tr("after training"))
    try:
        history = expect_history(history, num_epochs, log_every)
        expect_logged_losses(history, losses, log_every)
    except AssertionError as failure:
        fail(tr("train with a log_every other than the default:\n{failure}", failure=failure),
             cause=SETTINGS_IGNORED)
