"""Hidden checks for chapter 9: evaluate_history after a continued run.

The public check gives evaluate_history a history numbered from epoch 1, where the epochs
are also 1, 2, ... len(history): curves drawn against a count of their own pass it. Here the
history is that of a run continued by fit, numbered from a drawn epoch, and the curves must
follow its epoch column.
"""

from grader import inputs
from grader.check import check
from grader.checks.ch09 import drawn_history, judged_curves


@check(points=1)
def check_evaluate_history_of_continued_run(chapter):
    first_epoch = int(inputs.rng("ch09/hidden first epoch").integers(5, 30))  # i18n: internal
    judged_curves(chapter, drawn_history("continued", first_epoch))
