"""Checks for chapter 4: prediction functions built from layer functions.

Every input fed to the learner's code is drawn from grader.inputs (public in a learner's run,
secret in course grading): the batches given to the models, the models whose parameters
count_parameters counts, the images make_batch lays out, and the layers collapse_linear
merges. Oracles are computed from what was drawn: a model's forward pass is compared with
the grader's own l2(relu(l1(x))) in float64 from the model's own Linear weights (its
initialisation follows the random state, which is secret-keyed too), a missing activation is
found with a linearity test, f(a) + f(b) - f(0) == f(a + b), which holds for every composition
of linear layers and fails once a ReLU sits between them, batches are compared with NumPy's
reshape of the images, and the collapsed layer with the two layers it replaces.

Only the course's fixed architecture is checked on course data alone (course_data=True): the
layer sizes 784-128-10 and the parameter count 101,770, counted by the grader with
sum(p.numel()).

Probes (grader.learner) build the learner's models and call its functions; they bring back
plain facts: the Linear layers' sizes, weights and biases, the parameter count, the outputs
on the grader's inputs (or the error raised inside torch). The checks judge those facts.
"""

import builtins

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from grader import inputs
from grader.check import (check, describe_type, expect_close, expect_tensor, fail,
                          learner_text, shape_text)
from grader.diagnose import likely_cause
from grader.i18n import tr
from grader.loader import learner_location

N_INPUT, N_HIDDEN, N_OUTPUT = 784, 128, 10
SIZES = ((N_INPUT, N_HIDDEN), (N_HIDDEN, N_OUTPUT))
PARAMETERS = 101_770
NET, SEQUENTIAL = "TwoLayerNet", "build_sequential"
BATCH = 100  # the course's batch: [100, 784] -> [100, 10]

MISSING_ACTIVATION = tr("an activation (ReLU) between the layers is missing; without it two "
                        "Linear layers collapse into one, and the model stays a linear function")
UNREGISTERED = tr("no registered nn.Linear layer: keep each layer as an attribute of the module "
                  "(self.l1 = nn.Linear(...)) or an element of nn.Sequential, not in a plain "
                  "list or a local variable")
BATCH_FIRST = tr("the batch dimension must come first: row i must be image i, so reshape to "
                 "[N, 784] (images.reshape(len(images), -1)), not to [784, N] and not with .T")
KEEP_BATCH = tr("the output keeps the batch dimension first: one row of {count} scores per "
                "input row (do not transpose, reshape or squeeze it)", count=N_OUTPUT)
ROWS_FOLLOW_INPUT = tr("row i of the output must be computed from row i of the input x, "
                       "whatever the other rows: apply the layers to the batch x as it is given")


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


def linear_facts(model):
    """Each nn.Linear of `model`: its name, sizes, weight, bias (and their .grad)."""
    return [{"name": name, "in": m.in_features, "out": m.out_features,
             "weight": m.weight, "bias": m.bias, "weight grad": m.weight.grad,
             "bias grad": None if m.bias is None else m.bias.grad}
            for name, m in model.named_modules() if isinstance(m, nn.Linear)]


def model_facts(code, which, batches=None):
    """The model that code.layers.<which>() builds: its kind, Linear layers, parameter count
    and its outputs on `batches` (a dict of name: batch)."""
    model = getattr(code.layers, which)()
    facts = {"module": isinstance(model, nn.Module), "sequential": isinstance(model, nn.Sequential),
             "value": model, "linears": [], "param_count": None, "outputs": {}}
    if not facts["module"]:
        return facts
    facts["linears"] = linear_facts(model)
    facts["param_count"] = sum(p.numel() for p in model.parameters())
    facts["outputs"] = {key: forward(code, model, x) for key, x in (batches or {}).items()}
    return facts


def counted(code, layers):
    """count_parameters of the grader's model made of `layers`: (in, out, bias) stands for
    an nn.Linear, None for an nn.ReLU; several layers are put in an nn.Sequential."""
    modules = [nn.ReLU() if layer is None else nn.Linear(layer[0], layer[1], bias=layer[2])
               for layer in layers]
    return code.layers.count_parameters(modules[0] if len(modules) == 1
                                        else nn.Sequential(*modules))


def batch_of(code, pictures):
    return code.layers.make_batch(pictures.copy())


def linear_with(weight, bias):
    layer = nn.Linear(weight.shape[1], weight.shape[0])
    with torch.no_grad():
        layer.weight.copy_(weight)
        layer.bias.copy_(bias)
    return layer


def collapse(code, W1, b1, W2, b2, x=None):
    """collapse_linear of two layers with the given weights and biases: the layers' parameters
    afterwards, the new layer's sizes, weight and bias, and its output on x; or the shape
    error it raised."""
    l1, l2 = linear_with(W1, b1), linear_with(W2, b2)
    try:
        layer = code.layers.collapse_linear(l1, l2)
    except RuntimeError as error:
        if "cannot be multiplied" not in str(error):  # i18n: internal (torch's message)
            raise
        return {"error": error_facts(error) | {"where": learner_location(error, code.path)}}
    facts = {"after": [*l1.parameters(), *l2.parameters()],
             "linear": isinstance(layer, nn.Linear), "value": layer}
    if facts["linear"]:
        facts |= {"in": layer.in_features, "out": layer.out_features,
                  "weight": layer.weight, "bias": layer.bias}
        if x is not None:
            facts["output"] = forward(code, layer, x)
    return facts


# The judges: plain data only from here on.

def drawn(stream: str) -> torch.Generator:
    """The generator of this chapter's input stream `stream` (grader.inputs)."""
    return inputs.generator(f"ch04/{stream}")


def randint(low: int, high: int, g: torch.Generator) -> int:
    """A size drawn from low..high, both included."""
    return int(torch.randint(low, high + 1, (), generator=g))


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


def shown(layer) -> str:
    return f"Linear({layer['in']}, {layer['out']})"


def listed(items) -> str:
    """"a and b and c" in the learner's language; "" for no items."""
    text = ""
    for item in items:
        text = tr("{first} and {second}", first=text, second=item) if text else item
    return text


def clauses(parts) -> str:
    """"a; b; c": sentences of one cause, in the learner's language."""
    text = ""
    for part in parts:
        text = tr("{first}; {second}", first=text, second=part) if text else part
    return text


def output(result, name, x):
    """The value of a forward() result; an error raised inside torch is explained."""
    if "error" in result:
        error = result["error"]
        fail(tr("{name} raised {error} on an input of shape {shape}: {message}", name=name,
                error=error["type"], shape=shape_text(x.shape),
                message=learner_text(error["message"])), cause=cause_of(error))
    return result["value"]


def expect_module(facts, name, sequential=False, cause=None):
    if not facts["sequential" if sequential else "module"]:
        kind = "Sequential" if sequential else "Module"
        fail(tr("{name} should be an nn.{kind}", name=name, kind=kind),
             got=describe_type(facts["value"]), cause=cause)
    return facts


def model(chapter, which, batches=None):
    return expect_module(chapter.run(model_facts, which, batches), f"{which}()")


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
        causes.append(tr("in_features of the first layer is the number of values in one input "
                         "row: 28 x 28 = {count} pixels", count=N_INPUT))
    if role == "first" and layer["out"] != n_out:
        causes.append(tr("out_features of the first layer is the hidden size, {count}",
                         count=N_HIDDEN))
    if role == "second" and layer["in"] != n_in:
        causes.append(tr("in_features of the second layer takes the first layer's {count} "
                         "hidden values", count=N_HIDDEN))
    if role == "second" and layer["out"] != n_out:
        causes.append(tr("out_features of the second layer is the number of outputs: "
                         "{count}, one score per digit", count=N_OUTPUT))
    return clauses(causes)


def two_linear_layers(facts, name):
    layers = linear_layers(facts)
    if len(layers) != 2:
        fail(tr("{name} should hold exactly two nn.Linear layers", name=name),
             expected=listed([f"Linear({N_INPUT}, {N_HIDDEN})", f"Linear({N_HIDDEN}, {N_OUTPUT})"]),
             got=", ".join(map(shown, layers)) or tr("no nn.Linear layer"),
             cause=(tr("create each of the two layers once, so that the model registers it")
                    if layers else tr("found {problem}", problem=UNREGISTERED)))
    return layers


def expect_layer_sizes(facts, name):
    layers = two_linear_layers(facts, name)
    for role, layer, (n_in, n_out) in zip(("first", "second"), layers, SIZES):
        if (layer["in"], layer["out"]) != (n_in, n_out):
            what = (tr("the first Linear layer of {name} has the wrong sizes", name=name)
                    if role == "first" else
                    tr("the second Linear layer of {name} has the wrong sizes", name=name))
            fail(what, expected=f"Linear({n_in}, {n_out})", got=shown(layer),
                 cause=size_causes(role, layer, n_in, n_out))


def expect_scores(out, name, x, n_out=N_OUTPUT):
    """`out` should be a tensor with one row of n_out scores per row of the batch x."""
    expect_tensor(out, name)
    n = len(x)
    if tuple(out.shape) != (n, n_out):
        if out.ndim == 2 and out.shape[0] == n:
            cause = tr("out_features of the last layer is the number of outputs: {count}, "
                       "one score per digit", count=N_OUTPUT)
        else:
            cause = KEEP_BATCH
        fail(tr("{name} has the wrong shape", name=name), expected=shape_text((n, n_out)),
             got=shape_text(out.shape), cause=cause)


def expect_output_shape(chapter, which):
    name = f"{which}()"
    # a large and a small batch of drawn sizes: any N rows must give [N, 10]
    g = drawn(f"{which} output shape")
    batches = {"large": torch.randn(randint(50, 200, g), N_INPUT, generator=g),
               "small": torch.randn(randint(2, 9, g), N_INPUT, generator=g)}
    facts = model(chapter, which, batches)
    for key, x in batches.items():
        out = output(facts["outputs"][key], name, x)
        expect_scores(out, tr("the output of {name} on a batch of shape {shape}", name=name,
                              shape=shape_text(x.shape)), x)


def expect_parameter_count(facts, name):
    got = facts["param_count"]
    if got == PARAMETERS:
        return
    layers = linear_layers(facts)
    held = (tr("{name} holds {layers}", name=name, layers=listed(map(shown, layers)))
            if layers else tr("{name} holds {problem}", name=name, problem=UNREGISTERED))
    cause = clauses([tr("Linear({n_input}, {n_hidden}) and Linear({n_hidden}, {n_output}) hold "
                        "{n_input}*{n_hidden} + {n_hidden} + {n_hidden}*{n_output} + "
                        "{n_output} = {total} values", n_input=N_INPUT, n_hidden=N_HIDDEN,
                        n_output=N_OUTPUT, total=f"{PARAMETERS:,}"), held])
    if any(layer["bias"] is None for layer in layers):
        cause = tr("a Linear layer has no bias: keep the default bias=True; {cause}",
                   cause=cause)
    fail(tr("{name} has the wrong number of parameters (counted with sum(p.numel()))",
            name=name),
         expected=f"{PARAMETERS:,}", got=f"{got:,}", cause=cause)  # course data: shown


def forward_oracle(x, l1, l2):
    """l2(relu(l1(x))) in float64 from the model's own layers, and what the known mistakes
    compute instead, each with its cause."""
    def linear(h, layer):
        bias = None if layer["bias"] is None else layer["bias"].double()
        return F.linear(h, layer["weight"].double(), bias)

    hidden = linear(x.double(), l1)
    expected = linear(F.relu(hidden), l2)
    known = [
        (linear(hidden, l2), MISSING_ACTIVATION),
        (F.relu(expected), tr("a ReLU is also applied to the output: the last Linear layer's "
                              "outputs are the model's outputs, as they are")),
        (F.relu(linear(hidden, l2)),
         tr("the ReLU comes after the second layer: put it between the two Linear layers")),
    ]
    return expected, known


def expect_forward(chapter, which, rows=BATCH, stream="forward"):
    """The model's output on `rows` drawn rows is l2(relu(l1(x))) of its own layers."""
    name = f"{which}()"
    l1, _ = two_linear_layers(model(chapter, which), name)  # x must fit the first layer:
    x = torch.randn(rows, l1["in"], generator=drawn(f"{which} {stream}"))  # sizes are apart
    facts = model(chapter, which, {"x": x})
    l1, l2 = two_linear_layers(facts, name)  # the layers of the model that computed got
    got = output(facts["outputs"]["x"], name, x)
    expected, known = forward_oracle(x, l1, l2)
    expect_scores(got, f"{name}(x)", x, l2["out"])
    cause = next((c for value, c in known
                  if torch.allclose(got.double(), value, atol=1e-5, rtol=1e-4)),
                 tr("the forward pass is l2(relu(l1(x))): the first Linear layer, ReLU, the "
                    "second Linear layer, each applied once, in that order"))
    expect_close(got, expected, tr("{name}(x) compared with l2(relu(l1(x))) computed from its "
                                   "own layers", name=name), atol=1e-5, cause=cause)


def expect_nonlinear(chapter, which):
    name = f"{which}()"
    layers = linear_layers(model(chapter, which))  # feed what the first layer takes: sizes
    width = layers[0]["in"] if layers else N_INPUT  # are checked apart
    g = drawn(f"{which} nonlinear")
    a, b = torch.randn(BATCH, width, generator=g), torch.randn(BATCH, width, generator=g)
    order = torch.randperm(BATCH, generator=g)
    batches = {"a": a, "b": b, "a + b": a + b, "0": torch.zeros(BATCH, width),
               "a reordered": a[order]}
    facts = model(chapter, which, batches)
    fa, fb, fab, f0, fa_reordered = (output(facts["outputs"][key], name, x)
                                     for key, x in batches.items())
    expect_tensor(fa, f"{name}(x)")
    for value in (fb, fab, f0, fa_reordered):
        expect_tensor(value, f"{name}(x)", shape=tuple(fa.shape))
    # the outputs must be those of these very inputs: the rows of a in a drawn order give
    # the rows of f(a) in that order (outputs kept from another run do not)
    if not torch.allclose(fa_reordered, fa[order], atol=1e-5, rtol=1e-4):
        fail(tr("{name} gave other outputs for the same input rows in another order",
                name=name), cause=ROWS_FOLLOW_INPUT)
    if torch.allclose(fa + fb - f0, fab, atol=1e-4, rtol=1e-4):
        fail(tr("{name} is a linear function of its input", name=name),
             expected=tr("f(a) + f(b) - f(0) != f(a + b) for random batches a and b"),
             got="f(a) + f(b) - f(0) == f(a + b)", cause=MISSING_ACTIVATION)


@check(points=1, course_data=True)
def check_net_layer_sizes(chapter):
    expect_layer_sizes(model(chapter, NET), "TwoLayerNet()")


@check(points=1)
def check_net_output_shape(chapter):
    expect_output_shape(chapter, NET)


@check(points=1, course_data=True)
def check_net_parameter_count(chapter):
    expect_parameter_count(model(chapter, NET), "TwoLayerNet()")


@check(points=2)
def check_net_forward(chapter):
    expect_forward(chapter, NET)


@check(points=2)
def check_net_has_activation(chapter):
    expect_nonlinear(chapter, NET)


@check(points=1, course_data=True)
def check_sequential_layers(chapter):
    facts = chapter.run(model_facts, SEQUENTIAL)
    expect_module(facts, "build_sequential()", sequential=True,
                  cause=tr("compose the layers with nn.Sequential(layer, layer, ...)"))
    expect_layer_sizes(facts, "build_sequential()")


@check(points=1)
def check_sequential_output_shape(chapter):
    expect_output_shape(chapter, SEQUENTIAL)


@check(points=1, course_data=True)
def check_sequential_parameter_count(chapter):
    expect_parameter_count(model(chapter, SEQUENTIAL), "build_sequential()")


@check(points=2)
def check_sequential_forward(chapter):
    expect_forward(chapter, SEQUENTIAL)


@check(points=2)
def check_sequential_has_activation(chapter):
    expect_nonlinear(chapter, SEQUENTIAL)


def counted_models():
    """(description, layers) of the models count_parameters counts: the course's and two of
    drawn sizes, described without their sizes (secret in course grading)."""
    g = drawn("count_parameters")
    a, b, h, c = (randint(2, 64, g) for _ in range(4))  # >= 2: more values than tensors
    return [(tr("the course's model Linear({n_input}, {n_hidden}), ReLU, "
                "Linear({n_hidden}, {n_output})", n_input=N_INPUT, n_hidden=N_HIDDEN,
                n_output=N_OUTPUT),
             [(N_INPUT, N_HIDDEN, True), None, (N_HIDDEN, N_OUTPUT, True)]),
            (tr("one nn.Linear layer"), [(a, b, True)]),
            (tr("nn.Sequential(Linear without bias, ReLU, Linear)"),
             [(a, h, False), None, (h, c, True)])]


@check(points=2)
def check_count_parameters(chapter):
    for description, layers in counted_models():
        linears = [layer for layer in layers if layer is not None]
        expected = sum(n_in * n_out + n_out * bias for n_in, n_out, bias in linears)
        tensors = sum(1 + bias for _, _, bias in linears)
        got = chapter.run(counted, layers)
        if isinstance(got, torch.Tensor) and got.numel() == 1:
            got = got.item()
        if isinstance(got, bool) or not isinstance(got, int):
            fail(tr("count_parameters of {description} should return an int",
                    description=description),
                 got=describe_type(got), cause=tr("add up the p.numel() of every parameter"))
        if got != expected:
            cause = tr("add up p.numel() (the number of elements) of every parameter tensor")
            if got == tensors:
                cause = tr("that is the number of parameter tensors (a weight and a bias per "
                           "layer): {cause}", cause=cause)
            fail(tr("count_parameters of {description} is wrong", description=description),
                 expected=expected, got=got, cause=cause)


def drawn_images(stream):
    """A batch of uint8 images (20 to 120 of them) and one of float64 images (2 to 9)."""
    rng = inputs.rng(f"ch04/{stream}")
    return (rng.integers(0, 256, size=(int(rng.integers(20, 121)), 28, 28), dtype=np.uint8),
            rng.random((int(rng.integers(2, 10)), 28, 28)))


def expect_batch(chapter, pictures):
    n = len(pictures)
    batch = chapter.run(batch_of, pictures)
    name = tr("make_batch of images of shape {shape} ({dtype})",
              shape=shape_text(pictures.shape), dtype=str(pictures.dtype))
    expect_tensor(batch, name)
    if tuple(batch.shape) != (n, N_INPUT):
        if tuple(batch.shape) == (N_INPUT, n):
            cause = BATCH_FIRST
        elif tuple(batch.shape) == tuple(pictures.shape):
            cause = tr("flatten each image to a row of 784 values: reshape to [N, 784]")
        else:
            cause = tr("keep one row of 784 values per image: reshape to [N, 784]")
        fail(tr("{name} has the wrong shape", name=name), expected=shape_text((n, N_INPUT)),
             got=shape_text(batch.shape), cause=cause)
    if batch.dtype != torch.float32:
        fail(tr("{name} has the wrong dtype", name=name), expected=torch.float32,
             got=batch.dtype,
             cause=tr("the layers compute in float32: convert with .float() or "
                      "dtype=torch.float32 (images may be uint8 or float64)"))
    return batch


@check(points=2)
def check_batch_shape(chapter):
    for pictures in drawn_images("batch shape"):
        expect_batch(chapter, pictures)


def expect_batch_values(chapter, pictures):
    batch = expect_batch(chapter, pictures)
    n = len(pictures)
    expected = pictures.reshape(n, N_INPUT).astype(np.float32)
    known = [
        (pictures.reshape(N_INPUT, n).T, tr(
            "pixels of different images were mixed: reshape(784, -1) followed by .T puts "
            "values of several images in one row; reshape directly to [N, 784]: "
            "images.reshape(len(images), -1)")),
        (pictures.transpose(0, 2, 1).reshape(n, N_INPUT),
         tr("each image was flattened column by column: flatten it row after row "
            "(reshape keeps the row order; do not transpose the image)")),
        (expected / 255, tr("the pixel values were scaled: keep them as they are")),
    ]
    got = batch.numpy()
    cause = next((c for value, c in known
                  if np.allclose(got, value, atol=1e-4, rtol=1e-4)),
                 tr("row i of the batch is image i flattened: images.reshape(N, 784)"))
    expect_close(got, expected, tr("the values of make_batch of images of shape {shape}",
                                   shape=shape_text(pictures.shape)), cause=cause)


@check(points=2)
def check_batch_values(chapter):
    for pictures in drawn_images("batch values"):
        expect_batch_values(chapter, pictures)


def drawn_layer(g, n_in, n_out):
    """A weight and bias as nn.Linear(n_in, n_out) initialises them: uniform within
    1/sqrt(n_in)."""
    bound = n_in ** -0.5
    return ((torch.rand(n_out, n_in, generator=g) * 2 - 1) * bound,
            (torch.rand(n_out, generator=g) * 2 - 1) * bound)


def drawn_pair(stream, square=False):
    """The weights and biases (W1, b1, W2, b2) of two layers to collapse, and a batch x.
    Unless square, the three sizes differ, so multiplying W1 @ W2 raises."""
    g = drawn(stream)
    if square:  # there the wrong order runs, and shows as such
        n_in = n_hidden = n_out = randint(3, 8, g)
    else:
        n_in, n_hidden, n_out = randint(30, 80, g), randint(10, 29, g), randint(2, 9, g)
    params = (*drawn_layer(g, n_in, n_hidden), *drawn_layer(g, n_hidden, n_out))
    return params, torch.randn(20, n_in, generator=g)


def collapsed(chapter, params, x=None):
    facts = chapter.run(collapse, *params, x)
    W1, _, W2, _ = params
    if "error" in facts:
        error = facts["error"]
        what = tr("collapse_linear(l1, l2) with weights of shapes {first} and {second} "
                  "raised {error}: {message}", first=shape_text(W1.shape),
                  second=shape_text(W2.shape), error=error["type"],
                  message=learner_text(error["message"]))
        if error["where"]:
            what += "\n  " + tr("at {where}", where=learner_text(error["where"]))
        fail(what, cause=tr("the weights were multiplied in the wrong order (or transposed): "
                            "l1 acts first, so the combined weight is W2 @ W1, [out2, h] @ "
                            "[h, in1] -> [out2, in1]"))
    if not facts["linear"]:
        fail(tr("collapse_linear(l1, l2) should be an nn.Linear"),
             got=describe_type(facts["value"]),
             cause=tr("build a new nn.Linear(l1.in_features, l2.out_features) and set its "
                      "weight and bias"))
    return facts


@check(points=1)
def check_collapse_shape(chapter):
    params, _ = drawn_pair("collapse shape")
    W1, _, W2, _ = params
    layer = collapsed(chapter, params)
    n_in, n_out = W1.shape[1], W2.shape[0]
    if (layer["in"], layer["out"]) != (n_in, n_out):
        fail(tr("the layer from collapse_linear(l1, l2) has the wrong (in_features, "
                "out_features)"),
             expected=(n_in, n_out), got=(layer["in"], layer["out"]),
             cause=tr("the combined layer takes l1's inputs and gives l2's outputs: "
                      "nn.Linear(l1.in_features, l2.out_features)"))
    expect_tensor(layer["weight"], tr("its weight"), shape=(n_out, n_in))
    expect_tensor(layer["bias"], tr("its bias"), shape=(n_out,))


def same(got, compute):
    """Whether `got` is a tensor equal to compute(); False where that cannot be computed."""
    try:
        expected = compute()
    except RuntimeError:  # sizes that do not fit together
        return False
    return (isinstance(got, torch.Tensor) and got.shape == expected.shape
            and torch.allclose(got, expected, atol=1e-5, rtol=1e-4))


def collapse_cause(layer, W1, b1, W2, b2):
    """Which known mistake the collapsed layer's weight and bias show, if any."""
    weight, bias = layer["weight"], layer["bias"]
    if same(weight, lambda: W1 @ W2) and not same(weight, lambda: W2 @ W1):
        return tr("the weights were multiplied in the wrong order: l1 acts first, so the "
                  "combined weight is W2 @ W1")
    if same(weight, lambda: W2 @ W1) and (same(bias, lambda: b2) or same(bias, lambda: b1 + b2)):
        return tr("the first layer's bias also passes through the second layer: "
                  "bias = W2 @ b1 + b2")
    return tr("weight = W2 @ W1 and bias = W2 @ b1 + b2 (W1, b1 of l1; W2, b2 of l2)")


@check(points=3)
def check_collapse_matches_stack(chapter):
    # the stream names stay English (grader.inputs); `kind` is what the learner reads
    for stream, kind, square in (
            ("square layers", tr("square layers"), True),
            ("layers of three different sizes",  # i18n: internal
             tr("layers of three different sizes"), False)):
        params, x = drawn_pair(f"collapse matches stack {stream}", square)  # i18n: internal
        layer = collapsed(chapter, params, x)
        if len(layer["after"]) != 4 or not all(
                isinstance(p, torch.Tensor) and p.shape == given.shape and torch.equal(p, given)
                for p, given in zip(layer["after"], params)):
            fail(tr("collapse_linear changed the layers it was given"),
                 cause=tr("leave l1 and l2 as they are: build a new nn.Linear and set "
                          "its weight and bias"))
        W1, b1, W2, b2 = (p.double() for p in params)
        expected = F.linear(F.linear(x.double(), W1, b1), W2, b2)
        got = output(layer["output"], tr("the layer from collapse_linear"), x)
        expect_tensor(got, tr("the collapsed layer's output"), shape=tuple(expected.shape))
        expect_close(got, expected, tr("collapse_linear(l1, l2) of {kind} compared with "
                                       "l2(l1(x))", kind=kind),
                     atol=1e-5, cause=collapse_cause(layer, *params))
