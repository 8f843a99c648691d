"""Checks for chapter 4: prediction functions built from layer functions.

Oracles: the layer sizes and the parameter count (101,770) are the course's; the grader counts
parameters itself with sum(p.numel()). A model's forward pass is compared with the grader's
own F.linear -> relu -> F.linear computed from the model's Linear weights, and a missing
activation is found with a linearity test: f(a) + f(b) - f(0) == f(a + b) holds for every
composition of linear layers and fails once a ReLU sits between them. Batches are compared
with NumPy's reshape of the images; the collapsed layer with the two layers it replaces.

Probes (grader.learner) build the learner's models and call its functions; they bring back
plain facts: the Linear layers' sizes, weights and biases, the parameter count, the outputs
on the grader's inputs (or the error raised inside torch). The checks judge those facts.
"""

import builtins

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from grader.check import check, describe_type, expect_close, expect_tensor, fail
from grader.diagnose import likely_cause
from grader.loader import learner_location

N_INPUT, N_HIDDEN, N_OUTPUT = 784, 128, 10
SIZES = ((N_INPUT, N_HIDDEN), (N_HIDDEN, N_OUTPUT))
PARAMETERS = 101_770
NET, SEQUENTIAL = "TwoLayerNet", "build_sequential"

MISSING_ACTIVATION = ("an activation (ReLU) between the layers is missing; without it two "
                      "Linear layers collapse into one, and the model stays a linear function")
UNREGISTERED = ("no registered nn.Linear layer: keep each layer as an attribute of the module "
                "(self.l1 = nn.Linear(...)) or an element of nn.Sequential, not in a plain list "
                "or a local variable")
BATCH_FIRST = ("the batch dimension must come first: row i must be image i, so reshape to "
               "[N, 784] (images.reshape(len(images), -1)), not to [784, N] and not with .T")


# Probes: they run beside the learner's code and return what they saw (grader.learner).

def error_facts(error):
    return {"type": type(error).__name__, "message": str(error),
            "kinds": [kind.__name__ for kind in type(error).__mro__]}


def forward(code, model, x):
    """{"value": model(x)} without gradients, or {"error": ...} for an error raised inside
    torch; an error raised in the learner's own code propagates (it names file and line)."""
    try:
        with torch.no_grad():
            return {"value": model(x.clone())}
    except Exception as error:
        if learner_location(error, code.path):
            raise
        return {"error": error_facts(error)}


def model_facts(code, which, inputs=None):
    """The model that code.layers.<which>() builds: its kind, Linear layers, parameter count
    and its outputs on `inputs` (a dict of name: batch)."""
    model = getattr(code.layers, which)()
    facts = {"module": isinstance(model, nn.Module), "sequential": isinstance(model, nn.Sequential),
             "value": model, "linears": [], "param_count": None, "outputs": {}}
    if not facts["module"]:
        return facts
    facts["linears"] = [{"name": name, "in": m.in_features, "out": m.out_features,
                         "weight": m.weight, "bias": m.bias}
                        for name, m in model.named_modules() if isinstance(m, nn.Linear)]
    facts["param_count"] = sum(p.numel() for p in model.parameters())
    facts["outputs"] = {key: forward(code, model, x) for key, x in (inputs or {}).items()}
    return facts


COUNTED_MODELS = [
    ("Linear(784, 128), ReLU, Linear(128, 10)",
     lambda: nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10)), PARAMETERS, 4),
    ("Linear(3, 2)", lambda: nn.Linear(3, 2), 8, 2),
    ("Linear(5, 4, bias=False), Linear(4, 1)",
     lambda: nn.Sequential(nn.Linear(5, 4, bias=False), nn.Linear(4, 1)), 25, 3),
]


def counted(code, case):
    """count_parameters of the grader's model number `case` of COUNTED_MODELS."""
    return code.layers.count_parameters(COUNTED_MODELS[case][1]())


def batch_of(code, pictures):
    return code.layers.make_batch(pictures.copy())


def collapse(code, n_in, n_hidden, n_out, x=None):
    """collapse_linear of two fresh layers: the layers before and after, the new layer's
    sizes, weight and bias, and its output on x; or the shape error it raised."""
    l1, l2 = nn.Linear(n_in, n_hidden), nn.Linear(n_hidden, n_out)
    before = [p.detach().clone() for p in (*l1.parameters(), *l2.parameters())]
    try:
        layer = code.layers.collapse_linear(l1, l2)
    except RuntimeError as error:
        if "cannot be multiplied" not in str(error):
            raise
        return {"error": error_facts(error) | {"where": learner_location(error, code.path)}}
    facts = {"before": before, "after": [*l1.parameters(), *l2.parameters()],
             "linear": isinstance(layer, nn.Linear), "value": layer}
    if facts["linear"]:
        facts |= {"in": layer.in_features, "out": layer.out_features,
                  "weight": layer.weight, "bias": layer.bias}
        if x is not None:
            facts["output"] = forward(code, layer, x)
    return facts


# The judges: plain data only from here on.

def cause_of(error) -> str | None:
    """grader.diagnose's likely cause of an error brought back as facts."""
    for kind in error["kinds"]:
        cls = getattr(builtins, kind, None)
        if isinstance(cls, type) and issubclass(cls, BaseException):
            try:
                return likely_cause(cls(error["message"]))
            except Exception:
                return None
    return None


def random_batches(*shapes):
    generator = torch.Generator().manual_seed(0)
    return [torch.randn(*shape, generator=generator) for shape in shapes]


def shown(layer) -> str:
    return f"Linear({layer['in']}, {layer['out']})"


def output(result, name, x):
    """The value of a forward() result; an error raised inside torch is explained."""
    if "error" in result:
        error = result["error"]
        fail(f"{name} raised {error['type']} on an input of shape {list(x.shape)}: "
             f"{error['message']}", cause=cause_of(error))
    return result["value"]


def expect_module(facts, name, sequential=False, cause=None):
    if not facts["sequential" if sequential else "module"]:
        kind = "Sequential" if sequential else "Module"
        fail(f"{name} should be an nn.{kind}", got=describe_type(facts["value"]), cause=cause)
    return facts


def model(chapter, which, inputs=None):
    return expect_module(chapter.run(model_facts, which, inputs), f"{which}()")


def linear_layers(facts) -> list[dict]:
    """The model's Linear layers, the one the input goes into first."""
    layers = facts["linears"]
    if len(layers) == 2:
        a, b = layers  # registration order need not be the order of use
        if ((b["in"] == N_INPUT) > (a["in"] == N_INPUT)
                or (b["out"] == a["in"] and a["out"] != b["in"])):
            layers = [b, a]
    return layers


def size_causes(role, layer, n_in, n_out):
    causes = []
    if role == "first" and layer["in"] != n_in:
        causes.append("in_features of the first layer is the number of values in one input "
                      f"row: 28 x 28 = {N_INPUT} pixels")
    if role == "first" and layer["out"] != n_out:
        causes.append(f"out_features of the first layer is the hidden size, {N_HIDDEN}")
    if role == "second" and layer["in"] != n_in:
        causes.append(f"in_features of the second layer takes the first layer's {N_HIDDEN} "
                      "hidden values")
    if role == "second" and layer["out"] != n_out:
        causes.append(f"out_features of the second layer is the number of outputs: "
                      f"{N_OUTPUT}, one score per digit")
    return "; ".join(causes)


def two_linear_layers(facts, name):
    layers = linear_layers(facts)
    if len(layers) != 2:
        fail(f"{name} should hold exactly two nn.Linear layers",
             expected=f"Linear({N_INPUT}, {N_HIDDEN}) and Linear({N_HIDDEN}, {N_OUTPUT})",
             got=", ".join(map(shown, layers)) or "no nn.Linear layer",
             cause=("create each of the two layers once, so that the model registers it"
                    if layers else f"found {UNREGISTERED}"))
    return layers


def expect_layer_sizes(facts, name):
    layers = two_linear_layers(facts, name)
    for role, layer, (n_in, n_out) in zip(("first", "second"), layers, SIZES):
        if (layer["in"], layer["out"]) != (n_in, n_out):
            fail(f"the {role} Linear layer of {name} has the wrong sizes",
                 expected=f"Linear({n_in}, {n_out})", got=shown(layer),
                 cause=size_causes(role, layer, n_in, n_out))


def expect_output_shape(chapter, which):
    name = f"{which}()"
    batches = dict(zip(("100", "3"), random_batches((100, N_INPUT), (3, N_INPUT))))
    facts = model(chapter, which, batches)
    for key, x in batches.items():
        n = len(x)
        out = output(facts["outputs"][key], name, x)
        expect_tensor(out, f"{name} on a [{n}, {N_INPUT}] batch")
        if tuple(out.shape) != (n, N_OUTPUT):
            if out.ndim == 2 and out.shape[0] == n:
                cause = (f"out_features of the last layer is the number of outputs: {N_OUTPUT}, "
                         "one score per digit")
            else:
                cause = ("the output keeps the batch dimension first: one row of "
                         f"{N_OUTPUT} scores per input row (do not transpose or reshape it)")
            fail(f"the output of {name} on a [{n}, {N_INPUT}] batch has the wrong shape",
                 expected=[n, N_OUTPUT], got=list(out.shape), cause=cause)


def expect_parameter_count(facts, name):
    got = facts["param_count"]
    if got == PARAMETERS:
        return
    layers = linear_layers(facts)
    cause = (f"Linear({N_INPUT}, {N_HIDDEN}) and Linear({N_HIDDEN}, {N_OUTPUT}) hold "
             f"{N_INPUT}*{N_HIDDEN} + {N_HIDDEN} + {N_HIDDEN}*{N_OUTPUT} + {N_OUTPUT} = "
             f"{PARAMETERS:,} values; {name} holds "
             + (" and ".join(map(shown, layers)) or UNREGISTERED))
    if any(layer["bias"] is None for layer in layers):
        cause = "a Linear layer has no bias: keep the default bias=True; " + cause
    fail(f"{name} has the wrong number of parameters (counted with sum(p.numel()))",
         expected=PARAMETERS, got=got, cause=cause)


def expect_forward(chapter, which):
    name = f"{which}()"
    l1, _ = two_linear_layers(model(chapter, which), name)
    x, = random_batches((100, l1["in"]))
    facts = model(chapter, which, {"x": x})
    l1, l2 = two_linear_layers(facts, name)  # the layers of the model that computed got
    got = output(facts["outputs"]["x"], name, x)
    with torch.no_grad():
        hidden = F.linear(x, l1["weight"], l1["bias"])
        expected = F.linear(F.relu(hidden), l2["weight"], l2["bias"])
        known = [
            (F.linear(hidden, l2["weight"], l2["bias"]), MISSING_ACTIVATION),
            (F.relu(expected), "a ReLU is also applied to the output: the last Linear "
                               "layer's outputs are the model's outputs, as they are"),
            (F.relu(F.linear(hidden, l2["weight"], l2["bias"])),
             "the ReLU comes after the second layer: put it between the two Linear layers"),
        ]
    expect_tensor(got, f"{name}(x)", shape=tuple(expected.shape))
    cause = next((c for value, c in known if value.shape == got.shape
                  and torch.allclose(got, value, atol=1e-5, rtol=1e-4)),
                 "the forward pass is l2(relu(l1(x))): the first Linear layer, ReLU, the "
                 "second Linear layer, each applied once, in that order")
    expect_close(got, expected, f"{name}(x) compared with l2(relu(l1(x))) computed from its "
                 "own layers", atol=1e-5, cause=cause)


def expect_nonlinear(chapter, which):
    name = f"{which}()"
    layers = linear_layers(model(chapter, which))  # feed what the first layer takes: sizes
    width = layers[0]["in"] if layers else N_INPUT  # are checked apart
    a, b = random_batches((100, width), (100, width))
    inputs = {"a": a, "b": b, "a + b": a + b, "0": torch.zeros(100, width)}
    facts = model(chapter, which, inputs)
    fa, fb, fab, f0 = (output(facts["outputs"][key], name, x) for key, x in inputs.items())
    for value in (fa, fb, fab, f0):
        expect_tensor(value, f"{name}(x)")
    if torch.allclose(fa + fb - f0, fab, atol=1e-4, rtol=1e-4):
        fail(f"{name} is a linear function of its input",
             expected="f(a) + f(b) - f(0) != f(a + b) for random batches a and b",
             got="f(a) + f(b) - f(0) == f(a + b)", cause=MISSING_ACTIVATION)


@check(points=2)
def check_net_layer_sizes(chapter):
    expect_layer_sizes(model(chapter, NET), "TwoLayerNet()")


@check(points=1)
def check_net_output_shape(chapter):
    expect_output_shape(chapter, NET)


@check(points=1)
def check_net_parameter_count(chapter):
    expect_parameter_count(model(chapter, NET), "TwoLayerNet()")


@check(points=2)
def check_net_forward(chapter):
    expect_forward(chapter, NET)


@check(points=2)
def check_net_has_activation(chapter):
    expect_nonlinear(chapter, NET)


@check(points=2)
def check_sequential_layers(chapter):
    facts = chapter.run(model_facts, SEQUENTIAL)
    expect_module(facts, "build_sequential()", sequential=True,
                  cause="compose the layers with nn.Sequential(layer, layer, ...)")
    expect_layer_sizes(facts, "build_sequential()")


@check(points=1)
def check_sequential_output_shape(chapter):
    expect_output_shape(chapter, SEQUENTIAL)


@check(points=1)
def check_sequential_parameter_count(chapter):
    expect_parameter_count(model(chapter, SEQUENTIAL), "build_sequential()")


@check(points=2)
def check_sequential_forward(chapter):
    expect_forward(chapter, SEQUENTIAL)


@check(points=1)
def check_sequential_has_activation(chapter):
    expect_nonlinear(chapter, SEQUENTIAL)


@check(points=1)
def check_count_parameters(chapter):
    for case, (description, _, expected, tensors) in enumerate(COUNTED_MODELS):
        got = chapter.run(counted, case)
        if isinstance(got, torch.Tensor) and got.numel() == 1:
            got = got.item()
        if isinstance(got, bool) or not isinstance(got, int):
            fail(f"count_parameters({description}) should return an int",
                 got=describe_type(got), cause="add up the p.numel() of every parameter")
        if got != expected:
            cause = "add up p.numel() (the number of elements) of every parameter tensor"
            if got == tensors:
                cause = ("that is the number of parameter tensors (a weight and a bias per "
                         "layer): " + cause)
            fail(f"count_parameters({description}) is wrong", expected=expected, got=got,
                 cause=cause)


def images(n, dtype):
    rng = np.random.default_rng(n)
    if dtype == np.uint8:
        return rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
    return rng.random((n, 28, 28))


def expect_batch(chapter, pictures):
    n = len(pictures)
    batch = chapter.run(batch_of, pictures)
    name = f"make_batch of {n} images of shape {list(pictures.shape)} ({pictures.dtype})"
    expect_tensor(batch, name)
    if tuple(batch.shape) != (n, N_INPUT):
        if tuple(batch.shape) == (N_INPUT, n):
            cause = BATCH_FIRST
        elif tuple(batch.shape) == tuple(pictures.shape):
            cause = "flatten each image to a row of 784 values: reshape to [N, 784]"
        else:
            cause = "keep one row of 784 values per image: reshape to [N, 784]"
        fail(f"{name} has the wrong shape", expected=[n, N_INPUT], got=list(batch.shape),
             cause=cause)
    if batch.dtype != torch.float32:
        fail(f"{name} has the wrong dtype", expected=torch.float32, got=batch.dtype,
             cause="the layers compute in float32: convert with .float() or "
                   "dtype=torch.float32 (images may be uint8 or float64)")
    return batch


@check(points=2)
def check_batch_shape(chapter):
    for pictures in (images(100, np.uint8), images(3, np.float64)):
        expect_batch(chapter, pictures)


@check(points=2)
def check_batch_values(chapter):
    for pictures in (images(100, np.uint8), images(3, np.float64)):
        batch = expect_batch(chapter, pictures)
        n = len(pictures)
        expected = pictures.reshape(n, N_INPUT).astype(np.float32)
        known = [
            (pictures.reshape(N_INPUT, n).T, "pixels of different images were mixed: "
             "reshape(784, -1) followed by .T puts values of several images in one row; "
             "reshape directly to [N, 784]: images.reshape(len(images), -1)"),
            (pictures.transpose(0, 2, 1).reshape(n, N_INPUT),
             "each image was flattened column by column: flatten it row after row "
             "(reshape keeps the row order; do not transpose the image)"),
            (expected / 255, "the pixel values were scaled: keep them as they are"),
        ]
        got = batch.numpy()
        cause = next((c for value, c in known
                      if np.allclose(got, value, atol=1e-4, rtol=1e-4)),
                     "row i of the batch is image i flattened: images.reshape(N, 784)")
        expect_close(got, expected, f"the values of make_batch of {n} images", cause=cause)


def collapsed(chapter, n_in, n_hidden, n_out, x=None):
    facts = chapter.run(collapse, n_in, n_hidden, n_out, x)
    if "error" in facts:
        error = facts["error"]
        fail(f"collapse_linear(Linear({n_in}, {n_hidden}), Linear({n_hidden}, {n_out})) "
             f"raised {error['type']}: {error['message']}"
             + (f"\n  at {error['where']}" if error["where"] else ""),
             cause="the weights were multiplied in the wrong order (or transposed): l1 acts "
                   "first, so the combined weight is W2 @ W1, [out2, h] @ [h, in1] -> "
                   "[out2, in1]")
    if not facts["linear"]:
        fail("collapse_linear(l1, l2) should be an nn.Linear", got=describe_type(facts["value"]),
             cause="build a new nn.Linear(l1.in_features, l2.out_features) and set its "
                   "weight and bias")
    return facts


@check(points=1)
def check_collapse_shape(chapter):
    layer = collapsed(chapter, N_INPUT, N_HIDDEN, N_OUTPUT)
    expected = f"Linear({N_INPUT}, {N_OUTPUT})"
    if (layer["in"], layer["out"]) != (N_INPUT, N_OUTPUT):
        fail("collapse_linear(Linear(784, 128), Linear(128, 10)) has the wrong sizes",
             expected=expected, got=shown(layer),
             cause="the combined layer takes l1's inputs and gives l2's outputs: "
                   "nn.Linear(l1.in_features, l2.out_features)")
    expect_tensor(layer["weight"], "its weight", shape=(N_OUTPUT, N_INPUT))
    expect_tensor(layer["bias"], "its bias", shape=(N_OUTPUT,))


def same(got, compute):
    """Whether `got` is a tensor equal to compute(); False where that cannot be computed."""
    try:
        expected = compute()
    except RuntimeError:  # sizes that do not fit together
        return False
    return (isinstance(got, torch.Tensor) and got.shape == expected.shape
            and torch.allclose(got, expected, atol=1e-5, rtol=1e-4))


@check(points=3)
def check_collapse_matches_stack(chapter):
    # the square case first: there multiplying in the wrong order runs, and shows as such
    for n_in, n_hidden, n_out in ((6, 6, 6), (N_INPUT, N_HIDDEN, N_OUTPUT)):
        x, = random_batches((20, n_in))
        layer = collapsed(chapter, n_in, n_hidden, n_out, x)
        W1, b1, W2, b2 = layer["before"]
        if len(layer["after"]) != 4 or not all(
                isinstance(p, torch.Tensor) and p.shape == original.shape
                and torch.equal(p, original)
                for p, original in zip(layer["after"], layer["before"])):
            fail("collapse_linear changed the layers it was given",
                 cause="leave l1 and l2 as they are: build a new nn.Linear and set "
                       "its weight and bias")
        expected = F.linear(F.linear(x, W1, b1), W2, b2)
        got = output(layer["output"], "the layer from collapse_linear", x)
        expect_tensor(got, "the collapsed layer's output", shape=tuple(expected.shape))
        weight, bias = layer["weight"], layer["bias"]
        cause = "weight = W2 @ W1 and bias = W2 @ b1 + b2 (W1, b1 of l1; W2, b2 of l2)"
        if same(weight, lambda: W1 @ W2) and not same(weight, lambda: W2 @ W1):
            cause = ("the weights were multiplied in the wrong order: l1 acts first, so the "
                     "combined weight is W2 @ W1")
        elif same(weight, lambda: W2 @ W1) and (same(bias, lambda: b2)
                                                 or same(bias, lambda: b1 + b2)):
            cause = ("the first layer's bias also passes through the second layer: "
                     "bias = W2 @ b1 + b2")
        expect_close(got, expected, f"collapse_linear(Linear({n_in}, {n_hidden}), "
                     f"Linear({n_hidden}, {n_out})) compared with l2(l1(x))",
                     atol=1e-5, cause=cause)
