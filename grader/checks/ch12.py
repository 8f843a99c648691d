"""Checks for chapter 12: image folders, fine-tuning and transfer learning.

The course's parameter counts are judged on the `meta` device: torchvision's VGG-19-BN is
built there as structure only, the learner's functions change it there (their new Linear is
made there too), and hooks record the shapes of a forward pass of meta images at 224 pixels.

The surgery is judged on the kit's ShapesVGG (courselib.backbone, VGG's layout in small, its
head taking 256 features, not 4096) with weights drawn here, for a drawn number of classes,
with a drawn batch of 64 x 64 images (the size at which ShapesVGG's features fit its
classifier, as VGG-19-BN's do at 224): the new head (an nn.Linear with in_features read from
the old one), an avgpool that passes its input on, the features kept with their last
MaxPool, the pretrained weights kept (their sums against the grader's own copy of the
network), what requires grad, what the optimizer holds and its settings; then one training
step is taken beside the learner's code and every parameter is compared with what it was:
in transfer learning the frozen ones must be unchanged and the head's changed, in
fine-tuning every one that got a gradient must change. The hidden checks do the same on a
VGG-style network of drawn sizes, and give make_datasets a pathlib.Path.

The transforms run on drawn images. The validation one is compared with torchvision's
Resize(256), CenterCrop(224), ToTensor, Normalize(0.5, 0.5) built here, under several seeds.
The training one gets an image whose red channel grows from left to right, whose green
channel grows from top to bottom (or the other way) and whose blue is a drawn constant, under
drawn seeds: from each output the grader reads whether it was mirrored (the red ramp falls),
how much of the image the crop took (the ramps' ranges), and the rectangle erased to 0.
make_datasets reads a tree of PNG files the probe writes in a temporary folder (drawn class
names, counts and image sizes); its items are compared with the validation transform of the
images written. make_loaders serves numbered items.

The held-out threshold trains, with the learner's prepare_transfer and the kit's fit, the
kit's pretrained ShapesVGG on drawn Shapes-10 training images of the two classes it never
saw (upscaled to 64 pixels; the two classes at drawn places among a drawn number of
outputs), and the same from random weights; both are measured here on Shapes-10 test images
that never reach the learner's process: transfer learning must reach a calibrated accuracy
and beat the random start by a calibrated margin. Graders always use the kit's images, never
the ants/bees photos. Only the course's parameter counts use course data alone
(course_data=True).
"""

import contextlib
import math
import os
import shutil
import tempfile

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from courselib import backbone, pretrained
from courselib.plots import save_learning_curves, show_images_labels
from grader import inputs
from grader.check import check, describe_type, expect_tensor, fail, learner_text, shape_text
from grader.checks.shared import captured, is_rectangle, one_thread, randint
from grader.figures import save_figure
from grader.heldout import exported, load_exported
from grader.i18n import tr, trn
from grader.thresholds import Calibration, Threshold

SIZE, RESIZE = 224, 256             # the pretrained models' input; validation resizes first
KIT_SIZE = 64                       # ShapesVGG's features fit its classifier at 64 pixels
LR, MOMENTUM = 0.001, 0.9
COURSE_FINETUNING = 139_589_442     # VGG-19-BN with a 2-class head
COURSE_TRAINABLE = 4096 * 2 + 2     # 8,194: its head, all that trains in transfer learning
VGG_FLAT = 512 * 7 * 7              # what VGG-19-BN's classifier[0] takes
KIT_HEAD_IN = 256                   # ShapesVGG's classifier[6].in_features
PULLED = 1e-4                       # a gradient that moves a weight by lr * PULLED at least

RETURN_PAIR = tr("return (net, optimizer): the network prepared and the optimizer that trains "
                 "it")
NEW_HEAD = "net.classifier[6] = nn.Linear(net.classifier[6].in_features, n_output)"
IN_FEATURES = tr("in_features must be read from the layer it replaces "
                 "(net.classifier[6].in_features): it differs from one VGG-style network to "
                 "another (4096 in VGG-19-BN, 256 in the kit's ShapesVGG), so a number "
                 "written in fits only some")
N_OUTPUT = tr("the new head needs one output per class: nn.Linear(in_features, n_output), "
              "with the n_output given (the course's 2 is only the default)")
SAME_OLD_HEAD = tr("classifier[6] is still the pretrained layer: changing its out_features "
                   "changes neither its weights nor its outputs; give it a new layer, {new}",
                   new=NEW_HEAD)
AVGPOOL = tr("net.avgpool must pass its input on unchanged: net.avgpool = nn.Identity() (at "
             "224 pixels the features are already the size the classifier takes)")
KEEP_MAXPOOL = tr("features must stay as they are, with their last MaxPool2d: at 224 pixels "
                  "VGG-19-BN's features give [N, 512, 7, 7], which the classifier takes; "
                  "dropping the last MaxPool (chapter 11's surgery, for 112 pixels) doubles "
                  "that to 14 x 14")
KEEP_WEIGHTS = tr("change the network given, in place: a network built or initialised anew "
                  "inside the function loses the pretrained weights")
HEAD_FROZEN = tr("the new head is frozen too: the parameters were frozen after the head was "
                 "replaced; freeze every parameter first (for param in net.parameters(): "
                 "param.requires_grad = False), then replace classifier[6]: a new layer's "
                 "parameters require grad, so it is then the only part that trains")
NOT_FROZEN = tr("every parameter of the pretrained network must be frozen before the head is "
                "replaced: for param in net.parameters(): param.requires_grad = False (an "
                "assignment with =; `param.requires_grad == False` only compares and changes "
                "nothing), on the network itself, not on a copy")
ONLY_HEAD = tr("give the optimizer the head's parameters only: optim.SGD(net.classifier[6]."
               "parameters(), lr=0.001, momentum=0.9); net.parameters() hands it every frozen "
               "parameter too")
OPTIMIZER_TOO_EARLY = tr("create the optimizer after replacing the head: made before, it "
                         "holds the old head's parameters, which are no longer in the "
                         "network, and not the new head's")
ALL_TRAIN = tr("fine-tuning trains every parameter, from the pretrained weights: freeze "
               "nothing, and give the optimizer all of them, optim.SGD(net.parameters(), "
               "lr=0.001, momentum=0.9), made after the head is replaced")
SGD_SETTINGS = tr("optim.SGD(..., lr=0.001, momentum=0.9), as the course trains pretrained "
                  "models")


def drawn(stream: str) -> torch.Generator:
    return inputs.generator(f"ch12/{stream}")


# ---- probes: they run beside the learner's code and return what they saw ------------------

@contextlib.contextmanager
def torch_state_kept():
    """Code written as the course writes it calls torch_seed(), which switches deterministic
    algorithms on for the rest of the process: put torch's switches back afterwards, so
    that later checks run as before."""
    switch = torch.use_deterministic_algorithms
    enabled = torch.are_deterministic_algorithms_enabled()
    warn_only = torch.is_deterministic_algorithms_warn_only_enabled()
    cudnn = torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark
    try:
        yield
    finally:
        torch.use_deterministic_algorithms = switch
        torch.use_deterministic_algorithms(enabled, warn_only=warn_only)
        torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark = cudnn


def prepare(code, which, net, n_output):
    """prepare_finetuning or prepare_transfer of the learner, on `net`."""
    with torch_state_kept():
        return getattr(code.models, f"prepare_{which}")(net, n_output)


class StandInVGG(nn.Module):
    """A VGG-style network of other sizes than ShapesVGG (hidden check): `features` of
    conv-BN-ReLU-MaxPool stages, `avgpool` to `pooled` x `pooled`, and a `classifier` of
    seven layers whose last, classifier[6], takes `hidden` features. Its features fit its
    classifier at pooled * 2 ** len(channels) pixels."""

    def __init__(self, channels=(8, 16), pooled=4, hidden=48, classes=10):
        super().__init__()
        stages, previous = [], 3
        for width in channels:
            stages += [nn.Conv2d(previous, width, 3, padding=1), nn.BatchNorm2d(width),
                       nn.ReLU(inplace=True), nn.MaxPool2d(2)]
            previous = width
        self.features = nn.Sequential(*stages)
        self.avgpool = nn.AdaptiveAvgPool2d((pooled, pooled))
        self.classifier = nn.Sequential(
            nn.Linear(previous * pooled * pooled, hidden), nn.ReLU(inplace=True), nn.Dropout(),
            nn.Linear(hidden, hidden), nn.ReLU(inplace=True), nn.Dropout(),
            nn.Linear(hidden, classes))

    def forward(self, x):
        return self.classifier(torch.flatten(self.avgpool(self.features(x)), 1))


def drawn_network(weights_seed: int, shape: dict | None = None) -> nn.Module:
    """A ShapesVGG (or, given `shape`, a StandInVGG) with weights drawn from `weights_seed`;
    the grader builds the same to know the pretrained weights."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(weights_seed)
        return backbone.ShapesVGG() if shape is None else StandInVGG(**shape)


def weight_sum(parameter) -> float:
    """A parameter's fingerprint: the sum of its values, in float64."""
    return float(parameter.detach().double().sum())


def head_facts(head, old_head) -> dict:
    facts = {"kind": type(head).__name__, "linear": isinstance(head, nn.Linear),
             "old": head is old_head}
    if facts["linear"]:
        facts.update({"in": int(head.in_features), "out": int(head.out_features)})
    return facts


def passes_input_on(module) -> bool:
    """Whether `module` gives back what it gets, for maps of a size no pooling keeps."""
    x = torch.randn(1, 3, 5, 5)
    try:
        with torch.no_grad():
            y = module(x)
    except Exception:
        return False
    return isinstance(y, torch.Tensor) and y.shape == x.shape and torch.equal(y, x)


def optimizer_facts(optimizer, net, head) -> dict:
    groups = getattr(optimizer, "param_groups", None)
    if not isinstance(optimizer, torch.optim.Optimizer) or not groups:
        return {"value": optimizer}
    held = [p for group in groups for p in group["params"]]
    in_net = {id(p) for p in net.parameters()}
    in_head = {id(p) for p in head.parameters()} if isinstance(head, nn.Module) else set()
    return {"class": type(optimizer).__name__, "sgd": isinstance(optimizer, torch.optim.SGD),
            "lr": float(groups[0]["lr"]), "momentum": float(groups[0].get("momentum", 0.0)),
            "extras": bool(groups[0].get("nesterov", False) or groups[0].get("weight_decay", 0)
                           or groups[0].get("dampening", 0)),
            "held": len(held), "outside net": sum(id(p) not in in_net for p in held),
            "head held": sum(id(p) in in_head for p in held), "head size": len(in_head)}


def one_step(net, optimizer, x, labels) -> dict:
    """One training step as the course's fit takes it; which parameters it changed."""
    before = {name: p.detach().clone() for name, p in net.named_parameters()}
    try:
        with one_thread():
            net.train()
            optimizer.zero_grad()
            outputs = net(x)
            nn.functional.cross_entropy(outputs, labels).backward()
            optimizer.step()
    except Exception as error:  # judged with the structure that explains it
        return {"error": f"{type(error).__name__}: {error}"}
    # A convolution's bias just before a batch norm gets no gradient (the norm takes the
    # mean out), only rounding errors, too small to move it: what got a real gradient is
    # told apart from what changed.
    return {"output": list(outputs.shape),
            "changed": {name: not torch.equal(p.detach(), before[name])
                        for name, p in net.named_parameters()},
            "pulled": {name: p.grad is not None and bool(p.grad.abs().max() > PULLED)
                       for name, p in net.named_parameters()}}


def prepared_and_stepped(code, which, n_output, weights_seed, x, labels, shape=None):
    """prepare_<which>(net, n_output) on a ShapesVGG (or, given `shape`, a StandInVGG) with
    drawn weights: what it made of the network and the optimizer, then one training step
    on (x, labels) and what that changed."""
    net = drawn_network(weights_seed, shape)
    old_head, old_features = net.classifier[6], list(net.features)
    result = prepare(code, which, net, n_output)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return {"value": result}
    net, optimizer = result
    if not isinstance(net, nn.Module) or not isinstance(getattr(net, "classifier", None),
                                                         nn.Sequential):
        return {"net": net}
    head = net.classifier[6] if len(net.classifier) > 6 else None
    in_head = {id(p) for p in head.parameters()} if isinstance(head, nn.Module) else set()
    features = getattr(net, "features", None)
    facts = {
        "head": head_facts(head, old_head),
        "avgpool passes": passes_input_on(getattr(net, "avgpool", None)),
        "features": {"length": len(features) if isinstance(features, nn.Sequential) else None,
                     "before": len(old_features),
                     "same": isinstance(features, nn.Sequential) and len(features) == len(
                         old_features) and all(a is b for a, b in zip(features, old_features))},
        "parameters": [{"name": name, "head": id(p) in in_head,
                        "requires_grad": bool(p.requires_grad), "sum": weight_sum(p)}
                       for name, p in net.named_parameters()],
        "optimizer": optimizer_facts(optimizer, net, head)}
    if "class" in facts["optimizer"]:
        facts["step"] = one_step(net, optimizer, x, labels)
    return facts


def course_vgg(code, which):
    """prepare_<which>(VGG-19-BN, 2) on the meta device: its parameter counts (all, those
    that require grad, those the optimizer holds) and the shapes of a forward pass of
    [2, 3, 224, 224] meta images."""
    net = pretrained.imagenet_model("vgg19_bn", device="meta")
    with torch.device("meta"):
        result = prepare(code, which, net, 2)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return {"value": result}
    net, optimizer = result
    if not isinstance(net, nn.Module):
        return {"value": result}
    groups = getattr(optimizer, "param_groups", None) or []
    facts = {"count": sum(p.numel() for p in net.parameters()),
             "trainable": sum(p.numel() for p in net.parameters() if p.requires_grad),
             "held": sum(p.numel() for group in groups for p in group["params"])}
    shapes = {}
    hooks = [net.features.register_forward_hook(
                 lambda m, args, out: shapes.__setitem__("features", list(out.shape))),
             net.classifier.register_forward_pre_hook(
                 lambda m, args: shapes.__setitem__("classifier", list(args[0].shape)))]
    try:
        with torch.no_grad():
            shapes["output"] = list(net(torch.zeros(2, 3, SIZE, SIZE, device="meta")).shape)
    except Exception as error:
        shapes["error"] = f"{type(error).__name__}: {error}"
    for hook in hooks:
        hook.remove()
    facts["shapes"] = shapes
    return facts


# ---- the course's counts on VGG-19-BN -----------------------------------------------------

def expect_pair(facts: dict, name: str) -> None:
    if "value" in facts:
        fail(tr("{name} should return (net, optimizer)", name=name),
             got=describe_type(facts["value"]), cause=RETURN_PAIR)


@check(points=1, course_data=True)
def check_course_finetuning_count(chapter):
    """VGG-19-BN prepared for fine-tuning with 2 classes: 139,589,442 parameters, and at 224
    pixels features [N, 512, 7, 7] going on as [N, 25088] to the classifier."""
    facts = chapter.run(course_vgg, "finetuning")
    name = "prepare_finetuning(VGG-19-BN, 2)"
    expect_pair(facts, name)
    if facts["count"] != COURSE_FINETUNING:
        fail(tr("{name} has the wrong number of parameters (counted with sum(p.numel()))",
                name=name),
             expected=f"{COURSE_FINETUNING:,}", got=f"{facts['count']:,}",
             cause=tr("replace the head only: {new}", new=NEW_HEAD))
    shapes = facts["shapes"]
    if shapes.get("features") not in (None, [2, 512, 7, 7]):
        fail(tr("the features of {name} give the wrong shape at 224 pixels", name=name),
             expected=shape_text([2, 512, 7, 7]), got=shape_text(shapes["features"]),
             cause=KEEP_MAXPOOL)
    if shapes.get("classifier") not in (None, [2, VGG_FLAT]):
        fail(tr("the classifier of {name} gets the wrong shape at 224 pixels", name=name),
             expected=shape_text([2, VGG_FLAT]), got=shape_text(shapes["classifier"]),
             cause=AVGPOOL)
    if "error" in shapes:
        fail(tr("{name} failed on a batch of images [2, 3, 224, 224]", name=name),
             got=learner_text(shapes["error"]), cause=KEEP_MAXPOOL + "; " + AVGPOOL)
    if shapes["output"] != [2, 2]:
        fail(tr("{name} gives the wrong shape", name=name), expected=shape_text([2, 2]),
             got=shape_text(shapes["output"]), cause=N_OUTPUT)


@check(points=1, course_data=True)
def check_course_transfer_count(chapter):
    """VGG-19-BN prepared for transfer learning with 2 classes: 8,194 parameters train (4096
    * 2 + 2, the head's), and the optimizer holds those only."""
    facts = chapter.run(course_vgg, "transfer")
    name = "prepare_transfer(VGG-19-BN, 2)"
    expect_pair(facts, name)
    trainable = facts["trainable"]
    if trainable != COURSE_TRAINABLE:
        cause = (HEAD_FROZEN if trainable == 0 else
                 NOT_FROZEN if trainable > COURSE_TRAINABLE else IN_FEATURES)
        fail(tr("{name} leaves the wrong number of parameters to train (those with "
                "requires_grad)", name=name),
             expected=f"{COURSE_TRAINABLE:,}", got=f"{trainable:,}", cause=cause)
    if facts["held"] != COURSE_TRAINABLE:
        fail(tr("the optimizer of {name} holds the wrong number of parameters", name=name),
             expected=f"{COURSE_TRAINABLE:,}", got=f"{facts['held']:,}", cause=ONLY_HEAD)
    if facts["count"] != COURSE_FINETUNING:
        fail(tr("{name} has the wrong number of parameters (counted with sum(p.numel()))",
                name=name),
             expected=f"{COURSE_FINETUNING:,}", got=f"{facts['count']:,}",
             cause=tr("replace the head only: {new}", new=NEW_HEAD))


# ---- the surgery, and one training step, on ShapesVGG -------------------------------------

def drawn_step(stream: str, n_output: int, size: int = KIT_SIZE) -> tuple:
    """(seed of the network's weights, images [N, 3, size, size] in [-1, 1], labels)."""
    g = drawn(f"{stream} step")
    batch = randint(4, 8, g)
    seed = int(torch.randint(0, 2 ** 31, (), generator=g))
    x = torch.rand(batch, 3, size, size, generator=g) * 2 - 1
    return seed, x, torch.randint(0, n_output, (batch,), generator=g)


def pretrained_sums(weights_seed: int, shape: dict | None = None) -> dict[str, float]:
    """{name: weight_sum} of the network the probe builds from `weights_seed`."""
    return {name: weight_sum(p) for name, p in drawn_network(weights_seed, shape)
            .named_parameters()}


def expect_surgery(facts: dict, name: str, n_output: int, in_features: int,
                   pretrained: dict) -> None:
    """What both preparations share: the new head, avgpool, features, pretrained weights."""
    expect_pair(facts, name)
    if "net" in facts:
        fail(tr("the network {name} returns is not the VGG-style network it was given",
                name=name), got=describe_type(facts["net"]), cause=RETURN_PAIR)
    head = facts["head"]
    if head["old"]:
        fail(tr("{name} kept the old head", name=name), cause=SAME_OLD_HEAD)
    if not head["linear"]:
        fail(tr("the head of {name} (classifier[6]) should be an nn.Linear", name=name),
             got=learner_text(head["kind"]), cause=NEW_HEAD)
    if head["in"] != in_features:
        fail(tr("the new head of {name} takes the wrong number of features", name=name),
             expected=in_features, got=head["in"], cause=IN_FEATURES)
    if head["out"] != n_output:
        fail(tr("the new head of {name} gives the wrong number of outputs", name=name),
             expected=n_output, got=head["out"], cause=N_OUTPUT)
    features = facts["features"]
    if features["length"] != features["before"]:
        fail(tr("{name} changed the features", name=name),
             expected=trn("{count} layer, the same as before",
                          "{count} layers, the same as before", features["before"]),
             got=trn("{count} layer", "{count} layers", features["length"]),
             cause=KEEP_MAXPOOL)
    if not features["same"]:
        fail(tr("the features of {name} are not the layers of the network given", name=name),
             cause=KEEP_WEIGHTS)
    if not facts["avgpool passes"]:
        fail(tr("the avgpool of {name} does not pass its input on", name=name), cause=AVGPOOL)
    replaced = [p["name"] for p in facts["parameters"] if not p["head"] and not (
        p["name"] in pretrained and math.isclose(p["sum"], pretrained[p["name"]],
                                                 rel_tol=1e-9, abs_tol=1e-9))]
    if replaced:
        fail(tr("{name} changed pretrained weights outside the head, e.g. {example}",
                name=name, example=replaced[0]), cause=KEEP_WEIGHTS)


def expect_sgd(optimizer: dict, name: str) -> None:
    if not optimizer["sgd"]:
        fail(tr("the optimizer of {name} is not optim.SGD", name=name), got=optimizer["class"],
             cause=SGD_SETTINGS)
    if not (math.isclose(optimizer["lr"], LR) and math.isclose(optimizer["momentum"], MOMENTUM)):
        fail(tr("the optimizer of {name} has the wrong settings", name=name),
             expected=f"lr={LR:g}, momentum={MOMENTUM:g}",
             got=f"lr={optimizer['lr']:g}, momentum={optimizer['momentum']:g}", cause=SGD_SETTINGS)
    if optimizer["extras"]:
        fail(tr("the optimizer of {name} has settings the course does not use (nesterov, "
                "weight_decay, dampening)", name=name), cause=SGD_SETTINGS)


def expect_step(facts: dict, name: str, batch: int, n_output: int) -> dict:
    """The training step ran and gave one score per class; what it changed and what got a
    gradient ({name: bool} each)."""
    step = facts["step"]
    if "error" in step:
        fail(tr("one training step of {name} failed", name=name),
             got=learner_text(step["error"]),
             cause=tr("this step runs the course's loop (zero_grad, forward, loss, backward, "
                      "step) on the network and optimizer returned"))
    if step["output"] != [batch, n_output]:
        fail(tr("{name} gives the wrong shape on a batch of images", name=name),
             expected=shape_text([batch, n_output]), got=shape_text(step["output"]),
             cause=N_OUTPUT)
    return step


def expect_transfer(facts: dict, name: str, n_output: int, in_features: int, batch: int,
                    pretrained: dict) -> None:
    expect_surgery(facts, name, n_output, in_features, pretrained)
    parameters = facts["parameters"]
    if not all(p["requires_grad"] for p in parameters if p["head"]):
        fail(tr("the new head of {name} does not train (requires_grad is False)", name=name),
             cause=HEAD_FROZEN)
    still = [p["name"] for p in parameters if not p["head"] and p["requires_grad"]]
    if still:
        fail(trn("{name} left {count} pretrained parameter tensor unfrozen (requires_grad "
                 "True), e.g. {example}", "{name} left {count} pretrained parameter tensors "
                 "unfrozen (requires_grad True), e.g. {example}", len(still), name=name,
                 example=still[0]), cause=NOT_FROZEN)
    optimizer = facts["optimizer"]
    if "class" not in optimizer:
        fail(tr("{name} should return a torch.optim optimizer", name=name), got=describe_type(
            optimizer["value"]), cause=ONLY_HEAD)
    if optimizer["outside net"]:
        fail(tr("the optimizer of {name} holds parameters that are not in the network",
                name=name), cause=OPTIMIZER_TOO_EARLY)
    if optimizer["held"] != optimizer["head held"]:
        fail(tr("the optimizer of {name} holds other parameters than the head's", name=name),
             expected=trn("{count} parameter tensor (the head's weight and bias)",
                          "{count} parameter tensors (the head's weight and bias)",
                          optimizer["head size"]),
             got=trn("{count} parameter tensor", "{count} parameter tensors", optimizer["held"]),
             cause=ONLY_HEAD)
    if optimizer["head held"] != optimizer["head size"]:
        fail(tr("the optimizer of {name} does not hold the head's parameters", name=name),
             cause=ONLY_HEAD)
    expect_sgd(optimizer, name)
    changed = expect_step(facts, name, batch, n_output)["changed"]
    moved = [p["name"] for p in parameters if not p["head"] and changed.get(p["name"])]
    if moved:
        fail(trn("after one training step of {name}, {count} frozen parameter tensor changed, "
                 "e.g. {example}", "after one training step of {name}, {count} frozen "
                 "parameter tensors changed, e.g. {example}", len(moved), name=name,
                 example=moved[0]), cause=NOT_FROZEN + "; " + ONLY_HEAD)
    if not all(changed.get(p["name"]) for p in parameters if p["head"]):
        fail(tr("after one training step of {name}, the head did not change", name=name),
             cause=HEAD_FROZEN + "; " + ONLY_HEAD)


def expect_finetuning(facts: dict, name: str, n_output: int, in_features: int,
                      batch: int, pretrained: dict) -> None:
    expect_surgery(facts, name, n_output, in_features, pretrained)
    parameters = facts["parameters"]
    frozen = [p["name"] for p in parameters if not p["requires_grad"]]
    if frozen:
        fail(trn("{name} froze {count} parameter tensor, e.g. {example}",
                 "{name} froze {count} parameter tensors, e.g. {example}", len(frozen),
                 name=name, example=frozen[0]), cause=ALL_TRAIN)
    optimizer = facts["optimizer"]
    if "class" not in optimizer:
        fail(tr("{name} should return a torch.optim optimizer", name=name), got=describe_type(
            optimizer["value"]), cause=ALL_TRAIN)
    if optimizer["outside net"]:
        fail(tr("the optimizer of {name} holds parameters that are not in the network",
                name=name), cause=OPTIMIZER_TOO_EARLY)
    if optimizer["held"] != len(parameters):
        fail(tr("the optimizer of {name} does not hold every parameter of the network",
                name=name),
             expected=trn("{count} parameter tensor", "{count} parameter tensors",
                          len(parameters)),
             got=trn("{count} parameter tensor", "{count} parameter tensors", optimizer["held"]),
             cause=ALL_TRAIN)
    expect_sgd(optimizer, name)
    step = expect_step(facts, name, batch, n_output)
    still = [p["name"] for p in parameters
             if step["pulled"].get(p["name"]) and not step["changed"].get(p["name"])]
    if still:
        fail(trn("after one training step of {name}, {count} parameter tensor did not change "
                 "although it got a gradient, e.g. {example}", "after one training step of "
                 "{name}, {count} parameter tensors did not change although they got a "
                 "gradient, e.g. {example}", len(still), name=name, example=still[0]),
             cause=ALL_TRAIN)
    if not any(step["changed"].values()):
        fail(trn("after one training step of {name}, {count} parameter tensor did not change "
                 "although it got a gradient", "after one training step of {name}, {count} "
                 "parameter tensors did not change although they got a gradient", 0,
                 name=name), cause=ALL_TRAIN)


@check(points=2)
def check_finetuning(chapter):
    """prepare_finetuning on ShapesVGG, for a drawn number of classes: a new head of
    in_features read from the old one, avgpool an Identity, the features and the pretrained
    weights kept, every parameter in the optimizer (SGD, lr 0.001, momentum 0.9), and every
    one that gets a gradient changed by one step."""
    n_output = randint(3, 8, drawn("finetuning classes"))
    seed, x, labels = drawn_step("finetuning", n_output)
    facts = chapter.run(prepared_and_stepped, "finetuning", n_output, seed, x, labels)
    expect_finetuning(facts, "prepare_finetuning(net, n_output)", n_output, KIT_HEAD_IN,
                      len(x), pretrained_sums(seed))


@check(points=3)
def check_transfer(chapter):
    """prepare_transfer on ShapesVGG, for a drawn number of classes: every pretrained
    parameter frozen, the new head (in_features read from the old one) the only part that
    trains and all the optimizer holds (SGD, lr 0.001, momentum 0.9); after one step the
    frozen parameters are unchanged, the head changed."""
    n_output = randint(3, 8, drawn("transfer classes"))
    seed, x, labels = drawn_step("transfer", n_output)
    facts = chapter.run(prepared_and_stepped, "transfer", n_output, seed, x, labels)
    expect_transfer(facts, "prepare_transfer(net, n_output)", n_output, KIT_HEAD_IN, len(x),
                    pretrained_sums(seed))


# ---- the transforms -----------------------------------------------------------------------

def transformed(code, index, images, seeds):
    """make_transforms()[index] applied to each image once under each seed."""
    from PIL import Image

    made = code.data.make_transforms()
    if not isinstance(made, (tuple, list)) or len(made) != 2:
        return {"value": made}
    transform = made[index]
    outputs = []
    with one_thread():
        for image in images:
            picture = Image.fromarray(image.numpy())
            draws = []
            for seed in seeds:
                torch.manual_seed(seed)
                draws.append(transform(picture))
            outputs.append(draws)
    return {"outputs": outputs}


def course_test_transform(resize=RESIZE):
    """The course's validation transform, built here (`resize` another size or a pair, for
    the mistakes)."""
    from torchvision import transforms

    return transforms.Compose([transforms.Resize(resize), transforms.CenterCrop(SIZE),
                               transforms.ToTensor(), transforms.Normalize(0.5, 0.5)])


def drawn_sizes(g: torch.Generator, count: int) -> list[tuple[int, int]]:
    """(height, width) of `count` images, portrait and landscape, some smaller than 224."""
    sizes = []
    for i in range(count):
        short, long = randint(150, 300, g), randint(310, 420, g)
        sizes.append((short, long) if i % 2 else (long, short))
    return sizes


def expect_transforms_pair(seen: dict) -> None:
    if "value" in seen:
        fail(tr("make_transforms() should return (train_transform, test_transform)"),
             got=describe_type(seen["value"]), cause=tr("return both transforms, in that order"))


TEST_PLAN = tr("transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor(), "
               "transforms.Normalize(0.5, 0.5), in this order")
VALIDATION_AUGMENTED = tr("augmentation goes on the training data only: validation measures "
                          "the model on the images as they are, so its transform is {plan}, "
                          "the same every time", plan=TEST_PLAN)


def test_transform_cause(got: torch.Tensor, picture) -> str:
    """What most likely makes a validation output differ from the course's."""
    from torchvision import transforms

    for resize, cause in (((RESIZE, RESIZE), tr("Resize(256), with one number, scales the "
                                                "shorter side to 256 and keeps the "
                                                "proportions; Resize((256, 256)) stretches "
                                                "the image")),
                          (SIZE, tr("the course resizes to 256 first, then takes the middle "
                                    "224 x 224: Resize(256), then CenterCrop(224)"))):
        if torch.allclose(got, course_test_transform(resize)(picture), atol=1e-5):
            return cause
    plain = transforms.Compose([transforms.Resize(RESIZE), transforms.CenterCrop(SIZE),
                                transforms.ToTensor()])(picture)
    if torch.allclose(got, plain, atol=1e-5):
        return tr("the values are in [0, 1]: add transforms.Normalize(0.5, 0.5) after ToTensor")
    return TEST_PLAN


@check(points=2)
def check_test_transform(chapter):
    """The validation transform is torchvision's Resize(256), CenterCrop(224), ToTensor,
    Normalize(0.5, 0.5), the same under every seed."""
    from PIL import Image

    g = drawn("test transform")
    images = [torch.randint(0, 256, (h, w, 3), generator=g, dtype=torch.uint8)
              for h, w in drawn_sizes(g, 3)]
    seeds = torch.randint(0, 2 ** 31, (3,), generator=g).tolist()
    seen = chapter.run(transformed, 1, images, seeds)
    expect_transforms_pair(seen)
    name = "test_transform (make_transforms()[1])"
    for image, draws in zip(images, seen["outputs"]):
        picture = Image.fromarray(image.numpy())
        wanted = course_test_transform()(picture)
        shape = tr("an image of {width} x {height} pixels", width=image.shape[1],
                   height=image.shape[0])
        for got in draws:
            expect_tensor(got, tr("{name} of {shape}", name=name, shape=shape),
                          shape=(3, SIZE, SIZE), dtype=torch.float32)
        if any(not torch.equal(draws[0], other) for other in draws[1:]):
            fail(tr("{name} gives different outputs for the same image", name=name),
                 cause=VALIDATION_AUGMENTED)
        if not torch.allclose(draws[0], wanted, atol=1e-5):
            fail(tr("{name} of {shape} is not the course's", name=name, shape=shape),
                 cause=test_transform_cause(draws[0], picture))


# The training transform is read from its outputs on a ramp image: red grows from left to
# right, green from top to bottom (or the other way, drawn), blue is constant (drawn); no
# pixel is 127.5, so no pixel is 0 after Normalize(0.5, 0.5) unless it was erased.
RAMP_LOW, RAMP_SPAN = 20, 215
TRAIN_PLAN = tr("transforms.RandomResizedCrop(224), transforms.RandomHorizontalFlip(), "
                "transforms.ToTensor(), transforms.Normalize(0.5, 0.5), "
                "transforms.RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), "
                "value=0), in this order")
# Of DRAWS draws, with probability 0.5 each, about half are mirrored and half erased: the
# ranges hold with probability 1 - 1e-5 (RandomErasing gives up on a few rectangles).
DRAWS, MIRRORED, ERASED = 40, (7, 33), (6, 33)
ERASED_AREA = (0.01, 0.40)  # scale (0.02, 0.33), with the rounding of the rectangle's sides
CROP_AREA = (0.05, 1.05)     # RandomResizedCrop's scale (0.08, 1), measured from the ramps


def ramp_image(g: torch.Generator) -> tuple[torch.Tensor, dict]:
    """(uint8 [H, W, 3] ramp image of drawn size, {"blue": its blue after Normalize,
    "down": whether green grows downwards}); blue and the green ramp's direction are drawn."""
    height, width = randint(240, 320, g), randint(260, 360, g)
    blue = randint(1, 254, g)
    down = bool(randint(0, 1, g))
    image = torch.empty(height, width, 3, dtype=torch.uint8)
    image[..., 0] = ramp(width)[None, :]
    image[..., 1] = ramp(height, down)[:, None]
    image[..., 2] = blue
    return image, {"blue": (blue / 255 - 0.5) / 0.5, "down": down}


def ramp(size: int, rising: bool = True) -> torch.Tensor:
    values = torch.linspace(RAMP_LOW, RAMP_LOW + RAMP_SPAN, size).round().to(torch.uint8)
    return values if rising else values.flip(0)


def read_ramp(y: torch.Tensor, image: dict, name: str) -> dict:
    """What the training transform did: {"mirrored", "erased" mask, "area" of the crop}."""
    zero, minus = (y == 0).all(0), (y == -1).all(0)
    if minus.any():
        fail(tr("{name} erased rectangles to -1, not 0", name=name),
             cause=tr("RandomErasing ran before Normalize(0.5, 0.5), which turned its 0 into "
                      "-1: put it last, after Normalize, as the course does"))
    kept = ~zero
    if not kept.any():
        fail(tr("{name} erased the whole image", name=name), cause=TRAIN_PLAN)
    blue = torch.tensor(image["blue"])
    if not torch.allclose(y[2][kept], blue, atol=1e-4):
        in_unit = torch.allclose(y[2][kept], blue * 0.5 + 0.5, atol=1e-4)
        fail(tr("{name} changed the colours of the image", name=name), cause=(
            tr("the values are in [0, 1]: add transforms.Normalize(0.5, 0.5) after ToTensor")
            if in_unit else TRAIN_PLAN))
    pixels = (y[:2] * 0.5 + 0.5) * 255 * kept  # back to the ramps' values, erased left out
    # the crop and the resize keep red the same down each column and green along each row
    red = pixels[0].sum(0)[kept.any(0)] / kept.sum(0)[kept.any(0)]
    green = pixels[1].sum(1)[kept.any(1)] / kept.sum(1)[kept.any(1)]
    if len(green) > 1 and bool(green[0] < green[-1]) != image["down"]:
        fail(tr("{name} turned the image upside down", name=name), cause=TRAIN_PLAN)
    width = float(red.max() - red.min()) / RAMP_SPAN
    height = float(green.max() - green.min()) / RAMP_SPAN
    return {"mirrored": bool(red[0] > red[-1]), "erased": zero, "area": width * height}


@check(points=2)
def check_train_transform(chapter):
    """The training transform: a random part of the image, resized to 224 x 224, mirrored in
    about half of the draws, normalised, a rectangle erased to 0 in about half."""
    g = drawn("train transform")
    image, facts = ramp_image(g)
    seeds = torch.randint(0, 2 ** 31, (DRAWS,), generator=g).tolist()
    seen = chapter.run(transformed, 0, [image], seeds)
    expect_transforms_pair(seen)
    name = "train_transform (make_transforms()[0])"
    draws = []
    with one_thread():
        for y in seen["outputs"][0]:
            expect_tensor(y, name, shape=(3, SIZE, SIZE), dtype=torch.float32)
            draws.append(read_ramp(y, facts, name))
    areas = [draw["area"] for draw in draws]
    if max(areas) - min(areas) < 0.05:
        fail(tr("{name} takes the same part of the image every time", name=name),
             cause=tr("transforms.RandomResizedCrop(224) first: it takes a random part of the "
                      "image (8% to 100% of it) and resizes it to 224 x 224"))
    if not CROP_AREA[0] <= min(areas) <= max(areas) <= CROP_AREA[1]:
        fail(tr("{name} does not crop as RandomResizedCrop(224) does", name=name),
             cause=TRAIN_PLAN)
    mirrored = sum(draw["mirrored"] for draw in draws)
    if not MIRRORED[0] <= mirrored <= MIRRORED[1]:
        fail(trn("{name} should mirror about half of the images (of {count} draw)",
                 "{name} should mirror about half of the images (of {count} draws)", DRAWS,
                 name=name),
             expected=tr("{low} to {high}", low=MIRRORED[0], high=MIRRORED[1]), got=mirrored,
             cause=tr("transforms.RandomHorizontalFlip() (p=0.5) after the crop"))
    erased = [draw["erased"] for draw in draws if draw["erased"].any()]
    if not ERASED[0] <= len(erased) <= ERASED[1]:
        fail(trn("{name} should erase a rectangle in about half of the images (of {count} "
                 "draw)", "{name} should erase a rectangle in about half of the images (of "
                 "{count} draws)", DRAWS, name=name),
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


# ---- the data sets and the loaders --------------------------------------------------------

NAMES = ("ants", "bees", "cats", "dogs", "husky", "wolf", "tulip", "rose", "oak", "pine")
DATASETS = ("train_data", "train_data2", "test_data")
TRANSFORMS_FIRST = tr("this check depends on make_transforms: fix check_test_transform and "
                      "check_train_transform first")
FOLDERS = tr("train_data: os.path.join(data_dir, 'train') with train_transform; train_data2: "
             "the same folder with test_transform; test_data: os.path.join(data_dir, 'val') "
             "with test_transform")


def folder_datasets(code, tree, picks, seeds, as_path=False):
    """make_datasets on the tree {part: {class: [uint8 images]}} written as PNG files in a
    temporary folder (given as a str, or `as_path` a pathlib.Path): for each data set, its
    type, length, classes, folder, and items picks[name] taken once under each seed."""
    from pathlib import Path

    from PIL import Image

    root = tempfile.mkdtemp(prefix="ch12-folders-")
    try:
        for part, classes in tree.items():
            for name, images in classes.items():
                os.makedirs(os.path.join(root, part, name))
                for number, image in enumerate(images):
                    Image.fromarray(image.numpy()).save(
                        os.path.join(root, part, name, f"{number:04d}.png"))
        train_transform, test_transform = code.data.make_transforms()
        made = code.data.make_datasets(Path(root) if as_path else root, train_transform,
                                       test_transform)
        if not isinstance(made, (tuple, list)) or len(made) != 3:
            return {"value": made}
        facts = {}
        with one_thread():
            for name, dataset in zip(DATASETS, made):
                folder = str(getattr(dataset, "root", ""))
                items = []
                for index in picks[name]:
                    for seed in seeds:
                        torch.manual_seed(seed)
                        items.append(tuple(dataset[index]))
                facts[name] = {
                    "type": type(dataset).__name__, "length": len(dataset),
                    "classes": list(getattr(dataset, "classes", [])),
                    "class_to_idx": dict(getattr(dataset, "class_to_idx", {})),
                    "folder": os.path.relpath(folder, root) if folder.startswith(root) else
                    "elsewhere", "items": items}
        return facts
    finally:
        shutil.rmtree(root, ignore_errors=True)


def drawn_tree(g: torch.Generator) -> dict:
    """{part: {class: [uint8 images [H, W, 3]]}}: 2 or 3 drawn class names (written in
    another order than their sorted one), a few images of drawn sizes in each."""
    count = randint(2, 3, g)
    names = [NAMES[i] for i in torch.randperm(len(NAMES), generator=g)[:count].tolist()]
    tree = {}
    for part, most in (("train", 3), ("val", 2)):
        tree[part] = {}
        for name in names:
            tree[part][name] = [
                torch.randint(0, 256, (randint(60, 140, g), randint(60, 140, g), 3),
                              generator=g, dtype=torch.uint8)
                for _ in range(randint(1, most, g))]
    return tree


def item_order(part: dict) -> list[tuple[int, torch.Tensor]]:
    """(class number, image) of each file of a part, in ImageFolder's order: the classes
    sorted by name, the files by name."""
    return [(label, image) for label, name in enumerate(sorted(part))
            for image in part[name]]


def expect_items(facts: dict, name: str, order: list, picks: list, seeds: list,
                 augmented: bool) -> None:
    from PIL import Image

    items = facts["items"]
    for k, index in enumerate(picks):
        label, image = order[index]
        draws = items[k * len(seeds):(k + 1) * len(seeds)]
        for item in draws:
            if not isinstance(item, tuple) or len(item) != 2:
                fail(tr("an item of {name} should be (image, class number)", name=name),
                     got=describe_type(item), cause=FOLDERS)
            expect_tensor(item[0], tr("an image of {name}", name=name), shape=(3, SIZE, SIZE),
                          dtype=torch.float32)
            if item[1] != label:
                fail(tr("{name}[{index}] has the wrong class number", name=name, index=index),
                     expected=label, got=item[1],
                     cause=tr("ImageFolder numbers the classes in the sorted order of the "
                              "folder names: {folders}", folders=FOLDERS))
        same = all(torch.equal(draws[0][0], item[0]) for item in draws[1:])
        if augmented and same:
            fail(tr("{name} gives the same image each time: it is not augmented", name=name),
                 cause=f"{FOLDERS} ({TRANSFORMS_FIRST})")
        if augmented:
            continue
        if not same:
            fail(tr("{name} augments its images", name=name), cause=(
                VALIDATION_AUGMENTED if name == "test_data" else
                tr("train_data2 shows the training images as they are")) +
                f": {FOLDERS} ({TRANSFORMS_FIRST})")
        wanted = course_test_transform()(Image.fromarray(image.numpy()))
        if not torch.allclose(draws[0][0], wanted, atol=1e-5):
            fail(tr("{name}[{index}] is not the image of its file through the course's "
                    "validation transform", name=name, index=index),
                 cause=f"{FOLDERS} ({TRANSFORMS_FIRST})")


def expect_datasets(chapter, g: torch.Generator, as_path: bool = False) -> None:
    """make_datasets on a drawn tree (`g`), judged: data sets, folders, classes, items."""
    tree = drawn_tree(g)
    orders = {"train_data": item_order(tree["train"]), "train_data2": item_order(tree["train"]),
              "test_data": item_order(tree["val"])}
    picks = {name: sorted(torch.randperm(len(order), generator=g)[:2].tolist())
             for name, order in orders.items()}
    seeds = torch.randint(0, 2 ** 31, (2,), generator=g).tolist()
    seen = chapter.run(folder_datasets, tree, picks, seeds, as_path)
    if "value" in seen:
        fail(tr("make_datasets should return (train_data, train_data2, test_data)"),
             got=describe_type(seen["value"]), cause=FOLDERS)
    classes = sorted(tree["train"])
    for name in DATASETS:
        facts = seen[name]
        part = "val" if name == "test_data" else "train"
        if facts["folder"] not in (part, "elsewhere") or len(orders[name]) != facts["length"]:
            fail(tr("{name} does not read data_dir/{part}", name=name, part=part),
                 expected=trn("{count} image", "{count} images", len(orders[name])),
                 got=trn("{count} image", "{count} images", facts["length"]),
                 cause=tr("use the data_dir given, not a folder written in: {folders}",
                          folders=FOLDERS) if facts["folder"] == "elsewhere" else FOLDERS)
        if facts["classes"] != classes or facts["class_to_idx"] != {
                c: i for i, c in enumerate(classes)}:
            fail(tr("the classes of {name} are not its folders in sorted order", name=name),
                 cause=tr("let ImageFolder find the classes: {folders}", folders=FOLDERS))
        expect_items(facts, name, orders[name], picks[name], seeds,
                     augmented=name == "train_data")


@check(points=2, relies_on=("check_test_transform", "check_train_transform"))
def check_datasets(chapter):
    """make_datasets on a tree the probe writes: ImageFolder over train/ (training transform,
    then the test one) and val/ (test transform); classes in sorted order, lengths, items."""
    expect_datasets(chapter, drawn("datasets"))


def loader_passes(code, train_ids, test_ids, batch_size):
    """make_loaders on numbered items, with the batch size given and with the default: the
    labels of two passes over each loader, and the number of batches of each."""
    def numbered(ids):
        return TensorDataset(ids.float().view(-1, 1), ids)

    given = code.data.make_loaders(numbered(train_ids), numbered(test_ids),
                                   batch_size=batch_size)
    default = code.data.make_loaders(numbered(train_ids), numbered(test_ids))
    if not all(isinstance(x, (tuple, list)) and len(x) == 2 for x in (given, default)):
        return {"value": given}
    return {"passes": [[torch.cat([labels for _, labels in loader]) for _ in range(2)]
                       for loader in given],
            "sizes": [[len(labels) for _, labels in loader] for loader in given],
            "default": [len(loader) for loader in default]}


@check(points=1)
def check_loaders(chapter):
    """make_loaders: batches of the size given (10 by default), every item once per pass,
    the training loader shuffled, the test loader in order."""
    g = drawn("loaders")
    batch_size = randint(3, 8, g)
    n_train = batch_size * randint(3, 6, g) + randint(1, batch_size - 1, g)
    n_test = batch_size * randint(2, 4, g) + randint(1, batch_size - 1, g)
    ids = torch.randperm(500, generator=g)
    given = (ids[:n_train], ids[n_train:n_train + n_test])
    seen = chapter.run(loader_passes, *given, batch_size)
    if "value" in seen:
        fail(tr("make_loaders should return (train_loader, test_loader)"),
             got=describe_type(seen["value"]),
             cause=tr("return the two DataLoaders, in that order"))
    for which, items, passes, sizes in zip(("training", "test"), given, seen["passes"],
                                           seen["sizes"]):
        n = len(items)
        loader = tr("the training loader") if which == "training" else tr("the test loader")
        if sizes != [batch_size] * (n // batch_size) + [n % batch_size]:
            fail(tr("{loader} serves batches of the wrong sizes", loader=loader),
                 cause=tr("DataLoader(dataset, batch_size=batch_size) with the data set and "
                          "batch_size given"))
        if any(sorted(p.tolist()) != sorted(items.tolist()) for p in passes):
            fail(tr("{loader} does not serve every item of its data set once per pass",
                    loader=loader),
                 cause=tr("train_loader over train_data, test_loader over test_data, in that "
                          "order"))
        in_order = [torch.equal(p, items) for p in passes]
        if which == "training" and (in_order[0] or torch.equal(*passes)):
            fail(tr("the training loader does not shuffle"),
                 cause=tr("shuffle=True for training"))
        if which == "test" and not all(in_order):
            fail(tr("the test loader shuffles"),
                 cause=tr("shuffle=False for validation: it needs no shuffling, and a fixed "
                          "order reproduces"))
    default = [math.ceil(len(items) / 10) for items in given]
    if seen["default"] != default:
        fail(tr("make_loaders without a batch_size does not serve batches of 10"),
             expected=default, got=seen["default"],
             cause=tr("def make_loaders(train_data, test_data, batch_size=10), the course's "
                      "size"))


# ---- held-out accuracy of transfer learning, and its gain over random weights -------------

TRAINING = {"images": 200, "val images": 20, "batch_size": 10, "epochs": 2}
HELD_OUT_IMAGES, GRID_IMAGES = 160, 10
BELOW_MARK = tr("this check trains, with your prepare_transfer(net, n_output) and the kit's "
                "fit (courselib.training.fit), the kit's pretrained ShapesVGG on 200 images of "
                "two classes it never saw (64 x 64 pixels, batches of 10, 2 epochs) and "
                "measures it on test images it never saw: it depends on prepare_transfer, so "
                "fix check_transfer first")
NO_GAIN = tr("the same training from random weights gives about the same accuracy: the frozen "
             "pretrained features should make the difference; this depends on "
             "prepare_transfer keeping the network it is given with its weights: fix "
             "check_transfer first")

# Calibrated with `python -m grader calibrate ch12 --seeds 20` (20 course keys). A network
# that learns nothing scores 0.5 or less on the two classes; the frozen features of the
# backbone, pretrained at 32 pixels, take it to about 0.7 at 64. The pass mark keeps 0.05
# below the worst key: 20 keys of a 2-epoch training can understate its tail.
HELD_OUT = Threshold("ch12", tr("held-out accuracy after transfer learning"), at_least=0.60,
                     calibration=Calibration(seeds=20, worst=0.6500, median=0.7000))
GAIN = Threshold("ch12", tr("held-out accuracy gained over random weights"),
                 at_least=0.09, calibration=Calibration(seeds=20, worst=0.1125, median=0.1969))


def transferred(code, images, labels, val_images, val_labels, n_output, settings):
    """prepare_transfer(net, n_output) then the kit's fit, once on the kit's pretrained
    ShapesVGG and once on a ShapesVGG with random weights: each exported, with its history
    (or the error that stopped it)."""
    from courselib.training import fit

    train_loader = DataLoader(TensorDataset(images, labels), batch_size=settings["batch_size"],
                              shuffle=True)
    val_loader = DataLoader(TensorDataset(val_images, val_labels),
                            batch_size=settings["batch_size"], shuffle=False)
    results = {}
    with one_thread():
        for start in ("pretrained", "random"):
            net = (backbone.load(build_if_missing=False) if start == "pretrained"
                   else backbone.ShapesVGG())
            net, optimizer = prepare(code, "transfer", net, n_output)
            try:
                with captured():
                    history = fit(net, optimizer, nn.CrossEntropyLoss(), settings["epochs"],
                                  train_loader, val_loader, torch.device("cpu"),
                                  np.zeros((0, 5)))
            except Exception as error:  # a frozen head, a wrong size: check_transfer says why
                results[start] = {"error": f"{type(error).__name__}: {error}"}
                continue
            results[start] = {"model": exported(net, images[:2]), "history": history}
    return results


def kit_images(pool: tuple, index: torch.Tensor, classes: torch.Tensor):
    """Of `pool`, Shapes-10 images of the backbone's target classes and their labels, those
    at `index`, upscaled to 64 x 64 as the kit's folder has them, with labels in the drawn
    order `classes`."""
    images, labels = pool
    upscaled = F.interpolate(images[index], size=KIT_SIZE, mode="bilinear", align_corners=False)
    return upscaled, classes[labels[index]]


def accuracy_of(model, images, labels, n_output) -> float:
    with torch.no_grad(), one_thread():
        outputs = model(images)
    if not isinstance(outputs, torch.Tensor) or tuple(outputs.shape) != (len(images), n_output):
        fail(tr("the network trained by transfer learning does not give n_output scores per "
                "image"), got=describe_type(outputs), cause=N_OUTPUT + "; " + BELOW_MARK)
    if not torch.isfinite(outputs).all():
        return math.nan
    return float((outputs.argmax(1) == labels).double().mean())


_measured: dict = {}


def measured(chapter) -> dict:
    """The held-out accuracies after transfer learning from the pretrained backbone and
    from random weights, with the history and model of the first. Kept per chapter
    directory and course key for this process: both thresholds read one training."""
    where = getattr(chapter, "chapter_dir", None) or chapter.code.path
    key = (str(where), inputs.seed("ch12/held-out key"))
    if key not in _measured:
        backbone.load()  # built here: the learner's process cannot write under data/
        g = drawn("held-out training")
        # The two classes get drawn places among a drawn number of outputs, so that a model
        # trained for other inputs (the public ones, replayed) does not pass under a secret.
        n_output = randint(2, 10, g)
        classes = torch.randperm(n_output, generator=g)[:len(backbone.TARGET_CLASSES)]
        pool = backbone.images_of(backbone.TARGET_CLASSES, train=True)
        order = torch.randperm(len(pool[1]), generator=g)
        n, n_val = TRAINING["images"], TRAINING["val images"]
        images, labels = kit_images(pool, order[:n], classes)
        val_images, val_labels = kit_images(pool, order[n:n + n_val], classes)
        seen = chapter.run(transferred, images, labels, val_images, val_labels, n_output,
                           TRAINING)
        for start, result in seen.items():
            if "error" in result:
                fail(tr("transfer learning from pretrained weights failed")
                     if start == "pretrained" else
                     tr("transfer learning from random weights failed"),
                     got=learner_text(result["error"]), cause=BELOW_MARK)
        pool = backbone.images_of(backbone.TARGET_CLASSES, train=False)
        held_out = torch.randperm(len(pool[1]), generator=drawn("held-out images"))
        test_images, test_labels = kit_images(pool, held_out[:HELD_OUT_IMAGES], classes)
        models = {start: load_exported(result["model"], tr("the network trained by transfer "
                                                            "learning"))
                  for start, result in seen.items()}
        _measured[key] = {
            **{start: accuracy_of(model, test_images, test_labels, n_output)
               for start, model in models.items()},
            "history": seen["pretrained"]["history"], "model": models["pretrained"],
            "grid": (test_images[:GRID_IMAGES], test_labels[:GRID_IMAGES]), "classes": classes,
            "n_output": n_output}
    return _measured[key]


@HELD_OUT.measured_by
def transfer_accuracy(chapter) -> float:
    return measured(chapter)["pretrained"]


@GAIN.measured_by
def transfer_gain(chapter) -> float:
    seen = measured(chapter)
    return seen["pretrained"] - seen["random"]


def save_figures(seen: dict) -> None:
    """The learning curves, and predictions on held-out images, as the course draws them."""
    history = seen["history"]
    if isinstance(history, np.ndarray) and history.ndim == 2 and np.isfinite(history).all():
        save_figure("ch12", "learning_curves", save_learning_curves, history)
    names = [f"({k})" for k in range(seen["n_output"])]  # outputs no class uses
    for original, label in enumerate(seen["classes"].tolist()):
        names[label] = backbone.TARGET_CLASSES[original]
    loader = DataLoader(TensorDataset(*seen["grid"]), batch_size=GRID_IMAGES)
    save_figure("ch12", "predictions", show_images_labels, loader, names, seen["model"], "cpu")


@check(points=3, timeout=90, relies_on=("check_transfer",))
def check_held_out_transfer(chapter):
    """Transfer learning of the kit's pretrained backbone reaches the pass mark on held-out
    images, and beats the same training from random weights by the calibrated margin."""
    seen = measured(chapter)
    save_figures(seen)
    HELD_OUT.judge(seen["pretrained"], cause=BELOW_MARK)
    GAIN.judge(seen["pretrained"] - seen["random"], cause=NO_GAIN)
