"""Hidden checks for chapter 7: training follows the settings it is given.

The public checks train with a row every 10 epochs, the course's, so a loop with that number
written into it passes them all. Here train() gets another log_every, number of epochs and
learning rate, drawn from grader.inputs, and is compared with the grader's replay.
"""

from grader import inputs
from grader.check import check, fail
from grader.checks.ch07 import judged_training
from grader.i18n import tr

SETTINGS_IGNORED = tr("lr, num_epochs or log_every was not used as given: train with the "
                      "values passed in, not with numbers written into the loop (a row every "
                      "log_every epochs)")


def drawn_settings():
    g = inputs.rng("ch07/hidden settings")
    log_every = int(g.choice([4, 5, 20, 25]))
    return {"lr": float(g.choice([0.015, 0.03, 0.045])),
            "num_epochs": log_every * int(g.integers(3, 9)), "log_every": log_every}


@check(points=2, relies_on=("check_accuracy", "check_training"))
def check_training_follows_given_settings(chapter):
    try:
        judged_training(chapter, "hidden settings", drawn_settings(), cause=SETTINGS_IGNORED)
    except AssertionError as failure:
        fail(tr("train() with lr, num_epochs and log_every other than the course's:\n{failure}",
                failure=failure), cause=SETTINGS_IGNORED)
