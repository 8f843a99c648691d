"""Checks for chapter 9: the course's shared helpers, and a CNN against an MLP on images.

The helpers are run on inputs drawn from grader.inputs. torch_seed is called twice with a
drawn seed and once with another: the draws after it (torch.rand, a fresh nn.Linear's
weights, a dropout mask) must be torch.manual_seed(seed)'s, and torch's
use_deterministic_algorithms must have been called (the course text assigns to it, which
replaces torch's function by True); the probe puts torch's state back afterwards.
eval_loss and fit run on chapter 8's small network (ProbeNet, drawn weights) and drawn data,
with the moves to the device recorded (grader.devices); fit is judged with chapter 8's
replay of the course's loop. evaluate_history gets a drawn history: its printed numbers, its
PNG file and the curves of the Figure it returns are read back. show_images_labels gets
drawn images in [-1, 1] and a grader network whose predictions are known here: the titles,
their colours, the number of images and the pixels each axes shows are read back.

The networks are built with drawn sizes and compared with the grader's forward pass from
their own layers; the CNN's layer shapes are recorded by forward hooks for a drawn batch
size. The thresholds train the learner's CNN and Net with the learner's fit on drawn
Shapes-10 training images (always Shapes-10, never the real CIFAR-10, so the verdict does not
depend on what is on the machine), with the classes in a drawn order, and measure both here
on held-out Shapes-10 test images: the CNN must reach a calibrated accuracy and beat the MLP
by a calibrated margin. Only the parameter counts 394,634 and 814,378 use course data alone.
"""

import contextlib
import math
import os
import tempfile

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from courselib import shapes10
from courselib.plots import save_learning_curves, show_images_labels
from grader import devices, inputs
from grader.check import (check, describe_type, expect_array, expect_close, expect_tensor,
                          fail, shape_text)
from grader.checks.ch08 import (APPEND, RAW_SCORES, ProbeNet, calls_per_batch, drawn_case,
                                expect_fit_like_the_course, expect_history, expect_modes,
                                forward_oracle, layers_in_order, observed_fit, same)
from grader.checks.shared import captured, randint
from grader.figures import save_figure
from grader.heldout import exported, load_exported
from grader.i18n import N_, tr
from grader.learner import tensor_facts
from grader.thresholds import Calibration, Threshold

N_CLASSES, N_HIDDEN, IMAGE = 10, 128, 32
N_FLAT = 3 * IMAGE * IMAGE               # 3072: the MLP's input
CNN_FLAT = 32 * 14 * 14                  # 6272: the CNN's features after one pooling
COURSE_PARAMETERS = {"Net(3072, 10, 128)": 394_634, "CNN(10, 128)": 814_378}
PNG_HEADER = b"\x89PNG\r\n\x1a\n"
GRID_MAX = 50

DETERMINISTIC = tr("call torch.use_deterministic_algorithms(True) in torch_seed (with "
                   "warn_only=True if you like)")
ASSIGNED = tr("the course text's `torch.use_deterministic_algorithms = True` replaces torch's "
              "function by the value True and switches nothing on: call it, "
              "torch.use_deterministic_algorithms(True)")
SEED_GIVEN = tr("call torch.manual_seed(seed) with the seed given, not a number written in")
GRAPH_KEPT = tr("eval_loss returns the loss tensor with its computation graph (what make_dot "
                "draws): no torch.no_grad() around it, no .item()")
FIRST_BATCH = tr("the loss of the first batch only: inputs, labels = next(iter(loader)), then "
                 "criterion(net(inputs), labels)")
NUMBERING = tr("the epoch column goes on from the history given: range(len(history), "
               "len(history) + num_epochs), each row numbered epoch + 1; a loop over "
               "range(num_epochs) starts the count again at 1")
PRINTED = tr("print the validation loss and accuracy (columns 3 and 4) of the first and the last "
             "row, each with 5 decimals: f\"{history[0, 3]:.5f}\" ...")
CURVES = tr("plot, on the Figure you return, history[:, 1] and history[:, 3] (training and "
            "validation loss) and history[:, 2] and history[:, 4] (accuracies) against the "
            "epochs history[:, 0]")
RETURN_FIGURE = tr("return the matplotlib Figure you drew on (fig = plt.figure(...) or "
                   "Figure(...)), not None or the axes")
SAVE_PNG = tr("save the Figure as PNG at the path given: fig.savefig(path)")
SHOWN_RAW = tr("the images are shown with their normalized values in [-1, 1]: show (x + 1) / 2, "
               "which puts them back in [0, 1]")
CHANNELS_LAST = tr("show each image with its channels last, [H, W, 3]: "
                   "np.transpose(image, (1, 2, 0)) of the [3, H, W] tensor")
FLATTEN_SIZE = tr("the first Linear layer must take what the flatten gives: 32 channels of "
                  "14 x 14 after the two 3 x 3 convolutions (32 -> 30 -> 28) and one 2 x 2 "
                  "pooling, 32 * 14 * 14 = {flat}: nn.Linear({flat}, n_hidden)", flat=CNN_FLAT)
ONE_POOLING = tr("one MaxPool2d(2), after the two convolutions: a second pooling halves the "
                 "image again to [N, 32, 7, 7] (1,568 values), and the CNN is not the course's")
CONVOLUTIONS = tr("nn.Conv2d(3, 32, 3), then nn.Conv2d(32, 32, 3), without padding: each 3 x 3 "
                  "kernel loses one pixel on every side, [N, 32, 30, 30] then [N, 32, 28, 28]")
CNN_ORDER = tr("the course's order: conv1 -> ReLU -> conv2 -> ReLU -> MaxPool2d(2) -> Flatten "
               "-> l1 -> ReLU -> l2, with nothing after l2")
NO_RELU = tr("a ReLU between the layers is missing: without it two layers collapse into one")
MLP_SIZES = tr("use the sizes given: Linear(n_input, n_hidden), then Linear(n_hidden, "
               "n_output); nothing written in (3072, 128, 10)")


def drawn(stream: str) -> torch.Generator:
    return inputs.generator(f"ch09/{stream}")


def course_images(images: torch.Tensor) -> torch.Tensor:
    """What the course's transform2 (ToTensor, Normalize(0.5, 0.5)) makes of uint8 images
    [N, 32, 32, 3], for all of them at once: float32 [N, 3, 32, 32] in [-1, 1]."""
    return ((images.float() / 255 - 0.5) / 0.5).permute(0, 3, 1, 2).contiguous()


# Probes: they run beside the learner's code and return what they saw (grader.learner).

def seeded_draws(code, seeds):
    """For each seed: torch_seed(seed), then what torch draws (torch.rand, a new
    nn.Linear's weights, a dropout mask) and whether deterministic algorithms were asked
    for. torch.use_deterministic_algorithms is replaced by a recorder while torch_seed runs
    (the real call costs a second per process); torch's state is put back afterwards."""
    real_switch = torch.use_deterministic_algorithms
    cudnn_before = torch.backends.cudnn.deterministic
    seen = []
    try:
        for seed in seeds:
            calls = []

            def recorder(mode=None, *args, **kwargs):
                calls.append(mode is True)

            torch.use_deterministic_algorithms = recorder
            torch.backends.cudnn.deterministic = False
            code.helpers.torch_seed(seed)
            after = torch.use_deterministic_algorithms
            seen.append({"draws": draws_after_seeding(),
                         "switch": (True if after is recorder else
                                    f"{type(after).__name__} {after!r}"[:80]),
                         "called": any(calls),
                         "enabled": torch.are_deterministic_algorithms_enabled(),
                         "cudnn": torch.backends.cudnn.deterministic is True})
    finally:
        torch.use_deterministic_algorithms = real_switch
        torch.backends.cudnn.deterministic = cudnn_before
        if torch.are_deterministic_algorithms_enabled():
            real_switch(False)
    return seen


def draws_after_seeding() -> list:
    """What torch's default generator gives next: numbers, initial weights, a dropout mask."""
    return [torch.rand(4), nn.Linear(3, 2).weight.detach().clone(),
            F.dropout(torch.ones(12), 0.5, training=True)]


def observed_eval_loss(code, case, tracked=False):
    """eval_loss on ProbeNet and the case's training data in batches: the value, what
    autograd knows of it, and the recorded moves (when `tracked`)."""
    net = ProbeNet(case["weights"], case["test_x"])
    loader = DataLoader(TensorDataset(case["train_x"], case["train_y"]),
                        batch_size=case["batch_size"], shuffle=False)
    moves, device = [], torch.device("cpu")
    if tracked:
        loader = devices.TrackedLoader(loader, "loader", moves)
        net, device = devices.track_model(net, moves), devices.STAND_IN
    loss = code.helpers.eval_loss(loader, device, net, nn.CrossEntropyLoss())
    return {"loss": loss, "facts": tensor_facts(loss), "moves": moves}


def figure_facts(figure) -> dict:
    """Whether `figure` is a matplotlib Figure, and the (x, y) data of every line on it."""
    from matplotlib.figure import Figure

    if not isinstance(figure, Figure):
        return {"figure": False, "value": figure}
    lines = []
    for axes in figure.axes:
        for line in axes.get_lines():
            try:
                lines.append((np.asarray(line.get_xdata(), dtype=float),
                              np.asarray(line.get_ydata(), dtype=float)))
            except (TypeError, ValueError):
                continue  # not numbers: not one of the curves
    return {"figure": True, "lines": lines}


def saved_png(path: str):
    """The first bytes of the file at `path`, or None when there is none."""
    if not os.path.isfile(path):
        return None
    with open(path, "rb") as file:
        return file.read(len(PNG_HEADER))


def drawn_curves(code, history):
    """evaluate_history(history, path): what it printed, the file it saved, its Figure."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "curves.png")
        with captured() as text:
            figure = code.helpers.evaluate_history(history, path)
        return {"printed": text.getvalue()[-5_000:], "png": saved_png(path),
                **figure_facts(figure)}


class KnownNet(nn.Module):
    """The grader's network for show_images_labels: scores x.flatten(1) @ weight.T, so its
    predictions are known on the grading side."""

    def __init__(self, weight):
        super().__init__()
        self.weight = nn.Parameter(weight.clone())

    def forward(self, x):
        return x.flatten(1) @ self.weight.T


def grid_facts(figure) -> dict:
    """For each axes of `figure` that shows an image, in the order they were made: its
    title, the title's colour (RGB) and the image's pixels."""
    from matplotlib.colors import to_rgb

    facts = figure_facts(figure)
    if not facts["figure"]:
        return facts
    shown = [axes for axes in figure.axes if axes.images]
    return {"figure": True, "titles": [axes.get_title() for axes in shown],
            "colours": [list(to_rgb(axes.title.get_color())) for axes in shown],
            "images": [np.asarray(axes.images[0].get_array(), dtype=float) for axes in shown]}


def drawn_grid(code, images, labels, batch_size, classes, weight=None):
    """show_images_labels on a loader of the images; with `weight`, a KnownNet predicts on a
    stand-in device whose moves are recorded, else net and device are None."""
    loader = DataLoader(TensorDataset(images, labels), batch_size=batch_size, shuffle=False)
    moves, net, device = [], None, None
    if weight is not None:
        loader = devices.TrackedLoader(loader, "loader", moves)
        net, device = devices.track_model(KnownNet(weight), moves), devices.STAND_IN
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "grid.png")
        with captured():
            figure = code.helpers.show_images_labels(loader, tuple(classes), net, device, path)
        return {"png": saved_png(path), "moves": moves, **grid_facts(figure)}


def transformed(code, images):
    """transform1 and transform2 of make_transforms() applied to each drawn image."""
    from PIL import Image

    transform1, transform2 = code.data.make_transforms()
    pictures = [Image.fromarray(image.numpy()) for image in images]
    return [transform1(p) for p in pictures], [transform2(p) for p in pictures]


def mlp_facts(code, sizes, x):
    net = code.models.Net(*sizes)
    if not isinstance(net, nn.Module):
        return {"module": False, "value": net}
    with torch.no_grad():
        output = net(x.clone())
    return {"module": True, "parameters": list(net.named_parameters()),
            "count": sum(p.numel() for p in net.parameters()), "output": output}


def cnn_facts(code, n_output, n_hidden, x=None):
    """CNN(n_output, n_hidden): its parameters, their count, and on x its output and the
    trace of its layers (Conv2d, MaxPool2d and Flatten outputs, Linear inputs, in the order
    they ran), recorded by hooks whatever the layers are called. A first Linear layer that
    does not fit the flatten is reported as such."""
    net = code.models.CNN(n_output, n_hidden)
    if not isinstance(net, nn.Module):
        return {"module": False, "value": net}
    facts = {"module": True, "parameters": list(net.named_parameters()),
             "count": sum(p.numel() for p in net.parameters())}
    if x is None:
        return facts
    trace = []

    def output_shape(module, args, output):
        trace.append((type(module).__name__, list(output.shape)))

    def input_shape(module, args):
        trace.append(("Linear", list(args[0].shape)))

    for module in net.modules():
        if isinstance(module, (nn.Conv2d, nn.MaxPool2d, nn.Flatten)):
            module.register_forward_hook(output_shape)
        elif isinstance(module, nn.Linear):
            module.register_forward_pre_hook(input_shape)
    facts["trace"], facts["mismatch"] = trace, False
    try:
        with torch.no_grad():
            facts["output"] = net(x.clone())
    except RuntimeError as error:
        if "mat1 and mat2 shapes cannot be multiplied" not in str(error):  # i18n: internal
            raise
        facts["mismatch"] = True
    return facts


def trained_pair(code, train_index, val_index, classes, settings):
    """The learner's CNN and Net, each trained by the learner's fit (Adam, default lr) on
    the same Shapes-10 training images (the CNN on [3, 32, 32] images, Net on them
    flattened), each image's class c relabelled classes[c]; both exported for held-out
    evaluation, with the CNN's history."""
    images, labels = shapes10.generate(True)
    images, labels = torch.from_numpy(images), classes[torch.from_numpy(labels)]
    models = {"cnn": (lambda: code.models.CNN(N_CLASSES, N_HIDDEN), lambda x: x),
              "mlp": (lambda: code.models.Net(N_FLAT, N_CLASSES, N_HIDDEN),
                      lambda x: x.reshape(len(x), -1))}
    seen = {}
    for name, (build, shaped) in models.items():
        def part(index):
            return TensorDataset(shaped(course_images(images[index])), labels[index])

        train_part, val_part = part(train_index), part(val_index)
        net = build()
        optimizer = torch.optim.Adam(net.parameters())
        with captured():
            history = code.helpers.fit(
                net, optimizer, nn.CrossEntropyLoss(), settings["epochs"],
                DataLoader(train_part, batch_size=settings["batch_size"], shuffle=True),
                DataLoader(val_part, batch_size=settings["batch_size"], shuffle=False),
                torch.device("cpu"), np.zeros((0, 5)))
        seen[name] = {"model": exported(net, train_part.tensors[0][:2]), "history": history}
    return seen


# The judges: plain data only from here on.

@contextlib.contextmanager
def grading_side_seed(seed: int):
    """torch's default generator seeded here, and put back afterwards."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        yield


def oracle_draws(seed: int) -> list:
    with grading_side_seed(seed):
        return draws_after_seeding()


def drawn_seeds() -> list[int]:
    """A drawn seed twice, then another; neither is the default 123."""
    g = drawn("seeds")
    first, other = (randint(1_000, 1_000_000, g) for _ in range(2))
    return [first, first, other if other != first else first + 1]


def same_draws(a, b) -> bool:
    return all(torch.equal(x, y) for x, y in zip(a, b))


@check(points=2)
def check_torch_seed(chapter):
    seeds = drawn_seeds()
    runs = chapter.run(seeded_draws, seeds)
    for seed, run in zip(seeds, runs):
        if run["switch"] is not True:
            fail(tr("after torch_seed, torch.use_deterministic_algorithms is no longer torch's "
                    "function"), got=tr("replaced"), cause=ASSIGNED)
        if not (run["called"] or run["enabled"]):
            fail(tr("torch_seed did not switch deterministic algorithms on"),
                 cause=DETERMINISTIC)
        if not run["cudnn"]:
            fail(tr("torch_seed did not ask cuDNN for deterministic kernels"),
                 cause="torch.backends.cudnn.deterministic = True")
        if not same_draws(run["draws"], oracle_draws(seed)):
            cause = SEED_GIVEN
            if same_draws(run["draws"], oracle_draws(123)):
                cause = tr("torch_seed seeds with 123 whatever seed it is given: {fix}",
                           fix=SEED_GIVEN)
            fail(tr("after torch_seed(seed), torch does not draw what torch.manual_seed(seed) "
                    "makes it draw (random numbers, a new layer's weights, a dropout mask)"),
                 cause=cause)


def first_batch_loss(case) -> float:
    """The oracle: the criterion on ProbeNet's scores for the first batch of the case."""
    net = ProbeNet(case["weights"], case["test_x"])
    size = case["batch_size"]
    with torch.no_grad():
        return float(F.cross_entropy(net(case["train_x"][:size]), case["train_y"][:size]))


def whole_loader_loss(case) -> float:
    net = ProbeNet(case["weights"], case["test_x"])
    with torch.no_grad():
        return float(F.cross_entropy(net(case["train_x"]), case["train_y"]))


@check(points=2)
def check_eval_loss(chapter):
    case = drawn_case("ch09 eval loss", epochs=1)
    seen = chapter.run(observed_eval_loss, case)
    loss = seen["loss"]
    if isinstance(loss, (int, float)):
        fail(tr("eval_loss returned a number, not the loss tensor"), got=describe_type(loss),
             cause=tr("loss.item() drops the computation graph: {fix}", fix=GRAPH_KEPT))
    expect_tensor(loss, "eval_loss(...)", shape=())
    if seen["facts"]["grad_fn"] is None:
        fail(tr("the loss eval_loss returned has no computation graph (no grad_fn)"),
             cause=GRAPH_KEPT)
    expected = first_batch_loss(case)
    if not math.isclose(float(loss), expected, rel_tol=1e-5, abs_tol=1e-6):
        whole = math.isclose(float(loss), whole_loader_loss(case), rel_tol=1e-5)
        fail(tr("eval_loss is not the criterion's loss on the first batch"), expected=expected,
             got=float(loss),
             cause=tr("the loss of the whole loader: {fix}", fix=FIRST_BATCH) if whole else
             FIRST_BATCH)


@check(points=1)
def check_eval_loss_moves_batch_to_device(chapter):
    case = drawn_case("ch09 eval loss device", epochs=1)  # i18n: internal
    seen = chapter.run(observed_eval_loss, case, tracked=True)
    devices.expect_moved(seen["moves"], {"loader inputs": tr("the inputs (inputs.to(device))"),
                                         "loader labels": tr("the labels (labels.to(device))")},
                         "eval_loss")


def helpers_fit(chapter, case, **options):
    return chapter.run(observed_fit, case, module="helpers", **options)


@check(points=3)
def check_fit_history(chapter):
    case = drawn_case("ch09 history")
    expect_fit_like_the_course(helpers_fit(chapter, case), case)


@check(points=2)
def check_fit_continues_history(chapter):
    case = drawn_case("ch09 continued", epochs=2)
    g = drawn("earlier history")
    earlier = torch.rand(randint(2, 5, g), 5, generator=g).double().numpy()
    earlier[:, 0] = np.arange(1, len(earlier) + 1)
    seen = helpers_fit(chapter, case, history=earlier)
    history = seen["history"]
    if history is not None and len(expect_array(history, tr("the history"))) == case["epochs"]:
        fail(tr("fit returned only the new rows, not the history it was given with them"),
             expected=shape_text((len(earlier) + case["epochs"], 5)),
             got=shape_text((case["epochs"], 5)), cause=APPEND)
    history = expect_history(history, len(earlier) + case["epochs"])
    if not same(history[:len(earlier)], earlier):
        fail(tr("the rows of the history given were changed"), cause=APPEND)
    epochs = np.arange(len(earlier) + 1, len(earlier) + case["epochs"] + 1)
    if not np.array_equal(history[len(earlier):, 0], epochs):
        fail(tr("the epochs of the new rows are not numbered on from the history given"),
             expected=epochs.tolist(), got=history[len(earlier):, 0].tolist(), cause=NUMBERING)
    expect_fit_like_the_course(seen, case, rows_before=len(earlier))


@check(points=2)
def check_fit_modes(chapter):
    """Training mode with autograd for the training batches, evaluation mode without it for
    the test batches; fit gets a model left in evaluation mode, as a previous fit leaves it."""
    case = drawn_case("ch09 modes", epochs=2)
    expect_modes(*calls_per_batch(helpers_fit(chapter, case, start_in_eval=True), case))


@check(points=1)
def check_fit_moves_batches_to_device(chapter):
    case = drawn_case("ch09 device", epochs=1)
    seen = helpers_fit(chapter, case, tracked=True)
    calls_per_batch(seen, case)
    devices.expect_moved(seen["moves"], {
        f"{loader} {part}": tr("the {part} of the {loader} batches ({part}.to(device))",
                               part=part, loader=loader)
        for loader in ("train", "test") for part in ("inputs", "labels")}, "fit")


@check(points=1)
def check_fit_shows_progress_bar(chapter):
    import re

    case = drawn_case("ch09 progress bar", epochs=1)
    seen = helpers_fit(chapter, case)
    calls_per_batch(seen, case)
    if not re.search(r"(\d+/\d+|\d+it) \[\d", seen["output"]):
        fail(tr("fit showed no progress bar"),
             cause=tr("wrap the training batches in tqdm: for inputs, labels in "
                      "tqdm(train_loader): (from tqdm.auto import tqdm)"))


# ---- evaluate_history and show_images_labels ------------------------------------------------

SERIES = {1: tr("training loss"), 3: tr("validation loss"), 2: tr("training accuracy"),
          4: tr("validation accuracy")}
PARTNER = {1: 3, 3: 1, 2: 4, 4: 2}  # the other curve of the same panel


def drawn_history(stream: str, first_epoch: int = 1) -> np.ndarray:
    """A 5-column history of 4 to 8 epochs numbered from `first_epoch`: losses and
    accuracies drawn apart, so that each curve is known by its values."""
    g = drawn(f"history {stream}")
    rows = randint(4, 8, g)
    history = torch.rand(rows, 5, generator=g, dtype=torch.float64).numpy()
    history[:, [1, 3]] = 0.3 + 2 * history[:, [1, 3]]
    history[:, 0] = np.arange(first_epoch, first_epoch + rows)
    return history


def expect_figure(seen, where: str) -> None:
    if not seen["figure"]:
        fail(tr("{where} should return the matplotlib Figure it drew", where=where),
             got=describe_type(seen["value"]), cause=RETURN_FIGURE)
    if seen["png"] != PNG_HEADER:
        fail(tr("{where} did not save a PNG file at the path given", where=where),
             got=tr("no file") if seen["png"] is None else tr("a file that is not a PNG"),
             cause=SAVE_PNG)


def expect_curves(lines, history) -> None:
    """Each of the four series of `history` is a line of the Figure, against the epochs."""
    epochs = history[:, 0]
    for column, name in SERIES.items():
        if any(len(x) == len(history) and same(x, epochs) and same(y, history[:, column])
               for x, y in lines):
            continue
        if any(len(y) == len(history) and same(y, history[:, column]) for x, y in lines):
            fail(tr("the {name} curve is not drawn against the epoch column", name=name),
                 cause=tr("use the epochs of the history, history[:, 0], as x: after a "
                          "continued run they do not start at 1"))
        partner = PARTNER[column]
        twice = sum(len(y) == len(history) and same(y, history[:, partner]) for x, y in lines)
        fail(tr("the Figure has no {name} curve (column {column} of the history against "
                "column 0)", name=name, column=column),
             cause=tr("the {name} curve shows column {partner}, the {partner_name}: {fix}",
                      name=name, partner=partner, partner_name=SERIES[partner], fix=CURVES)
             if twice > 1 else CURVES)


def expect_printed(printed: str, history) -> None:
    wanted = {tr("the first epoch's validation loss"): history[0, 3],
              tr("the first epoch's validation accuracy"): history[0, 4],
              tr("the last epoch's validation loss"): history[-1, 3],
              tr("the last epoch's validation accuracy"): history[-1, 4]}
    for what, value in wanted.items():
        if f"{value:.5f}" not in printed:
            fail(tr("evaluate_history did not print {what} with 5 decimals", what=what),
                 cause=PRINTED)


def judged_curves(chapter, history) -> None:
    seen = chapter.run(drawn_curves, history)
    expect_figure(seen, "evaluate_history(history, path)")
    expect_printed(seen["printed"], history)
    expect_curves(seen["lines"], history)


@check(points=2)
def check_evaluate_history(chapter):
    judged_curves(chapter, drawn_history("public"))


CLASS_NAMES = ("apple", "bee", "cloud", "dune", "eel", "fern", "goat", "hill", "ink", "jar")


def drawn_grid_case(stream: str, low: int, high: int) -> dict:
    """Images in [-1, 1] (both ends present), a batch size from low..high and a second batch
    behind it, the class names in a drawn order, a KnownNet's weights and labels of which
    about half are its predictions."""
    g = drawn(f"grid {stream}")
    batch_size = randint(low, high, g)
    count = batch_size + randint(1, 5, g)
    images = 2 * torch.rand(count, 3, IMAGE, IMAGE, generator=g) - 1
    images[0, 0, 0, :2] = torch.tensor([-1.0, 1.0])
    weight = torch.randn(N_CLASSES, N_FLAT, generator=g)
    predicted = (images.flatten(1) @ weight.T).argmax(1)
    shift = torch.randint(1, N_CLASSES, (count,), generator=g)
    right = torch.rand(count, generator=g) < 0.5
    labels = torch.where(right, predicted, (predicted + shift) % N_CLASSES)
    classes = [CLASS_NAMES[i] for i in torch.randperm(N_CLASSES, generator=g).tolist()]
    return {"images": images, "labels": labels, "batch_size": batch_size,
            "classes": classes, "weight": weight, "predicted": predicted}


def expect_grid(seen, case, with_net: bool) -> None:
    where = "show_images_labels(loader, classes, net, device, path)"  # i18n: internal
    expect_figure(seen, where)
    count = min(case["batch_size"], GRID_MAX)
    if len(seen["titles"]) != count:
        fail(tr("{where} should show the first min(batch size, {most}) images of the first "
                "batch, each in its own axes", where=where, most=GRID_MAX),
             expected=count, got=len(seen["titles"]),
             cause=(tr("show at most {most} images: n_size = min(len(images), {most})",
                       most=GRID_MAX)
                    if len(seen["titles"]) > GRID_MAX else
                    tr("one subplot per image of the first batch, with imshow")))
    classes, labels = case["classes"], case["labels"][:count].tolist()
    predicted = case["predicted"][:count].tolist()
    titles = [classes[label] if not with_net else f"{classes[label]}:{classes[guess]}"
              for label, guess in zip(labels, predicted)]
    if seen["titles"] != titles:
        swapped = [f"{classes[guess]}:{classes[label]}" for label, guess in zip(labels,
                                                                                 predicted)]
        fail(tr("the titles are not the images' labels and predictions") if with_net else
             tr("the titles are not the images' labels"),
             cause=(tr("the title is 'label:predicted', the class name of the label first")
                    if with_net and seen["titles"] == swapped else
                    tr("title each image classes[labels[i]] + ':' + classes[predicted[i]], "
                       "the predicted class being the index of the largest score "
                       "(torch.max(outputs, 1)[1])") if with_net else
                    tr("without a net, title each image with its class name "
                       "classes[labels[i]]")))
    if with_net:
        expected = [[0.0, 0.0, 0.0] if label == guess else [0.0, 0.0, 1.0]
                    for label, guess in zip(labels, predicted)]
        if not same(seen["colours"], expected):
            fail(tr("the titles' colours do not say which predictions are right"),
                 cause=tr("black ('k') when the prediction is the label, blue ('b') when not"))
    expect_pixels(seen["images"], case["images"][:count])


def expect_pixels(shown, images) -> None:
    wanted = ((images.numpy() + 1) / 2).transpose(0, 2, 3, 1)
    for image, expected in zip(shown, wanted):
        image = np.asarray(image, dtype=float)
        if image.shape == expected.shape[::-1] or image.shape[0] == 3:
            fail(tr("an image is not shown with its channels last"),
                 expected=shape_text(expected.shape), got=shape_text(image.shape),
                 cause=CHANNELS_LAST)
        if image.shape != expected.shape:
            fail(tr("an image is shown with the wrong shape"),
                 expected=shape_text(expected.shape),
                 got=shape_text(image.shape), cause=CHANNELS_LAST)
        scale = 255.0 if image.max() > 1.5 else 1.0  # uint8 images are fine too
        if np.allclose(image / scale, expected, atol=1.5 / 255 if scale > 1 else 1e-5):
            continue
        # imshow keeps float RGB data clipped to [0, 1]: raw values show as their clip
        raw = np.allclose(image, np.clip(2 * expected - 1, 0, 1), atol=1e-5)
        fail(tr("an image is not shown as its pixels in [0, 1]"),
             cause=SHOWN_RAW if raw else tr("show (x + 1) / 2 of each image, channels last, "
                                            "with no other change"))


@check(points=3, timeout=60)
def check_show_images_labels(chapter):
    """With a net: a first batch of more than 50 images, titles 'label:predicted' in black or
    blue, the images moved to the device to predict. Without: a small batch, labels only."""
    case = drawn_grid_case("with net", GRID_MAX + 1, GRID_MAX + 6)
    seen = chapter.run(drawn_grid, case["images"], case["labels"], case["batch_size"],
                       case["classes"], case["weight"])
    devices.expect_moved(seen["moves"], {"loader inputs": tr("the images to predict "
                                                            "(inputs = images.to(device))")},
                         "show_images_labels")
    expect_grid(seen, case, with_net=True)
    case = drawn_grid_case("without net", 6, 12)
    seen = chapter.run(drawn_grid, case["images"], case["labels"], case["batch_size"],
                       case["classes"])
    expect_grid(seen, case, with_net=False)


# ---- data and models --------------------------------------------------------------------------

def drawn_pictures(count: int = 4) -> torch.Tensor:
    """uint8 RGB images [count, 32, 32, 3] with every value drawn, 0 and 255 included."""
    g = drawn("transform images")
    images = torch.randint(0, 256, (count, IMAGE, IMAGE, 3), generator=g)
    images[0, 0, 0, :2] = torch.tensor([0, 255])
    return images.to(torch.uint8)


@check(points=2)
def check_transforms(chapter):
    pictures = drawn_pictures()
    flat, shaped = chapter.run(transformed, pictures)
    expected = course_images(pictures)
    for got, wanted in zip(flat, expected):
        name = "transform1(image)"
        expect_tensor(got, name, shape=(N_FLAT,), dtype=torch.float32)
        channels_last = wanted.permute(1, 2, 0).reshape(-1)
        cause = (tr("the values are those of the pixels in the order [H, W, C]: "
                    "transforms.ToTensor() puts the channels first ([3, 32, 32]) before the "
                    "flatten") if same(got, channels_last) else
                 tr("values in [0, 1]: add transforms.Normalize(0.5, 0.5) after ToTensor")
                 if same(got, (wanted.reshape(-1) + 1) / 2) else
                 tr("ToTensor, Normalize(0.5, 0.5), then flatten with x.view(-1)"))
        expect_close(got, wanted.reshape(-1),
                     tr("{name}, compared with (pixel / 255 - 0.5) / 0.5 in the order "
                        "[C, H, W]", name=name), atol=1e-6, cause=cause)
    for got, wanted in zip(shaped, expected):
        name = "transform2(image)"
        if isinstance(got, torch.Tensor) and got.shape == (N_FLAT,):
            fail(tr("{name} is flat", name=name), expected=shape_text(wanted.shape),
                 got=shape_text(got.shape),
                 cause=tr("the CNN takes images [3, 32, 32]: transform2 is ToTensor and "
                          "Normalize(0.5, 0.5), without the flatten"))
        expect_tensor(got, name, shape=wanted.shape, dtype=torch.float32)
        expect_close(got, wanted, tr("{name}, compared with (pixel / 255 - 0.5) / 0.5",
                                     name=name),
                     atol=1e-6, cause=tr("ToTensor, then Normalize(0.5, 0.5)"))


def drawn_sizes(stream: str) -> tuple[int, int]:
    """(n_output, n_hidden), apart, so each Linear layer is known by its shape."""
    g = drawn(f"sizes {stream}")
    return randint(2, 6, g), randint(8, 16, g)


def expect_logits(out, oracle, name, oracles_without_relu) -> None:
    probabilities = bool((out >= 0).all()) and torch.allclose(out.sum(1).float(),
                                                              torch.ones(len(out)))
    cause = (RAW_SCORES if probabilities else
             NO_RELU if any(same(out, other) for other in oracles_without_relu) else
             CNN_ORDER if name.startswith("CNN") else
             tr("apply the layers in turn with a ReLU after the hidden layer and nothing after "
                "the last"))
    expect_close(out, oracle, tr("{name}, compared with its layers applied in turn", name=name),
                 atol=1e-5, cause=cause)


@check(points=2)
def check_net(chapter):
    n_output, n_hidden = drawn_sizes("Net")
    g = drawn("Net inputs")
    n_input = randint(20, 40, g)
    x = torch.randn(randint(4, 9, g), n_input, generator=g)
    facts = chapter.run(mlp_facts, (n_input, n_output, n_hidden), x)
    name = "Net(n_input, n_output, n_hidden)"
    if not facts["module"]:
        fail(tr("{name} should be an nn.Module", name=name), got=describe_type(facts["value"]))
    expected = (n_input + 1) * n_hidden + (n_hidden + 1) * n_output
    if facts["count"] != expected:
        fail(tr("{name} with other sizes than the course's has the wrong number of parameters",
                name=name), expected=expected, got=facts["count"], cause=MLP_SIZES)
    out = expect_tensor(facts["output"], f"{name}(x)", shape=(len(x), n_output))
    layers = layers_in_order(facts["parameters"], n_input, n_output)
    expect_logits(out, forward_oracle(layers, x), f"{name}(x)",
                  [forward_oracle(layers, x, activation=lambda h: h)])


def cnn_layers(parameters, n_output):
    """(conv1, conv2, l1, l2) as (weight, bias) pairs, known by their shapes."""
    named = dict(parameters)
    pairs = [(w, named.get(name[:-len("weight")] + "bias")) for name, w in parameters
             if name.endswith("weight")]
    convs = sorted((p for p in pairs if p[0].ndim == 4), key=lambda p: p[0].shape[1] != 3)
    linears = sorted((p for p in pairs if p[0].ndim == 2), key=lambda p: p[0].shape[0] == n_output)
    return convs, linears


def cnn_oracle(convs, linears, x, relu=(True, True, True)):
    """The course's CNN from its layers, in float64; `relu` switches each ReLU on or off."""
    def act(h, on):
        return F.relu(h) if on else h

    h = x.double()
    for (weight, bias), on in zip(convs, relu[:2]):
        h = act(F.conv2d(h, weight.double(), bias.double()), on)
    h = F.max_pool2d(h, 2).flatten(1)
    (w1, b1), (w2, b2) = linears
    return F.linear(act(F.linear(h, w1.double(), b1.double()), relu[2]), w2.double(),
                    b2.double())


def drawn_images(stream: str) -> torch.Tensor:
    g = drawn(f"{stream} images")
    return 2 * torch.rand(randint(3, 8, g), 3, IMAGE, IMAGE, generator=g) - 1


def expect_flatten_fits(facts) -> None:
    if facts["mismatch"]:
        got = [shape for kind, shape in facts["trace"] if kind == "Linear"][:1]
        fail(tr("the CNN's first Linear layer does not take what the flatten gives"),
             got=tr("an input of shape {shape}", shape=shape_text(got[0])) if got else
             tr("no Linear input"), cause=FLATTEN_SIZE)


@check(points=3)
def check_cnn(chapter):
    n_output, n_hidden = drawn_sizes("CNN")
    x = drawn_images("CNN")
    facts = chapter.run(cnn_facts, n_output, n_hidden, x)
    name = "CNN(n_output, n_hidden)"
    if not facts["module"]:
        fail(tr("{name} should be an nn.Module", name=name), got=describe_type(facts["value"]))
    expect_flatten_fits(facts)
    convs, linears = cnn_layers(facts["parameters"], n_output)
    if len(convs) != 2 or len(linears) != 2:
        fail(tr("{name} should hold two nn.Conv2d and two nn.Linear layers", name=name),
             got=tr("{convs} and {linears}", convs=len(convs), linears=len(linears)),
             cause=CNN_ORDER)
    first_linear = linears[0][0].shape[1] if linears else None
    expected = (3 * 9 + 1) * 32 + (32 * 9 + 1) * 32 + (CNN_FLAT + 1) * n_hidden \
        + (n_hidden + 1) * n_output
    if facts["count"] != expected:
        fail(tr("{name} with other sizes than the course's has the wrong number of parameters",
                name=name), expected=expected, got=facts["count"],
             cause=FLATTEN_SIZE if first_linear not in (None, CNN_FLAT) else
             tr("Conv2d(3, 32, 3), Conv2d(32, 32, 3), Linear(6272, n_hidden), "
                "Linear(n_hidden, n_output), with the sizes given"))
    out = expect_tensor(facts["output"], f"{name}(x)", shape=(len(x), n_output))
    switches = [(a, b, c) for a in (True, False) for b in (True, False) for c in (True, False)]
    expect_logits(out, cnn_oracle(convs, linears, x), f"{name}(x)",
                  [cnn_oracle(convs, linears, x, relu) for relu in switches[1:]])


@check(points=2)
def check_cnn_layer_shapes(chapter):
    """[N, 32, 30, 30] -> [N, 32, 28, 28] -> [N, 32, 14, 14] -> [N, 6272] -> [N, n_output]
    for a drawn N, recorded at the Conv2d, MaxPool2d and Flatten modules and the Linear
    layers' inputs, whatever they are called."""
    n_output, n_hidden = drawn_sizes("CNN shapes")
    x = drawn_images("CNN shapes")
    n = len(x)
    facts = chapter.run(cnn_facts, n_output, n_hidden, x)
    if not facts["module"]:
        fail(tr("{name} should be an nn.Module", name="CNN(n_output, n_hidden)"),
             got=describe_type(facts["value"]))
    trace = facts["trace"]

    def shapes(kind):
        return [shape for k, shape in trace if k == kind]

    convs = shapes("Conv2d")
    expected_convs = [[n, 32, 30, 30], [n, 32, 28, 28]]
    if convs != expected_convs:
        fail(tr("the convolutions' outputs have the wrong shapes"),
             expected=" -> ".join(map(shape_text, expected_convs)),
             got=" -> ".join(map(shape_text, convs)) or tr("no nn.Conv2d ran"),
             cause=CONVOLUTIONS)
    pools, flat = shapes("MaxPool2d"), [n, CNN_FLAT]
    linear_inputs = shapes("Linear")
    if len(pools) > 1 or (linear_inputs and linear_inputs[0] == [n, 32 * 7 * 7]):
        fail(tr("the CNN pools more than once"),
             expected=shape_text([n, 32, 14, 14]),
             got=" -> ".join(map(shape_text, pools)) or "", cause=ONE_POOLING)
    if pools and pools != [[n, 32, 14, 14]]:
        fail(tr("the pooling's output has the wrong shape"),
             expected=shape_text([n, 32, 14, 14]), got=shape_text(pools[0]),
             cause=tr("nn.MaxPool2d((2, 2)) after the convolutions"))
    expect_flatten_fits(facts)
    if shapes("Flatten") and shapes("Flatten")[0] != flat:
        fail(tr("the flatten's output has the wrong shape"), expected=shape_text(flat),
             got=shape_text(shapes("Flatten")[0]), cause=FLATTEN_SIZE)
    if not linear_inputs or linear_inputs[0] != flat:
        fail(tr("the first Linear layer does not get the flattened features"),
             expected=shape_text(flat),
             got=shape_text(linear_inputs[0]) if linear_inputs else tr("no nn.Linear ran"),
             cause=FLATTEN_SIZE)
    expect_tensor(facts["output"], "CNN(n_output, n_hidden)(x)", shape=(n, n_output))


@check(points=1, course_data=True)
def check_course_parameter_counts(chapter):
    counted = {"Net(3072, 10, 128)": chapter.run(mlp_facts, (N_FLAT, N_CLASSES, N_HIDDEN),
                                                 torch.zeros(1, N_FLAT)),
               "CNN(10, 128)": chapter.run(cnn_facts, N_CLASSES, N_HIDDEN)}
    for name, facts in counted.items():
        if not facts["module"]:
            fail(tr("{name} should be an nn.Module", name=name),
                 got=describe_type(facts["value"]))
        if facts["count"] != COURSE_PARAMETERS[name]:
            fail(tr("{name} has the wrong number of parameters (counted with sum(p.numel()))",
                    name=name),
                 expected=f"{COURSE_PARAMETERS[name]:,}", got=f"{facts['count']:,}",
                 cause=FLATTEN_SIZE if name.startswith("CNN") else MLP_SIZES)


# ---- held-out accuracy: the CNN, and the CNN against the MLP ----------------------------------

TRAINING = {"train images": 2000, "val images": 200, "batch_size": 100, "epochs": 3}
HELD_OUT_IMAGES = 600
GRID_IMAGES = 20
BELOW_MARK = tr("this check trains your CNN with your fit (Adam with its default lr, batches of "
                "100, 3 epochs on 2,000 Shapes-10 images in [-1, 1]) and measures it on test "
                "images it never saw: it depends on CNN and fit, so fix check_cnn, "
                "check_cnn_layer_shapes and check_fit_history first")
NOT_BETTER = tr("the same training gives your Net (on the flattened images) about the CNN's "
                "accuracy: the convolutions should find the shapes wherever they are, which a "
                "fully connected layer on the flat vector cannot; this depends on CNN, Net and "
                "fit: fix check_cnn, check_net and check_fit_history first")

# Calibrated with `python -m grader calibrate ch09` (20 course keys: 10 understated the tail of
# a 3-epoch training before). The pass marks sit well below the worst key, as 3 epochs leave a
# wide spread. A fit that never learns scores about 0.1, the MLP about 0.2.
CNN_HELD_OUT = Threshold("ch09", N_("held-out accuracy of the CNN trained by fit"), at_least=0.35,
                         calibration=Calibration(seeds=20, worst=0.4167, median=0.4967))
CNN_OVER_MLP = Threshold("ch09", N_("held-out accuracy of the CNN minus the MLP's"),
                         at_least=0.12,
                         calibration=Calibration(seeds=20, worst=0.1950, median=0.2900))


def drawn_training_images() -> tuple[list[int], list[int]]:
    """Indices of the training and validation images, apart, in Shapes-10's training part."""
    size = len(shapes10.generate(True)[1])
    order = torch.randperm(size, generator=drawn("training images")).tolist()
    n_train = TRAINING["train images"]
    return order[:n_train], order[n_train:n_train + TRAINING["val images"]]


def drawn_classes() -> torch.Tensor:
    """The label of each Shapes-10 class: a drawn order of 0..9, so that a model trained for
    other inputs does not pass here."""
    return torch.randperm(N_CLASSES, generator=drawn("classes"))


def held_out_images(classes) -> tuple[torch.Tensor, torch.Tensor]:
    """Shapes-10 test images and their relabelled classes, drawn here; they never go to the
    learner's process."""
    images, labels = shapes10.generate(False)
    index = torch.randperm(len(labels), generator=drawn("held-out images"))[:HELD_OUT_IMAGES]
    return (course_images(torch.from_numpy(images)[index]),
            classes[torch.from_numpy(labels)[index]])


def accuracy_of(model, images, labels, name, shaped=lambda x: x) -> float:
    with torch.no_grad():
        outputs = model(shaped(images))
    if not isinstance(outputs, torch.Tensor) or tuple(outputs.shape) != (len(images), N_CLASSES):
        fail(tr("the trained {name} does not give 10 scores per image", name=name),
             got=describe_type(outputs),
             cause=tr("this check depends on {name}: fix {check} first", name=name,
                      check=f"check_{name.lower()}"))
    if not torch.isfinite(outputs).all():
        return math.nan
    return float((outputs.argmax(1) == labels).double().mean())


_measured: dict = {}


def measured(chapter) -> dict:
    """The held-out accuracies of the learner's CNN and Net trained by its fit, the CNN's
    history and model. Kept per chapter directory and course key for this process: both
    thresholds read one training, in the check and in calibration."""
    where = getattr(chapter, "chapter_dir", None) or chapter.code.path
    key = (str(where), inputs.seed("ch09/held-out key"))
    if key not in _measured:
        train_index, val_index = drawn_training_images()
        classes = drawn_classes()
        seen = chapter.run(trained_pair, train_index, val_index, classes, TRAINING)
        images, labels = held_out_images(classes)
        cnn = load_exported(seen["cnn"]["model"], tr("the trained CNN"))
        mlp = load_exported(seen["mlp"]["model"], tr("the trained Net"))
        _measured[key] = {
            "cnn": accuracy_of(cnn, images, labels, "CNN"),
            "mlp": accuracy_of(mlp, images, labels, "Net", lambda x: x.reshape(len(x), -1)),
            "history": seen["cnn"]["history"], "model": cnn, "classes": classes}
    return _measured[key]


@CNN_HELD_OUT.measured_by
def cnn_accuracy(chapter) -> float:
    return measured(chapter)["cnn"]


@CNN_OVER_MLP.measured_by
def cnn_over_mlp(chapter) -> float:
    seen = measured(chapter)
    return seen["cnn"] - seen["mlp"]


def save_figures(seen) -> None:
    """The CNN's learning curves, and its predictions on held-out images, as the course
    draws them after training."""
    try:
        history = expect_history(seen["history"], TRAINING["epochs"])
    except AssertionError:
        return  # the history is judged by the fit checks
    if np.isfinite(history).all():
        save_figure("ch09", "learning_curves", save_learning_curves, history)
    images, labels = held_out_images(seen["classes"])
    names = [None] * N_CLASSES
    for original, label in enumerate(seen["classes"].tolist()):
        names[label] = shapes10.CLASSES[original]
    loader = DataLoader(TensorDataset(images[:GRID_IMAGES], labels[:GRID_IMAGES]),
                        batch_size=GRID_IMAGES)
    save_figure("ch09", "predictions", show_images_labels, loader, names, seen["model"], "cpu")


@check(points=4, timeout=90,
       relies_on=("check_fit_history", "check_net", "check_cnn", "check_cnn_layer_shapes"))
def check_held_out_accuracy(chapter):
    """The CNN reaches the pass mark on held-out images, and beats the MLP trained the same
    way by the calibrated margin."""
    seen = measured(chapter)
    save_figures(seen)
    CNN_HELD_OUT.judge(seen["cnn"], cause=BELOW_MARK)
    CNN_OVER_MLP.judge(seen["cnn"] - seen["mlp"], cause=NOT_BETTER)
