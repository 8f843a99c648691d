"""Checks for chapter 2: PyTorch basics (tensors and autograd).

Inputs: every check that calls the learner's code draws what it passes from grader.inputs
(public in a learner's run, secret in course grading): the data, shapes, scores, points x
and the graphs given to find_leaves. Oracles are computed here from what was drawn, in
float64 with NumPy: the values themselves, sums, reshapes, max and argmax, 4x, s(1 - s).
Drawn values keep the known mistakes apart from the right answer (points x at least 0.25
from 0, scores that are distinct and never whole numbers, shapes whose first dimension
differs from the rest). When a gradient is wrong, the check compares it with the results of
the known mistakes (gradients never zeroed, the first gradient not copied, mean instead of
sum) and names the one that matches.

Two small checks use the course's fixed data only (course_data=True): the published numbers
of CURRICULUM.md (x = arange(-2, 2.1, 0.25): 4x, 8x after a second backward without zeroing,
the sigmoid's gradient 0.2500 at 0 and 0.1050 at +-2; torch.max([[1, 5, 6], [4, 3, 2]], 1) is
values [6, 4], indices [2, 0]).

What only the learner's objects can show (whether an array shares memory with its tensor,
which tensors find_leaves returned, what type total returned) is observed by the probes,
next to the learner's code, and comes back as plain data (grader.learner).
"""

import numpy as np
import torch

from grader import inputs
from grader.check import (check, describe_type, expect_close, expect_items, expect_tensor, fail,
                          shape_text)
from grader.diagnose import explain_learner_error
from grader.i18n import tr
from grader.learner import Opaque

COURSE_X = np.arange(-2, 2.1, 0.25)  # the course's 17 points
COURSE_SCORES = [[1.0, 5.0, 6.0], [4.0, 3.0, 2.0]]

FLOAT64 = tr("NumPy arrays are float64: convert with .float() (or dtype=torch.float32) when "
             "you make the tensor")
INT64 = tr("integer data gives an int64 tensor: convert with .float() when you make the tensor")
LEAF_FLOAT64 = tr("x_np is a float64 NumPy array, so x and its gradient are float64: make the "
                  "leaf with torch.tensor(x_np, dtype=torch.float32, requires_grad=True)")
NOT_A_LEAF = tr("x.grad is None when x is not the leaf that requires grad: "
                "torch.tensor(x_np, requires_grad=True).float() makes a new, non-leaf tensor; "
                "pass dtype=torch.float32 to torch.tensor instead (or call .requires_grad_() "
                "after .float())")
NOT_ZEROED = tr("gradients accumulate in .grad: call x.grad.zero_() between backward passes")
NOT_COPIED = tr("x.grad.zero_() and the next backward() change the tensor x.grad in place, so "
                "the first gradient you kept changed with it: keep a copy, x.grad.clone() (or "
                "set x.grad = None instead of zeroing)")
MEAN_NOT_SUM = tr("that is the gradient divided by the number of points: scalarise y with "
                  "sum(), not mean(), so that x.grad is the derivative at every point")
NOT_ACCUMULATED = tr("x.grad holds one gradient only: two backward passes without zeroing add "
                     "up to 8x; do not zero x.grad or make a new leaf between them")
SIGMOID_ITSELF = tr("that is the sigmoid itself: return x.grad, not y")
IS_A_COPY = tr("the array is a copy: t.numpy() shares the tensor's memory (on a tensor that "
               "requires grad: t.detach().numpy() or t.data.numpy()); do not copy it")
IS_SHARED = tr("the array shares memory with the tensor: copy it, t.detach().numpy().copy()")


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def quadratic_derivative(x):
    return 4.0 * x


def sigmoid_derivative(x):
    return sigmoid(x) * (1.0 - sigmoid(x))


# Drawn inputs: from grader.inputs, so that answers recorded for the public inputs are wrong
# under the course's secret. Values are multiples of 0.25, exact in float32, so that sums and
# conversions have one right answer.

def quarters(rng, shape=(), low=-10.0, high=10.0):
    return rng.integers(int(4 * low), int(4 * high) + 1, size=shape) / 4.0


def drawn_points(rng, shape):
    """Points x for the gradients: |x| in [0.25, 3], so 4x, 8x, 4x/n and s(1 - s) all differ."""
    size = rng.uniform(0.25, 3.0, size=shape)
    return np.where(rng.random(shape) < 0.5, -size, size)


def drawn_point_sets(stream):
    """A rank-1 and a rank-2 float64 array of points, of drawn sizes."""
    rng = inputs.rng(f"ch02/{stream}")
    return [drawn_points(rng, (int(rng.integers(6, 21)),)),
            drawn_points(rng, (int(rng.integers(2, 5)), int(rng.integers(2, 6))))]


def drawn_scores(rng):
    """A [N, C] score matrix with N != C (so rows and columns are told apart), distinct
    values (one argmax per row) that are never whole numbers (never equal to an index)."""
    rows, columns = rng.choice(np.arange(2, 9), size=2, replace=False)
    order = rng.permutation(rows * columns).reshape(rows, columns)
    return (order - rows * columns / 2 + 0.5) / 2


def expect_float32(value, name, shape):
    tensor = expect_tensor(value, name, shape=shape)
    if tensor.dtype != torch.float32:
        cause = None
        if tensor.dtype == torch.float64:
            cause = FLOAT64
        elif not tensor.dtype.is_floating_point:
            cause = INT64
        fail(tr("{name} has the wrong dtype", name=name), expected=torch.float32,
             got=tensor.dtype, cause=cause)
    return tensor


def expect_gradient(grad, name, x_np, expected, mistakes=()):
    """Check `grad` against `expected`, naming the first (signature, cause) that matches."""
    if grad is None:
        fail(tr("{name} is None, not a gradient", name=name), cause=NOT_A_LEAF)
    grad = expect_tensor(grad, name, shape=np.shape(x_np))
    if grad.dtype != torch.float32:
        fail(tr("{name} has the wrong dtype", name=name), expected=torch.float32,
             got=grad.dtype, cause=LEAF_FLOAT64 if grad.dtype == torch.float64 else None)
    got = grad.numpy().astype(float)
    if not np.allclose(got, expected, rtol=1e-4, atol=1e-5):
        cause = next((c for signature, c in mistakes
                      if np.allclose(got, signature, rtol=1e-4, atol=1e-5)), None)
        expect_close(got, expected, name, rtol=1e-4, atol=1e-5, cause=cause)
    return got


def of_points(function, x_np):
    return tr("{function}(x_np of shape {shape})", function=function,
              shape=shape_text(np.shape(x_np)))


# Probes: they run beside the learner's code and return what they saw (grader.learner).

def float_tensor(code, data):
    return code.tensors.to_float_tensor(data)


def labels(code, t):
    return code.tensors.to_labels(t)


def reshaped(code, function, t):
    return getattr(code.tensors, function)(t)


def total_of(code, t):
    result = code.tensors.total(t)
    if isinstance(result, float):
        kind = "float"
    elif isinstance(result, torch.Tensor):
        kind = "tensor"
    elif isinstance(result, (np.generic, np.ndarray)):
        kind = "numpy"
    else:
        kind = type(result).__name__
    return result, kind


def scores_probe(code, function, scores):
    return getattr(code.tensors, function)(scores)


def numpy_conversion(code, function, values, requires_grad, tensor_change, array_change):
    """What the array of to_numpy_shared / to_numpy_copy does when either side changes.

    `tensor_change` and `array_change` are (index, new value): first the tensor's element is
    set, then the array's (at another index)."""
    t = values.clone().requires_grad_(requires_grad)
    array = getattr(code.tensors, function)(t)
    seen = {"array": array, "after_tensor_changed": None, "tensor_after_array_changed": None}
    if isinstance(array, np.ndarray) and array.shape == tuple(t.shape):
        seen["array"] = array.copy()
        (i, value), (j, new) = tensor_change, array_change
        with torch.no_grad():
            t[tuple(i)] = value
        seen["after_tensor_changed"] = float(array[tuple(i)])
        if array.flags.writeable:
            array[tuple(j)] = new
            seen["tensor_after_array_changed"] = t[tuple(j)].item()
    return seen


def gradient(code, function, x_np):
    return getattr(code.autograd, function)(x_np)


# What grad_fn_name is asked about: (description, tensor made from x and from a tensor
# `other` that does not require grad, expected name). The descriptions are the keys the
# probe is given; case_text() is how the feedback shows them.
GRAD_FN_CASES = {
    "x (a leaf)": (lambda x, other: x, None),
    "a tensor that does not require grad": (lambda x, other: other, None),  # i18n: internal
    "x.sum()": (lambda x, other: x.sum(), "SumBackward0"),
    "2 * x": (lambda x, other: 2 * x, "MulBackward0"),
    "x ** 2": (lambda x, other: x ** 2, "PowBackward0"),
    "torch.sigmoid(x)": (lambda x, other: torch.sigmoid(x), "SigmoidBackward0"),
    "x + other": (lambda x, other: x + other, "AddBackward0"),
    "x.mean()": (lambda x, other: x.mean(), "MeanBackward0"),
    "torch.exp(x)": (lambda x, other: torch.exp(x), "ExpBackward0"),
    "x.view(-1, 1)": (lambda x, other: x.view(-1, 1), "ViewBackward0"),
    "torch.tanh(x)": (lambda x, other: torch.tanh(x), "TanhBackward0"),
}


def case_text(case):
    """A case of GRAD_FN_CASES as the feedback shows it (the others are code)."""
    if case == "x (a leaf)":
        return tr("x (a leaf)")
    if case == "a tensor that does not require grad":  # i18n: internal
        return tr("a tensor that does not require grad")
    return case


def grad_fn_names(code, x_values, other, cases):
    x = x_values.clone().requires_grad_(True)
    return [code.autograd.grad_fn_name(GRAD_FN_CASES[case][0](x, other)) for case in cases]


# The graphs given to find_leaves: (name, what it computes, its leaves that require grad).
# Which tensors are leaves is fixed; their sizes, values and the tags by which the probe
# reports them are drawn.
LEAF_GRAPHS = [
    ("loss", "loss = ((W * X + B - Y) ** 2).mean()", ["B", "W"]),
    ("quadratic", "z = (2 * x**2 + 2).sum()", ["x"]),
    ("network", tr("out of a small two-layer network (W1 used twice, V detached, U unused)"),
     ["W1", "W2", "b1"]),
]


def build_graph(name, data):
    """(output, {role: tensor}) of the graph `name`, made from the drawn `data`."""
    leaf = {role: value.clone().requires_grad_(True) for role, value in data.items()
            if role not in ("X", "Y")}
    tensors = leaf | {role: data[role] for role in ("X", "Y") if role in data}
    if name == "loss":
        W, B, X, Y = (tensors[role] for role in ("W", "B", "X", "Y"))
        return ((W * X + B - Y) ** 2).mean(), tensors
    if name == "quadratic":
        return (2 * tensors["x"] ** 2 + 2).sum(), tensors
    W1, b1, W2, V, X = (tensors[role] for role in ("W1", "b1", "W2", "V", "X"))
    h = torch.tanh(X @ W1 + b1)
    return ((h @ W2) * V.detach()).sum() + (W1 ** 2).sum() + h.mean(), tensors


def leaves_found(code, graphs, tags):
    """Per graph, what find_leaves returned: (tag, None) for each of the graph's own tensors,
    (None, item) for anything else; or why it could not be read. Items are described in the
    check, where values drawn from the secret are withheld."""
    seen = []
    for name, _, _ in LEAF_GRAPHS:
        output, tensors = build_graph(name, graphs[name])
        graph = {}
        seen.append(graph)
        try:
            found = code.autograd.find_leaves(output)
        except AttributeError as error:
            if "'NoneType'" not in str(error):
                raise
            graph["error"] = explain_learner_error(error, code.path)
            break
        try:
            found = list(found)
        except TypeError:
            graph["not_a_collection"] = found
            break
        tag_of = {id(t): tags[name][role] for role, t in tensors.items()}
        graph["found"] = [(tag_of[id(item)], None) if id(item) in tag_of else (None, item)
                          for item in found]
    return seen


def drawn_graphs():
    """The data of each graph of LEAF_GRAPHS, and a drawn tag for each of its tensors."""
    g = inputs.generator("ch02/find_leaves graphs")
    n = int(torch.randint(4, 9, (), generator=g))
    batch, features, hidden = (int(size) for size in torch.randint(2, 7, (3,), generator=g))
    graphs = {
        "loss": {"W": torch.randn((), generator=g), "B": torch.randn((), generator=g),
                 "X": torch.randn(n, generator=g), "Y": torch.randn(n, generator=g)},
        "quadratic": {"x": torch.randn(n, generator=g)},
        "network": {"W1": torch.randn(features, hidden, generator=g),
                    "b1": torch.randn(hidden, generator=g),
                    "W2": torch.randn(hidden, 1, generator=g),
                    "V": torch.randn(1, generator=g), "U": torch.randn(1, generator=g),
                    "X": torch.randn(batch, features, generator=g)},
    }
    tags = {name: {role: f"{role}#{int(torch.randint(2**62, (), generator=g))}"
                   for role in data} for name, data in graphs.items()}
    return graphs, tags


# ---------------------------------------------------------------- tensors.py


@check(points=2)
def check_float_tensors_of_every_rank(chapter):
    rng = inputs.rng("ch02/float tensors")
    rank1 = rng.integers(-9, 10, size=int(rng.integers(3, 9)))
    rank2 = rng.integers(-9, 10, size=tuple(int(n) for n in rng.integers(2, 5, size=2)))
    rank3 = quarters(rng, tuple(int(n) for n in rng.integers(2, 5, size=3)))
    cases = [(float(quarters(rng)), tr("a Python float (rank 0)")),
             (rank1.tolist(), tr("a list of ints of shape {shape} (rank 1)",
                                 shape=shape_text(rank1.shape))),
             (rank2.tolist(), tr("a nested list of ints of shape {shape} (rank 2)",
                                 shape=shape_text(rank2.shape))),
             (rank3.tolist(), tr("a nested list of floats of shape {shape} (rank 3)",
                                 shape=shape_text(rank3.shape)))]
    for data, what in cases:
        name = f"to_float_tensor({what})"
        t = expect_float32(chapter.run(float_tensor, data), name, shape=np.shape(data))
        expect_close(t, data, name, atol=0, rtol=1e-6)


@check(points=1)
def check_numpy_float64_becomes_float32(chapter):
    rng = inputs.rng("ch02/numpy float64")
    rank3 = tuple(int(n) for n in rng.integers(2, 5, size=3))
    rank2 = tuple(int(n) for n in rng.integers(2, 5, size=2))
    cases = [(rng.normal(size=rank3), tr("a float64 array of shape {shape}",
                                         shape=shape_text(rank3))),
             (rng.normal(size=int(rng.integers(2, 9))), tr("a float64 array of rank 1")),
             (np.array(rng.normal()), tr("a float64 array of rank 0")),
             (rng.integers(-9, 10, size=rank2), tr("an int64 array of shape {shape}",
                                                    shape=shape_text(rank2)))]
    for data, what in cases:
        name = f"to_float_tensor({what})"
        t = expect_float32(chapter.run(float_tensor, data), name, shape=data.shape)
        expect_close(t, data.astype(np.float32), name, atol=0, rtol=1e-6)


@check(points=1)
def check_integer_labels(chapter):
    rng = inputs.rng("ch02/labels")
    classes = rng.integers(0, int(rng.integers(3, 11)), size=int(rng.integers(4, 13)))
    t = torch.tensor(classes, dtype=torch.float32)
    name = tr("to_labels(a float tensor of class numbers of shape {shape})",
              shape=shape_text(t.shape))
    result = chapter.run(labels, t)
    expect_tensor(result, name, shape=t.shape, dtype=torch.int64)
    expect_close(result, classes, name, atol=0, rtol=0)


# Shapes for rows/flatten: a first dimension (all different, 2 to 6) and the rest, whose size
# is a multiple of 12, so that a fixed row count (2, 3, 4, 6) still divides every tensor and
# shows up as a wrong first dimension, and rows never looks like its transpose.
REST_OF_SHAPE = [(12,), (24,), (3, 4), (4, 3), (2, 6), (6, 4), (2, 2, 3), (3, 2, 2), (2, 3, 4)]


@check(points=2)
def check_view_with_minus_one(chapter):
    rng = inputs.rng("ch02/view shapes")
    firsts = rng.choice(np.arange(2, 7), size=4, replace=False)
    rests = rng.choice(len(REST_OF_SHAPE), size=4, replace=False)
    for first, rest in zip(firsts, rests):
        shape = (int(first), *REST_OF_SHAPE[rest])
        t = torch.tensor(quarters(rng, shape), dtype=torch.float32)
        values = t.numpy().astype(float)
        expected = values.reshape(shape[0], -1)
        name = tr("rows(a tensor of shape {shape})", shape=shape_text(shape))
        result = expect_tensor(chapter.run(reshaped, "rows", t), name)
        if tuple(result.shape) != expected.shape:
            cause = None
            if tuple(result.shape) == expected.shape[::-1]:
                cause = tr("the first dimension must stay first: view(t.shape[0], -1)")
            elif result.dim() == 2 and result.shape[0] != shape[0]:
                cause = tr("keep the first dimension as it is: take it from t.shape[0] "
                           "instead of writing a fixed number")
            fail(tr("{name} has the wrong shape", name=name),
                 expected=shape_text(expected.shape), got=shape_text(result.shape),
                 cause=cause)
        expect_close(result, expected, name, atol=0, rtol=0,
                     cause=tr("reshape with view, without reordering the elements"))
        name = tr("flatten(a tensor of shape {shape})", shape=shape_text(shape))
        result = expect_tensor(chapter.run(reshaped, "flatten", t), name, shape=(t.numel(),))
        expect_close(result, values.reshape(-1), name, atol=0, rtol=0,
                     cause=tr("reshape with view(-1), without reordering the elements"))


@check(points=2)
def check_total_is_a_python_float(chapter):
    rng = inputs.rng("ch02/total")
    for shape in [(), (int(rng.integers(3, 9)),), tuple(int(n) for n in rng.integers(2, 5, 3))]:
        values = quarters(rng, shape)
        name = tr("total(a tensor of shape {shape})", shape=shape_text(shape))
        value, kind = chapter.run(total_of, torch.tensor(values, dtype=torch.float32))
        if kind != "float":
            cause = None
            if kind == "tensor":
                cause = tr("that is still a tensor: .item() turns a one-element tensor into a "
                           "Python number")
            elif kind == "numpy":
                cause = tr("that is a NumPy number: use .item() on the tensor (or float(...))")
            fail(tr("{name} should be a Python float", name=name), got=describe_type(value),
                 cause=cause)
        expect_close(value, values.sum(), name, rtol=1e-6, atol=0,
                     cause=tr("add up all the elements, whatever the shape"))


def expect_row_max(result, scores, name, values_expected, indices_expected):
    values, indices = expect_items(
        result, 2, name,
        cause=tr("torch.max(scores, 1) returns both values and indices; torch.max(scores) "
                 "without a dimension returns one number"))
    rows, columns = np.shape(scores)
    the_values = tr("the values of {name}", name=name)
    the_indices = tr("the indices of {name}", name=name)
    parts = [(the_values, values,
              tr("{name} gives values with one entry per column, not one per row", name=name)),
             (the_indices, indices,
              tr("{name} gives indices with one entry per column, not one per row", name=name))]
    for part, got, per_column in parts:
        expect_tensor(got, part)
        if got.dim() == 1 and got.shape[0] == columns != rows:
            fail(per_column, expected=shape_text([rows]), got=shape_text(got.shape),
                 cause=tr("dim 0 takes the maximum down each column: use dim=1 for each row"))
        expect_tensor(got, part, shape=(rows,))
    expect_close(values, values_expected, the_values, atol=0, rtol=0)
    expect_tensor(indices, the_indices, dtype=torch.int64)
    expect_close(indices, indices_expected, the_indices, atol=0, rtol=0)


def expect_predicted_labels(result, scores, name, expected):
    result = expect_tensor(result, name)
    rows, columns = np.shape(scores)
    if result.dim() == 1 and result.shape[0] == columns != rows:
        fail(tr("{name} gives one label per column, not one per row", name=name),
             expected=shape_text([rows]), got=shape_text(result.shape),
             cause=tr("dim 0 runs down each column: take the maximum along dim=1"))
    expect_tensor(result, name, shape=(rows,))
    got = result.numpy()
    if np.allclose(got, np.max(scores, axis=1)) and not np.allclose(got, expected):
        fail(tr("{name} returned the largest scores, not their positions", name=name),
             expected=expected, got=result,
             cause=tr("the label is the index of the maximum: torch.max(scores, 1)[1] "
                      "(the indices), not [0] (the values)"))
    expect_tensor(result, name, dtype=torch.int64)
    expect_close(result, expected, name, atol=0, rtol=0)


@check(points=1, course_data=True)
def check_course_max_example(chapter):
    # The course's published example: values [6, 4], indices [2, 0].
    scores = torch.tensor(COURSE_SCORES)
    expect_row_max(chapter.run(scores_probe, "row_max", scores), COURSE_SCORES,
                   "row_max([[1, 5, 6], [4, 3, 2]])", [6.0, 4.0], [2, 0])
    expect_predicted_labels(chapter.run(scores_probe, "predicted_labels", scores),
                            COURSE_SCORES, "predicted_labels([[1, 5, 6], [4, 3, 2]])", [2, 0])


@check(points=2)
def check_row_max(chapter):
    rng = inputs.rng("ch02/row_max scores")
    for scores in (drawn_scores(rng), drawn_scores(rng)):
        name = tr("row_max(a tensor of shape {shape})", shape=shape_text(scores.shape))
        result = chapter.run(scores_probe, "row_max", torch.tensor(scores, dtype=torch.float32))
        expect_row_max(result, scores, name, scores.max(axis=1), scores.argmax(axis=1))


@check(points=2)
def check_predicted_labels(chapter):
    rng = inputs.rng("ch02/predicted_labels scores")
    for scores in (drawn_scores(rng), drawn_scores(rng)):
        name = tr("predicted_labels(a tensor of shape {shape})",
                  shape=shape_text(scores.shape))
        result = chapter.run(scores_probe, "predicted_labels",
                             torch.tensor(scores, dtype=torch.float32))
        expect_predicted_labels(result, scores, name, scores.argmax(axis=1))


def drawn_conversion(stream):
    """A tensor's values, and two changes (index, new value) at different indices; the new
    values lie outside the values' range, so a change is always seen as one."""
    rng = inputs.rng(f"ch02/{stream}")
    shape = tuple(int(n) for n in rng.integers(2, 5, size=int(rng.integers(2, 4))))
    values = quarters(rng, shape)
    i, j = (np.unravel_index(k, shape) for k in rng.choice(values.size, 2, replace=False))
    changes = [([int(k) for k in index], float(new))
               for index, new in zip((i, j), rng.choice(np.arange(20, 60), 2, replace=False))]
    return values, changes


def conversions(chapter, function, stream):
    """(name, values, changes, what the probe saw) for a tensor without and with grad."""
    values, (tensor_change, array_change) = drawn_conversion(stream)
    t = torch.tensor(values, dtype=torch.float32)
    for requires_grad, which in ((False, "t"), (True, tr("t (which requires grad)"))):
        name = f"{function}({which})"
        seen = chapter.run(numpy_conversion, function, t, requires_grad, tensor_change,
                           array_change)
        array = seen["array"]
        if not isinstance(array, np.ndarray):
            fail(tr("{name} should be a NumPy array", name=name), got=describe_type(array),
                 cause=tr(".numpy() turns a tensor into a NumPy array"))
        expect_close(array, values, name, atol=0, rtol=0)
        yield name, values, (tensor_change, array_change), seen


@check(points=2)
def check_numpy_shares_memory(chapter):
    for name, _, (tensor_change, array_change), seen in conversions(
            chapter, "to_numpy_shared", "to_numpy_shared values"):
        if seen["after_tensor_changed"] != tensor_change[1]:
            fail(tr("the array of {name} did not change when an element of the tensor was "
                    "set", name=name),
                 expected=tensor_change[1], got=seen["after_tensor_changed"], cause=IS_A_COPY)
        if seen["tensor_after_array_changed"] != array_change[1]:
            fail(tr("the tensor did not change when an element of the array of {name} was "
                    "set", name=name),
                 expected=array_change[1], got=seen["tensor_after_array_changed"],
                 cause=IS_A_COPY)


@check(points=1)
def check_numpy_copy_is_independent(chapter):
    for name, values, (tensor_change, array_change), seen in conversions(
            chapter, "to_numpy_copy", "to_numpy_copy values"):
        before = values[tuple(tensor_change[0])]
        if seen["after_tensor_changed"] != before:
            fail(tr("the array of {name} changed when an element of the tensor was set",
                    name=name),
                 expected=before, got=seen["after_tensor_changed"], cause=IS_SHARED)
        before = values[tuple(array_change[0])]
        if seen["tensor_after_array_changed"] not in (before, None):
            fail(tr("the tensor changed when an element of the array of {name} was set",
                    name=name),
                 expected=before, got=seen["tensor_after_array_changed"], cause=IS_SHARED)


# ---------------------------------------------------------------- autograd.py


@check(points=1, course_data=True)
def check_course_gradients(chapter):
    # The course's published numbers on x = arange(-2, 2.1, 0.25): 4x, then 8x after a
    # second backward without zeroing; the sigmoid's gradient 0.2500 at 0, 0.1050 at +-2.
    name = "quadratic_grad(np.arange(-2, 2.1, 0.25))"
    got = expect_gradient(chapter.run(gradient, "quadratic_grad", COURSE_X), name, COURSE_X,
                          4 * COURSE_X)
    expect_close(got[[0, 8, 16]], [-8.0, 0.0, 8.0], tr("{name} at x = -2, 0, 2", name=name))
    name = "accumulated_grad(np.arange(-2, 2.1, 0.25))"
    got = expect_gradient(chapter.run(gradient, "accumulated_grad", COURSE_X), name, COURSE_X,
                          8 * COURSE_X, [(4 * COURSE_X, NOT_ACCUMULATED)])
    name = "sigmoid_grad(np.arange(-2, 2.1, 0.25))"
    got = expect_gradient(chapter.run(gradient, "sigmoid_grad", COURSE_X), name, COURSE_X,
                          sigmoid_derivative(COURSE_X))
    expect_close(got[[0, 8, 16]], [0.1050, 0.2500, 0.1050],
                 tr("{name} at x = -2, 0, 2", name=name), atol=1e-4, rtol=0)


@check(points=3)
def check_quadratic_gradient(chapter):
    for x_np in drawn_point_sets("quadratic_grad points"):
        expected = quadratic_derivative(x_np)
        expect_gradient(chapter.run(gradient, "quadratic_grad", x_np),
                        of_points("quadratic_grad", x_np), x_np, expected,
                        [(expected / x_np.size, MEAN_NOT_SUM)])


@check(points=2)
def check_sigmoid_gradient(chapter):
    for x_np in drawn_point_sets("sigmoid_grad points"):
        expected = sigmoid_derivative(x_np)
        expect_gradient(chapter.run(gradient, "sigmoid_grad", x_np),
                        of_points("sigmoid_grad", x_np), x_np, expected,
                        [(expected / x_np.size, MEAN_NOT_SUM), (sigmoid(x_np), SIGMOID_ITSELF)])


@check(points=2)
def check_gradients_accumulate(chapter):
    for x_np in drawn_point_sets("accumulated_grad points"):
        once = quadratic_derivative(x_np)
        expect_gradient(chapter.run(gradient, "accumulated_grad", x_np),
                        of_points("accumulated_grad", x_np), x_np, 2 * once,
                        [(once, NOT_ACCUMULATED), (2 * once / x_np.size, MEAN_NOT_SUM)])


@check(points=2)
def check_gradients_zeroed_between_passes(chapter):
    for x_np in drawn_point_sets("two_gradients points"):
        name = of_points("two_gradients", x_np)
        quadratic, sig = quadratic_derivative(x_np), sigmoid_derivative(x_np)
        first, second = expect_items(chapter.run(gradient, "two_gradients", x_np), 2, name)
        both = tr("{first}; and {second}", first=NOT_ZEROED, second=NOT_COPIED)
        expect_gradient(first, tr("the first gradient (of 2x^2 + 2) of {name}", name=name),
                        x_np, quadratic, [(sig, NOT_COPIED), (quadratic + sig, both)])
        expect_gradient(second, tr("the second gradient (of the sigmoid) of {name}", name=name),
                        x_np, sig, [(quadratic + sig, NOT_ZEROED)])


def shown_name(got):
    """What grad_fn_name returned, for feedback. Text is shown even in course grading, so a
    text other than a name (str(t) holds x's drawn values) goes in a list, a value that is
    withheld there."""
    if isinstance(got, Opaque):  # a graph node itself: its type and address
        return describe_type(got)
    if isinstance(got, str) and not got.isidentifier():
        return [got]
    return got


@check(points=1)
def check_grad_fn_names(chapter):
    # The cases come in a drawn order, on a drawn x: names recorded call by call are wrong.
    g = inputs.generator("ch02/grad_fn cases")
    size = int(torch.randint(2, 7, (), generator=g))
    x, other = torch.randn(size, generator=g), torch.randn(size, generator=g)
    cases = [list(GRAD_FN_CASES)[i] for i in torch.randperm(len(GRAD_FN_CASES), generator=g)]
    for case, got in zip(cases, chapter.run(grad_fn_names, x, other, cases)):
        expected = GRAD_FN_CASES[case][1]
        if got != expected:
            cause = None
            if isinstance(got, str) and expected and expected in got:
                cause = tr("return the name only: type(t.grad_fn).__name__ or "
                           "t.grad_fn.name()")
            elif expected is None:
                cause = tr("a leaf tensor, or one that does not require grad, has grad_fn None")
            fail(tr("grad_fn_name({case}) is not the expected name", case=case_text(case)),
                 expected=expected, got=shown_name(got), cause=cause)


@check(points=3)
def check_find_leaves(chapter):
    # The probe reports the tensors by drawn tags: only the graph's own tensors, found in
    # this run, carry them. The check knows which roles are leaves and names them by role.
    graphs, tags = drawn_graphs()
    for (graph_name, what, expected), graph in zip(LEAF_GRAPHS,
                                                   chapter.run(leaves_found, graphs, tags)):
        name = f"find_leaves({what})"
        if "error" in graph:
            fail(graph["error"],
                 cause=tr("an entry of next_functions is (None, 0) for an input that needs no "
                          "gradient (X, Y): skip None nodes"))
        if "not_a_collection" in graph:
            fail(tr("{name} should return a list or set of tensors", name=name),
                 got=describe_type(graph["not_a_collection"]))
        not_tensors = [item for tag, item in graph["found"]
                       if tag is None and not isinstance(item, torch.Tensor)]
        if not_tensors:
            fail(tr("{name} should contain the leaf tensors themselves", name=name),
                 got=describe_type(not_tensors[0]),
                 cause=tr("an AccumulateGrad node's .variable is the leaf tensor"))
        role_of = {tag: role for role, tag in tags[graph_name].items()}
        got = [role_of.get(tag, tr("a tensor of another graph")) if tag else describe_type(item)
               for tag, item in graph["found"]]  # a tag not drawn here: a replayed answer
        # As text, shown even in course grading: the roles are the same for every secret.
        listed = {"expected": ", ".join(expected), "got": ", ".join(got) or tr("nothing")}
        missing = [role for role in expected if role not in got]
        if missing:
            fail(tr("{name} misses {missing}", name=name, missing=", ".join(missing)), **listed,
                 cause=tr("walk the whole graph: from output.grad_fn through next_functions, "
                          "node after node (recursively or with a stack), down to the "
                          "AccumulateGrad nodes, whose .variable is the leaf"))
        if any(role not in expected for role in got):
            fail(tr("{name} returned tensors that are not leaves of the graph", name=name),
                 **listed,
                 cause=tr("return only the .variable of AccumulateGrad nodes: tensors that "
                          "need no gradient, or are detached, have no node in the graph"))
        if len(got) != len(set(got)):
            fail(tr("{name} lists a leaf more than once", name=name), **listed,
                 cause=tr("a leaf reached along several paths of the graph must be returned "
                          "once: remember the nodes (or leaves) you have already visited"))
