"""Hidden checks for chapter 8: fit uses the optimizer and the criterion it is given.

The public checks hand fit plain SGD and a plain CrossEntropyLoss, so a loop that makes its
own criterion (nn.CrossEntropyLoss() written into it) or ignores the optimizer's settings
passes them. Here fit gets SGD with momentum and a CrossEntropyLoss with label smoothing,
both drawn from grader.inputs, and is compared with the grader's replay of the course's
loop with the same ones.
"""

from grader import inputs
from grader.check import check, fail
from grader.checks.ch08 import (drawn_case, expect_fit_like_the_course, expect_history,
                                observed_fit, replayed_fit, same_weights)
from grader.i18n import tr

OWN_CRITERION = tr("fit computed the loss with a criterion of its own: use the `criterion` it "
                   "is given (loss = criterion(outputs, labels)), whatever it is")
OWN_OPTIMIZER = tr("fit updated the weights with an optimizer of its own: use the `optimizer` it "
                   "is given (optimizer.zero_grad(), optimizer.step())")


def drawn_settings() -> dict:
    g = inputs.rng("ch08/hidden settings")
    return {"momentum": round(float(g.uniform(0.5, 0.9)), 2),
            "label_smoothing": round(float(g.uniform(0.05, 0.3)), 2)}


@check(points=2, relies_on=("check_fit_history",))
def check_fit_uses_given_optimizer_and_criterion(chapter):
    case = drawn_case("hidden settings")
    settings = drawn_settings()
    seen = chapter.run(observed_fit, case, **settings)
    expect_history(seen["history"], case["epochs"])
    if not same_weights(seen["weights"], replayed_fit(case, **settings)[1]):
        for other, cause in (({"label_smoothing": 0.0}, OWN_CRITERION),
                             ({"momentum": 0.0}, OWN_OPTIMIZER)):
            if same_weights(seen["weights"], replayed_fit(case, **(settings | other))[1]):
                fail(tr("fit trained with SGD with momentum and CrossEntropyLoss with label "
                        "smoothing as if it had been given other ones"), cause=cause)
    expect_fit_like_the_course(seen, case, **settings)
