"""Checks for chapter 2: PyTorch basics (tensors and autograd).

Oracles: the published numbers of CURRICULUM.md (x = arange(-2, 2.1, 0.25): the gradient of
2x^2 + 2 is 4x, 8x after a second backward without zeroing; the sigmoid's gradient is 0.2500
at 0 and 0.1050 at +-2; torch.max([[1, 5, 6], [4, 3, 2]], 1) is values [6, 4], indices
[2, 0]) and closed forms computed here in float64 with NumPy (4x, s(1 - s), sums, argmax).
When a gradient is wrong, the check compares it with the results of the known mistakes
(gradients never zeroed, the first gradient not copied, mean instead of sum) and names the
one that matches.

What only the learner's objects can show (whether an array shares memory with its tensor,
which tensors find_leaves returned, what type total returned) is observed by the probes,
next to the learner's code, and comes back as plain data (grader.learner).
"""

import numpy as np
import torch

from grader.check import check, describe_type, expect_close, expect_items, expect_tensor, fail
from grader.diagnose import explain_learner_error
from grader.learner import Opaque

X_NP = np.arange(-2, 2.1, 0.25)  # the course's 17 points
SCORES = [[1.0, 5.0, 6.0], [4.0, 3.0, 2.0]]

FLOAT64 = ("NumPy arrays are float64: convert with .float() (or dtype=torch.float32) when "
           "you make the tensor")
INT64 = "integer data gives an int64 tensor: convert with .float() when you make the tensor"
LEAF_FLOAT64 = ("x_np is a float64 NumPy array, so x and its gradient are float64: make the "
                "leaf with torch.tensor(x_np, dtype=torch.float32, requires_grad=True)")
NOT_A_LEAF = ("x.grad is None when x is not the leaf that requires grad: "
              "torch.tensor(x_np, requires_grad=True).float() makes a new, non-leaf tensor; "
              "pass dtype=torch.float32 to torch.tensor instead (or call .requires_grad_() "
              "after .float())")
NOT_ZEROED = "gradients accumulate in .grad: call x.grad.zero_() between backward passes"
NOT_COPIED = ("x.grad.zero_() and the next backward() change the tensor x.grad in place, so "
              "the first gradient you kept changed with it: keep a copy, x.grad.clone() (or "
              "set x.grad = None instead of zeroing)")
MEAN_NOT_SUM = ("that is the gradient divided by the number of points: scalarise y with "
                "sum(), not mean(), so that x.grad is the derivative at every point")
IS_A_COPY = ("the array is a copy: t.numpy() shares the tensor's memory (on a tensor that "
             "requires grad: t.detach().numpy() or t.data.numpy()); do not copy it")
IS_SHARED = "the array shares memory with the tensor: copy it, t.detach().numpy().copy()"


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def quadratic_derivative(x):
    return 4.0 * x


def sigmoid_derivative(x):
    return sigmoid(x) * (1.0 - sigmoid(x))


def expect_float32(value, name, shape):
    tensor = expect_tensor(value, name, shape=shape)
    if tensor.dtype != torch.float32:
        cause = None
        if tensor.dtype == torch.float64:
            cause = FLOAT64
        elif not tensor.dtype.is_floating_point:
            cause = INT64
        fail(f"{name} has the wrong dtype", expected=torch.float32, got=tensor.dtype,
             cause=cause)
    return tensor


def expect_gradient(grad, name, x_np, expected, mistakes=()):
    """Check `grad` against `expected`, naming the first (signature, cause) that matches."""
    if grad is None:
        fail(f"{name} is None, not a gradient", cause=NOT_A_LEAF)
    grad = expect_tensor(grad, name, shape=np.shape(x_np))
    if grad.dtype != torch.float32:
        fail(f"{name} has the wrong dtype", expected=torch.float32, got=grad.dtype,
             cause=LEAF_FLOAT64 if grad.dtype == torch.float64 else None)
    got = grad.numpy().astype(float)
    if not np.allclose(got, expected, rtol=1e-4, atol=1e-5):
        cause = next((c for signature, c in mistakes
                      if np.allclose(got, signature, rtol=1e-4, atol=1e-5)), None)
        expect_close(got, expected, name, rtol=1e-4, atol=1e-5, cause=cause)
    return got


# Probes: they run beside the learner's code and return what they saw (grader.learner).

def float_tensor(code, data):
    return code.tensors.to_float_tensor(data)


def labels(code, values):
    return code.tensors.to_labels(torch.tensor(values))


def reshaped(code, function, shape):
    return getattr(code.tensors, function)(torch.arange(float(np.prod(shape))).view(shape))


def total_of(code, values):
    result = code.tensors.total(torch.tensor(values, dtype=torch.float32))
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
    return getattr(code.tensors, function)(torch.tensor(scores, dtype=torch.float32))


def numpy_conversion(code, function, requires_grad):
    """What the array of to_numpy_shared / to_numpy_copy does when either side changes."""
    t = torch.tensor(SCORES, requires_grad=requires_grad)
    array = getattr(code.tensors, function)(t)
    seen = {"array": array, "after_tensor_changed": None, "tensor_after_array_changed": None}
    if isinstance(array, np.ndarray) and array.shape == (2, 3):
        seen["array"] = array.copy()
        with torch.no_grad():
            t[0, 0] = 100.0
        seen["after_tensor_changed"] = float(array[0, 0])
        if array.flags.writeable:
            array[1, 1] = -7.0
            seen["tensor_after_array_changed"] = t[1, 1].item()
    return seen


def gradient(code, function, x_np):
    return getattr(code.autograd, function)(x_np)


def grad_fn_names(code):
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    tensors = [x, torch.tensor([1.0, 2.0]), x.sum(), 2 * x, x ** 2, torch.sigmoid(x)]
    return [code.autograd.grad_fn_name(t) for t in tensors]


GRAD_FN_CASES = [("x (a leaf)", None), ("a tensor that does not require grad", None),
                 ("x.sum()", "SumBackward0"), ("2 * x", "MulBackward0"),
                 ("x ** 2", "PowBackward0"), ("torch.sigmoid(x)", "SigmoidBackward0")]


def leaf_graphs():
    """(description, output, {name: leaf}, {name: tensor that is not a leaf of it})."""
    W = torch.tensor(1.0, requires_grad=True)
    B = torch.tensor(1.0, requires_grad=True)
    X = torch.tensor([-5.0, 5.0, 0.0, 2.0, -2.0])
    Y = torch.tensor([-6.7, 10.3, -3.3, 5.0, -5.3])
    loss = ((W * X + B - Y) ** 2).mean()
    yield ("loss = ((W * X + B - Y) ** 2).mean()", loss, {"W": W, "B": B}, {"X": X, "Y": Y})

    x = torch.tensor(X_NP, dtype=torch.float32, requires_grad=True)
    yield "z = (2 * x**2 + 2).sum()", (2 * x ** 2 + 2).sum(), {"x": x}, {}

    g = torch.Generator().manual_seed(0)
    W1 = torch.randn(3, 4, generator=g, requires_grad=True)
    b1 = torch.zeros(4, requires_grad=True)
    W2 = torch.randn(4, 1, generator=g, requires_grad=True)
    V = torch.ones(1, requires_grad=True)       # used only through V.detach()
    U = torch.ones(1, requires_grad=True)       # not used at all
    X = torch.randn(5, 3, generator=g)
    h = torch.tanh(X @ W1 + b1)
    out = ((h @ W2) * V.detach()).sum() + (W1 ** 2).sum() + h.mean()
    yield ("out of a small two-layer network (W1 used twice, V detached)", out,
           {"W1": W1, "b1": b1, "W2": W2}, {"V": V, "U": U, "X": X})


def leaves_found(code):
    """Per graph: the names of the leaves expected and of the tensors find_leaves returned."""
    seen = []
    for what, output, leaves, others in leaf_graphs():
        names = {id(t): name for name, t in (others | leaves).items()}
        graph = {"graph": what, "expected": sorted(leaves)}
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
            graph["not_a_collection"] = describe_type(found)
            break
        graph["got"] = [names.get(id(t), describe_type(t)) for t in found]
        graph["not_tensors"] = [describe_type(t) for t in found
                                if not isinstance(t, torch.Tensor)]
        graph["repeated"] = len({id(t) for t in found}) != len(found)
        graph["missing"] = [name for name, t in leaves.items()
                            if not any(t is f for f in found)]
        graph["extra"] = [names.get(id(t), describe_type(t)) for t in found
                          if isinstance(t, torch.Tensor)
                          and not any(t is leaf for leaf in leaves.values())]
    return seen


# ---------------------------------------------------------------- tensors.py


@check(points=2)
def check_float_tensors_of_every_rank(chapter):
    rank3 = (np.arange(12, dtype=float).reshape(3, 2, 2) / 4 - 1).tolist()
    cases = [(1.0, "to_float_tensor(1.0) (rank 0)"),
             ([1, 2, 3, 4, 5], "to_float_tensor([1, 2, 3, 4, 5]) (rank 1)"),
             ([[1, 5, 6], [4, 3, 2]], "to_float_tensor([[1, 5, 6], [4, 3, 2]]) (rank 2)"),
             (rank3, "to_float_tensor(a nested list of shape [3, 2, 2]) (rank 3)")]
    for data, name in cases:
        t = expect_float32(chapter.run(float_tensor, data), name, shape=np.shape(data))
        expect_close(t, data, name, atol=0, rtol=1e-6)


@check(points=1)
def check_numpy_float64_becomes_float32(chapter):
    rng = np.random.default_rng(123)
    cases = [(rng.normal(size=(3, 2, 2)), "a float64 array of shape [3, 2, 2]"),
             (np.array([0.1, 2.5, -3.75]), "a float64 array of shape [3]"),
             (np.array(2.5), "a float64 array of rank 0"),
             (np.array([[1, 5, 6], [4, 3, 2]]), "an int64 array of shape [2, 3]")]
    for data, what in cases:
        name = f"to_float_tensor({what})"
        t = expect_float32(chapter.run(float_tensor, data), name, shape=data.shape)
        expect_close(t, data.astype(np.float32), name, atol=0, rtol=1e-6)


@check(points=1)
def check_integer_labels(chapter):
    name = "to_labels(torch.tensor([0., 2., 1., 1.]))"
    result = chapter.run(labels, [0.0, 2.0, 1.0, 1.0])
    expect_tensor(result, name, shape=(4,), dtype=torch.int64)
    expect_close(result, [0, 2, 1, 1], name, atol=0, rtol=0)


@check(points=2)
def check_view_with_minus_one(chapter):
    for shape in [(3, 2, 2), (2, 3, 4), (4, 3), (2, 1, 3, 2)]:
        n = int(np.prod(shape))
        expected = np.arange(float(n)).reshape(shape[0], -1)
        name = f"rows(a tensor of shape {list(shape)})"
        result = expect_tensor(chapter.run(reshaped, "rows", shape), name)
        if tuple(result.shape) != expected.shape:
            cause = None
            if tuple(result.shape) == expected.shape[::-1]:
                cause = "the first dimension must stay first: view(t.shape[0], -1)"
            elif result.dim() == 2 and result.shape[0] != shape[0]:
                cause = ("keep the first dimension as it is: take it from t.shape[0] "
                         "instead of writing a fixed number")
            fail(f"{name} has the wrong shape", expected=list(expected.shape),
                 got=list(result.shape), cause=cause)
        expect_close(result, expected, name, atol=0, rtol=0,
                     cause="reshape with view, without reordering the elements")
        name = f"flatten(a tensor of shape {list(shape)})"
        result = expect_tensor(chapter.run(reshaped, "flatten", shape), name, shape=(n,))
        expect_close(result, np.arange(float(n)), name, atol=0, rtol=0,
                     cause="reshape with view(-1), without reordering the elements")


@check(points=2)
def check_total_is_a_python_float(chapter):
    cases = [(2.5, 2.5, "a scalar tensor"),
             ([1.0, 2.0, 3.0, 4.0, 5.0], 15.0, "a tensor of shape [5]"),
             ((np.arange(12.0).reshape(3, 2, 2) / 2).tolist(), 33.0,
              "a tensor of shape [3, 2, 2]")]
    for values, expected, what in cases:
        name = f"total({what})"
        value, kind = chapter.run(total_of, values)
        if kind != "float":
            cause = None
            if kind == "tensor":
                cause = ("that is still a tensor: .item() turns a one-element tensor into a "
                         "Python number")
            elif kind == "numpy":
                cause = "that is a NumPy number: use .item() on the tensor (or float(...))"
            fail(f"{name} should be a Python float", got=describe_type(value), cause=cause)
        expect_close(value, expected, name, rtol=1e-6, atol=0,
                     cause="add up all the elements, whatever the shape")


@check(points=2)
def check_row_max(chapter):
    rng = np.random.default_rng(2)
    for scores in [np.array(SCORES), rng.permutation(20).reshape(5, 4) - 7.5]:
        name = f"row_max({scores.tolist()})" if scores.size <= 6 else "row_max(a [5, 4] tensor)"
        values, indices = expect_items(
            chapter.run(scores_probe, "row_max", scores), 2, name,
            cause="torch.max(scores, 1) returns both values and indices; torch.max(scores) "
                  "without a dimension returns one number")
        rows = scores.shape[0]
        for part, got in (("values", values), ("indices", indices)):
            expect_tensor(got, f"the {part} of {name}")
            if got.dim() == 1 and got.shape[0] == scores.shape[1] != rows:
                fail(f"{name} gives {part} with one entry per column, not one per row",
                     expected=[rows], got=list(got.shape),
                     cause="dim 0 takes the maximum down each column: use dim=1 for each row")
            expect_tensor(got, f"the {part} of {name}", shape=(rows,))
        expect_close(values, scores.max(axis=1), f"the values of {name}", atol=0, rtol=0)
        expect_tensor(indices, f"the indices of {name}", dtype=torch.int64)
        expect_close(indices, scores.argmax(axis=1), f"the indices of {name}", atol=0, rtol=0)


@check(points=2)
def check_predicted_labels(chapter):
    rng = np.random.default_rng(3)
    for scores in [np.array(SCORES), rng.permutation(30).reshape(10, 3) / 3 - 4]:
        name = (f"predicted_labels({scores.tolist()})" if scores.size <= 6
                else "predicted_labels(a [10, 3] tensor)")
        result = expect_tensor(chapter.run(scores_probe, "predicted_labels", scores), name)
        rows = scores.shape[0]
        if result.dim() == 1 and result.shape[0] == scores.shape[1] != rows:
            fail(f"{name} gives one label per column, not one per row", expected=[rows],
                 got=list(result.shape),
                 cause="dim 0 runs down each column: take the maximum along dim=1")
        expect_tensor(result, name, shape=(rows,))
        got = result.numpy()
        if (np.allclose(got, scores.max(axis=1))
                and not np.allclose(got, scores.argmax(axis=1))):
            fail(f"{name} returned the largest scores, not their positions",
                 expected=scores.argmax(axis=1), got=result,
                 cause="the label is the index of the maximum: torch.max(scores, 1)[1] "
                       "(the indices), not [0] (the values)")
        expect_tensor(result, name, dtype=torch.int64)
        expect_close(result, scores.argmax(axis=1), name, atol=0, rtol=0)


def expect_ndarray(seen, name):
    array = seen["array"]
    if not isinstance(array, np.ndarray):
        fail(f"{name} should be a NumPy array", got=describe_type(array),
             cause=".numpy() turns a tensor into a NumPy array")
    expect_close(array, SCORES, name, atol=0, rtol=0)


@check(points=2)
def check_numpy_shares_memory(chapter):
    for requires_grad, t in ((False, "t"), (True, "t (which requires grad)")):
        seen = chapter.run(numpy_conversion, "to_numpy_shared", requires_grad)
        expect_ndarray(seen, f"to_numpy_shared({t})")
        if seen["after_tensor_changed"] != 100.0:
            fail(f"the array of to_numpy_shared({t}) did not change when the tensor changed",
                 expected="array[0, 0] == 100 after t[0, 0] = 100",
                 got=seen["after_tensor_changed"], cause=IS_A_COPY)
        if seen["tensor_after_array_changed"] != -7.0:
            fail(f"the tensor did not change when the array of to_numpy_shared({t}) changed",
                 expected="t[1, 1] == -7 after array[1, 1] = -7",
                 got=seen["tensor_after_array_changed"], cause=IS_A_COPY)


@check(points=1)
def check_numpy_copy_is_independent(chapter):
    for requires_grad, t in ((False, "t"), (True, "t (which requires grad)")):
        seen = chapter.run(numpy_conversion, "to_numpy_copy", requires_grad)
        expect_ndarray(seen, f"to_numpy_copy({t})")
        if seen["after_tensor_changed"] != SCORES[0][0]:
            fail(f"the array of to_numpy_copy({t}) changed when the tensor changed",
                 expected="array[0, 0] == 1 after t[0, 0] = 100",
                 got=seen["after_tensor_changed"], cause=IS_SHARED)
        if seen["tensor_after_array_changed"] not in (SCORES[1][1], None):
            fail(f"the tensor changed when the array of to_numpy_copy({t}) changed",
                 expected="t[1, 1] == 3 after array[1, 1] = -7",
                 got=seen["tensor_after_array_changed"], cause=IS_SHARED)


# ---------------------------------------------------------------- autograd.py


@check(points=3)
def check_quadratic_gradient(chapter):
    name = "quadratic_grad(np.arange(-2, 2.1, 0.25))"
    expected = quadratic_derivative(X_NP)
    got = expect_gradient(chapter.run(gradient, "quadratic_grad", X_NP), name, X_NP,
                          expected, [(expected / X_NP.size, MEAN_NOT_SUM)])
    expect_close(got[[0, 8, 16]], [-8.0, 0.0, 8.0], f"{name} at x = -2, 0, 2")
    other = np.array([[0.5, -1.0, 3.0], [0.0, -0.25, 1.5]])
    expected = quadratic_derivative(other)
    expect_gradient(chapter.run(gradient, "quadratic_grad", other),
                    "quadratic_grad([[0.5, -1, 3], [0, -0.25, 1.5]])", other, expected,
                    [(expected / other.size, MEAN_NOT_SUM)])


@check(points=2)
def check_sigmoid_gradient(chapter):
    name = "sigmoid_grad(np.arange(-2, 2.1, 0.25))"
    expected = sigmoid_derivative(X_NP)
    got = expect_gradient(chapter.run(gradient, "sigmoid_grad", X_NP), name, X_NP, expected,
                          [(expected / X_NP.size, MEAN_NOT_SUM),
                           (sigmoid(X_NP), "that is the sigmoid itself: return x.grad, "
                                           "not y")])
    expect_close(got[[0, 8, 16]], [0.1050, 0.2500, 0.1050], f"{name} at x = -2, 0, 2",
                 atol=1e-4, rtol=0)


@check(points=2)
def check_gradients_accumulate(chapter):
    name = "accumulated_grad(np.arange(-2, 2.1, 0.25))"
    once = quadratic_derivative(X_NP)
    expect_gradient(chapter.run(gradient, "accumulated_grad", X_NP), name, X_NP, 2 * once, [
        (once, "x.grad holds one gradient only: two backward passes without zeroing add up "
               "to 8x; do not zero x.grad or make a new leaf between them"),
        (2 * once / X_NP.size, MEAN_NOT_SUM)])


@check(points=2)
def check_gradients_zeroed_between_passes(chapter):
    name = "two_gradients(np.arange(-2, 2.1, 0.25))"
    quadratic, sig = quadratic_derivative(X_NP), sigmoid_derivative(X_NP)
    first, second = expect_items(chapter.run(gradient, "two_gradients", X_NP), 2, name)
    expect_gradient(first, f"the first gradient (of 2x^2 + 2) of {name}", X_NP, quadratic, [
        (sig, NOT_COPIED),
        (quadratic + sig, NOT_ZEROED + "; and " + NOT_COPIED)])
    expect_gradient(second, f"the second gradient (of the sigmoid) of {name}", X_NP, sig, [
        (quadratic + sig, NOT_ZEROED)])


@check(points=1)
def check_grad_fn_names(chapter):
    for (what, expected), got in zip(GRAD_FN_CASES, chapter.run(grad_fn_names)):
        if got != expected:
            cause = None
            if isinstance(got, str) and expected and expected in got:
                cause = "return the name only: type(t.grad_fn).__name__ or t.grad_fn.name()"
            elif expected is None:
                cause = "a leaf tensor, or one that does not require grad, has grad_fn None"
            fail(f"grad_fn_name({what}) is not the expected name", expected=expected,
                 got=describe_type(got) if isinstance(got, Opaque) else got, cause=cause)


@check(points=3)
def check_find_leaves(chapter):
    for graph in chapter.run(leaves_found):
        name = f"find_leaves({graph['graph']})"
        if "error" in graph:
            fail(graph["error"],
                 cause="an entry of next_functions is (None, 0) for an input that needs no "
                       "gradient (X, Y): skip None nodes")
        if "not_a_collection" in graph:
            fail(f"{name} should return a list or set of tensors",
                 got=graph["not_a_collection"])
        expected, got = graph["expected"], graph["got"]
        if graph["not_tensors"]:
            fail(f"{name} should contain the leaf tensors themselves",
                 got=graph["not_tensors"][0],
                 cause="an AccumulateGrad node's .variable is the leaf tensor")
        if graph["missing"]:
            fail(f"{name} misses {', '.join(graph['missing'])}", expected=expected, got=got,
                 cause="walk the whole graph: from output.grad_fn through next_functions, "
                       "node after node (recursively or with a stack), down to the "
                       "AccumulateGrad nodes, whose .variable is the leaf")
        if graph["extra"]:
            fail(f"{name} returned tensors that are not leaves of the graph",
                 expected=expected, got=got,
                 cause="return only the .variable of AccumulateGrad nodes: tensors that need "
                       "no gradient, or are detached, have no node in the graph")
        if graph["repeated"]:
            fail(f"{name} lists a leaf more than once", expected=expected, got=got,
                 cause="a leaf reached along several paths of the graph must be returned "
                       "once: remember the nodes (or leaves) you have already visited")
