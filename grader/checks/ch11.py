"""Checks for chapter 11: pretrained models, their new heads, and fine-tuning.

The surgery on the course's two big models is judged on the `meta` device: torchvision's
ResNet-18 and VGG-19-BN are built there as structure only (no memory, no weights), the
learner's function changes them there (its new Linear is made on the meta device too), and
hooks record the shapes of a forward pass of a drawn batch of meta images. From that the
grader judges the new head (an nn.Linear with in_features read from the old one, a drawn
number of classes), that the other layers are the same objects as before, the parameter
count, and the shapes: ResNet-18's layer4 [N, 512, 4, 4] at 112 pixels and [N, 512, 7, 7]
at 224, with scores [N, classes] at both; VGG-19-BN's features [N, 512, 7, 7] at 112 once
its last MaxPool is dropped ([N, 512, 3, 3] with it), an avgpool that passes its input on,
the scores [N, classes]. adapt_vgg is also run on the kit's own pretrained VGG-style network
(courselib.backbone.ShapesVGG, whose head takes 256 features, not 4096) with its real
weights: its output is compared with the grader's own forward pass, and every other weight
must still be the pretrained one.

global_average_head is run on drawn feature maps of two sizes and compared with the mean of
each channel through its own Linear layer. The fine-tuning optimizer is judged on what it
holds (every parameter of the network) and on its settings. The transforms are run on drawn
images of other sizes under drawn seeds: both give [3, 112, 112]; the training one mirrors
and erases about half of the images, the validation one gives the plain resize and
normalisation every time; make_loaders must give the augmenting one to the training set
only, and shuffle only that.

The held-out threshold fine-tunes the kit's pretrained ShapesVGG with the learner's
adapt_vgg and make_finetune_optimizer, through the kit's fit (courselib), on drawn training
images of the two classes it never saw, and does the same from random weights; both models
are measured here on Shapes-10 test images that never reach the learner's process: the
pretrained one must pass a mark, and beat the one from scratch by a margin. Only the
course's parameter counts and shapes use course data alone (course_data=True).
"""

import math

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from courselib import backbone, pretrained, shapes10
from courselib.plots import save_learning_curves
from grader import inputs
from grader.check import (check, describe_type, expect_close, expect_tensor, fail,
                          learner_text, shape_text)
from grader.checks.shared import (captured, is_rectangle, one_thread, randint,
                                  refresh_batch_norms)
from grader.figures import save_figure
from grader.heldout import exported, load_exported
from grader.i18n import tr, trn
from grader.thresholds import Calibration, Threshold

SIZE = 112                                  # the course's image size for both models
HEAD_IN = {"resnet18": 512, "resnet50": 2048, "vgg19_bn": 4096}
WITHOUT_HEAD = {"resnet18": 11_689_512 - (512 * 1000 + 1000),
                "resnet50": 25_557_032 - (2048 * 1000 + 1000),
                "vgg19_bn": 143_678_248 - (4096 * 1000 + 1000)}
VGG_FLAT = 512 * 7 * 7                      # what VGG-19-BN's classifier[0] takes
COURSE_COUNTS = {"resnet18": 11_181_642, "vgg19_bn": 139_622_218}

RETURN_NET = tr("change the network given in place and return it (return net): a network "
                "built anew, or a copy, is not the one the caller holds, and a new one has "
                "no pretrained weights")
NEW_HEAD = {"fc": "net.fc = nn.Linear(net.fc.in_features, n_output)",
            "classifier[6]": "net.classifier[6] = nn.Linear(net.classifier[6].in_features, "
                             "n_output)"}
# Templates filled in with .format(new=..., where=...) where they are used.
IN_FEATURES = tr("in_features must be read from the layer it replaces ({new}): it differs "
                 "from one network to another, so a number written in (4096, 512) fits only "
                 "some")
FROM_OUT_FEATURES = tr("the new layer's in_features is the old layer's in_features, not its "
                       "out_features (the 1,000 ImageNet classes): {new}")
OLD_LAYER_KEPT = tr("{where} is still the pretrained layer: changing its out_features does "
                    "not change its weights; give it a new layer: {new}")
OUT_FEATURES = tr("the new layer gives one score per class: out_features is n_output ({new})")
DROP_MAXPOOL = tr("the last MaxPool of features is still there, halving the feature maps once "
                  "more (VGG-19-BN's [N, 512, 7, 7] at 112 pixels become [N, 512, 3, 3]): "
                  "drop it with net.features = net.features[:-1]")
DROP_ONLY_LAST = tr("drop the last layer of features only, its MaxPool2d: net.features = "
                    "net.features[:-1]")
AVGPOOL = tr("net.avgpool must pass the features on to the classifier as they are, whatever "
             "their size (the AdaptiveAvgPool2d resizes them): replace it with nn.Identity()")
ONLY_THREE = tr("adapt_vgg changes three things only (classifier[6], the last layer of "
                "features, avgpool): every other layer stays the same object, with its "
                "pretrained weights")
ONLY_FC = tr("replace net.fc only: every other layer keeps its pretrained weights")
KEEP_WEIGHTS = tr("change the network given, in place: a network built or initialised anew "
                  "inside the function loses the pretrained weights")


def drawn(stream: str) -> torch.Generator:
    return inputs.generator(f"ch11/{stream}")


# ---- probes: they run beside the learner's code and return what they saw ------------------

def meta_model(name: str) -> nn.Module:
    """torchvision's model `name` as structure only, on the meta device."""
    if name in pretrained.WEIGHTS:
        return pretrained.imagenet_model(name, device="meta")
    from torchvision import models

    with torch.device("meta"):
        return getattr(models, name)(weights=None)


def linear_facts(module) -> dict:
    weight = getattr(module, "weight", None)
    return {"type": type(module).__name__, "linear": isinstance(module, nn.Linear),
            "in": getattr(module, "in_features", None),
            "out": getattr(module, "out_features", None),
            "weight": list(weight.shape) if isinstance(weight, torch.Tensor) else None}


def replaced_modules(before: dict, net: nn.Module) -> list[str]:
    """Names of the layers of `before` (modules without submodules: a Sequential rebuilt
    around the same layers changes nothing) that `net` no longer holds at the same place."""
    now = dict(net.named_modules())
    return sorted(name for name, module in before.items()
                  if next(module.children(), None) is None and now.get(name) is not module)


def forward_shapes(net, x: torch.Tensor, watched: dict) -> dict:
    """net(x) with hooks on the `watched` modules: the input and output shapes of their
    last call, the output (its shape for meta tensors), or the error that stopped it."""
    calls, handles = {}, []

    def hook(label):
        def record(module, args, output):
            first = args[0] if args else None
            calls[label] = {"input": shape_of(first), "output": shape_of(output)}
        return record

    for label, module in watched.items():
        if isinstance(module, nn.Module):
            handles.append(module.register_forward_hook(hook(label)))
    seen = {"calls": calls, "shape": None, "output": None, "error": None}
    try:
        with torch.no_grad():
            out = net(x)
        seen["shape"] = shape_of(out)
        if seen["shape"] is None:
            seen["output"] = out
        elif not out.is_meta:
            seen["output"] = out
    except Exception as error:  # explained with the shapes recorded before it
        seen["error"] = f"{type(error).__name__}: {error}"
    finally:
        for handle in handles:
            handle.remove()
    return seen


def shape_of(value):
    return list(value.shape) if isinstance(value, torch.Tensor) else None


def resnet_surgery(code, name, n_output, batch, sizes):
    """replace_resnet_head on torchvision's `name` (meta): what it returned, the new head,
    the modules replaced, the parameter count, and the shapes at each image size."""
    net = meta_model(name)
    before, old_head = dict(net.named_modules()), net.fc
    with torch.device("meta"):
        returned = code.models.replace_resnet_head(net, n_output)
    head = getattr(net, "fc", None)
    facts = {"returned": returned is net, "value": returned_kind(returned),
             "old head": linear_facts(old_head), "head": linear_facts(head),
             "head is old": head is old_head,  # i18n: internal
             "replaced": replaced_modules(before, net),
             "count": sum(p.numel() for p in net.parameters()), "passes": {}}
    for size in sizes:
        x = torch.zeros(batch, 3, size, size, device="meta")
        facts["passes"][str(size)] = forward_shapes(net, x, {"layer4": net.layer4})
    return facts


def vgg_surgery(code, name, n_output, batch, pool_probe):
    """adapt_vgg on torchvision's `name` (meta): what it returned, its new head, what its
    avgpool makes of a tensor of another size, the modules replaced, the count, and the
    shapes at 112 pixels."""
    net = meta_model(name)
    before, old_head = dict(net.named_modules()), net.classifier[6]
    last = len(net.features) - 1
    with torch.device("meta"):
        returned = code.models.adapt_vgg(net, n_output)
    head = classifier_head(net)
    facts = {"returned": returned is net, "value": returned_kind(returned),
             "old head": linear_facts(old_head), "head": linear_facts(head),
             "head is old": head is old_head, "last": f"features.{last}",  # i18n: internal
             "replaced": replaced_modules(before, net),
             "count": sum(p.numel() for p in net.parameters())}
    facts["avgpool"] = forward_shapes(net.avgpool, torch.zeros(pool_probe, device="meta"), {})
    x = torch.zeros(batch, 3, SIZE, SIZE, device="meta")
    facts["pass"] = forward_shapes(net, x, {"features": net.features, "head": head})
    return facts


def returned_kind(value) -> list[str]:
    """What a surgery function returned instead of the network given: [kind, type name],
    put in words by returned_text on the grading side."""
    if value is None:
        return ["none", "NoneType"]
    return ["module" if isinstance(value, nn.Module) else "other", type(value).__name__]


def returned_text(kind: list[str]) -> str:
    """returned_kind's answer in a few words."""
    what, name = kind
    if what == "none":
        return "None"
    if what == "module":
        return tr("another {type} than the network given", type=name)
    return tr("a {type}", type=name)


def classifier_head(net: nn.Module):
    """net.classifier[6], or None where the classifier has no such layer."""
    classifier = getattr(net, "classifier", None)
    return classifier[6] if isinstance(classifier, nn.Sequential) and len(classifier) > 6 else None


def adapted_backbone(code, n_output, x):
    """adapt_vgg on the kit's pretrained ShapesVGG (real weights): what it returned, the
    head, the weights after it and its output on x in evaluation mode."""
    net = backbone.load(build_if_missing=False)
    old_head = net.classifier[6]
    returned = code.models.adapt_vgg(net, n_output)
    if returned is not net:
        return {"returned": False, "value": returned_kind(returned)}
    head = classifier_head(net)
    net.eval()
    return {"returned": True, "head": linear_facts(head),
            "head is old": head is old_head,  # i18n: internal
            "old head": linear_facts(old_head), "state": dict(net.state_dict()),
            "pass": forward_shapes(net, x, {"features": net.features})}


def head_passes(code, in_channels, n_output, batches):
    """global_average_head(in_channels, n_output) on each batch: the shapes its pooling
    layers and Linear layers got and gave, its output, and its Linear layers' weights."""
    head = code.models.global_average_head(in_channels, n_output)
    if not isinstance(head, nn.Module):
        return {"module": False, "value": head}
    pools = [m for m in head.modules() if isinstance(m, POOLS)]
    linears = [m for m in head.modules() if isinstance(m, nn.Linear)]
    watched = {f"pool {i}": m for i, m in enumerate(pools)}
    watched |= {f"linear {i}": m for i, m in enumerate(linears)}
    return {"module": True, "pools": [type(m).__name__ for m in pools],
            "linears": [linear_facts(m) | {"weight value": m.weight, "bias value": m.bias}
                        for m in linears],
            "passes": [forward_shapes(head, x, watched) for x in batches]}


POOLS = (nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool2d, nn.AvgPool2d, nn.MaxPool2d)


# ---- the course's numbers -----------------------------------------------------------------

def course_numbers(code):
    """The parameter counts of the two models with 10-class heads (meta), VGG-19-BN's
    features at [100, 3, 112, 112], and global_average_head(32, 10) on the course's
    [100, 32, 16, 16] (then [100, 32, 8, 8] and [100, 32, 4, 4])."""
    facts = {}
    with torch.device("meta"):
        resnet = code.models.replace_resnet_head(meta_model("resnet18"), 10)
        vgg = code.models.adapt_vgg(meta_model("vgg19_bn"), 10)
    for name, net in (("resnet18", resnet), ("vgg19_bn", vgg)):
        facts[name] = (sum(p.numel() for p in net.parameters()) if isinstance(net, nn.Module)
                       else describe_type(net))
    if isinstance(vgg, nn.Module):
        x = torch.zeros(100, 3, SIZE, SIZE, device="meta")
        facts["vgg features"] = forward_shapes(vgg, x, {"features": vgg.features})
    head = code.models.global_average_head(32, 10)
    if isinstance(head, nn.Module):
        pools = {"pool": m for m in head.modules() if isinstance(m, POOLS)}
        facts["head"] = {str(size): forward_shapes(head, torch.zeros(100, 32, size, size), pools)
                         for size in (16, 8, 4)}
    return facts


@check(points=1, course_data=True)
def check_course_numbers(chapter):
    """ResNet-18 with a 10-class head has 11,181,642 parameters, VGG-19-BN adapted to 10
    classes 139,622,218 and features [100, 512, 7, 7] at 112 pixels; AdaptiveAvgPool2d((1,
    1)) makes [100, 32, 1, 1] of [100, 32, 16, 16], and the head gives [100, 10]."""
    seen = chapter.run(course_numbers)
    for name, function in (("resnet18", "replace_resnet_head"), ("vgg19_bn", "adapt_vgg")):
        count = seen[name]
        if not isinstance(count, int):
            fail(tr("{function} should return the network", function=function), got=count,
                 cause=RETURN_NET)
        if count != COURSE_COUNTS[name]:
            fail(tr("{function} on {name} with 10 classes gives the wrong number of "
                    "parameters (counted with sum(p.numel()))", function=function, name=name),
                 expected=f"{COURSE_COUNTS[name]:,}", got=f"{count:,}",
                 cause=tr("{new}: only the 1,000-class head becomes a 10-class one",
                          new=NEW_HEAD["fc" if name == "resnet18" else "classifier[6]"]))
    features = seen["vgg features"]["calls"].get("features", {}).get("output")
    if features != [100, 512, 7, 7]:
        fail(tr("adapt_vgg(VGG-19-BN, 10): features on [100, 3, 112, 112] give the wrong "
                "shape"), expected="[100, 512, 7, 7]", got=shape_text(features or []),
             cause=DROP_MAXPOOL if features == [100, 512, 3, 3] else DROP_ONLY_LAST)
    if "head" not in seen:
        fail(tr("global_average_head(32, 10) should return an nn.Module"), cause=HEAD_PLAN)
    for size, passed in seen["head"].items():
        pooled = passed["calls"].get("pool", {}).get("output")
        if size == "16" and pooled != [100, 32, 1, 1]:
            fail(tr("global_average_head(32, 10): the pooling of [100, 32, 16, 16] gives the "
                    "wrong shape"), expected="[100, 32, 1, 1]", got=shape_text(pooled or []),
                 cause=ADAPTIVE)
        if passed["shape"] != [100, 10]:
            fail(tr("global_average_head(32, 10) on [100, 32, {size}, {size}] gives the wrong "
                    "shape", size=size), expected="[100, 10]",
                 got=shape_text(passed["shape"] or []), cause=ADAPTIVE)


# ---- the head that takes any size ---------------------------------------------------------

HEAD_PLAN = tr("nn.AdaptiveAvgPool2d((1, 1)), a flatten to [N, in_channels], then "
               "nn.Linear(in_channels, n_output)")
ADAPTIVE = tr("nn.AdaptiveAvgPool2d((1, 1)) makes every channel 1 x 1 whatever the size it "
              "gets (its argument is the size of its output); nn.AvgPool2d's argument is a "
              "kernel size, which keeps the result dependent on the input size. The head: "
              "{plan}", plan=HEAD_PLAN)


def drawn_feature_maps(stream: str) -> tuple[int, int, list[torch.Tensor]]:
    """(in_channels, n_output, two batches of feature maps of two different sizes)."""
    g = drawn(f"head {stream}")
    channels, n_output = randint(6, 40, g), randint(2, 12, g)
    sizes = (randint(2, 7, g), randint(9, 20, g))
    batches = [torch.randn(randint(2, 6, g), channels, size, size, generator=g)
               for size in sizes]
    return channels, n_output, batches


def expect_head_passes(seen: dict, channels: int, n_output: int, batches: list) -> None:
    name = "global_average_head(in_channels, n_output)"
    if not seen["module"]:
        fail(tr("{name} should return an nn.Module", name=name),
             got=describe_type(seen["value"]), cause=HEAD_PLAN)
    if seen["pools"] != ["AdaptiveAvgPool2d"] or len(seen["linears"]) != 1:
        fail(tr("{name} should hold one nn.AdaptiveAvgPool2d and one nn.Linear", name=name),
             got=trn("pooling layers {pools}, {count} Linear layer",
                     "pooling layers {pools}, {count} Linear layers", len(seen["linears"]),
                     pools=seen["pools"]),
             cause=ADAPTIVE if seen["pools"] else HEAD_PLAN)
    linear = seen["linears"][0]
    if (linear["in"], linear["out"]) != (channels, n_output):
        fail(tr("the Linear layer of {name} has the wrong sizes (in_features, out_features)",
                name=name),
             expected=(channels, n_output), got=(linear["in"], linear["out"]),
             cause=tr("nn.Linear(in_channels, n_output): after the pooling each channel is "
                      "one number, whatever the image size"))
    for x, passed in zip(batches, seen["passes"]):
        where = tr("{name} on feature maps {shape}", name=name, shape=shape_text(x.shape))
        pooled = passed["calls"].get("pool 0", {}).get("output")
        if pooled != [len(x), channels, 1, 1]:
            fail(tr("{where}: the pooling gives the wrong shape", where=where),
                 expected=shape_text([len(x), channels, 1, 1]), got=shape_text(pooled or []),
                 cause=ADAPTIVE)
        if passed["error"]:
            fail(tr("{where} failed", where=where), got=learner_text(passed["error"]),
                 cause=HEAD_PLAN)
        out = expect_tensor(passed["output"], where, shape=(len(x), n_output),
                            dtype=torch.float32)
        oracle = (x.double().mean((2, 3)) @ linear["weight value"].double().T
                  + linear["bias value"].double())
        expect_close(out, oracle, tr("{where}, compared with the mean of each channel "
                                     "through its Linear layer", where=where),
                     atol=1e-4, rtol=1e-4,
                     cause=tr("pool with nn.AdaptiveAvgPool2d((1, 1)) (the mean of each "
                              "channel), flatten, then the Linear layer; no softmax"))


@check(points=2)
def check_global_average_head(chapter):
    """global_average_head on feature maps of two drawn sizes: one pooling to 1 x 1, one
    Linear(in_channels, n_output), the mean of each channel through it."""
    channels, n_output, batches = drawn_feature_maps("public")
    seen = chapter.run(head_passes, channels, n_output, batches)
    expect_head_passes(seen, channels, n_output, batches)


# ---- ResNet-18's new head -----------------------------------------------------------------

def drawn_surgery(stream: str) -> tuple[int, int]:
    """(number of classes, batch size), drawn."""
    g = drawn(f"surgery {stream}")
    return randint(2, 200, g), randint(2, 16, g)


def resnet_side(size: int) -> int:
    """The side of ResNet's layer4 output for images of `size` pixels: five stride-2 steps
    (conv1, the max-pool, layer2, layer3, layer4), each rounding up."""
    for _ in range(5):
        size = (size + 1) // 2
    return size


def expect_returned(facts: dict, function: str) -> None:
    if not facts["returned"]:
        fail(tr("{function} did not return the network it was given", function=function),
             got=learner_text(returned_text(facts["value"])), cause=RETURN_NET)


def expect_new_head(facts: dict, where: str, in_features: int, n_output: int) -> None:
    """The new last layer: a new nn.Linear(in_features, n_output)."""
    new = NEW_HEAD[where]
    head, old = facts["head"], facts["old head"]
    if facts["head is old"]:  # i18n: internal
        fail(tr("net.{where} is still the pretrained layer", where=where),
             cause=OLD_LAYER_KEPT.format(where=f"net.{where}", new=new))
    if not head["linear"]:
        fail(tr("the new net.{where} should be an nn.Linear", where=where), got=head["type"],
             cause=new)
    if head["in"] != in_features:
        cause = (FROM_OUT_FEATURES if head["in"] == old["out"] else IN_FEATURES).format(new=new)
        fail(tr("the new net.{where} takes the wrong number of inputs (in_features)",
                where=where), expected=in_features, got=head["in"], cause=cause)
    if head["out"] != n_output or head["weight"] != [n_output, in_features]:
        fail(tr("the new net.{where} gives the wrong number of scores", where=where),
             expected=n_output, got=head["out"], cause=OUT_FEATURES.format(new=new))


def expect_resnet(facts: dict, name: str, n_output: int, batch: int) -> None:
    function = f"replace_resnet_head({name}, n_output)"
    expect_returned(facts, function)
    expect_new_head(facts, "fc", HEAD_IN[name], n_output)
    if facts["replaced"] != ["fc"]:
        fail(tr("{function} changed other layers than fc", function=function),
             got=", ".join(facts["replaced"]), cause=ONLY_FC)
    for size, passed in facts["passes"].items():
        where = tr("{function} on images [N, 3, {size}, {size}]", function=function, size=size)
        if passed["error"]:
            fail(tr("{where} failed", where=where), got=learner_text(passed["error"]),
                 cause=NEW_HEAD["fc"])
        side = resnet_side(int(size))
        layer4 = passed["calls"].get("layer4", {}).get("output")
        if name == "resnet18" and layer4 != [batch, 512, side, side]:
            fail(tr("{where}: layer4 gives the wrong shape", where=where),
                 expected=shape_text([batch, 512, side, side]), got=shape_text(layer4 or []),
                 cause=ONLY_FC)
        if passed["shape"] != [batch, n_output]:
            fail(tr("{where} gives scores of the wrong shape", where=where),
                 expected=shape_text([batch, n_output]), got=shape_text(passed["shape"] or []),
                 cause=NEW_HEAD["fc"])
    expected = WITHOUT_HEAD[name] + HEAD_IN[name] * n_output + n_output
    if facts["count"] != expected:
        fail(tr("{function} has the wrong number of parameters", function=function),
             expected=expected, got=facts["count"], cause=ONLY_FC)


@check(points=2)
def check_resnet_head(chapter):
    """replace_resnet_head on ResNet-18 (meta): a new Linear(512, n_output) as fc, nothing
    else changed, layer4 [N, 512, 4, 4] at 112 and [N, 512, 7, 7] at 224 (and of its size at
    a drawn size), scores [N, n] at all three: the adaptive pooling takes any size."""
    n_output, batch = drawn_surgery("resnet18")
    sizes = (112, 224, randint(64, 320, drawn("resnet18 image size")))
    facts = chapter.run(resnet_surgery, "resnet18", n_output, batch, sizes)
    expect_resnet(facts, "resnet18", n_output, batch)


# ---- VGG-19-BN's surgery ------------------------------------------------------------------

def drawn_pool_probe(g: torch.Generator) -> list[int]:
    """A tensor shape avgpool must pass on unchanged: 512 channels of a side other than 7."""
    return [1, 512, randint(2, 6, g), randint(8, 12, g)]


@check(points=3)
def check_vgg_surgery(chapter):
    """adapt_vgg on VGG-19-BN (meta): a new Linear(4096, n_output) as classifier[6], the
    last MaxPool dropped (features [N, 512, 7, 7] at 112 pixels), avgpool passing its input
    on, nothing else changed, scores [N, n]."""
    n_output, batch = drawn_surgery("vgg19_bn")
    pool_probe = drawn_pool_probe(drawn("avgpool probe"))
    facts = chapter.run(vgg_surgery, "vgg19_bn", n_output, batch, pool_probe)
    function = "adapt_vgg(VGG-19-BN, n_output)"
    expect_returned(facts, function)
    expect_new_head(facts, "classifier[6]", HEAD_IN["vgg19_bn"], n_output)
    passed = facts["pass"]
    features = passed["calls"].get("features", {}).get("output")
    if features != [batch, 512, 7, 7]:
        fail(tr("{function}: features on images [N, 3, 112, 112] give the wrong shape",
                function=function),
             expected=shape_text([batch, 512, 7, 7]), got=shape_text(features or []),
             cause=DROP_MAXPOOL if features == [batch, 512, 3, 3] else DROP_ONLY_LAST)
    if facts["last"] not in facts["replaced"]:
        fail(tr("{function} kept the last layer of features", function=function),
             cause=DROP_MAXPOOL)
    pooled = facts["avgpool"]
    if pooled["error"]:
        fail(tr("{function}: net.avgpool failed on features {shape}", function=function,
                shape=shape_text(pool_probe)),
             got=learner_text(pooled["error"]), cause=AVGPOOL)
    if pooled["shape"] != pool_probe:
        fail(tr("{function}: net.avgpool changes the size of what it gets", function=function),
             expected=shape_text(pool_probe), got=shape_text(pooled["shape"] or []),
             cause=AVGPOOL)
    allowed = {facts["last"], "avgpool", "classifier.6"}
    others = [name for name in facts["replaced"] if name not in allowed]
    if others:
        fail(tr("{function} changed other layers", function=function), got=", ".join(others),
             cause=ONLY_THREE)
    if passed["error"]:
        fail(tr("{function} failed on images [N, 3, 112, 112]", function=function),
             got=learner_text(passed["error"]), cause=ONLY_THREE)
    if passed["shape"] != [batch, n_output]:
        fail(tr("{function} on images [N, 3, 112, 112] gives scores of the wrong shape",
                function=function),
             expected=shape_text([batch, n_output]), got=shape_text(passed["shape"] or []),
             cause=NEW_HEAD["classifier[6]"])
    expected = WITHOUT_HEAD["vgg19_bn"] + HEAD_IN["vgg19_bn"] * n_output + n_output
    if facts["count"] != expected:
        fail(tr("{function} has the wrong number of parameters", function=function),
             expected=expected, got=facts["count"], cause=ONLY_THREE)


# ---- adapt_vgg on the kit's pretrained VGG-style network ----------------------------------

BACKBONE_HEAD_IN = 256


def backbone_oracle(x: torch.Tensor, head_weight, head_bias) -> torch.Tensor:
    """The pretrained ShapesVGG after the course's surgery, with the given head, in
    evaluation mode, on x: features without the last MaxPool, flattened, classifier."""
    net = backbone.load()
    net.classifier[6] = nn.Linear(BACKBONE_HEAD_IN, len(head_bias))
    with torch.no_grad():
        net.classifier[6].weight.copy_(head_weight)
        net.classifier[6].bias.copy_(head_bias)
        return net.classifier(torch.flatten(net.features[:-1](x), 1))


def expect_pretrained_weights(state: dict) -> None:
    """Every weight and running statistic of the pretrained ShapesVGG but the head's is the
    same after adapt_vgg."""
    for name, value in backbone.load().state_dict().items():
        if name.startswith("classifier.6."):
            continue
        got = state.get(name)
        if not isinstance(got, torch.Tensor) or not torch.equal(got, value):
            fail(tr("adapt_vgg changed the pretrained weights of the network it was given"),
                 got=tr("{name} missing", name=name) if got is None else tr(
                     "{name} changed", name=name), cause=KEEP_WEIGHTS)


@check(points=2)
def check_adapt_vgg_on_pretrained_backbone(chapter):
    """adapt_vgg on the kit's pretrained ShapesVGG (a VGG-style network whose head takes 256
    features): a new Linear(256, n_output), the pretrained weights kept, and the output of
    the course's surgery on images [N, 3, 32, 32]."""
    backbone.load()  # built here if missing: the learner's process may not write data/
    g = drawn("backbone surgery")
    n_output = randint(2, 12, g)
    x = torch.rand(randint(3, 8, g), 3, 32, 32, generator=g) * 2 - 1
    facts = chapter.run(adapted_backbone, n_output, x)
    function = "adapt_vgg(ShapesVGG, n_output)"
    expect_returned(facts, function)
    expect_new_head(facts, "classifier[6]", BACKBONE_HEAD_IN, n_output)
    expect_pretrained_weights(facts["state"])
    passed = facts["pass"]
    features = passed["calls"].get("features", {}).get("output")
    if features != [len(x), 64, 8, 8]:
        fail(tr("{function}: features on images [N, 3, 32, 32] give the wrong shape",
                function=function),
             expected=shape_text([len(x), 64, 8, 8]), got=shape_text(features or []),
             cause=DROP_MAXPOOL if features == [len(x), 64, 4, 4] else DROP_ONLY_LAST)
    if passed["error"]:
        fail(tr("{function} failed on images [N, 3, 32, 32]", function=function),
             got=learner_text(passed["error"]), cause=ONLY_THREE)
    out = expect_tensor(passed["output"], tr("{function} on images [N, 3, 32, 32]",
                                             function=function),
                        shape=(len(x), n_output), dtype=torch.float32)
    expected = backbone_oracle(x, facts["state"]["classifier.6.weight"],
                               facts["state"]["classifier.6.bias"])
    expect_close(out, expected, tr("{function} on images [N, 3, 32, 32], compared with the "
                                   "course's surgery", function=function),
                 atol=1e-4, rtol=1e-4, cause=f"{DROP_MAXPOOL}; {AVGPOOL}")


# ---- the fine-tuning optimizer ------------------------------------------------------------

def adapted_structure() -> nn.Module:
    """ShapesVGG after the course's surgery, on the meta device (the optimizer needs no
    values)."""
    with torch.device("meta"):
        net = backbone.ShapesVGG()
        net.classifier[6] = nn.Linear(BACKBONE_HEAD_IN, 2)
    net.features, net.avgpool = net.features[:-1], nn.Identity()
    return net


def finetune_optimizer_facts(code, lr):
    """make_finetune_optimizer(net) and make_finetune_optimizer(net, lr=lr): the class, the
    settings, the names of the parameters it holds, and those left frozen."""
    facts = {}
    for given in (None, lr):
        net = adapted_structure()
        names = {id(p): name for name, p in net.named_parameters()}
        if given is None:
            optimizer = code.training.make_finetune_optimizer(net)
        else:
            optimizer = code.training.make_finetune_optimizer(net, lr=given)
        groups = getattr(optimizer, "param_groups", None)
        key = "default" if given is None else "given"
        if not isinstance(optimizer, torch.optim.Optimizer) or not groups:
            facts[key] = {"value": optimizer}
            continue
        facts[key] = {
            "class": type(optimizer).__name__, "sgd": isinstance(optimizer, torch.optim.SGD),
            "settings": [{setting: group.get(setting) for setting in
                          ("lr", "momentum", "nesterov", "weight_decay", "dampening")}
                         for group in groups],
            "held": sorted(names.get(id(p), "(not the network's)")  # i18n: internal
                           for group in groups for p in group["params"]),
            "all": sorted(names.values()),
            "frozen": sorted(name for name, p in net.named_parameters() if not p.requires_grad)}
    return facts


FINE_TUNING = tr("fine-tuning trains every layer from its pretrained values: "
                 "optim.SGD(net.parameters(), lr=lr, momentum=0.9)")
TRANSFER = tr("the optimizer holds the new head's parameters only, which is transfer learning "
              "(the rest stays as it was): {plan}", plan=FINE_TUNING)


def expect_finetune_optimizer(facts: dict, name: str, lr: float) -> None:
    if "class" not in facts:
        fail(tr("{name} should return a torch.optim optimizer", name=name),
             got=describe_type(facts["value"]), cause=FINE_TUNING)
    if not facts["sgd"]:
        fail(tr("{name} built the wrong optimizer", name=name), expected="SGD",
             got=facts["class"], cause=FINE_TUNING)
    if facts["frozen"]:
        fail(tr("{name} froze parameters of the network (requires_grad False)", name=name),
             got=", ".join(facts["frozen"][:4]), cause=FINE_TUNING)
    held, every = facts["held"], facts["all"]
    if held != every:
        head_only = held and all(p.startswith("classifier.6.") for p in held)
        fail(tr("{name} does not hold every parameter of the network, once", name=name),
             expected=trn("{count} parameter tensor", "{count} parameter tensors", len(every)),
             got=f"{len(held)}", cause=TRANSFER if head_only else FINE_TUNING)
    for settings in facts["settings"]:
        if not math.isclose(settings["lr"] or 0.0, lr, rel_tol=1e-6):
            fail(tr("{name} has the wrong learning rate", name=name), expected=lr,
                 got=settings["lr"],
                 cause=tr("use the lr given (0.001 by default): {plan}", plan=FINE_TUNING))
        if not math.isclose(settings["momentum"] or 0.0, 0.9):
            fail(tr("{name} has the wrong momentum", name=name), expected=0.9,
                 got=settings["momentum"], cause=FINE_TUNING)
        if settings["nesterov"] or settings["weight_decay"] or settings["dampening"]:
            fail(tr("{name} has settings the course does not use (nesterov, weight_decay, "
                    "dampening)", name=name), cause=FINE_TUNING)


@check(points=2)
def check_finetune_optimizer(chapter):
    """make_finetune_optimizer: SGD over every parameter, lr 0.001 (or the one given),
    momentum 0.9."""
    lr = round(float(inputs.rng("ch11/optimizer lr").uniform(0.0002, 0.05)), 5)
    seen = chapter.run(finetune_optimizer_facts, lr)
    expect_finetune_optimizer(seen["default"], "make_finetune_optimizer(net)", 0.001)
    expect_finetune_optimizer(seen["given"], "make_finetune_optimizer(net, lr=lr)", lr)


# ---- transforms and loaders ---------------------------------------------------------------

TRAIN_PLAN = tr("Resize(112), RandomHorizontalFlip(p=0.5), ToTensor(), Normalize(0.5, 0.5), "
                "RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0), in this "
                "order")
VALIDATION_PLAN = "Resize(112), ToTensor(), Normalize(0.5, 0.5)"
VALIDATION_AUGMENTED = tr("training transforms on validation data: augmentation goes on the "
                          "training data only; the validation data measures the model on the "
                          "images as they are ({plan})", plan=VALIDATION_PLAN)
ERASED_BEFORE_NORMALIZE = tr("the erased pixels hold -1 after normalisation: RandomErasing ran "
                             "before Normalize(0.5, 0.5), which turned its 0 into -1; put it "
                             "last, after Normalize, as the course does")
# Of DRAWS draws with probability 0.5 each, the ranges below hold with probability
# 1 - 1e-5 (RandomErasing gives up on a few rectangles that do not fit, which lowers its
# rate a little).
DRAWS, MIRRORED, ERASED = 40, (8, 32), (6, 32)
ERASED_AREA = (0.015, 0.34)
TOLERANCE = 0.01  # a resize of the tensor rather than of the PIL image differs by a level


def drawn_pictures(stream: str, count: int) -> list[torch.Tensor]:
    """Square RGB images (uint8 [s, s, 3]) of drawn sides other than 112, of drawn pixels
    1..255: after ToTensor and Normalize(0.5, 0.5) no pixel is exactly 0 or -1."""
    g = drawn(f"{stream} images")
    return [torch.randint(1, 256, (side, side, 3), generator=g, dtype=torch.uint8)
            for side in (randint(16, 40, g), randint(48, 96, g))[:count]]


def drawn_seeds(stream: str, count: int) -> list[int]:
    return torch.randint(0, 2 ** 31, (count,), generator=drawn(f"{stream} seeds")).tolist()


def course_view(image: torch.Tensor) -> torch.Tensor:
    """Resize(112), ToTensor, Normalize(0.5, 0.5) of a uint8 image [s, s, 3], done here with
    PIL's bilinear resize, as torchvision's Resize does it on PIL images (the grading
    process need not import torchvision)."""
    from PIL import Image

    resized = Image.fromarray(image.numpy()).resize((SIZE, SIZE), Image.BILINEAR)
    pixels = torch.from_numpy(np.asarray(resized).copy()).permute(2, 0, 1).float() / 255
    return (pixels - 0.5) / 0.5


def draws_of(transform, image, seeds):
    from PIL import Image

    picture = Image.fromarray(image.numpy())
    outputs = []
    for seed in seeds:
        torch.manual_seed(seed)
        outputs.append(transform(picture))
    return stacked(outputs)


def stacked(values: list):
    """`values` as one tensor where they are tensors of one shape and dtype: one tensor
    crosses from the isolated learner process in a fraction of the time of many."""
    first = values[0] if values else None
    if isinstance(first, torch.Tensor) and all(
            isinstance(v, torch.Tensor) and v.shape == first.shape and v.dtype == first.dtype
            for v in values):
        return torch.stack([v.detach() for v in values])
    return values


def transformed(code, images, train_seeds, validation_seeds):
    """make_transforms(): the training transform on the first image under each of
    train_seeds, the validation one on each image under each of validation_seeds."""
    made = code.data.make_transforms()
    if not isinstance(made, (tuple, list)) or len(made) != 2:
        return {"value": made}
    transform_train, transform = made
    return {"train": draws_of(transform_train, images[0], train_seeds),
            "validation": [draws_of(transform, image, validation_seeds) for image in images]}


def read_draw(value, image: torch.Tensor, name: str) -> dict:
    """What a transform made of `image`: {"mirrored", "erased" (the pixels set to 0),
    "erased -1" (those set to -1)}; fails where it did anything else."""
    if isinstance(value, torch.Tensor) and value.dim() == 3 and list(value.shape[1:]) == [
            image.shape[0]] * 2:
        fail(tr("{name} gives an image of the size it got", name=name),
             expected=shape_text([3, SIZE, SIZE]), got=shape_text(value.shape),
             cause=tr("transforms.Resize(112) first: the pretrained models take 112 x 112 "
                      "images here"))
    y = expect_tensor(value, name, shape=(3, SIZE, SIZE), dtype=torch.float32)
    plain = course_view(image)
    zero, minus = (y == 0).all(0), (y == -1).all(0)
    rest = ~(zero | minus)
    for mirrored, candidate in ((False, plain), (True, plain.flip(-1))):
        if torch.allclose(y[:, rest], candidate[:, rest], atol=TOLERANCE, rtol=0):
            return {"mirrored": mirrored, "erased": zero, "erased -1": minus}
    in_unit_range = any(torch.allclose(y[:, rest], ((c + 1) / 2)[:, rest], atol=TOLERANCE,
                                       rtol=0) for c in (plain, plain.flip(-1)))
    fail(tr("{name} changed the image in another way than resizing, mirroring and erasing",
            name=name),
         cause=tr("the values are in [0, 1]: add transforms.Normalize(0.5, 0.5) after ToTensor")
         if in_unit_range else tr("the training transform is {train}; the validation one "
                                  "{validation}", train=TRAIN_PLAN, validation=VALIDATION_PLAN))


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
             cause="transforms.RandomHorizontalFlip(p=0.5): " + TRAIN_PLAN)
    erased = [draw["erased"] for draw in draws if draw["erased"].any()]
    if not ERASED[0] <= len(erased) <= ERASED[1]:
        fail(trn("{name} should erase a rectangle in about half of the images (of {count} "
                 "draw)", "{name} should erase a rectangle in about half of the images (of "
                 "{count} draws)", len(draws), name=name),
             expected=tr("{low} to {high}", low=ERASED[0], high=ERASED[1]), got=len(erased),
             cause=tr("transforms.RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), "
                      "value=0), last"))
    for mask in erased:
        area = float(mask.double().mean())
        if not is_rectangle(mask) or not ERASED_AREA[0] <= area <= ERASED_AREA[1]:
            fail(tr("{name} erased something else than one rectangle of 2% to 33% of the "
                    "image", name=name),
                 cause=tr("transforms.RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, "
                          "3.3), value=0), last, on the 112 x 112 tensor"))


def expect_plain_draws(draws: list[dict], name: str) -> None:
    if any(draw["mirrored"] or draw["erased"].any() or draw["erased -1"].any()
           for draw in draws):
        fail(tr("{name} mirrored or erased the image", name=name), cause=VALIDATION_AUGMENTED)


@check(points=2)
def check_transforms(chapter):
    """make_transforms on drawn images of other sizes: both give [3, 112, 112]; the training
    one mirrors about half of the images and erases a rectangle to 0 in about half; the
    validation one gives the plain resize and normalisation every time."""
    images = drawn_pictures("transforms", 2)
    train_seeds, validation_seeds = drawn_seeds("train", DRAWS), drawn_seeds("validation", 4)
    seen = chapter.run(transformed, images, train_seeds, validation_seeds)
    if "train" not in seen:
        fail(tr("make_transforms() should return two transforms, (transform_train, "
                "transform)"),
             got=describe_type(seen["value"]),
             cause=tr("training: {train}; validation: {validation}", train=TRAIN_PLAN,
                      validation=VALIDATION_PLAN))
    for image, outputs in zip(images, seen["validation"]):
        name = tr("the validation transform on a {height} x {width} image",
                  height=image.shape[0], width=image.shape[1])
        expect_plain_draws([read_draw(value, image, name) for value in outputs], name)
    name = tr("the training transform on a {height} x {width} image",
              height=images[0].shape[0], width=images[0].shape[1])
    expect_training_draws([read_draw(value, images[0], name) for value in seen["train"]], name)


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
            "train": getattr(dataset, "train", None),
            "orders": [torch.tensor(list(loader.sampler)) for _ in range(2)],
            "transformed": draws_of(transform, image, seeds) if transform else None})
    return facts


SWAPPED = tr("return (train_loader, test_loader), in that order")
LOADERS = tr("train_loader over cifar10(train=True, transform=transform_train), test_loader "
             "over cifar10(train=False, transform=transform), with make_transforms()'s two")


def expect_loader(facts: dict, which: str, batch_size: int, image: torch.Tensor) -> None:
    training = which == "training"
    name = (tr("the training loader of make_loaders") if training else
            tr("the test loader of make_loaders"))
    if facts["batch_size"] != batch_size:
        fail(tr("{name} serves batches of the wrong size", name=name), expected=batch_size,
             got=facts["batch_size"], cause="DataLoader(..., batch_size=batch_size)")
    if facts["train"] is not training:
        fail(tr("{name} does not serve the training part of the data", name=name) if training
             else tr("{name} does not serve the test part of the data", name=name),
             expected=f"train={training}", got=f"train={facts['train']}",
             cause=SWAPPED if facts["train"] is (not training) else LOADERS)
    if facts["transformed"] is None:
        fail(tr("the data set of {name} has no transform", name=name), cause=LOADERS)
    transform = tr("the transform of {name}", name=name)
    draws = [read_draw(value, image, transform) for value in facts["transformed"]]
    if training and not any(d["mirrored"] or d["erased"].any() for d in draws):
        fail(tr("{name} does not augment its images", name=name), cause=LOADERS)
    if not training:
        expect_plain_draws(draws, transform)
    orders = facts["orders"]
    in_order = [torch.equal(order, torch.arange(len(order))) for order in orders]
    if training and (in_order[0] or torch.equal(orders[0], orders[1])):
        fail(tr("{name} does not shuffle", name=name),
             cause=tr("shuffle=True for the training loader"))
    if not training and not all(in_order):
        fail(tr("{name} shuffles", name=name),
             cause=tr("shuffle=False for the test loader: evaluation needs no shuffling"))


@check(points=2, relies_on=("check_transforms",))
def check_loaders(chapter):
    """make_loaders: the training part with the augmenting transform, shuffled; the test
    part with the plain one, in order; batches of the size given."""
    batch_size = randint(10, 90, drawn("loaders"))
    image, seeds = drawn_pictures("loaders", 1)[0], drawn_seeds("loaders", 12)
    seen = chapter.run(loader_facts, batch_size, image, seeds)
    if not isinstance(seen["loaders"], (tuple, list)):
        fail(tr("make_loaders should return two loaders"), got=describe_type(seen["loaders"]),
             cause=SWAPPED)
    for which, facts in zip(("training", "test"), seen["loaders"]):
        expect_loader(facts, which, batch_size, image)


# ---- held-out accuracy of fine-tuning -----------------------------------------------------

TRAINING = {"train images": 160, "val images": 20, "batch_size": 10, "epochs": 4}
STARTS = ("pretrained", "scratch")
BELOW_MARK = tr("this check fine-tunes the kit's pretrained ShapesVGG on two classes it never "
                "saw, with your adapt_vgg and make_finetune_optimizer and the kit's fit (4 "
                "epochs on 160 images), and measures it on test images it never saw: it "
                "depends on them, so fix check_adapt_vgg_on_pretrained_backbone and "
                "check_finetune_optimizer first")
NO_GAIN = tr("fine-tuning the pretrained network should beat the same training from random "
             "weights by far: {keep}; {plan}", keep=KEEP_WEIGHTS, plan=FINE_TUNING)

# Calibrated with `python -m grader calibrate ch11 --seeds 20` (20 course keys).
HELD_OUT = Threshold("ch11", tr("held-out accuracy of the fine-tuned pretrained ShapesVGG"),
                     at_least=0.75, calibration=Calibration(seeds=20, worst=0.8150, median=0.8925))
GAIN = Threshold("ch11", tr("held-out accuracy gained over training from scratch"),
                 at_least=0.15, calibration=Calibration(seeds=20, worst=0.2750, median=0.3700))


def finetuned(code, train_index, val_index, n_output, classes, seed, settings):
    """The pretrained ShapesVGG and a random one, each adapted by adapt_vgg to n_output
    classes, trained by the kit's fit with make_finetune_optimizer on the target classes'
    images (the class of target k is classes[k]), exported for held-out evaluation, with
    fit's histories."""
    from courselib.training import fit

    images, labels = backbone.images_of(backbone.TARGET_CLASSES, train=True)
    labels = classes[labels]
    train_part = TensorDataset(images[train_index], labels[train_index])
    val_part = TensorDataset(images[val_index], labels[val_index])
    results = {}
    with one_thread():
        for start in STARTS:
            torch.manual_seed(seed)  # both starts see the same head and the same batches
            net = backbone.load(build_if_missing=False) if start == "pretrained" else (
                backbone.ShapesVGG())
            net = code.models.adapt_vgg(net, n_output)
            if not isinstance(net, nn.Module):
                return {"adapt_vgg": net}
            optimizer = code.training.make_finetune_optimizer(net)
            if not isinstance(optimizer, torch.optim.Optimizer):
                return {"make_finetune_optimizer": optimizer}
            train_loader = DataLoader(train_part, batch_size=settings["batch_size"],
                                      shuffle=True)
            val_loader = DataLoader(val_part, batch_size=settings["batch_size"])
            with captured():
                history = fit(net, optimizer, nn.CrossEntropyLoss(), settings["epochs"],
                              train_loader, val_loader, torch.device("cpu"), np.zeros((0, 5)))
            # Running statistics lag behind weights that move fast over 64 steps: averaged
            # anew over the training images, as a longer training would make them.
            refresh_batch_norms(net, train_part.tensors[0])
            results[start] = {"model": exported(net, images[:2]), "history": history}
    return results


def trained_and_measured(chapter) -> dict:
    """{start: (held-out accuracy, fit's history)} for the pretrained and random starts."""
    backbone.load()  # built here if missing: the learner's process may not write data/
    g = drawn("fine-tuning")
    count = shapes10.PER_CLASS[True] * len(backbone.TARGET_CLASSES)
    index = torch.randperm(count, generator=g)
    n_train, n_val = TRAINING["train images"], TRAINING["val images"]
    # The two classes get drawn places among a drawn number of outputs, so that a model
    # trained for other inputs (the public ones, replayed) does not pass under a secret.
    n_output = randint(2, 10, g)
    classes = torch.randperm(n_output, generator=g)[:len(backbone.TARGET_CLASSES)]
    seed = int(torch.randint(0, 2 ** 31, (), generator=g))
    seen = chapter.run(finetuned, index[:n_train], index[n_train:n_train + n_val], n_output,
                       classes, seed, TRAINING)
    if "adapt_vgg" in seen:
        fail(tr("adapt_vgg did not return a network"), got=describe_type(seen["adapt_vgg"]),
             cause=RETURN_NET + "; " + BELOW_MARK)
    if "make_finetune_optimizer" in seen:
        fail(tr("make_finetune_optimizer did not return an optimizer"),
             got=describe_type(seen["make_finetune_optimizer"]), cause=BELOW_MARK)
    images, labels = backbone.images_of(backbone.TARGET_CLASSES, train=False)
    model_names = {"pretrained": tr("the fine-tuned ShapesVGG (pretrained)"),
                   "scratch": tr("the fine-tuned ShapesVGG (scratch)")}
    results = {}
    for start in STARTS:
        model = load_exported(seen[start]["model"], model_names[start])
        with torch.no_grad():
            outputs = model(images)
        if not isinstance(outputs, torch.Tensor) or tuple(outputs.shape) != (len(images),
                                                                             n_output):
            fail(tr("the fine-tuned ShapesVGG does not give n_output scores per image"),
                 got=describe_type(outputs), cause=BELOW_MARK)
        accuracy = (float((outputs.argmax(1) == classes[labels]).double().mean())
                    if torch.isfinite(outputs).all() else math.nan)
        results[start] = (accuracy, seen[start]["history"])
    return results


@HELD_OUT.measured_by
def held_out_accuracy(chapter) -> float:
    return trained_and_measured(chapter)["pretrained"][0]


@GAIN.measured_by
def gain_over_scratch(chapter) -> float:
    results = trained_and_measured(chapter)
    return results["pretrained"][0] - results["scratch"][0]


@check(points=3, timeout=120, relies_on=("check_vgg_surgery",
                                         "check_adapt_vgg_on_pretrained_backbone",
                                         "check_finetune_optimizer"))
def check_finetuned_accuracy(chapter):
    """Fine-tuning the pretrained backbone with adapt_vgg and make_finetune_optimizer
    reaches the pass mark on held-out images, and beats the same training from random
    weights by a margin."""
    results = trained_and_measured(chapter)
    accuracy, history = results["pretrained"]
    curves = np.asarray(history, dtype=float) if isinstance(history, np.ndarray) else None
    if curves is not None and curves.ndim == 2 and np.isfinite(curves).all():
        save_figure("ch11", "learning_curves", save_learning_curves, curves)
    HELD_OUT.judge(accuracy, cause=BELOW_MARK + "; " + NO_GAIN)
    GAIN.judge(accuracy - results["scratch"][0], cause=NO_GAIN)
