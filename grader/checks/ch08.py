"""Checks for chapter 8: MNIST with a fully connected network.

The data side is checked on drawn inputs (grader.inputs): pick_device with the GPU reported
present and absent, make_transform on drawn 28 x 28 images against (x / 255 - 0.5) / 0.5,
load_datasets on drawn items of the course's data, make_loaders on drawn numbered items
(the training loader must shuffle, the test loader must not, no item lost). The networks
are built with drawn sizes and compared with the grader's own forward pass computed from
their own layers.

fit is run on the grader's small network (ProbeNet, drawn weights) and drawn data whose
sizes are not multiples of the batch size (each epoch must predict every training batch
once, then every test batch once), and compared with the grader's replay of the
course's loop on the same data (`replayed_fit`); where they part, the grader replays the
known mistakes (an average not weighted by batch size, gradients never reset, softmax
before CrossEntropyLoss) and names the one that matches. ProbeNet records, for each call,
whether it got a test batch, its mode and whether autograd was on. Device handling is
checked through grader.devices: batches whose moves are recorded and a stand-in device; on
a machine with a GPU, fit also runs on it. The progress bar is looked for in what fit
writes.

The accuracy threshold trains the learner's Net with the learner's fit on drawn training
images and measures it here on drawn test images that never reach the learner's process;
the digits' classes are put in a drawn order, so a model trained on other inputs (the
public ones, replayed) does not pass under a course's secret.
Only the course's fixed numbers use course data alone (course_data=True): the parameter
counts 101,770 and 118,282 and the batches of 500 the loaders serve.
"""

import math
import re
import unittest.mock

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from courselib import datasets
from courselib.plots import save_learning_curves
from grader import devices, inputs
from grader.check import (DIVERGED, check, describe_type, expect_array, expect_close,
                          expect_items, expect_tensor, fail, learner_text, shape_text)
from grader.checks.shared import captured, randint
from grader.figures import save_figure
from grader.heldout import exported, load_exported
from grader.i18n import N_, tr, trn
from grader.thresholds import Calibration, Threshold

N_INPUT, N_HIDDEN, N_OUTPUT = 784, 128, 10
COURSE_PARAMETERS = {"Net": 101_770, "Net2": 118_282}
COURSE_BATCH = 500
FIT_LR = 0.2  # fit's checks train with it: fixed, so feedback may show it
COLUMNS = tr("[epoch, train loss, train acc, val loss, val acc]")

WEIGHTED = tr("an epoch's loss and accuracy are averages over its items, not over its batches: "
              "add loss.item() * len(labels) (and the number of correct predictions) for each "
              "batch and divide by the number of items; the last batch is smaller than the "
              "others")
NOT_ZEROED = tr("the gradients are never reset, so each step adds up all gradients so far: call "
                "optimizer.zero_grad() for every batch, before backward()")
SOFTMAX = tr("softmax was applied before CrossEntropyLoss, which applies it itself: give the "
             "criterion the model's raw outputs (logits)")
LOOP = tr("compare your loop with the course's: for each batch move the data, zero_grad, "
          "predict, criterion(outputs, labels), backward, step; add loss.item() * len(labels)")
NUMBERING = tr("number the new rows on from the history given: the first new epoch is "
               "len(history) + 1")
APPEND = tr("append the new rows to the history given and return it all "
            "(np.vstack((history, row)) for each epoch)")
LOSS_COLUMN = tr("a loss column holds, per epoch, the average of criterion(outputs, labels) over "
                 "the items: the training one from the batches as they were predicted before "
                 "their update, the validation one after the epoch's training; {weighted}",
                 weighted=WEIGHTED)
ACCURACY_COLUMN = tr("an accuracy is the number of correct predictions (the index of the largest "
                     "output, torch.max(outputs, 1)[1]) divided by the number of items")
EVERY_BATCH = tr("each epoch trains on every batch of train_loader (for inputs, labels in "
                 "tqdm(train_loader): ...), then predicts every batch of test_loader, each once")
SIZES = tr("use the sizes given: Linear(n_input, n_hidden), then Linear(n_hidden, n_hidden) in "
           "Net2, then Linear(n_hidden, n_output); nothing written in (784, 128, 10)")
RAW_SCORES = tr("the model returns probabilities: return the last Linear layer's raw scores "
                "(logits); CrossEntropyLoss applies the softmax itself")
NO_RELU = tr("a ReLU between the layers is missing: without it the layers collapse into one")
TRAIN_MODE = tr("call net.train() before the training batches of each epoch: the evaluation "
                "(or a previous fit) leaves the model in evaluation mode, where layers such as "
                "Dropout and BatchNorm behave differently")
EVAL_MODE = tr("call net.eval() before the evaluation on the test loader")
NO_GRAD = tr("evaluate inside `with torch.no_grad():`: the test batches need no computation "
             "graph, which only costs memory and time")


def course_inputs(images: torch.Tensor) -> torch.Tensor:
    """What the course's transform (ToTensor, Normalize(0.5, 0.5), flatten) makes of uint8
    images [N, 28, 28], for all of them at once: float32 [N, 784] in [-1, 1]."""
    return ((images.float() / 255 - 0.5) / 0.5).reshape(len(images), -1)


def course_transform():
    """The course's transform, built here: ToTensor, Normalize(0.5, 0.5), flatten."""
    from torchvision import transforms

    return transforms.Compose([transforms.ToTensor(), transforms.Normalize(0.5, 0.5),
                               transforms.Lambda(lambda x: x.view(-1))])


# Probes: they run beside the learner's code and return what they saw (grader.learner).

def device_name(value):
    """A device returned by the learner as its name ("cuda:0", "cpu"), else the value."""
    if isinstance(value, (str, torch.device)):
        try:
            return str(torch.device(value))
        except RuntimeError:
            return value
    return value


def picked_devices(code, gpu_present):
    """pick_device() called once for each flag, with torch reporting a GPU or not."""
    picked = []
    for present in gpu_present:
        with unittest.mock.patch("torch.cuda.is_available", return_value=present), \
                unittest.mock.patch("torch.cuda.device_count", return_value=int(present)):
            picked.append(device_name(code.data.pick_device()))
    return picked


def transformed(code, images):
    from PIL import Image

    transform = code.data.make_transform()
    return [transform(Image.fromarray(image.numpy())) for image in images]


def dataset_items(code, train_index, test_index):
    with captured():
        train_set, test_set = code.data.load_datasets(course_transform())
    return {"lengths": (len(train_set), len(test_set)),
            "train": [train_set[i] for i in train_index],
            "test": [test_set[i] for i in test_index]}


def numbered_loaders(code, train_ids, test_ids, batch_size):
    """The labels of every batch of two passes over each loader, for items labelled with
    their ids."""
    def numbered(ids):
        return TensorDataset(ids.float().view(-1, 1), ids)

    train_loader, test_loader = code.data.make_loaders(numbered(train_ids), numbered(test_ids),
                                                       batch_size=batch_size)
    passes = {name: [[labels for _, labels in loader] for _ in range(2)]
              for name, loader in (("train", train_loader), ("test", test_loader))}
    return {"passes": passes, "lengths": (len(train_loader), len(test_loader))}


def course_batches(code):
    with captured():
        train_set, test_set = code.data.load_datasets(code.data.make_transform())
        train_loader, test_loader = code.data.make_loaders(train_set, test_set)
    images, labels = next(iter(test_loader))
    return {"sets": (len(train_set), len(test_set)),
            "loaders": (len(train_loader), len(test_loader)), "images": images,
            "labels": labels}


def network(code, which, sizes, x=None):
    """Net or Net2 of the given sizes: its named parameters, their count, its output on x."""
    net = getattr(code.models, which)(*sizes)
    facts = {"module": isinstance(net, nn.Module), "value": net}
    if not facts["module"]:
        return facts
    facts["parameters"] = [(name, p) for name, p in net.named_parameters()]
    facts["count"] = sum(p.numel() for p in net.parameters())
    if x is not None:
        with torch.no_grad():
            facts["output"] = net(x.clone())
    return facts


class ProbeNet(nn.Module):
    """The grader's small network for fit: Linear -> ReLU -> Linear with given weights.

    Each call records (test batch?, training mode?, autograd on?, batch size): test batches
    are recognised by their rows."""

    def __init__(self, weights, test_inputs):
        super().__init__()
        (hidden, n_in), (n_out, _) = weights[0].shape, weights[2].shape
        self.l1, self.l2 = nn.Linear(n_in, hidden), nn.Linear(hidden, n_out)
        with torch.no_grad():
            for parameter, value in zip(self.parameters(), weights):
                parameter.copy_(value)
        self.test_rows = {row.numpy().tobytes() for row in test_inputs}
        self.calls = []

    def forward(self, x):
        first_row = x.detach().as_subclass(torch.Tensor)[0].cpu().numpy().tobytes()
        self.calls.append((first_row in self.test_rows, self.training,
                           torch.is_grad_enabled(), len(x)))
        return self.l2(F.relu(self.l1(x)))


def case_loaders(case):
    """The loaders fit gets: the case's data in its order (the batches are known here)."""
    return (DataLoader(TensorDataset(case["train_x"], case["train_y"]),
                       batch_size=case["batch_size"], shuffle=False),
            DataLoader(TensorDataset(case["test_x"], case["test_y"]),
                       batch_size=case["batch_size"], shuffle=False))


def observed_fit(code, case, device="cpu", tracked=False, history=None, start_in_eval=False,
                 momentum=0.0, label_smoothing=0.0, module="training"):
    """fit of the chapter's `module` on ProbeNet and the case's data: the history it returns,
    the weights after it, ProbeNet's calls, the recorded moves (when `tracked`) and what it
    wrote."""
    net = ProbeNet(case["weights"], case["test_x"])
    train_loader, test_loader = case_loaders(case)
    moves = []
    if tracked:
        train_loader = devices.TrackedLoader(train_loader, "train", moves)
        test_loader = devices.TrackedLoader(test_loader, "test", moves)
        net, device = devices.track_model(net, moves), devices.STAND_IN
    else:
        device = torch.device(device)
        net.to(device)  # as the course does, before fit
    if start_in_eval:
        net.eval()
    optimizer = torch.optim.SGD(net.parameters(), lr=case["lr"], momentum=momentum)
    criterion = nn.CrossEntropyLoss(label_smoothing=label_smoothing)
    given = np.zeros((0, 5)) if history is None else np.array(history, dtype=float)
    with captured() as text:
        result = getattr(code, module).fit(net, optimizer, criterion, case["epochs"],
                                           train_loader, test_loader, device, given)
    return {"history": result, "weights": [p.detach() for p in net.parameters()],
            "calls": net.calls, "moves": moves, "output": text.getvalue()[-20_000:],
            "device": str(next(net.parameters()).device)}


def trained_net(code, train_index, val_index, classes, settings):
    """The learner's Net trained by the learner's fit on the given training images (the
    course's transform), each digit d labelled classes[d], exported for held-out evaluation,
    with fit's history."""
    with captured():
        train_set = datasets.mnist(train=True)

    def images_and_labels(index):
        return TensorDataset(course_inputs(train_set.data[index]),
                             classes[train_set.targets[index]])

    train_part, val_part = images_and_labels(train_index), images_and_labels(val_index)
    train_loader = DataLoader(train_part, batch_size=settings["batch_size"], shuffle=True)
    val_loader = DataLoader(val_part, batch_size=settings["batch_size"], shuffle=False)
    net = code.models.Net(N_INPUT, N_OUTPUT, N_HIDDEN)
    optimizer = torch.optim.SGD(net.parameters(), lr=settings["lr"],
                                momentum=settings["momentum"])
    with captured():
        history = code.training.fit(net, optimizer, nn.CrossEntropyLoss(),
                                    settings["epochs"], train_loader, val_loader,
                                    torch.device("cpu"), np.zeros((0, 5)))
    return {"model": exported(net, train_part.tensors[0][:2]), "history": history}


# The judges: plain data only from here on.

def drawn(stream: str) -> torch.Generator:
    return inputs.generator(f"ch08/{stream}")


def drawn_case(stream: str, epochs: int = 3) -> dict:
    """Data for fit: 6 features, 3 classes, drawn clusters; a batch size that divides
    neither part, and weights for ProbeNet."""
    g = drawn(f"fit {stream}")
    n_features, n_hidden, n_classes = 6, 5, 3
    batch_size = randint(5, 10, g)
    n_train = batch_size * randint(3, 7, g) + randint(1, batch_size - 1, g)
    n_test = batch_size * randint(1, 3, g) + randint(1, batch_size - 1, g)
    centres = 1.5 * torch.randn(n_classes, n_features, generator=g)

    def points(n):
        labels = torch.randint(0, n_classes, (n,), generator=g)
        return centres[labels] + torch.randn(n, n_features, generator=g), labels

    (train_x, train_y), (test_x, test_y) = points(n_train), points(n_test)
    weights = [0.5 * torch.randn(n_hidden, n_features, generator=g),
               0.1 * torch.randn(n_hidden, generator=g),
               0.5 * torch.randn(n_classes, n_hidden, generator=g),
               0.1 * torch.randn(n_classes, generator=g)]
    return {"train_x": train_x, "train_y": train_y, "test_x": test_x, "test_y": test_y,
            "batch_size": batch_size, "lr": FIT_LR, "epochs": epochs,
            "weights": weights}


def replayed_fit(case, mistake=None, momentum=0.0, label_smoothing=0.0):
    """The course's loop on ProbeNet and the case's data, replayed here: (rows [epochs, 5],
    weights after it). `mistake`: "unweighted", "not zeroed" or "softmax" replays that one."""
    net = ProbeNet(case["weights"], case["test_x"])
    optimizer = torch.optim.SGD(net.parameters(), lr=case["lr"], momentum=momentum)

    def loss_of(outputs, labels):
        if mistake == "softmax":
            outputs = torch.softmax(outputs, dim=1)
        return F.cross_entropy(outputs, labels, label_smoothing=label_smoothing)

    def average(batches):  # batches: (loss, correct predictions, size) of each batch
        losses, corrects, sizes = (np.array(column, dtype=float) for column in zip(*batches))
        if mistake == "unweighted":
            return losses.mean(), (corrects / sizes).mean()
        return losses @ sizes / sizes.sum(), corrects.sum() / sizes.sum()

    def facts(loss, outputs, labels):
        return loss.item(), (outputs.argmax(1) == labels).sum().item(), len(labels)

    train_loader, test_loader = case_loaders(case)
    rows = []
    for epoch in range(case["epochs"]):
        train = []
        for x, labels in train_loader:
            if mistake != "not zeroed":
                optimizer.zero_grad()
            outputs = net(x)
            loss = loss_of(outputs, labels)
            loss.backward()
            optimizer.step()
            train.append(facts(loss, outputs, labels))
        with torch.no_grad():
            test = [facts(loss_of(outputs, labels), outputs, labels)
                    for outputs, labels in ((net(x), labels) for x, labels in test_loader)]
        rows.append([epoch + 1, *average(train), *average(test)])
    return np.array(rows), [p.detach().clone() for p in net.parameters()]


def expect_finite_history(history, lr):
    if not np.isfinite(history).all():
        fail(tr("the history holds nan or inf: training diverged"),
             cause=tr(DIVERGED) + tr(" (learning rate {lr})", lr=f"{float(lr):g}"))


def expect_history(value, rows: int, name=None):
    name = name or tr("the history fit returned")
    if value is None:
        fail(tr("{name} is None", name=name), cause=tr("return the history at the end of fit"))
    history = expect_array(value, name)
    if history.ndim != 2 or history.shape[1] != 5:
        fail(tr("{name} should have 5 columns {columns}", name=name, columns=COLUMNS),
             expected=tr("shape {shape}", shape=shape_text((rows, 5))),
             got=tr("shape {shape}", shape=shape_text(history.shape)),
             cause=tr("one row per epoch: np.array([epoch, train loss, train acc, val loss, "
                      "val acc])"))
    if len(history) != rows:
        fail(tr("{name} should have one row per epoch", name=name),
             expected=shape_text((rows, 5)), got=shape_text(history.shape),
             cause=tr("run num_epochs epochs and append one row for each to the history given"))
    return history


def same(a, b) -> bool:
    return np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float),
                       rtol=1e-4, atol=1e-5)


def same_weights(got, expected) -> bool:
    return len(got) == len(expected) and all(
        g.shape == e.shape and torch.allclose(g.double(), e.double(), rtol=1e-4, atol=1e-5)
        for g, e in zip(got, expected))


def update_mistake(case, weights, **settings):
    """The cause whose replay gives these weights after fit, if any."""
    for mistake, cause in (("not zeroed", NOT_ZEROED), ("softmax", SOFTMAX)):
        if same_weights(weights, replayed_fit(case, mistake, **settings)[1]):
            return cause
    return None


def expect_fit_like_the_course(seen, case, rows_before=0, **settings):
    """fit's new rows and the weights after it against the replay of the course's loop."""
    history = expect_history(seen["history"], rows_before + case["epochs"])
    new = history[rows_before:]
    expect_finite_history(new, case["lr"])
    epochs = np.arange(rows_before + 1, rows_before + case["epochs"] + 1)
    if not np.array_equal(new[:, 0], epochs):
        fail(tr("the epoch column of the new rows is not numbered on from the history given"),
             expected=epochs.tolist(), got=new[:, 0].tolist(),
             cause=NUMBERING if rows_before else tr("number the epochs 1, 2, ... (epoch + 1)"))
    expected, weights = replayed_fit(case, **settings)
    if not same_weights(seen["weights"], weights):
        fail(tr("the weights after fit are not those of the course's loop"),
             cause=update_mistake(case, seen["weights"], **settings) or LOOP)
    for column, name in enumerate(history_columns(), start=1):
        if not same(new[:, column], expected[:, column]):
            expect_close(new[:, column], expected[:, column], name,
                         rtol=1e-4, atol=1e-5, cause=column_cause(case, column, new[:, column],
                                                                  **settings))
    return history


def history_columns() -> tuple[str, ...]:
    """The names of the history's columns 1 to 4 in feedback (column 0 is the epoch)."""
    return (tr("the train loss column of the history"), tr("the train acc column of the history"),
            tr("the val loss column of the history"), tr("the val acc column of the history"))


def column_cause(case, column, got, **settings) -> str:
    """What most likely makes a column of fit's history differ from the replay."""
    for mistake, cause in (("unweighted", WEIGHTED), ("softmax", SOFTMAX)):
        if same(got, replayed_fit(case, mistake, **settings)[0][:, column]):
            return cause
    return LOSS_COLUMN if column in (1, 3) else ACCURACY_COLUMN


def device_type(name: str) -> str | None:
    try:
        return torch.device(name).type
    except (RuntimeError, ValueError):
        return None


def drawn_machines() -> list[bool]:
    """Whether torch reports a GPU, for 8 calls in a drawn order (both answers present)."""
    g = drawn("machines")
    with_gpu = randint(2, 6, g)
    return [i < with_gpu for i in torch.randperm(8, generator=g).tolist()]


@check(points=2)
def check_pick_device(chapter):
    machines = drawn_machines()
    picked = expect_items(chapter.run(picked_devices, machines), len(machines),
                          tr("pick_device() called several times"))
    for present, got in zip(machines, picked):
        if not isinstance(got, str) or device_type(got) is None:
            fail(tr("pick_device() with a GPU present should return a torch.device") if present
                 else tr("pick_device() without a GPU should return a torch.device"),
                 got=describe_type(got),
                 cause='return torch.device("cuda:0" if torch.cuda.is_available() else "cpu")')
        if device_type(got) != ("cuda" if present else "cpu"):
            fail(tr("pick_device() with a GPU present picked the wrong device") if present
                 else tr("pick_device() without a GPU picked the wrong device"),
                 expected="cuda" if present else "cpu", got=learner_text(got),
                 cause=tr("ask torch.cuda.is_available() inside pick_device, each time it is "
                          "called (not once at import): the GPU when it says True, the CPU "
                          "otherwise"))


def drawn_images(count: int = 6) -> torch.Tensor:
    """uint8 images [count, 28, 28] with every pixel value drawn, 0 and 255 included."""
    g = drawn("transform images")
    images = torch.randint(0, 256, (count, 28, 28), generator=g, dtype=torch.int64)
    images[0, 0, :2] = torch.tensor([0, 255])
    return images.to(torch.uint8)


@check(points=2)
def check_transform(chapter):
    images = drawn_images()
    got = chapter.run(transformed, images)
    expected = course_inputs(images)
    for image, value, wanted in zip(images, got, expected):
        name = "make_transform()(image)"
        expect_tensor(value, name)
        if value.numel() == N_INPUT and tuple(value.shape) != (N_INPUT,):
            fail(tr("{name} should be flat", name=name), expected=shape_text((N_INPUT,)),
                 got=shape_text(value.shape),
                 cause=tr("flatten [1, 28, 28] to [784]: transforms.Lambda(lambda x: "
                          "x.view(-1)) as the last step"))
        expect_tensor(value, name, shape=(N_INPUT,), dtype=torch.float32)
        pixels = image.reshape(-1).float()
        cause = (tr("values in [0, 1]: add transforms.Normalize(0.5, 0.5) after ToTensor, to "
                    "map them to [-1, 1]") if same(value, pixels / 255) else
                 tr("the pixels were not scaled to [0, 1] first: transforms.ToTensor() does it "
                    "(PILToTensor keeps 0..255)") if same(value, (pixels - 0.5) / 0.5) else
                 tr("the pixels must keep their values and order: ToTensor, then "
                    "Normalize(0.5, 0.5) ((x - 0.5) / 0.5), then flatten"))
        expect_close(value, wanted, tr("{name}, compared with (pixel / 255 - 0.5) / 0.5",
                                       name=name),
                     atol=1e-6, cause=cause)


@check(points=1)
def check_datasets(chapter):
    g = drawn("dataset items")
    with captured():
        train_set, test_set = datasets.mnist(train=True), datasets.mnist(train=False)
    train_index = torch.randint(0, len(train_set), (3,), generator=g).tolist()
    test_index = torch.randint(0, len(test_set), (3,), generator=g).tolist()
    seen = chapter.run(dataset_items, train_index, test_index)
    lengths = expect_items(seen["lengths"], 2, tr("the lengths of load_datasets' sets"))
    if tuple(lengths) != (len(train_set), len(test_set)):
        fail(tr("load_datasets should return (train_set, test_set) of courselib.datasets.mnist"),
             expected=(len(train_set), len(test_set)), got=tuple(lengths),
             cause=tr("mnist(train=True, ...) for the training set, mnist(train=False, ...) for "
                      "the test set, in that order"))
    for name, part, index, items in (("train_set", train_set, train_index, seen["train"]),
                                     ("test_set", test_set, test_index, seen["test"])):
        for i, item in zip(index, items):
            image, label = expect_items(item, 2, tr("an item of {name}", name=name))
            expect_tensor(image, tr("an image of {name}", name=name), shape=(N_INPUT,))
            expect_close(image, course_inputs(part.data[i:i + 1])[0],
                         tr("an image of {name} (through the transform it was given)", name=name),
                         atol=1e-6, cause=tr("pass the transform given to mnist(transform=...)"))
            if label != int(part.targets[i]):
                fail(tr("a label of {name} is not MNIST's", name=name),
                     expected=int(part.targets[i]), got=label,
                     cause=tr("keep the labels as mnist() gives them"))


@check(points=2)
def check_loaders(chapter):
    g = drawn("loaders")
    batch_size = randint(3, 9, g)
    n_train = batch_size * randint(4, 8, g) + randint(1, batch_size - 1, g)
    n_test = batch_size * randint(2, 4, g) + randint(1, batch_size - 1, g)
    ids = torch.randperm(1000, generator=g)
    given = {"train": ids[:n_train], "test": ids[n_train:n_train + n_test]}
    seen = chapter.run(numbered_loaders, given["train"], given["test"], batch_size)
    for name, items in given.items():
        n, passes = len(items), seen["passes"][name]
        loader = tr("the train loader") if name == "train" else tr("the test loader")
        sizes = [len(batch) for batch in passes[0]]
        expected_sizes = [batch_size] * (n // batch_size) + [n % batch_size]
        if sizes != expected_sizes:
            fail(tr("{loader} serves batches of the wrong sizes", loader=loader),
                 expected=expected_sizes, got=sizes,
                 cause=tr("DataLoader(dataset, batch_size=batch_size) with the batch_size "
                          "given; keep the last, smaller batch (no drop_last)"))
        orders = [torch.cat(batches).tolist() for batches in passes]
        if any(sorted(order) != sorted(items.tolist()) for order in orders):
            fail(tr("{loader} does not serve every item once per pass", loader=loader),
                 cause=tr("serve the dataset given, each item once per epoch"))
        in_order = [order == items.tolist() for order in orders]
        if name == "train" and (in_order[0] or orders[0] == orders[1]):
            fail(tr("the training loader does not shuffle the items"),
                 cause=tr("shuffle=True for the training loader, so that each epoch makes "
                          "other mini-batches"))
        if name == "test" and not all(in_order):
            fail(tr("the test loader shuffles the items"),
                 cause=tr("shuffle=False for the test loader: evaluation needs no shuffling, "
                          "and a fixed order keeps it reproducible"))
    expected = tuple(math.ceil(len(items) / batch_size) for items in given.values())
    if tuple(seen["lengths"]) != expected:
        fail(tr("len(loader) should be the number of batches"), expected=expected,
             got=tuple(seen["lengths"]), cause=tr("return the DataLoaders themselves"))


@check(points=1, course_data=True,
       relies_on=("check_transform", "check_datasets", "check_loaders"))
def check_course_batches(chapter):
    """The course's batches of 500: 120 training batches on the full set (60,000 images),
    ceil(len / 500) on whatever set is here."""
    seen = chapter.run(course_batches)
    n_train, n_test = seen["sets"]
    expected = (math.ceil(n_train / COURSE_BATCH), math.ceil(n_test / COURSE_BATCH))
    if tuple(seen["loaders"]) != expected:
        fail(tr("make_loaders' default batch size should serve batches of {size}",
                size=COURSE_BATCH),
             expected=tr("{batches} batches for {n_train} and {n_test} images",
                         batches=expected, n_train=n_train, n_test=n_test),
             got=tuple(seen["loaders"]),
             cause=tr("batch_size={size} by default (120 training batches on the full set)",
                      size=COURSE_BATCH))
    expect_tensor(seen["images"], tr("a batch of images"), shape=(COURSE_BATCH, N_INPUT),
                  dtype=torch.float32)
    expect_tensor(seen["labels"], tr("a batch of labels"), shape=(COURSE_BATCH,),
                  dtype=torch.int64)


def drawn_sizes(stream: str) -> tuple[int, int, int]:
    """(n_input, n_output, n_hidden), all different, so each layer is known by its shape."""
    g = drawn(f"sizes {stream}")
    return randint(20, 40, g), randint(2, 6, g), randint(8, 16, g)


def layers_in_order(parameters, n_input, n_output):
    """(weight, bias) of each Linear layer, in the order the input goes through them."""
    named = dict(parameters)
    layers = [(w, named.get(name[:-len("weight")] + "bias")) for name, w in parameters
              if name.endswith("weight") and w.ndim == 2]
    def rank(layer):  # sizes are drawn apart: the first takes n_input, the last n_output
        weight = layer[0]
        return 0 if weight.shape[1] == n_input else 2 if weight.shape[0] == n_output else 1

    return sorted(layers, key=rank)


def forward_oracle(layers, x, activation=F.relu):
    h = x.double()
    for i, (weight, bias) in enumerate(layers):
        h = F.linear(h, weight.double(), None if bias is None else bias.double())
        if i < len(layers) - 1:
            h = activation(h)
    return h


def expect_network(chapter, which, hidden_layers):
    n_input, n_output, n_hidden = sizes = drawn_sizes(which)
    x = torch.randn(randint(5, 12, drawn(f"{which} batch")), n_input,
                    generator=drawn(f"{which} inputs"))
    facts = chapter.run(network, which, sizes, x)
    name = f"{which}(n_input, n_output, n_hidden)"
    if not facts["module"]:
        fail(tr("{name} should be an nn.Module", name=name), got=describe_type(facts["value"]))
    expected = (n_input * n_hidden + n_hidden + (hidden_layers - 1) * (n_hidden + 1) * n_hidden
                + n_hidden * n_output + n_output)
    if facts["count"] != expected:
        fail(tr("{name} with other sizes than the course's has the wrong number of parameters",
                name=name),
             expected=expected, got=facts["count"], cause=SIZES)
    out = expect_tensor(facts["output"], f"{name}(x)", shape=(len(x), n_output))
    layers = layers_in_order(facts["parameters"], n_input, n_output)
    if len(layers) != hidden_layers + 1:
        fail(trn("{name} should hold {count} Linear layer", "{name} should hold {count} Linear "
                 "layers", hidden_layers + 1, name=name), got=len(layers), cause=SIZES)
    probabilities = bool((out >= 0).all()) and torch.allclose(out.sum(1), torch.ones(len(x)))
    cause = (RAW_SCORES if probabilities else
             NO_RELU if same(out, forward_oracle(layers, x, activation=lambda h: h)) else
             tr("apply the layers in turn with a ReLU after each hidden layer and nothing after "
                "the last"))
    expect_close(out, forward_oracle(layers, x),
                 tr("{name}(x), compared with the layers applied in turn", name=name),
                 atol=1e-5, cause=cause)


@check(points=2)
def check_net(chapter):
    expect_network(chapter, "Net", hidden_layers=1)


@check(points=2)
def check_net2(chapter):
    expect_network(chapter, "Net2", hidden_layers=2)


@check(points=1, course_data=True, relies_on=("check_net", "check_net2"))
def check_course_parameter_counts(chapter):
    for which, count in COURSE_PARAMETERS.items():
        facts = chapter.run(network, which, (N_INPUT, N_OUTPUT, N_HIDDEN))
        if not facts["module"]:
            fail(tr("{which}(784, 10, 128) should be an nn.Module", which=which),
                 got=describe_type(facts["value"]))
        if facts["count"] != count:
            fail(tr("{which}(784, 10, 128) has the wrong number of parameters "
                    "(counted with sum(p.numel()))", which=which), expected=f"{count:,}",
                 got=f"{facts['count']:,}", cause=SIZES)


@check(points=3)
def check_fit_history(chapter):
    case = drawn_case("history")
    seen = chapter.run(observed_fit, case)
    expect_fit_like_the_course(seen, case)


@check(points=2, relies_on=("check_fit_history",))
def check_fit_continues_history(chapter):
    case = drawn_case("continued", epochs=2)
    g = drawn("earlier history")
    earlier = torch.rand(randint(2, 4, g), 5, generator=g).double().numpy()
    earlier[:, 0] = np.arange(1, len(earlier) + 1)
    seen = chapter.run(observed_fit, case, history=earlier)
    history = seen["history"]
    if history is not None and len(expect_array(history, tr("the history"))) == case["epochs"]:
        fail(tr("fit returned only the new rows, not the history it was given with them"),
             expected=shape_text((len(earlier) + case["epochs"], 5)),
             got=shape_text((case["epochs"], 5)),
             cause=APPEND)
    history = expect_history(history, len(earlier) + case["epochs"])
    if not same(history[:len(earlier)], earlier):
        fail(tr("the rows of the history given were changed"), cause=APPEND)
    expect_fit_like_the_course(seen, case, rows_before=len(earlier))


def batch_sizes(n: int, batch_size: int) -> list[int]:
    return [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])


def calls_per_batch(seen, case) -> tuple[list, list]:
    """ProbeNet's calls during fit, split into training and test calls, once it is known
    that each epoch predicted every training batch once, then every test batch once."""
    epoch = ([(False, size) for size in batch_sizes(len(case["train_y"]), case["batch_size"])]
             + [(True, size) for size in batch_sizes(len(case["test_y"]), case["batch_size"])])
    calls = [tuple(call) for call in seen["calls"]]
    if [(test, size) for test, _, _, size in calls] != epoch * case["epochs"]:
        fail(tr("fit did not predict, in each epoch, every batch of train_loader once and then "
                "every batch of test_loader once"), cause=EVERY_BATCH)
    return [call for call in calls if not call[0]], [call for call in calls if call[0]]


@check(points=2, relies_on=("check_fit_history",))
def check_fit_modes(chapter):
    """The model trains in training mode with autograd, evaluates in evaluation mode without
    it; fit gets a model left in evaluation mode, as a previous fit leaves it."""
    case = drawn_case("modes", epochs=2)
    expect_modes(*calls_per_batch(chapter.run(observed_fit, case, start_in_eval=True), case))


def expect_modes(train_calls, test_calls) -> None:
    """Training batches in training mode, test batches in evaluation mode without autograd:
    each mode that was wrong is named, with its cause."""
    problems = []
    if not all(training for _, training, _, _ in train_calls):
        problems.append((tr("training batches ran in evaluation mode"), TRAIN_MODE))
    if any(training for _, training, _, _ in test_calls):
        problems.append((tr("test batches ran in training mode"), EVAL_MODE))
    if any(grad for _, _, grad, _ in test_calls):
        problems.append((tr("test batches ran with autograd on"), NO_GRAD))
    if problems:
        fail(tr("fit ran the model in the wrong mode: {problems}",
                problems="; ".join(p for p, _ in problems)),
             cause="; ".join(c for _, c in problems))


@check(points=2, relies_on=("check_fit_history",))
def check_fit_moves_batches_to_device(chapter):
    case = drawn_case("device", epochs=1)
    seen = chapter.run(observed_fit, case, tracked=True)
    parts = {"train inputs": tr("the inputs of the train batches (inputs.to(device))"),
             "train labels": tr("the labels of the train batches (labels.to(device))"),
             "test inputs": tr("the inputs of the test batches (inputs.to(device))"),
             "test labels": tr("the labels of the test batches (labels.to(device))")}
    calls_per_batch(seen, case)
    devices.expect_moved(seen["moves"], parts, "fit")


@check(points=2, relies_on=("check_fit_history",))
def check_fit_on_gpu(chapter):
    """On a machine with a GPU, fit trains ProbeNet there as on the CPU. It first runs fit
    on the CPU, on any machine: a fit that does not go through its batches fails here even
    where the GPU part is skipped."""
    case = drawn_case("gpu", epochs=2)
    calls_per_batch(chapter.run(observed_fit, case), case)
    gpu = devices.cuda_or_skip(chapter)
    seen = chapter.run(observed_fit, case, device=str(gpu))
    if torch.device(seen["device"]).type != gpu.type:
        fail(tr("after fit on the GPU the model is no longer there"), got=seen["device"],
             cause=tr("leave the model on the device it was given"))
    history = expect_history(seen["history"], case["epochs"])
    expect_finite_history(history, case["lr"])
    expected, _ = replayed_fit(case)
    for column in (1, 3):
        expect_close(history[:, column], expected[:, column],
                     tr("the losses of fit on the GPU, compared with the course's loop on the "
                        "CPU"),
                     rtol=1e-3, atol=1e-4, cause=LOOP)


@check(points=1, relies_on=("check_fit_history",))
def check_fit_shows_progress_bar(chapter):
    case = drawn_case("progress bar", epochs=1)
    seen = chapter.run(observed_fit, case)
    calls_per_batch(seen, case)
    if not re.search(r"(\d+/\d+|\d+it) \[\d", seen["output"]):
        fail(tr("fit showed no progress bar"),
             cause=tr("wrap the training batches in tqdm: for inputs, labels in "
                      "tqdm(train_loader): (from tqdm.auto import tqdm)"))


# ---- held-out accuracy ----------------------------------------------------------------------

TRAINING = {"train images": 3000, "val images": 500, "batch_size": 100, "lr": 0.02,
            "momentum": 0.9, "epochs": 5}
HELD_OUT_IMAGES = 600
BELOW_MARK = tr("this check trains your Net with your fit (SGD, lr 0.02, momentum 0.9, "
                "5 epochs on 3,000 training images, the course's transform) and measures it on "
                "test images it never saw: it depends on Net and fit, so fix check_net and "
                "check_fit_history first; then make sure every batch is trained on "
                "(zero_grad, backward, step) and the model returns raw scores")

# Twice the loss of guessing among 10 digits (the loss a fresh network starts near): an
# epoch's loss above it went up, not down, with steps that overshoot.
EXPLODED = 2 * math.log(N_OUTPUT)
EXPLODED_CAUSE = tr("training diverged: the loss went to nan or inf or far above where it "
                    "started (learning rate {lr:g}, with which the reference trains "
                    "well): the steps were too large; the criterion already averages over the "
                    "batch, so do not multiply the loss before backward()", lr=TRAINING["lr"])

# Calibrated with `python -m grader calibrate ch08` (10 course keys).
HELD_OUT = Threshold("ch08", N_("held-out accuracy of Net trained by fit"), at_least=0.86,
                     calibration=Calibration(seeds=10, worst=0.8850, median=0.8983))


def drawn_training_images() -> tuple[list[int], list[int]]:
    """Indices of the training and validation images fit gets, apart, from the training set."""
    with captured():
        size = len(datasets.mnist(train=True))
    order = torch.randperm(size, generator=drawn("training images")).tolist()
    n_train = TRAINING["train images"]
    return order[:n_train], order[n_train:n_train + TRAINING["val images"]]


def drawn_classes() -> torch.Tensor:
    """The class of each digit: a drawn order of 0..9, so that a model trained for other
    inputs (another course's, or the public ones) does not pass here."""
    return torch.randperm(N_OUTPUT, generator=drawn("classes"))


def held_out_digits(classes) -> tuple[torch.Tensor, torch.Tensor]:
    """Test images and their classes, drawn here; they never go to the learner's process."""
    with captured():
        test_set = datasets.mnist(train=False)
    index = torch.randperm(len(test_set), generator=drawn("held-out digits"))[:HELD_OUT_IMAGES]
    return course_inputs(test_set.data[index]), classes[test_set.targets[index]]


def trained_and_measured(chapter):
    """(held-out accuracy, fit's history) of the learner's Net trained by its fit."""
    train_index, val_index = drawn_training_images()
    classes = drawn_classes()
    seen = chapter.run(trained_net, train_index, val_index, classes, TRAINING)
    model = load_exported(seen["model"], tr("the trained Net"))
    images, labels = held_out_digits(classes)
    with torch.no_grad():
        outputs = model(images)
    if not isinstance(outputs, torch.Tensor) or tuple(outputs.shape) != (len(images), N_OUTPUT):
        fail(tr("the trained Net does not give 10 scores per image"),
             got=describe_type(outputs), cause=tr("this check depends on Net: fix check_net first"))
    if not torch.isfinite(outputs).all():
        return math.nan, seen["history"]
    return float((outputs.argmax(1) == labels).double().mean()), seen["history"]


@HELD_OUT.measured_by
def held_out_accuracy(chapter) -> float:
    return trained_and_measured(chapter)[0]


def exploded(history) -> bool:
    """Whether fit's own history shows its losses gone to nan, inf or far above chance. It
    only picks the explanation of a failure: the verdict is the held-out accuracy."""
    try:
        losses = np.asarray(history, dtype=float)[:, [1, 3]]
    except (TypeError, ValueError, IndexError):
        return False
    return not np.isfinite(losses).all() or losses.max() > EXPLODED


# Not relies_on check_fit_history: its own causes already send the learner there (BELOW_MARK)
# or name a cause that check_fit_history cannot (EXPLODED_CAUSE).
@check(points=3, timeout=60, relies_on=("check_net",))
def check_held_out_accuracy(chapter):
    accuracy, history = trained_and_measured(chapter)
    try:
        curves = expect_history(history, TRAINING["epochs"])
        if np.isfinite(curves).all():
            save_figure("ch08", "learning_curves", save_learning_curves, curves)
    except AssertionError:
        pass  # the history is judged by check_fit_history; the accuracy here
    HELD_OUT.judge(accuracy, cause=EXPLODED_CAUSE if exploded(history) else BELOW_MARK,
                   lr=TRAINING["lr"])
