"""Checks for chapter 10: the deeper CNN and its tuning.

The three models are built with a drawn number of classes and run on a drawn batch of
images, with hooks on their Conv2d, BatchNorm2d, MaxPool2d, Dropout and Linear modules: the
hooks record each call (its module, the mode, the shapes in and out, and what each dropout
got and gave). From that the grader judges the shapes at each stage ([N, 32, 32, 32] ...
[N, 128, 4, 4] -> [N, 2048] -> [N, classes]), the parameter count, the output in
evaluation mode against its own forward pass computed from the model's own layers (batch
norm with its running statistics), where the dropouts sit and how they behave (zero or
scaled by 1 / (1 - p) in training, the identity in evaluation), and that each of the six
batch norms is an instance of its own, called once.

The transforms are run on a drawn image under drawn seeds: the training transform must
mirror about half of the images and erase a rectangle in about half, with 0 after
normalisation; the test one must give ToTensor + Normalize every time; make_loaders must
give the augmenting one to the training set only and shuffle only that. make_optimizer is
judged on the class and settings it builds, and on the course's lesson, as a relative
check: on a small grader network and drawn Shapes-10 images, momentum and Adam bring the
loss (measured here from the trained weights) further down than plain SGD in the same
steps. accuracy runs a grader network with dropout that records its mode and whether
autograd was on.

The held-out threshold trains the learner's CNN_v4 with the kit's fit (courselib, not the
learner's chapter 9) and Adam on drawn Shapes-10 images with the classes in a drawn order,
and measures it here on test images that never reach the learner's process. Graders always
train on Shapes-10, whether or not the real CIFAR-10 is on the machine. Only the course's
parameter counts use course data alone (course_data=True).

The held-out check trains the learner's CNN_v4, so it names the checks of CNN_v4 in
relies_on: when one of them failed, its failure is blamed there. The other checks that run a
task an earlier check judges keep their own cause, as precise as a pointer to that failure:
make_loaders' check names a test transform that augments, the optimizer race a momentum that
was not passed on (and points at check_optimizers otherwise), and the checks of dropout and
batch norm judge CNN_v3 and CNN_v4 themselves; the variants (tests/variants/ch10.py) expect
those causes.
"""

import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from courselib import shapes10
from courselib.plots import save_learning_curves, show_images_labels
from grader import inputs
from grader.check import (check, describe_type, expect_close, expect_tensor, fail,
                          learner_text, shape_text)
from grader.checks.shared import (captured, is_rectangle, one_thread, randint,
                                  refresh_batch_norms)
from grader.figures import save_figure
from grader.heldout import exported, load_exported
from grader.i18n import tr, trn
from grader.thresholds import Calibration, Threshold

CHANNELS = (32, 32, 64, 64, 128, 128)     # the output channels of conv1 ... conv6
IMAGE = 32
FLAT, HIDDEN = 4 * 4 * 128, 128
COURSE_PARAMETERS = {"CNN_v2": 550_570, "CNN_v3": 550_570, "CNN_v4": 551_466}
# (p, where the course puts it) of each dropout, in the order the forward pass calls them
DROPOUTS = ((0.2, tr("after the first max-pool")), (0.3, tr("after the second max-pool")),
            (0.4, tr("after the third max-pool")), (0.4, tr("between the ReLU after l1 and l2")))

PLAN = tr("the course's plan: six Conv2d(kernel 3, padding=1) with 32, 32, 64, 64, 128, 128 "
          "channels, a MaxPool2d(2) after conv2, conv4 and conv6, then Linear(4*4*128, 128), "
          "ReLU, Linear(128, num_classes)")
PADDING = tr("each 3 x 3 convolution needs padding=1 (the course's padding=(1,1)) to keep the "
             "image size: without it every convolution cuts 2 pixels off")
POOLING = tr("a MaxPool2d(2) after conv2, conv4 and conv6 halves the image each time: 32, 16, "
             "8, 4")
FLATTEN = tr("the first Linear layer must take what the third pool gives, flattened: 128 "
             "channels of 4 x 4 make 2048 values, so Linear(4*4*128, 128)")
NUM_CLASSES = tr("the last layer must give one score per class: Linear(128, num_classes)")
RAW_SCORES = tr("return the last Linear layer's raw scores (logits): CrossEntropyLoss applies "
                "the softmax itself")
REUSED_BN = tr("each place needs its own BatchNorm2d instance (bn1 ... bn6), with its own "
               "weight, bias and running statistics: one instance used after two convolutions "
               "shares them between the two")
BN_AFTER_CONV = tr("put an nn.BatchNorm2d right after each convolution, before its ReLU "
                   "(conv -> batch norm -> ReLU), with the convolution's channels: 32, 32, 64, "
                   "64, 128, 128; create the six in __init__")
DROPOUT_PLACES = tr("nn.Dropout(0.2) after the first max-pool, nn.Dropout(0.3) after the "
                    "second, nn.Dropout(0.4) after the third and nn.Dropout(0.4) between the "
                    "ReLU after l1 and l2, as the course's CNN_v3")
DROPOUT_MODULE = tr("use nn.Dropout modules, created in __init__: they drop only in training "
                    "mode and pass everything on in evaluation mode (net.eval()); "
                    "F.dropout(x, p) without training=self.training drops in evaluation too")
# what CNN_v3 and CNN_v4 add to PLAN, said right after it
COURSE_PLUS = {"CNN_v2": "", "CNN_v3": tr(" with the dropouts"),
               "CNN_v4": tr(" with the dropouts and a BatchNorm2d after each convolution, "
                            "before its ReLU")}


def drawn(stream: str) -> torch.Generator:
    return inputs.generator(f"ch10/{stream}")


# ---- probes: they run beside the learner's code and return what they saw ------------------

HOOKED = ((nn.Conv2d, "conv"), (nn.BatchNorm2d, "bn"), (nn.MaxPool2d, "pool"),
          (nn.Dropout, "dropout"), (nn.Linear, "linear"))


def kind_of(module: nn.Module) -> str | None:
    return next((kind for cls, kind in HOOKED if isinstance(module, cls)), None)


class CallRecorder:
    """Hooks on the model's own layers: each call's kind, instance (numbered in the order of
    first calls), mode, shapes, and for dropouts what went in and came out."""

    def __init__(self, net: nn.Module):
        self.calls, self.instances, self.open = [], [], {}
        for module in net.modules():
            if kind_of(module):
                module.register_forward_pre_hook(self.before)
                module.register_forward_hook(self.after)

    def instance(self, module) -> int:
        for index, known in enumerate(self.instances):
            if known is module:
                return index
        self.instances.append(module)
        return len(self.instances) - 1

    def before(self, module, args):
        x = args[0] if args else None
        call = {"kind": kind_of(module), "instance": self.instance(module),
                "training": module.training,
                "input": list(x.shape) if isinstance(x, torch.Tensor) else None}
        if call["kind"] == "dropout":
            call["p"], call["x"] = float(module.p), x.detach().clone()  # before an in-place drop
        if call["kind"] == "linear":
            call["in_features"] = int(module.in_features)
        self.open[id(module)] = call
        self.calls.append(call)

    def after(self, module, args, output):
        call = self.open.pop(id(module))
        call["output"] = list(output.shape) if isinstance(output, torch.Tensor) else None
        if call["kind"] == "dropout":
            call["y"] = output.detach().clone()

    def layers(self) -> list[dict]:
        """The tensors of each instance, in the order of first calls, for the oracle."""
        facts = []
        for module in self.instances:
            kind = kind_of(module)
            layer = {"kind": kind}
            if kind in ("conv", "linear", "bn"):
                layer["weight"], layer["bias"] = module.weight, module.bias
            if kind == "conv":
                layer["stride"], layer["padding"] = list(module.stride), module.padding
            if kind == "bn":
                layer["running_mean"], layer["running_var"] = (module.running_mean,
                                                               module.running_var)
                layer["eps"], layer["features"] = float(module.eps), int(module.num_features)
            facts.append(layer)
        return facts


# The passes each model makes: two in training mode (they also update the batch norms'
# running statistics), then two in evaluation mode.
PASSES = (True, True, False, False)


def network(code, which, num_classes, x):
    """The model `which`(num_classes) run on x in PASSES: its parameter count, each pass's
    recorded calls and output (or the error that stopped it), and its layers' tensors."""
    net = getattr(code.models, which)(num_classes)
    if not isinstance(net, nn.Module):
        return {"module": False, "value": net}
    recorder = CallRecorder(net)
    facts = {"module": True, "count": sum(p.numel() for p in net.parameters()), "passes": []}
    for training in PASSES:
        net.train(training)
        recorder.calls = []
        seen = {"training": training, "calls": recorder.calls}
        facts["passes"].append(seen)
        try:
            with torch.no_grad():
                seen["output"] = net(x.clone())
        except Exception as error:  # what the calls before it show explains it best
            seen["error"] = f"{type(error).__name__}: {error}"
            break
    facts["layers"] = recorder.layers()
    return facts


def raw_forward(code, which, num_classes, x):
    """The model's forward pass, its errors left to the grader's diagnosis."""
    net = getattr(code.models, which)(num_classes)
    with torch.no_grad():
        net(x)


# ---- the models ---------------------------------------------------------------------------

def drawn_model_input(stream: str) -> tuple[int, torch.Tensor]:
    """(number of classes, images [N, 3, 32, 32] in [-1, 1]), both drawn."""
    g = drawn(f"model {stream}")
    num_classes, batch = randint(3, 20, g), randint(3, 6, g)
    return num_classes, torch.rand(batch, 3, IMAGE, IMAGE, generator=g) * 2 - 1


def expected_count(which: str, num_classes: int) -> int:
    sizes = zip((3,) + CHANNELS[:-1], CHANNELS)
    count = sum(n_in * n_out * 9 + n_out for n_in, n_out in sizes)
    count += FLAT * HIDDEN + HIDDEN + HIDDEN * num_classes + num_classes
    return count + (2 * sum(CHANNELS) if which == "CNN_v4" else 0)


def stage_shapes(batch: int) -> list[tuple[list[int], list[int]]]:
    """(input, output) shapes of conv1 ... conv6 on a batch of 32 x 32 images."""
    shapes, size, channels = [], IMAGE, 3
    for i, out in enumerate(CHANNELS):
        shapes.append(([batch, channels, size, size], [batch, out, size, size]))
        channels = out
        if i % 2:
            size //= 2
    return shapes


def calls_of(seen: dict, kind: str) -> list[dict]:
    return [call for call in seen["calls"] if call["kind"] == kind]


def expect_convolutions(seen: dict, name: str, batch: int) -> None:
    convs = calls_of(seen, "conv")
    for j, (wanted_in, wanted_out) in enumerate(stage_shapes(batch)):
        if j >= len(convs):
            if "error" in seen:
                return  # the error is judged with the layers after the convolutions
            fail(trn("{name} calls {count} Conv2d layer, not 6",
                     "{name} calls {count} Conv2d layers, not 6", len(convs), name=name),
                 cause=PLAN)
        got_in, got_out = convs[j]["input"], convs[j]["output"]
        if got_in != wanted_in:  # the convolution before it gave the right shape
            pooled_elsewhere = got_in and got_in[:2] == wanted_in[:2]
            fail(tr("conv{number} of {name} gets the wrong shape", number=j + 1, name=name),
                 expected=shape_text(wanted_in), got=shape_text(got_in or []),
                 cause=POOLING if pooled_elsewhere else PLAN)
        if got_out is None:
            return  # it raised: judged below
        if got_out != wanted_out:
            cause = PADDING if got_out[2:] == [s - 2 for s in wanted_out[2:]] else tr(
                "conv{number} should give {channels} channels: "
                "nn.Conv2d({inputs}, {channels}, 3, padding=1)",
                number=j + 1, channels=wanted_out[1], inputs=wanted_in[1])
            fail(tr("conv{number} of {name} gives the wrong shape", number=j + 1, name=name),
                 expected=shape_text(wanted_out), got=shape_text(got_out), cause=cause)


def expect_classifier(seen: dict, name: str, batch: int, num_classes: int) -> None:
    linears = calls_of(seen, "linear")
    if not linears:
        if "error" not in seen:
            fail(tr("{name} calls no nn.Linear layer", name=name), cause=PLAN)
        return
    first = linears[0]
    if first["input"] != [batch, FLAT]:
        fail(tr("the first Linear layer of {name} gets the wrong shape", name=name),
             expected=shape_text([batch, FLAT]), got=shape_text(first["input"] or []),
             cause=tr("flatten the [N, 128, 4, 4] of the third pool to [N, 2048] (nn.Flatten() "
                      "or torch.flatten(x, 1)): {pooling}", pooling=POOLING))
    if first["in_features"] != FLAT:
        fail(tr("the first Linear layer of {name} takes the wrong number of inputs", name=name),
             expected=FLAT, got=first["in_features"], cause=FLATTEN)
    if len(linears) != 2 and "error" not in seen:
        fail(trn("{name} calls {count} Linear layer, not 2",
                 "{name} calls {count} Linear layers, not 2", len(linears), name=name),
             cause=PLAN)
    if len(linears) == 2 and linears[1]["output"] not in (None, [batch, num_classes]):
        fail(tr("{name}'s last Linear layer gives the wrong shape", name=name),
             expected=shape_text([batch, num_classes]), got=shape_text(linears[1]["output"]),
             cause=NUM_CLASSES)


def expect_runs(chapter, facts: dict, which: str, num_classes: int, x: torch.Tensor) -> None:
    """The model was built and made every pass: the shapes of each stage are judged first,
    as they explain most errors (a missing padding, a wrong flatten size)."""
    name = f"{which}(num_classes)"
    if not facts["module"]:
        fail(tr("{name} should be an nn.Module", name=name), got=describe_type(facts["value"]))
    first = facts["passes"][0]
    expect_convolutions(first, name, len(x))
    expect_classifier(first, name, len(x), num_classes)
    failed = next((seen for seen in facts["passes"] if "error" in seen), None)
    if failed is not None:
        chapter.run(raw_forward, which, num_classes, x)  # its error, diagnosed as any other
        what = (tr("{name} failed on a batch of images [N, 3, 32, 32] in training mode",
                   name=name) if failed["training"] else
                tr("{name} failed on a batch of images [N, 3, 32, 32] in evaluation mode",
                   name=name))
        fail(what, got=learner_text(failed["error"]), cause=PLAN)
    for seen in facts["passes"]:
        expect_tensor(seen["output"], tr("{name}(x) on a batch [N, 3, 32, 32]", name=name),
                      shape=(len(x), num_classes), dtype=torch.float32)


def expect_count(facts: dict, which: str, num_classes: int) -> None:
    expected = expected_count(which, num_classes)
    if facts["count"] != expected:
        cause = PLAN + COURSE_PLUS[which]
        if which == "CNN_v4" and facts["count"] < expected:
            cause = REUSED_BN + "; " + cause
        fail(tr("{which}(num_classes) with another number of classes than 10 has the wrong "
                "number of parameters (counted with sum(p.numel()))", which=which),
             expected=expected, got=facts["count"], cause=cause)


def instances_called(seen: dict, kind: str) -> list[int]:
    return [call["instance"] for call in calls_of(seen, kind)]


def forward_oracle(x, layers, seen, batch_norm: bool) -> torch.Tensor:
    """The course's forward pass in evaluation mode, in float64, with the layers the model
    called, in the order it called them (dropout is the identity in evaluation)."""
    convs, norms = instances_called(seen, "conv"), instances_called(seen, "bn")
    linears = instances_called(seen, "linear")

    def double(layer, key):
        value = layer.get(key)
        return None if value is None else value.double()

    h = x.double()
    for j, conv in enumerate(convs):
        layer = layers[conv]
        h = F.conv2d(h, double(layer, "weight"), double(layer, "bias"), padding=1)
        if batch_norm:
            norm = layers[norms[j]]
            h = F.batch_norm(h, double(norm, "running_mean"), double(norm, "running_var"),
                             double(norm, "weight"), double(norm, "bias"), training=False,
                             eps=norm["eps"])
        h = F.relu(h)
        if j % 2:
            h = F.max_pool2d(h, 2)
    first, last = layers[linears[0]], layers[linears[1]]
    h = F.relu(F.linear(h.flatten(1), double(first, "weight"), double(first, "bias")))
    return F.linear(h, double(last, "weight"), double(last, "bias"))


def expect_eval_forward(facts: dict, which: str, x: torch.Tensor) -> None:
    """The two passes in evaluation mode agree, and match the course's forward pass."""
    name = f"{which}(num_classes)"
    first, second = (seen for seen in facts["passes"] if not seen["training"])
    if not torch.equal(first["output"], second["output"]):
        fail(tr("{name} in evaluation mode gives different outputs for the same images",
                name=name), cause=DROPOUT_MODULE)
    batch_norm = which == "CNN_v4"
    norms = instances_called(first, "bn")
    if batch_norm and len(norms) != len(CHANNELS):
        fail(trn("{name} calls {count} BatchNorm2d layer, not 6",
                 "{name} calls {count} BatchNorm2d layers, not 6", len(norms), name=name),
             cause=BN_AFTER_CONV)
    expected = forward_oracle(x, facts["layers"], first, batch_norm)
    out = first["output"]
    probabilities = bool((out >= 0).all()) and torch.allclose(out.sum(1), torch.ones(len(x)))
    plan = PLAN + COURSE_PLUS[which]
    cause = RAW_SCORES if probabilities else (
        tr("apply {plan}, with a ReLU after each convolution (and after its batch norm) and "
           "after l1", plan=plan) if batch_norm else
        tr("apply {plan}, with a ReLU after each convolution and after l1", plan=plan))
    expect_close(out, expected, tr("{name}(x) in evaluation mode, compared with the course's "
                                   "layers applied in turn", name=name),
                 atol=1e-4, rtol=1e-4, cause=cause)


def expect_model(chapter, which: str) -> dict:
    num_classes, x = drawn_model_input(which)
    facts = chapter.run(network, which, num_classes, x)
    expect_runs(chapter, facts, which, num_classes, x)
    expect_count(facts, which, num_classes)
    expect_eval_forward(facts, which, x)
    return facts


@check(points=1, course_data=True)
def check_course_parameter_counts(chapter):
    x = torch.zeros(1, 3, IMAGE, IMAGE)
    for which, count in COURSE_PARAMETERS.items():
        facts = chapter.run(network, which, 10, x)
        if not facts["module"]:
            fail(tr("{name} should be an nn.Module", name=which + "(10)"),
                 got=describe_type(facts["value"]))
        if facts["count"] != count:
            fail(tr("{which}(10) has the wrong number of parameters (counted with "
                    "sum(p.numel()))", which=which), expected=f"{count:,}",
                 got=f"{facts['count']:,}",
                 cause=(REUSED_BN + "; " if which == "CNN_v4" and facts["count"] < count
                        else "") + PLAN + COURSE_PLUS[which])


@check(points=2)
def check_cnn_v2(chapter):
    expect_model(chapter, "CNN_v2")


@check(points=2)
def check_cnn_v3(chapter):
    expect_model(chapter, "CNN_v3")


@check(points=2)
def check_cnn_v4(chapter):
    expect_model(chapter, "CNN_v4")


# ---- dropout ------------------------------------------------------------------------------

def dropout_places(batch: int) -> list[tuple[float, list[int]]]:
    """(p, input shape) of each dropout call, in order."""
    shapes = [[batch, 32, 16, 16], [batch, 64, 8, 8], [batch, 128, 4, 4], [batch, HIDDEN]]
    return [(p, shape) for (p, _), shape in zip(DROPOUTS, shapes)]


def expect_dropout_places(seen: dict, name: str, batch: int) -> None:
    wanted = dropout_places(batch)
    got = [(call["p"], call["input"]) for call in calls_of(seen, "dropout")]
    if not got:
        fail(tr("{name} calls no nn.Dropout module", name=name), cause=DROPOUT_PLACES)
    if len(got) != len(wanted) or any(shape != w_shape for (_, shape), (_, w_shape)
                                      in zip(got, wanted)):
        fail(tr("the dropouts of {name} are not where the course puts them (the shapes of "
                "what each one gets, in the order they are called)", name=name),
             expected=", ".join(shape_text(shape) for _, shape in wanted),
             got=", ".join(shape_text(shape or []) for _, shape in got), cause=DROPOUT_PLACES)
    for (p, _), (w_p, _), (_, where) in zip(got, wanted, DROPOUTS):
        if not math.isclose(p, w_p):
            fail(tr("the dropout of {name} {where} should drop with p = {p}", name=name,
                    where=where, p=format(w_p, "g")), got=p, cause=DROPOUT_PLACES)


def expect_dropped_and_scaled(call: dict, name: str, where: str) -> None:
    """In training mode: each output element 0 or input / (1 - p), about p of them 0."""
    x, y, p = call["x"].double(), call["y"].double(), call["p"]
    scaled = x / (1 - p)
    if not bool(((y == 0) | torch.isclose(y, scaled, rtol=1e-5, atol=1e-6)).all()):
        unscaled = bool(((y == 0) | torch.isclose(y, x, rtol=1e-5, atol=1e-6)).all())
        fail(tr("in training mode the dropout of {name} {where} gives values other than 0 "
                "and its input / (1 - p)", name=name, where=where),
             cause=tr("the values kept must be scaled by 1 / (1 - p), as nn.Dropout does, so "
                      "that their mean does not change") if unscaled else DROPOUT_MODULE)
    live = x != 0
    dropped = float((y[live] == 0).double().mean()) if live.any() else p
    spread = 5 * math.sqrt(p * (1 - p) / max(int(live.sum()), 1)) + 0.02
    if abs(dropped - p) > spread:
        fail(tr("in training mode the dropout of {name} {where} does not drop a fraction p of "
                "({p}) of its inputs", name=name, where=where, p=format(p, "g")),
             got=dropped, cause=DROPOUT_MODULE)


def expect_dropout_behaviour(facts: dict, name: str) -> None:
    train_passes = [seen for seen in facts["passes"] if seen["training"]]
    for seen in facts["passes"]:
        for call, (_, where) in zip(calls_of(seen, "dropout"), DROPOUTS):
            if seen["training"]:
                expect_dropped_and_scaled(call, name, where)
            elif not torch.equal(call["x"], call["y"]):
                fail(tr("in evaluation mode the dropout of {name} {where} changed its input",
                        name=name, where=where), cause=DROPOUT_MODULE)
    if torch.equal(train_passes[0]["output"], train_passes[1]["output"]):
        fail(tr("{name} in training mode gives the same outputs twice for the same images: "
                "its dropouts do not draw anew at each call", name=name), cause=DROPOUT_MODULE)


@check(points=2)
def check_dropout(chapter):
    """CNN_v3 and CNN_v4: the course's four dropouts, dropping and scaling in training mode,
    passing everything on in evaluation mode."""
    for which in ("CNN_v3", "CNN_v4"):
        num_classes, x = drawn_model_input(f"{which} dropout")
        facts = chapter.run(network, which, num_classes, x)
        expect_runs(chapter, facts, which, num_classes, x)
        name = f"{which}(num_classes)"
        for seen in facts["passes"]:
            expect_dropout_places(seen, name, len(x))
        expect_dropout_behaviour(facts, name)
        expect_eval_forward(facts, which, x)  # the passes ran on these images


# ---- batch normalization ------------------------------------------------------------------

@check(points=2)
def check_batch_norm_instances(chapter):
    """CNN_v4: six BatchNorm2d instances of their own, with 32, 32, 64, 64, 128, 128
    channels, each called once per forward pass, right after its convolution."""
    num_classes, x = drawn_model_input("CNN_v4 batch norm")
    facts = chapter.run(network, "CNN_v4", num_classes, x)
    expect_runs(chapter, facts, "CNN_v4", num_classes, x)
    seen = facts["passes"][0]
    norms = calls_of(seen, "bn")
    if not norms:
        fail(tr("CNN_v4(num_classes) calls no BatchNorm2d module of its own"),
             cause=BN_AFTER_CONV)
    instances = [call["instance"] for call in norms]
    reused = sorted({i for i in instances if instances.count(i) > 1})
    if reused:
        fail(tr("CNN_v4(num_classes) calls one BatchNorm2d instance at several places"),
             expected=tr("6 instances, each called once per forward pass"),
             got=trn("{count} instance for {calls} calls", "{count} instances for {calls} calls",
                     len(set(instances)), calls=len(norms)), cause=REUSED_BN)
    channels = [facts["layers"][i]["features"] for i in instances]
    if channels != list(CHANNELS):
        fail(tr("the batch norms of CNN_v4(num_classes) have the wrong numbers of channels, in "
                "the order they are called"), expected=list(CHANNELS), got=channels,
             cause=BN_AFTER_CONV)
    kinds = [call["kind"] for call in seen["calls"]]
    after_conv = [kinds[i + 1] if i + 1 < len(kinds) else None
                  for i, kind in enumerate(kinds) if kind == "conv"]
    if after_conv != ["bn"] * len(CHANNELS):
        fail(tr("in CNN_v4 a batch norm does not come right after each convolution"),
             cause=BN_AFTER_CONV)
    expect_eval_forward(facts, "CNN_v4", x)  # the passes ran on these images


# ---- transforms and loaders ---------------------------------------------------------------

def transformed_draws(code, maker, image, seeds):
    """make_train_transform() or make_test_transform() applied to one image, once under each
    seed."""
    transform = getattr(code.data, maker)()
    return draws_of(transform, image, seeds)


def draws_of(transform, image, seeds):
    from PIL import Image

    picture = Image.fromarray(image.numpy())
    outputs = []
    for seed in seeds:
        torch.manual_seed(seed)
        outputs.append(transform(picture))
    return outputs


def loader_facts(code, batch_size, image, seeds):
    """make_loaders(batch_size): for each loader, its batch size, its data set (training or
    test part, length), two passes of its sampler's order, and its transform on an image."""
    with captured():
        loaders = code.data.make_loaders(batch_size=batch_size)
    if not isinstance(loaders, (tuple, list)) or len(loaders) != 2:
        return {"loaders": loaders}
    facts = {"loaders": []}
    for loader in loaders:
        dataset = getattr(loader, "dataset", None)
        transform = getattr(dataset, "transform", None)
        facts["loaders"].append({
            "batch_size": getattr(loader, "batch_size", None),
            "train": getattr(dataset, "train", None), "length": len(dataset),
            "orders": [torch.tensor(list(loader.sampler)) for _ in range(2)],
            "transformed": draws_of(transform, image, seeds) if transform else None})
    images, labels = next(iter(loaders[0]))
    facts["first batch"] = {"images": images[:20], "labels": labels[:20],
                            "classes": list(getattr(loaders[0].dataset, "classes", []))}
    return facts


def drawn_image(stream: str) -> torch.Tensor:
    """A 32 x 32 RGB image (uint8 [32, 32, 3]) of drawn pixels 1..255: after ToTensor and
    Normalize(0.5, 0.5) no pixel is exactly 0 or -1, so erased pixels stand out."""
    return torch.randint(1, 256, (IMAGE, IMAGE, 3), generator=drawn(stream), dtype=torch.uint8)


def drawn_seeds(stream: str, count: int) -> list[int]:
    return torch.randint(0, 2 ** 31, (count,), generator=drawn(f"{stream} seeds")).tolist()


def normalized(image: torch.Tensor) -> torch.Tensor:
    """What ToTensor and Normalize(0.5, 0.5) make of a uint8 image [32, 32, 3]."""
    return (image.permute(2, 0, 1).float() / 255 - 0.5) / 0.5


TEST_TRANSFORM = "transforms.Compose([transforms.ToTensor(), transforms.Normalize(0.5, 0.5)])"
TRAIN_ORDER = tr("RandomHorizontalFlip(p=0.5), ToTensor(), Normalize(0.5, 0.5), "
                 "RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0), in this "
                 "order")
ERASED_BEFORE_NORMALIZE = tr("the erased pixels hold -1 after normalisation: RandomErasing ran "
                             "before Normalize(0.5, 0.5), which turned its 0 into -1; put it "
                             "after Normalize, as the course does, so they hold 0")
VALIDATION_AUGMENTED = tr("augmentation goes on the training data only: the test (validation) "
                          "data measures the model on the images as they are, so its transform "
                          "is {transform}", transform=TEST_TRANSFORM)

# Of DRAWS draws, with probability 0.5 each, about half are mirrored and half erased; the
# range below holds with probability 1 - 1e-5 (RandomErasing gives up on a few rectangles
# that do not fit, which lowers its rate a little).
DRAWS, MIRRORED, ERASED = 80, (20, 60), (16, 60)
ERASED_AREA = (0.01, 0.40)  # scale (0.02, 0.33), with the rounding of the rectangle's sides


def read_draw(value, image: torch.Tensor, name: str) -> dict:
    """What a transform did to `image`: {"mirrored": bool, "erased": mask of the pixels set to
    0, "erased -1": mask of those set to -1}; fails where it did anything else."""
    y = expect_tensor(value, name, shape=(3, IMAGE, IMAGE), dtype=torch.float32)
    plain = normalized(image)
    zero, minus = (y == 0).all(0), (y == -1).all(0)
    rest = ~(zero | minus)
    for mirrored, candidate in ((False, plain), (True, plain.flip(-1))):
        if torch.allclose(y[:, rest], candidate[:, rest], atol=1e-5):
            return {"mirrored": mirrored, "erased": zero, "erased -1": minus}
    pixels = image.permute(2, 0, 1).float()
    in_unit_range = any(torch.allclose(y[:, rest], (c / 255)[:, rest], atol=1e-5)
                        for c in (pixels, pixels.flip(-1)))
    fail(tr("{name} changed the image in another way than mirroring it and erasing a "
            "rectangle", name=name),
         cause=(tr("the values are in [0, 1]: add transforms.Normalize(0.5, 0.5) after "
                   "ToTensor") if in_unit_range else
                tr("the transforms are {order} (the test transform: ToTensor and Normalize "
                   "only)", order=TRAIN_ORDER)))


def expect_training_draws(draws: list[dict], name: str) -> None:
    if any(draw["erased -1"].any() for draw in draws):
        fail(tr("{name} erased rectangles to -1, not 0", name=name),
             cause=ERASED_BEFORE_NORMALIZE)
    mirrored = sum(draw["mirrored"] for draw in draws)
    if not MIRRORED[0] <= mirrored <= MIRRORED[1]:
        fail(trn("{name} should mirror about half of the images (of {count} draw)",
                 "{name} should mirror about half of the images (of {count} draws)",
                 len(draws), name=name),
             expected=tr("{low} to {high}", low=MIRRORED[0], high=MIRRORED[1]), got=mirrored,
             cause=tr("transforms.RandomHorizontalFlip(p=0.5) first, on the PIL image"))
    erased = [draw["erased"] for draw in draws if draw["erased"].any()]
    if not ERASED[0] <= len(erased) <= ERASED[1]:
        fail(trn("{name} should erase a rectangle in about half of the images (of {count} "
                 "draw)", "{name} should erase a rectangle in about half of the images (of "
                 "{count} draws)", len(draws), name=name),
             expected=tr("{low} to {high}", low=ERASED[0], high=ERASED[1]), got=len(erased),
             cause=tr("transforms.RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), "
                      "value=0) last, after Normalize"))
    for mask in erased:
        area = float(mask.double().mean())
        if not is_rectangle(mask) or not ERASED_AREA[0] <= area <= ERASED_AREA[1]:
            fail(tr("{name} erased something else than one rectangle of 2% to 33% of the "
                    "image", name=name),
                 cause="transforms.RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), "
                       "value=0)")


def expect_plain_draws(draws: list[dict], name: str, cause: str) -> None:
    if any(draw["mirrored"] or draw["erased"].any() or draw["erased -1"].any()
           for draw in draws):
        fail(tr("{name} mirrored or erased the image", name=name), cause=cause)


@check(points=2)
def check_train_transform(chapter):
    image, seeds = drawn_image("train transform"), drawn_seeds("train transform", DRAWS)
    outputs = chapter.run(transformed_draws, "make_train_transform", image, seeds)
    name = "make_train_transform()(image)"
    draws = [read_draw(value, image, name) for value in outputs]
    expect_training_draws(draws, name)


@check(points=1)
def check_test_transform(chapter):
    image, seeds = drawn_image("test transform"), drawn_seeds("test transform", 20)
    outputs = chapter.run(transformed_draws, "make_test_transform", image, seeds)
    name = "make_test_transform()(image)"
    expect_plain_draws([read_draw(value, image, name) for value in outputs], name,
                       VALIDATION_AUGMENTED)


SWAPPED = tr("return (train_loader, test_loader), in that order")
LOADERS = tr("train_loader over cifar10(train=True, transform=make_train_transform()), "
             "test_loader over cifar10(train=False, transform=make_test_transform())")


def expect_loader(facts: dict, which: str, batch_size: int, image: torch.Tensor) -> None:
    training = which == "training"
    name = (tr("the training loader of make_loaders") if training else
            tr("the test loader of make_loaders"))
    if facts["batch_size"] != batch_size:
        fail(tr("{name} serves batches of the wrong size", name=name), expected=batch_size,
             got=facts["batch_size"], cause=tr("DataLoader(..., batch_size=batch_size) with the "
                                               "batch_size given"))
    if facts["train"] is not training:
        part = (tr("the training part of the data") if training else
                tr("the test part of the data"))
        fail(tr("{name} does not serve {part}", name=name, part=part),
             expected=f"train={training}", got=f"train={facts['train']}",
             cause=SWAPPED if facts["train"] is (not training) else LOADERS)
    if facts["transformed"] is None:
        fail(tr("the data set of {name} has no transform", name=name), cause=LOADERS)
    transform_name = tr("the transform of {name}", name=name)
    draws = [read_draw(value, image, transform_name) for value in facts["transformed"]]
    if training and not any(d["mirrored"] or d["erased"].any() for d in draws):
        fail(tr("{name} does not augment its images", name=name), cause=LOADERS)
    if not training:
        expect_plain_draws(draws, transform_name, VALIDATION_AUGMENTED)
    orders = facts["orders"]
    in_order = [torch.equal(order, torch.arange(len(order))) for order in orders]
    if training and (in_order[0] or torch.equal(orders[0], orders[1])):
        fail(tr("{name} does not shuffle", name=name),
             cause=tr("shuffle=True for the training loader"))
    if not training and not all(in_order):
        fail(tr("{name} shuffles", name=name),
             cause=tr("shuffle=False for the test loader: evaluation needs no shuffling, and a "
                      "fixed order keeps it reproducible"))


def save_augmented_grid(batch: dict) -> None:
    images, labels = batch.get("images"), batch.get("labels")
    classes = batch.get("classes") or [str(i) for i in range(10)]
    if isinstance(images, torch.Tensor) and isinstance(labels, torch.Tensor):
        loader = DataLoader(TensorDataset(images, labels), batch_size=len(images))
        save_figure("ch10", "augmented_training_images", show_images_labels, loader, classes,
                    None, None)


@check(points=2)
def check_loaders(chapter):
    batch_size = randint(20, 90, drawn("loaders"))
    image, seeds = drawn_image("loaders"), drawn_seeds("loaders", 12)
    seen = chapter.run(loader_facts, batch_size, image, seeds)
    if not isinstance(seen["loaders"], (tuple, list)):
        fail(tr("make_loaders should return two loaders"), got=describe_type(seen["loaders"]),
             cause=SWAPPED)
    for which, facts in zip(("training", "test"), seen["loaders"]):
        expect_loader(facts, which, batch_size, image)
    save_augmented_grid(seen["first batch"])


# ---- optimizers ---------------------------------------------------------------------------

KINDS = {"sgd": ("SGD", 0.01, 0.0), "momentum": ("SGD", 0.01, 0.9), "adam": ("Adam", 0.001, None)}


def optimizer_facts(code, lr):
    """make_optimizer(kind, parameters) and make_optimizer(kind, parameters, lr=lr) for each
    kind: the class it built, its settings, and whether it holds the parameters given."""
    facts = {}
    for kind in KINDS:
        for given in (None, lr):
            parameters = [nn.Parameter(torch.zeros(3)), nn.Parameter(torch.zeros(2, 2))]
            generator = (p for p in parameters)  # as net.parameters() gives them
            if given is None:
                optimizer = code.optimizers.make_optimizer(kind, generator)
            else:
                optimizer = code.optimizers.make_optimizer(kind, generator, lr=given)
            groups = getattr(optimizer, "param_groups", None)
            if not isinstance(optimizer, torch.optim.Optimizer) or not groups:
                facts[f"{kind} {given}"] = {"value": optimizer}
                continue
            held = [p for group in groups for p in group["params"]]
            facts[f"{kind} {given}"] = {
                "class": type(optimizer).__name__,
                "sgd": isinstance(optimizer, torch.optim.SGD),
                "adam": isinstance(optimizer, torch.optim.Adam),
                "lr": float(groups[0]["lr"]),
                "momentum": float(groups[0].get("momentum", 0.0)),
                "nesterov": bool(groups[0].get("nesterov", False)),
                "weight_decay": float(groups[0].get("weight_decay", 0.0)),
                "holds given": len(held) == len(parameters) and all(
                    any(p is q for q in held) for p in parameters)}
    return facts


def optimizer_cause(kind: str, lr_given: bool, facts: dict) -> str:
    """What most likely makes the optimizer of `kind` differ from the course's."""
    class_name, default_lr, momentum = KINDS[kind]
    if kind == "momentum" and facts["momentum"] == 0:
        return tr("momentum was not passed on: optim.SGD(parameters, lr=lr, momentum=0.9) for "
                  "\"momentum\"")
    if kind == "adam" and not lr_given and math.isclose(facts["lr"], 0.01):
        return tr("Adam was given SGD's learning rate 0.01: the course uses Adam's own default, "
                  "0.001 (optim.Adam(net.parameters())), when no lr is given")
    if lr_given:
        return tr("the lr given was not passed on: use it for every kind (lr None means the "
                  "course's choices)")
    if momentum:
        return tr("\"{kind}\" is optim.{optimizer} with momentum={momentum} and, with no lr "
                  "given, learning rate {lr}", kind=kind, optimizer=class_name,
                  momentum=format(momentum, "g"), lr=format(default_lr, "g"))
    return tr("\"{kind}\" is optim.{optimizer} and, with no lr given, learning rate {lr}",
              kind=kind, optimizer=class_name, lr=format(default_lr, "g"))


@check(points=2)
def check_optimizers(chapter):
    g = inputs.rng("ch10/optimizer lr")
    lr = round(float(g.uniform(0.002, 0.2)), 4)
    seen = chapter.run(optimizer_facts, lr)
    for kind, (class_name, default_lr, momentum) in KINDS.items():
        for given in (None, lr):
            facts = seen[f"{kind} {given}"]
            name = (f"make_optimizer({kind!r}, parameters" +
                    (")" if given is None else ", lr=lr)"))
            if "class" not in facts:
                fail(tr("{name} should return a torch.optim optimizer over the parameters",
                        name=name), got=describe_type(facts["value"]))
            if not facts["sgd" if class_name == "SGD" else "adam"]:
                fail(tr("{name} built the wrong optimizer", name=name), expected=class_name,
                     got=facts["class"], cause=optimizer_cause(kind, given is not None, facts))
            if not facts["holds given"]:
                fail(tr("{name} does not optimize exactly the parameters it was given",
                        name=name),
                     cause=tr("pass `parameters` straight to the optimizer, once: "
                              "net.parameters() is a generator, used up by a first pass"))
            wanted_lr = default_lr if given is None else given
            if not math.isclose(facts["lr"], wanted_lr, rel_tol=1e-6):
                fail(tr("{name} has the wrong learning rate", name=name), expected=wanted_lr,
                     got=facts["lr"], cause=optimizer_cause(kind, given is not None, facts))
            if momentum is not None and not math.isclose(facts["momentum"], momentum):
                fail(tr("{name} has the wrong momentum", name=name), expected=momentum,
                     got=facts["momentum"], cause=optimizer_cause(kind, given is not None, facts))
            if facts["nesterov"] or facts["weight_decay"]:
                fail(tr("{name} has settings the course does not use (nesterov, weight_decay)",
                        name=name), cause=optimizer_cause(kind, given is not None, facts))


class RaceNet(nn.Module):
    """The grader's small CNN for the optimizer race, on images shrunk to 16 x 16: conv
    3 -> 8 (padding 1), ReLU, 2 x 2 max-pool, Linear(8 * 8 * 8, 10)."""

    def __init__(self, weights=None):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.fc = nn.Linear(8 * 8 * 8, 10)
        if weights is not None:
            with torch.no_grad():
                for parameter, value in zip(self.parameters(), weights):
                    parameter.copy_(value)

    def forward(self, x):
        return self.fc(F.max_pool2d(F.relu(self.conv(x)), 2).flatten(1))


def optimizer_race(code, weights, images, labels, batches):
    """RaceNet from the same weights, trained on the same batches by make_optimizer(kind,
    net.parameters()) for each kind: the weights after it, and the loss of each step."""
    results = {}
    with one_thread():
        for kind in KINDS:
            results[kind] = raced(code, kind, weights, images, labels, batches)
    return results


def raced(code, kind, weights, images, labels, batches):
    """RaceNet from `weights` trained on `batches` by make_optimizer(kind, ...)."""
    net = RaceNet(weights)
    optimizer = code.optimizers.make_optimizer(kind, net.parameters())
    losses = []
    for index in batches:
        optimizer.zero_grad()
        loss = F.cross_entropy(net(images[index]), labels[index])
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return {"weights": [p.detach() for p in net.parameters()], "losses": losses}


RACE_IMAGES, RACE_BATCH, RACE_STEPS = 400, 50, 90


def drawn_shapes(stream: str, count: int, train: bool = True):
    """`count` Shapes-10 images (normalized, [count, 3, 32, 32]) and labels, drawn."""
    images, labels = shapes10.generate(train)
    index = torch.randperm(len(labels), generator=drawn(stream))[:count]
    return (normalized_batch(torch.from_numpy(images[index.numpy()])),
            torch.from_numpy(labels[index.numpy()]))


def normalized_batch(images: torch.Tensor) -> torch.Tensor:
    """ToTensor + Normalize(0.5, 0.5) of uint8 images [N, 32, 32, 3], all at once."""
    return (images.permute(0, 3, 1, 2).float() / 255 - 0.5) / 0.5


def race(chapter) -> dict:
    """The race's results: each kind's relative improvement over plain SGD, (1 - its loss /
    SGD's loss) on the race's images, measured here from the trained weights."""
    images, labels = drawn_shapes("race", RACE_IMAGES)
    images = F.avg_pool2d(images, 2)  # 16 x 16: the race is about steps, not about detail
    g = drawn("race weights")
    labels = torch.randperm(len(shapes10.CLASSES), generator=g)[labels]  # classes drawn too
    torch.manual_seed(int(torch.randint(0, 2 ** 31, (), generator=g)))
    weights = [p.detach().clone() for p in RaceNet().parameters()]
    order = torch.randperm(RACE_IMAGES, generator=g)
    batches = [order[(i * RACE_BATCH) % RACE_IMAGES:][:RACE_BATCH] for i in range(RACE_STEPS)]
    seen = chapter.run(optimizer_race, weights, images, labels, batches)
    losses = {}
    for kind in KINDS:
        net = RaceNet(seen[kind]["weights"])
        with torch.no_grad():
            losses[kind] = float(F.cross_entropy(net(images), labels))
    return {"improvement": {kind: 1 - losses[kind] / losses["sgd"] for kind in KINDS},
            "losses": losses, "curves": {kind: seen[kind]["losses"] for kind in KINDS}}


LESSON = tr("this check trains the grader's small CNN from the same weights on the same "
            "batches with make_optimizer(kind, net.parameters()) for each kind and compares the "
            "losses (measured here from the trained weights): it depends on make_optimizer, so "
            "fix check_optimizers first")
# Calibrated with `python -m grader calibrate ch10` (20 course keys). An optimizer that is
# plain SGD under another name gains 0.
MOMENTUM_GAIN = Threshold("ch10", tr("momentum's loss below plain SGD's (relative)"),
                          at_least=0.12,
                          calibration=Calibration(seeds=20, worst=0.1813, median=0.2294))
ADAM_GAIN = Threshold("ch10", tr("Adam's loss below plain SGD's (relative)"), at_least=0.10,
                      calibration=Calibration(seeds=20, worst=0.1587, median=0.1955))


@MOMENTUM_GAIN.measured_by
def momentum_gain(chapter) -> float:
    return race(chapter)["improvement"]["momentum"]


@ADAM_GAIN.measured_by
def adam_gain(chapter) -> float:
    return race(chapter)["improvement"]["adam"]


def draw_race(curves: dict, path) -> None:
    """The loss of each step for each optimizer, as the course compares them."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6, 4), layout="tight")
    axes = figure.add_subplot()
    for (kind, losses), style in zip(curves.items(), ("k--", "k", "b")):
        axes.plot(np.arange(1, len(losses) + 1), losses, style, label=kind)
    axes.set(xlabel=tr("step"), ylabel=tr("training loss"), title=tr("optimizers compared"))
    axes.legend()
    figure.savefig(path, format="png")


@check(points=2)
def check_optimizer_lesson(chapter):
    """Momentum and Adam bring the loss down faster than plain SGD, as the course shows."""
    result = race(chapter)
    curves = result["curves"]
    if all(np.isfinite(np.asarray(c, dtype=float)).all() for c in curves.values()):
        save_figure("ch10", "optimizers_compared", draw_race, curves)
    same_as_sgd = [kind for kind in ("momentum", "adam")
                   if result["losses"][kind] == result["losses"]["sgd"]]
    if same_as_sgd:
        fail(tr("make_optimizer({kind}, ...) trained exactly as plain SGD",
                kind=repr(same_as_sgd[0])),
             cause=(tr("momentum was not passed on: optim.SGD(parameters, lr=lr, momentum=0.9)")
                    if same_as_sgd[0] == "momentum" else
                    tr("\"adam\" is optim.Adam(parameters)")))
    MOMENTUM_GAIN.judge(result["improvement"]["momentum"], cause=LESSON)
    ADAM_GAIN.judge(result["improvement"]["adam"], cause=LESSON)


# ---- accuracy -----------------------------------------------------------------------------

class AccuracyNet(nn.Module):
    """The grader's network for accuracy: Linear, ReLU, Dropout(0.5), Linear, with given
    weights. Each call records (training mode?, autograd on?, batch size)."""

    def __init__(self, weights):
        super().__init__()
        (hidden, n_in), (n_out, _) = weights[0].shape, weights[2].shape
        self.l1, self.l2 = nn.Linear(n_in, hidden), nn.Linear(hidden, n_out)
        self.dropout = nn.Dropout(0.5)
        with torch.no_grad():
            for parameter, value in zip(self.parameters(), weights):
                parameter.copy_(value)
        self.calls = []

    def forward(self, x):
        self.calls.append((self.training, torch.is_grad_enabled(), len(x)))
        return self.l2(self.dropout(F.relu(self.l1(x))))


def measured_accuracy(code, case, tracked=False):
    """accuracy(net, loader, device) on AccuracyNet, left in training mode as training
    leaves it, and the case's batches: what it returned, the calls, and (`tracked`) the
    moves of the batches and the device they were asked to go to."""
    from grader import devices

    def run(device):
        net = AccuracyNet(case["weights"])
        loader = DataLoader(TensorDataset(case["x"], case["y"]), batch_size=case["batch_size"])
        moves = []
        if tracked:
            loader = devices.TrackedLoader(loader, "test", moves)
            net = devices.track_model(net, moves)
        net.train()
        value = code.evaluation.accuracy(net, loader, device)
        return {"value": value, "calls": net.calls, "moves": moves, "device": str(device)}

    if not tracked:
        return run(torch.device("cpu"))
    try:
        return run(devices.STAND_IN)
    except (RuntimeError, NotImplementedError) as error:
        if "meta" not in str(error):
            raise
        # A tensor made on the device itself (a running count): the stand-in cannot hold
        # it, so the moves are watched on the CPU instead.
        return run(torch.device("cpu"))


def drawn_accuracy_case(stream: str, ragged: bool = False) -> dict:
    """AccuracyNet's weights and data: labels that the network gets right for about 60-80%
    of the items; `ragged`: a last batch smaller than the others."""
    g = drawn(f"accuracy {stream}")
    n_in, hidden, n_out = randint(5, 9, g), randint(10, 16, g), randint(3, 5, g)
    batch_size = randint(6, 12, g)
    n = batch_size * randint(4, 7, g) + (randint(1, batch_size // 2, g) if ragged else 0)
    weights = [torch.randn(hidden, n_in, generator=g), 0.1 * torch.randn(hidden, generator=g),
               torch.randn(n_out, hidden, generator=g), 0.1 * torch.randn(n_out, generator=g)]
    x = torch.randn(n, n_in, generator=g)
    net = AccuracyNet(weights).eval()
    with torch.no_grad():
        y = net(x).argmax(1)
    # some labels changed, more of them in the last batches, so that an average of the
    # batches' accuracies is not the accuracy when a batch is smaller
    changed = torch.rand(n, generator=g) < torch.linspace(0.05, 0.6, n)
    y[changed] = (y[changed] + 1) % n_out
    return {"weights": weights, "x": x, "y": y, "batch_size": batch_size}


def expected_accuracy(case: dict) -> float:
    net = AccuracyNet(case["weights"]).eval()
    with torch.no_grad():
        return float((net(case["x"]).argmax(1) == case["y"]).double().mean())


EVAL_MODE = tr("call net.eval() before predicting: in training mode the dropout drops a "
               "random half of the network at each prediction (and batch norm uses the batch's "
               "statistics), so the accuracy measured is not the model's")
NO_GRAD = tr("predict inside `with torch.no_grad():`: measuring needs no computation graph, "
             "which only costs memory and time")


def expect_accuracy(seen: dict, case: dict, name: str) -> None:
    calls = [tuple(call) for call in seen["calls"]]
    if sum(size for _, _, size in calls) != len(case["y"]):
        fail(tr("{name} did not predict every item of the loader once", name=name),
             cause=tr("predict each batch of the loader given, once: for inputs, labels in "
                      "loader"))
    if any(training for training, _, _ in calls):
        fail(tr("{name} predicted with the model in training mode", name=name), cause=EVAL_MODE)
    if any(grad for _, grad, _ in calls):
        fail(tr("{name} predicted with autograd on", name=name), cause=NO_GRAD)
    value = seen["value"]
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        value = value.item()
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        fail(tr("{name} should return a number", name=name), got=describe_type(value),
             cause=tr("return correct / count as a Python float (.item() on a tensor)"))
    expected = expected_accuracy(case)
    cause = (tr("return a fraction in [0, 1], not a percentage") if
             math.isclose(value, 100 * expected) else
             tr("count the correct predictions (the index of the largest output) of every batch "
                "and divide by the number of items; a mean of the batches' accuracies is not it "
                "when the last batch is smaller"))
    expect_close(value, expected, tr("{name}, compared with the fraction of items the model "
                                     "gets right", name=name), atol=1e-6, cause=cause)


@check(points=2)
def check_accuracy(chapter):
    case = drawn_accuracy_case("public")
    seen = chapter.run(measured_accuracy, case)
    expect_accuracy(seen, case, tr("accuracy(net, loader, device)"))


# ---- held-out accuracy of CNN_v4 ----------------------------------------------------------

TRAINING = {"train images": 3000, "val images": 100, "batch_size": 50, "epochs": 2,
            "statistics images": 400}
HELD_OUT_IMAGES = 600
BELOW_MARK = tr("this check trains your CNN_v4 with the kit's fit (courselib.training.fit) "
                "and Adam (default lr), 2 epochs on 3,000 Shapes-10 images, and measures it on "
                "test images it never saw: it depends on CNN_v4, so fix check_cnn_v4, "
                "check_batch_norm_instances and check_dropout first")

# Calibrated with `python -m grader calibrate ch10` (20 course keys).
# The pass mark sits well below the worst key: after 120 steps the accuracy still varies
# much from one draw to another, and a model that learns nothing gets about 0.1.
HELD_OUT = Threshold("ch10", tr("held-out accuracy of CNN_v4 trained with Adam"),
                     at_least=0.22, calibration=Calibration(seeds=20, worst=0.3117, median=0.5925))


def trained_cnn(code, train_index, val_index, classes, settings):
    """The learner's CNN_v4 trained by courselib's fit with Adam on Shapes-10 training images
    (the class of shape k is classes[k]), exported for held-out evaluation, with the
    history."""
    from courselib.training import fit

    images, labels = shapes10.generate(True)
    images, labels = normalized_batch(torch.from_numpy(images)), torch.from_numpy(labels)

    def part(index):
        return TensorDataset(images[index], classes[labels[index]])

    train_part, val_part = part(train_index), part(val_index)
    train_loader = DataLoader(train_part, batch_size=settings["batch_size"], shuffle=True)
    val_loader = DataLoader(val_part, batch_size=settings["batch_size"], shuffle=False)
    net = code.models.CNN_v4(len(classes))
    optimizer = torch.optim.Adam(net.parameters())
    with captured():
        history = fit(net, optimizer, nn.CrossEntropyLoss(), settings["epochs"], train_loader,
                      val_loader, torch.device("cpu"), np.zeros((0, 5)))
    refresh_batch_norms(net, train_part.tensors[0][:settings["statistics images"]])
    return {"model": exported(net, train_part.tensors[0][:2]), "history": history}


def trained_and_measured(chapter) -> tuple[float, object]:
    """(held-out accuracy, fit's history) of the learner's CNN_v4."""
    g = drawn("held-out training")
    order = torch.randperm(len(shapes10.generate(True)[1]), generator=g)
    n_train, n_val = TRAINING["train images"], TRAINING["val images"]
    classes = torch.randperm(len(shapes10.CLASSES), generator=g)
    seen = chapter.run(trained_cnn, order[:n_train], order[n_train:n_train + n_val], classes,
                       TRAINING)
    model = load_exported(seen["model"], tr("the trained CNN_v4"))
    images, labels = drawn_shapes("held-out images", HELD_OUT_IMAGES, train=False)
    with torch.no_grad():
        outputs = model(images)
    if not isinstance(outputs, torch.Tensor) or tuple(outputs.shape) != (len(images), 10):
        fail(tr("the trained CNN_v4 does not give 10 scores per image"),
             got=describe_type(outputs),
             cause=tr("this check depends on CNN_v4: fix check_cnn_v4 first"))
    if not torch.isfinite(outputs).all():
        return math.nan, seen["history"]
    return float((outputs.argmax(1) == classes[labels]).double().mean()), seen["history"]


@HELD_OUT.measured_by
def held_out_accuracy(chapter) -> float:
    return trained_and_measured(chapter)[0]


@check(points=3, timeout=90,
       relies_on=("check_cnn_v4", "check_dropout", "check_batch_norm_instances"))
def check_held_out_accuracy(chapter):
    accuracy, history = trained_and_measured(chapter)
    curves = np.asarray(history, dtype=float) if isinstance(history, np.ndarray) else None
    if curves is not None and curves.ndim == 2 and np.isfinite(curves).all():
        save_figure("ch10", "learning_curves", save_learning_curves, curves)
    HELD_OUT.judge(accuracy, cause=BELOW_MARK)
