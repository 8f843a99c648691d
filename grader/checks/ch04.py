"""Checks for chapter 4: prediction functions built from layer functions.

Oracles: the layer sizes and the parameter count (101,770) are the course's; the grader counts
parameters itself with sum(p.numel()). A model's forward pass is compared with the grader's
own F.linear -> relu -> F.linear computed from the model's Linear weights, and a missing
activation is found with a linearity test: f(a) + f(b) - f(0) == f(a + b) holds for every
composition of linear layers and fails once a ReLU sits between them. Batches are compared
with NumPy's reshape of the images; the collapsed layer with the two layers it replaces.
"""

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

MISSING_ACTIVATION = ("an activation (ReLU) between the layers is missing; without it two "
                      "Linear layers collapse into one, and the model stays a linear function")
UNREGISTERED = ("no registered nn.Linear layer: keep each layer as an attribute of the module "
                "(self.l1 = nn.Linear(...)) or an element of nn.Sequential, not in a plain list "
                "or a local variable")
BATCH_FIRST = ("the batch dimension must come first: row i must be image i, so reshape to "
               "[N, 784] (images.reshape(len(images), -1)), not to [784, N] and not with .T")


def shown(layer: nn.Linear) -> str:
    return f"Linear({layer.in_features}, {layer.out_features})"


def run(chapter, model, x, name):
    """model(x) without gradients; an error raised inside torch is explained, not dumped."""
    try:
        with torch.no_grad():
            return model(x.clone())
    except Exception as error:
        if learner_location(error, chapter.path):
            raise  # the plugin names the learner's file and line
        fail(f"{name} raised {type(error).__name__} on an input of shape {list(x.shape)}: "
             f"{error}", cause=likely_cause(error))


def expect_module(model, name, kind=nn.Module, cause=None):
    if not isinstance(model, kind):
        fail(f"{name} should be an nn.{kind.__name__}", got=describe_type(model), cause=cause)
    return model


def make_net(chapter):
    return expect_module(chapter.layers.TwoLayerNet(), "TwoLayerNet()")


def make_sequential(chapter):
    return expect_module(chapter.layers.build_sequential(), "build_sequential()")


def linear_layers(model) -> list[nn.Linear]:
    """The model's Linear layers, the one the input goes into first."""
    layers = [m for m in model.modules() if isinstance(m, nn.Linear)]
    if len(layers) == 2:
        a, b = layers  # registration order need not be the order of use
        if ((b.in_features == N_INPUT) > (a.in_features == N_INPUT)
                or (b.out_features == a.in_features and a.out_features != b.in_features)):
            layers = [b, a]
    return layers


def size_causes(role, layer, n_in, n_out):
    causes = []
    if role == "first" and layer.in_features != n_in:
        causes.append("in_features of the first layer is the number of values in one input "
                      f"row: 28 x 28 = {N_INPUT} pixels")
    if role == "first" and layer.out_features != n_out:
        causes.append(f"out_features of the first layer is the hidden size, {N_HIDDEN}")
    if role == "second" and layer.in_features != n_in:
        causes.append(f"in_features of the second layer takes the first layer's {N_HIDDEN} "
                      "hidden values")
    if role == "second" and layer.out_features != n_out:
        causes.append(f"out_features of the second layer is the number of outputs: "
                      f"{N_OUTPUT}, one score per digit")
    return "; ".join(causes)


def two_linear_layers(model, name):
    layers = linear_layers(model)
    if len(layers) != 2:
        fail(f"{name} should hold exactly two nn.Linear layers",
             expected=f"Linear({N_INPUT}, {N_HIDDEN}) and Linear({N_HIDDEN}, {N_OUTPUT})",
             got=", ".join(map(shown, layers)) or "no nn.Linear layer",
             cause=("create each of the two layers once, so that the model registers it"
                    if layers else f"found {UNREGISTERED}"))
    return layers


def expect_layer_sizes(model, name):
    layers = two_linear_layers(model, name)
    for role, layer, (n_in, n_out) in zip(("first", "second"), layers, SIZES):
        if (layer.in_features, layer.out_features) != (n_in, n_out):
            fail(f"the {role} Linear layer of {name} has the wrong sizes",
                 expected=f"Linear({n_in}, {n_out})", got=shown(layer),
                 cause=size_causes(role, layer, n_in, n_out))


def expect_output_shape(chapter, model, name):
    for n in (100, 3):
        out = run(chapter, model, torch.randn(n, N_INPUT), name)
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


def expect_parameter_count(model, name):
    got = sum(p.numel() for p in model.parameters())
    if got == PARAMETERS:
        return
    layers = linear_layers(model)
    cause = (f"Linear({N_INPUT}, {N_HIDDEN}) and Linear({N_HIDDEN}, {N_OUTPUT}) hold "
             f"{N_INPUT}*{N_HIDDEN} + {N_HIDDEN} + {N_HIDDEN}*{N_OUTPUT} + {N_OUTPUT} = "
             f"{PARAMETERS:,} values; {name} holds "
             + (" and ".join(map(shown, layers)) or UNREGISTERED))
    if any(layer.bias is None for layer in layers):
        cause = "a Linear layer has no bias: keep the default bias=True; " + cause
    fail(f"{name} has the wrong number of parameters (counted with sum(p.numel()))",
         expected=PARAMETERS, got=got, cause=cause)


def expect_forward(chapter, model, name):
    l1, l2 = two_linear_layers(model, name)
    x = torch.randn(100, l1.in_features)
    got = run(chapter, model, x, name)
    with torch.no_grad():
        hidden = F.linear(x, l1.weight, l1.bias)
        expected = F.linear(F.relu(hidden), l2.weight, l2.bias)
        known = [
            (F.linear(hidden, l2.weight, l2.bias), MISSING_ACTIVATION),
            (F.relu(expected), "a ReLU is also applied to the output: the last Linear "
                               "layer's outputs are the model's outputs, as they are"),
            (F.relu(F.linear(hidden, l2.weight, l2.bias)),
             "the ReLU comes after the second layer: put it between the two Linear layers"),
        ]
    expect_tensor(got, f"{name}(x)", shape=tuple(expected.shape))
    got = got.detach()
    cause = next((c for value, c in known if value.shape == got.shape
                  and torch.allclose(got, value, atol=1e-5, rtol=1e-4)),
                 "the forward pass is l2(relu(l1(x))): the first Linear layer, ReLU, the "
                 "second Linear layer, each applied once, in that order")
    expect_close(got, expected, f"{name}(x) compared with l2(relu(l1(x))) computed from its "
                 "own layers", atol=1e-5, cause=cause)


def expect_nonlinear(chapter, model, name):
    layers = linear_layers(model)  # feed what the first layer takes: sizes are checked apart
    width = layers[0].in_features if layers else N_INPUT
    a, b = torch.randn(100, width), torch.randn(100, width)
    fa, fb, fab, f0 = (run(chapter, model, x, name)
                       for x in (a, b, a + b, torch.zeros(100, width)))
    for value in (fa, fb, fab, f0):
        expect_tensor(value, f"{name}(x)")
    if torch.allclose(fa + fb - f0, fab, atol=1e-4, rtol=1e-4):
        fail(f"{name} is a linear function of its input",
             expected="f(a) + f(b) - f(0) != f(a + b) for random batches a and b",
             got="f(a) + f(b) - f(0) == f(a + b)", cause=MISSING_ACTIVATION)


@check(points=2)
def check_net_layer_sizes(chapter):
    expect_layer_sizes(make_net(chapter), "TwoLayerNet()")


@check(points=1)
def check_net_output_shape(chapter):
    expect_output_shape(chapter, make_net(chapter), "TwoLayerNet()")


@check(points=1)
def check_net_parameter_count(chapter):
    expect_parameter_count(make_net(chapter), "TwoLayerNet()")


@check(points=2)
def check_net_forward(chapter):
    expect_forward(chapter, make_net(chapter), "TwoLayerNet()")


@check(points=2)
def check_net_has_activation(chapter):
    expect_nonlinear(chapter, make_net(chapter), "TwoLayerNet()")


@check(points=2)
def check_sequential_layers(chapter):
    model = chapter.layers.build_sequential()
    expect_module(model, "build_sequential()", nn.Sequential,
                  cause="compose the layers with nn.Sequential(layer, layer, ...)")
    expect_layer_sizes(model, "build_sequential()")


@check(points=1)
def check_sequential_output_shape(chapter):
    expect_output_shape(chapter, make_sequential(chapter), "build_sequential()")


@check(points=1)
def check_sequential_parameter_count(chapter):
    expect_parameter_count(make_sequential(chapter), "build_sequential()")


@check(points=2)
def check_sequential_forward(chapter):
    expect_forward(chapter, make_sequential(chapter), "build_sequential()")


@check(points=1)
def check_sequential_has_activation(chapter):
    expect_nonlinear(chapter, make_sequential(chapter), "build_sequential()")


@check(points=1)
def check_count_parameters(chapter):
    cases = [
        ("Linear(784, 128), ReLU, Linear(128, 10)",
         nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10)), PARAMETERS),
        ("Linear(3, 2)", nn.Linear(3, 2), 8),
        ("Linear(5, 4, bias=False), Linear(4, 1)",
         nn.Sequential(nn.Linear(5, 4, bias=False), nn.Linear(4, 1)), 25),
    ]
    for description, model, expected in cases:
        got = chapter.layers.count_parameters(model)
        if isinstance(got, torch.Tensor) and got.numel() == 1:
            got = got.item()
        if isinstance(got, bool) or not isinstance(got, (int, np.integer)):
            fail(f"count_parameters({description}) should return an int",
                 got=describe_type(got), cause="add up the p.numel() of every parameter")
        if got != expected:
            tensors = len(list(model.parameters()))
            cause = "add up p.numel() (the number of elements) of every parameter tensor"
            if got == tensors:
                cause = ("that is the number of parameter tensors (a weight and a bias per "
                         "layer): " + cause)
            fail(f"count_parameters({description}) is wrong", expected=expected, got=int(got),
                 cause=cause)


def images(n, dtype):
    rng = np.random.default_rng(n)
    if dtype == np.uint8:
        return rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
    return rng.random((n, 28, 28))


def expect_batch(chapter, pictures):
    n = len(pictures)
    batch = chapter.layers.make_batch(pictures.copy())
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
        batch = expect_batch(chapter, pictures).detach()
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
        got = batch.cpu().numpy()
        cause = next((c for value, c in known
                      if np.allclose(got, value, atol=1e-4, rtol=1e-4)),
                     "row i of the batch is image i flattened: images.reshape(N, 784)")
        expect_close(got, expected, f"the values of make_batch of {n} images", cause=cause)


def collapsed(chapter, l1, l2):
    try:
        layer = chapter.layers.collapse_linear(l1, l2)
    except RuntimeError as error:
        if "cannot be multiplied" not in str(error):
            raise
        where = learner_location(error, chapter.path)
        fail(f"collapse_linear({shown(l1)}, {shown(l2)}) raised RuntimeError: {error}"
             + (f"\n  at {where}" if where else ""),
             cause="the weights were multiplied in the wrong order (or transposed): l1 acts "
                   "first, so the combined weight is W2 @ W1, [out2, h] @ [h, in1] -> "
                   "[out2, in1]")
    expect_module(layer, "collapse_linear(l1, l2)", nn.Linear,
                  cause="build a new nn.Linear(l1.in_features, l2.out_features) and set its "
                        "weight and bias")
    return layer


@check(points=1)
def check_collapse_shape(chapter):
    layer = collapsed(chapter, nn.Linear(N_INPUT, N_HIDDEN), nn.Linear(N_HIDDEN, N_OUTPUT))
    expected = f"Linear({N_INPUT}, {N_OUTPUT})"
    if (layer.in_features, layer.out_features) != (N_INPUT, N_OUTPUT):
        fail("collapse_linear(Linear(784, 128), Linear(128, 10)) has the wrong sizes",
             expected=expected, got=shown(layer),
             cause="the combined layer takes l1's inputs and gives l2's outputs: "
                   "nn.Linear(l1.in_features, l2.out_features)")
    expect_tensor(layer.weight, "its weight", shape=(N_OUTPUT, N_INPUT))
    expect_tensor(layer.bias, "its bias", shape=(N_OUTPUT,))


def same(got, compute):
    """Whether `got` is a tensor equal to compute(); False where that cannot be computed."""
    try:
        expected = compute()
    except RuntimeError:  # sizes that do not fit together
        return False
    return (isinstance(got, torch.Tensor) and got.shape == expected.shape
            and torch.allclose(got.detach(), expected, atol=1e-5, rtol=1e-4))


@check(points=3)
def check_collapse_matches_stack(chapter):
    # the square case first: there multiplying in the wrong order runs, and shows as such
    for n_in, n_hidden, n_out in ((6, 6, 6), (N_INPUT, N_HIDDEN, N_OUTPUT)):
        l1, l2 = nn.Linear(n_in, n_hidden), nn.Linear(n_hidden, n_out)
        before = [p.detach().clone() for p in (*l1.parameters(), *l2.parameters())]
        x = torch.randn(20, n_in)
        with torch.no_grad():
            expected = l2(l1(x))
            W1, b1, W2, b2 = before
        layer = collapsed(chapter, l1, l2)
        for p, original in zip((*l1.parameters(), *l2.parameters()), before):
            if not torch.equal(p.detach(), original):
                fail("collapse_linear changed the layers it was given",
                     cause="leave l1 and l2 as they are: build a new nn.Linear and set "
                           "its weight and bias")
        got = run(chapter, layer, x, "the layer from collapse_linear")
        expect_tensor(got, "the collapsed layer's output", shape=tuple(expected.shape))
        weight, bias = layer.weight, layer.bias
        cause = "weight = W2 @ W1 and bias = W2 @ b1 + b2 (W1, b1 of l1; W2, b2 of l2)"
        if same(weight, lambda: W1 @ W2) and not same(weight, lambda: W2 @ W1):
            cause = ("the weights were multiplied in the wrong order: l1 acts first, so the "
                     "combined weight is W2 @ W1")
        elif same(weight, lambda: W2 @ W1) and (same(bias, lambda: b2)
                                                 or same(bias, lambda: b1 + b2)):
            cause = ("the first layer's bias also passes through the second layer: "
                     "bias = W2 @ b1 + b2")
        expect_close(got.detach(), expected, f"collapse_linear(Linear({n_in}, {n_hidden}), "
                     f"Linear({n_hidden}, {n_out})) compared with l2(l1(x))",
                     atol=1e-5, cause=cause)
