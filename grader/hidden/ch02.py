"""Hidden checks for chapter 2: what the public checks leave open.

The public checks judge the values of the gradients only, so a derivative written by hand
(4 * x, s * (1 - s)) passes them although the task is to let autograd compute it; and they
give to_float_tensor float64 and int64 arrays only, in their usual layout. Here the gradients
must be what backward() leaves in x.grad, and to_float_tensor gets arrays of other dtypes
and non-contiguous views. Inputs are drawn from grader.inputs, as in the public checks.
"""

import numpy as np

from grader import inputs
from grader.check import check, expect_close, expect_items, fail, learner_text, shape_text
from grader.checks.ch02 import (drawn_points, expect_float32, expect_gradient, of_points,
                                quadratic_derivative, sigmoid_derivative)
from grader.i18n import tr
from grader.learner import tensor_facts

BY_HAND = tr("the gradient was computed by a formula on x (it still belongs to the graph of x, "
             "with a grad_fn), not by autograd: call backward() on the sum and return x.grad")
GRADIENT_FUNCTIONS = ["quadratic_grad", "sigmoid_grad", "accumulated_grad", "two_gradients"]


# Probes: they run beside the learner's code and return what they saw (grader.learner).

def gradients_seen(code, function, x_np):
    """Each gradient `function` returned, with what autograd knows about it."""
    result = getattr(code.autograd, function)(x_np)
    results = result if function == "two_gradients" and isinstance(result, (tuple, list)) \
        else (result,)
    return [(item, tensor_facts(item)) for item in results]


def float_tensor_of_view(code, array, layout):
    return code.tensors.to_float_tensor(view_of(array, layout))


def view_of(array, layout):
    """`array` as given, or a non-contiguous view of it (arguments arrive contiguous)."""
    return {"as given": array, "transposed": array.T,
            "every other row": array[::2]}[layout]  # i18n: internal


def layout_text(layout):
    """A layout of view_of as the feedback names it."""
    return {"as given": tr("as given"), "transposed": tr("transposed"),
            "every other row": tr("every other row")}[layout]  # i18n: internal


def expected_gradients(function, x_np):
    """(what each gradient is called in feedback, its values) for `function` at `x_np`."""
    quadratic, sig = quadratic_derivative(x_np), sigmoid_derivative(x_np)
    if function == "two_gradients":
        return [(tr("the first gradient (of 2x^2 + 2)"), quadratic),
                (tr("the second gradient (of the sigmoid)"), sig)]
    return [(tr("the gradient"), {"quadratic_grad": quadratic, "sigmoid_grad": sig,
                                  "accumulated_grad": 2 * quadratic}[function])]


@check(points=2, relies_on=("check_course_gradients", "check_quadratic_gradient",
                            "check_sigmoid_gradient", "check_gradients_accumulate",
                            "check_gradients_zeroed_between_passes"))
def check_gradients_come_from_backward(chapter):
    rng = inputs.rng("ch02/hidden gradient points")  # i18n: internal
    for function in GRADIENT_FUNCTIONS:
        x_np = drawn_points(rng, (int(rng.integers(3, 6)), int(rng.integers(2, 5))))
        name = of_points(function, x_np)
        expected = expected_gradients(function, x_np)
        seen = expect_items(chapter.run(gradients_seen, function, x_np), len(expected), name)
        for (which, values), (grad, facts) in zip(expected, seen):
            # x.grad is a plain tensor outside the graph; a formula on x is part of it.
            if facts["grad_fn"] is not None or facts["requires_grad"]:
                fail(tr("{which} of {name} is not x.grad", which=which, name=name),
                     expected="grad_fn None", got=learner_text(f"grad_fn {facts['grad_fn']}"),
                     cause=BY_HAND)
            expect_gradient(grad, tr("{which} of {name}", which=which, name=name), x_np, values)


# NumPy dtypes other than the float64 and int64 of the public checks.
OTHER_DTYPES = [np.float32, np.float16, np.int32, np.uint8, np.bool_]


@check(points=1, relies_on=("check_float_tensors_of_every_rank",
                            "check_numpy_float64_becomes_float32"))
def check_float_tensors_of_other_dtypes_and_layouts(chapter):
    rng = inputs.rng("ch02/hidden other dtypes")  # i18n: internal
    shape = (2 * int(rng.integers(2, 4)), int(rng.integers(2, 5)))
    cases = [(dtype, "as given") for dtype in OTHER_DTYPES]
    cases += [(np.float64, "transposed"), (np.float64, "every other row"),  # i18n: internal
              (np.int64, "transposed")]
    for dtype, layout in cases:
        if dtype == np.bool_:
            array = rng.random(shape) < 0.5
        elif np.issubdtype(dtype, np.integer):
            array = rng.integers(0, 100, size=shape).astype(dtype)
        else:
            array = (rng.integers(-40, 41, size=shape) / 4).astype(dtype)
        view = view_of(array, layout)
        name = tr("to_float_tensor(a {dtype} array of shape {shape}, {layout})",
                  dtype=np.dtype(dtype).name, shape=shape_text(view.shape),
                  layout=layout_text(layout))
        t = expect_float32(chapter.run(float_tensor_of_view, array, layout), name,
                           shape=view.shape)
        expect_close(t, view.astype(np.float32), name, atol=0, rtol=0)
