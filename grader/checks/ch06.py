"""Checks for chapter 6: binary classification (logistic regression) of two iris species.

Every input fed to the learner's code is drawn from grader.inputs (public in a learner's run,
secret in course grading): point clouds of two classes shaped like the course's sepal
measurements, the models' starting weights, learning rates and epochs. A training run is
compared, row by row of its 5-column history (epoch, train loss, train acc, val loss, val
acc) and in its final weights, with the grader's own float64 replay of the course's loop
(`simulate`); when they part, the replay of each known mistake (gradients never zeroed,
validation before the step, the threshold not used) names the one that matches. The model's
quality is judged on held-out points the learner's process never receives (grader.heldout,
grader.thresholds). Validation must run without gradients: a forward hook on the grader's
model sees whether autograd was recording when the validation inputs went through.

The course's published run (10,000 epochs at lr 0.01 on its split: validation 4.49384 / 0.5
-> 0.15395 / 0.96667, weight [2.9700322, -5.300015], bias 0.3386128, the decision boundary)
is reproduced by the course-data checks; the learner's code trains its first 1,000 epochs,
and its last 100 from the state the grader's replay reaches at epoch 9,900 (the whole run
would cost seconds).

Chapter 7's checks use the replay, the history judge and the training probe of this module
with the softmax head.
"""


import numpy as np
import torch
from torch import nn

from courselib.plots import save_learning_curves, save_scatter_with_line
from courselib.training import TrainingDiverged
from grader import inputs
from grader.check import (DIVERGED, check, describe_type, expect_array, expect_close,
                          expect_items, expect_tensor, fail, learner_text, shape_text)
from grader.figures import save_figure
from grader.heldout import exported, load_exported
from grader.i18n import tr
from grader.inputs import secret_in_use
from grader.loader import learner_location
from grader.thresholds import Calibration, Threshold

# The course's run: sepal length and width of the first 100 rows, split 70/30 with
# random_state 123, W = B = 1 at start, lr 0.01, 10,000 epochs, a row every 10 epochs.
COURSE_LR, COURSE_EPOCHS, COURSE_LOG_EVERY = 0.01, 10_000, 10
COURSE_VAL_FIRST, COURSE_VAL_LAST = (4.49384, 0.5), (0.15395, 0.96667)
COURSE_WEIGHT, COURSE_BIAS = [[2.9700322, -5.300015]], [0.3386128]
COURSE_BOUNDARY_X, COURSE_BOUNDARY_Y = [4.4, 7.0], [2.52956918, 3.986562]
# The course run's epochs the learner's code trains: the first 1,000, and the last 100 from
# the state the grader's replay reaches at epoch 9,900 (see check_course_run).
EARLY_EPOCHS, FAST_FORWARD = 1_000, 9_900
COURSE_CAUSE = tr("this relies on to_tensors, setup, Net and train: fix the checks on drawn "
                  "data first")
PARAMETERS = 3
N_FEATURES = 2

SIGMOID_BEFORE_LOGITS_LOSS = tr(
    "a sigmoid is applied before BCEWithLogitsLoss, which applies the sigmoid itself: the "
    "sigmoid is then applied twice. LogitNet.forward returns self.l1(x), the raw logits")
SIGMOID_MISSING = tr("Net.forward applies the sigmoid to the layer's output: sigmoid(l1(x))")
LOGITS_THRESHOLD = tr("with logits the threshold is 0.0: BCEWithLogitsLoss works on logits, and "
                      "a logit of 0 is a probability of sigmoid(0) = 0.5; 0.5 is the threshold "
                      "for probabilities only")
LABELS_SHAPE = tr("BCELoss needs labels of the same shape as the outputs, [N, 1]: reshape them "
                  "with labels.view(-1, 1) (an [N] label vector against [N, 1] outputs is "
                  "refused by BCELoss and broadcast silently into [N, N] by comparisons)")
LABELS_DTYPE = tr("BCELoss and BCEWithLogitsLoss need float labels (0.0 and 1.0): convert them "
                  "with .float()")
INIT_ONES = tr("the course starts from weights and bias all 1.0: self.l1.weight.data.fill_(1.0) "
               "and self.l1.bias.data.fill_(1.0)")
NOT_ZEROED = tr("the gradients are never reset, so each step uses the sum of all gradients so "
                "far: call optimizer.zero_grad() every epoch")
VALIDATION_BEFORE_STEP = tr("the validation loss and accuracy are those after the epoch's "
                            "step: compute them after optimizer.step()")
THRESHOLD_IGNORED = tr("the accuracy did not use the threshold passed to train: predict 1 "
                       "where the output is at least `threshold` (0.0 for logits)")
VALIDATION_WITH_GRADIENTS = tr(
    "the validation outputs were computed with gradients on: evaluate inside `with "
    "torch.no_grad():`, so that autograd does not record a graph that is never used")
NOT_REPORTED = tr("a nan or inf loss must stop training with `raise TrainingDiverged(epoch, "
                  "loss, lr)` (from courselib.training), whose message gives the learning rate")
HISTORY_ROWS = tr("record one row [epoch, train loss, train acc, val loss, val acc] every "
                  "log_every epochs, counting from epoch 0")


# ---- The grader's replay of the course's loop (float64), shared with chapter 7 ----------

def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # the logistic function, free of overflow


def _float32_probabilities(z):
    """The sigmoid as float32 gives it: above a logit of about 17 it is exactly 1.0, where
    BCELoss's log is clamped at -100 and the gradient through the sigmoid vanishes."""
    return _sigmoid(z).astype(np.float32).astype(float)


def _softmax(z):
    p = np.exp(z - z.max(axis=1, keepdims=True))
    return p / p.sum(axis=1, keepdims=True)


def _loss(z, y, head):
    """The criterion of `head` on logits z [N, C] and labels y [N], as PyTorch computes it.
    "softmax twice": CrossEntropyLoss given softmax(z) instead of z (a mistake)."""
    if head in ("softmax", "softmax twice"):
        z = _softmax(z) if head == "softmax twice" else z
        top = z.max(axis=1, keepdims=True)
        log_total = top[:, 0] + np.log(np.exp(z - top).sum(axis=1))
        return float(np.mean(log_total - z[np.arange(len(y)), y]))
    z, y = z[:, 0], y.astype(float)
    if head == "logits":  # BCEWithLogitsLoss's stable form
        return float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))
    p = _float32_probabilities(z)
    with np.errstate(divide="ignore"):  # BCELoss clamps each log at -100
        log_p, log_q = np.maximum(np.log(p), -100), np.maximum(np.log(1 - p), -100)
    return float(-np.mean(y * log_p + (1 - y) * log_q))


def _loss_gradient(z, y, head):
    """d loss / d z: (probabilities - one-hot labels) / N, as float32 computes it."""
    if head == "softmax twice":  # through the first softmax by its Jacobian
        q = _softmax(z)
        g = _loss_gradient(q, y, "softmax")
        return q * (g - (g * q).sum(axis=1, keepdims=True))
    if head == "softmax":
        p = _softmax(z)
        p[np.arange(len(y)), y] -= 1.0
        return p / len(y)
    if head == "logits":
        return (_sigmoid(z) - y[:, None]) / len(y)
    # BCELoss's gradient (p - y) / max(p (1 - p), 1e-12) times the sigmoid's p (1 - p)
    p = _float32_probabilities(z)
    slope = p * (1 - p)
    return (p - y[:, None]) * slope / np.maximum(slope, 1e-12) / len(y)


def _correct_bounds(z, y, head, threshold):
    """The fewest and most rows a float32 run may count right: rows within rounding of the
    decision (a logit at the threshold, two top scores tied) may go either way."""
    if head in ("softmax", "softmax twice"):
        ordered = np.sort(z, axis=1)
        tied = ordered[:, -1] - ordered[:, -2] <= 1e-4 * np.maximum(1.0, np.abs(ordered[:, -1]))
        right = np.argmax(z, axis=1) == y
    else:
        cut = threshold if head == "logits" else np.log(threshold / (1 - threshold))
        tied = np.abs(z[:, 0] - cut) <= 1e-4 * max(1.0, abs(cut), *np.abs(z[:, 0]))
        right = (z[:, 0] >= cut) == (y == 1)
    return (right & ~tied).sum() / len(y), (right | tied).sum() / len(y)


def simulate(data, weight, bias, lr, num_epochs, log_every, head, threshold=0.5,
             zero_grads=True, validate_before_step=False, val_head=None):
    """The course's loop on data = (x, y, x_val, y_val) from the given weights, in float64
    (heads: "sigmoid", "logits", "softmax", and the mistake "softmax twice"):
    {"weight", "bias", "history" [rows, 5], "bounds" [rows, 2, 2]}, where bounds holds the
    (fewest, most) train and val accuracy a float32 run may report; optionally with a mistake
    (`val_head`: the validation loss computed otherwise than the training loss)."""
    x, y, x_val, y_val = (np.asarray(part) for part in data)
    x, x_val = x.astype(np.float32).astype(float), x_val.astype(np.float32).astype(float)
    W = np.array(weight, dtype=np.float32).astype(float).reshape(-1, x.shape[1])
    b = np.array(bias, dtype=np.float32).astype(float).reshape(-1)
    total_w, total_b = np.zeros_like(W), np.zeros_like(b)
    history, bounds = [], []
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(num_epochs):
            z = x @ W.T + b
            g = _loss_gradient(z, y, head)
            grad_w, grad_b = g.T @ x, g.sum(axis=0)
            if not zero_grads:
                total_w, total_b = total_w + grad_w, total_b + grad_b
                grad_w, grad_b = total_w, total_b
            logged = epoch % log_every == 0
            if logged and validate_before_step:
                z_val = x_val @ W.T + b
            W, b = W - lr * grad_w, b - lr * grad_b
            if not logged:
                continue
            if not validate_before_step:
                z_val = x_val @ W.T + b
            train_acc = _correct_bounds(z, y, head, threshold)
            val_acc = _correct_bounds(z_val, y_val, head, threshold)
            history.append([epoch, _loss(z, y, head), np.mean(train_acc),
                            _loss(z_val, y_val, val_head or head), np.mean(val_acc)])
            bounds.append([train_acc, val_acc])
    return {"weight": W, "bias": b, "history": np.array(history).reshape(-1, 5),
            "bounds": np.array(bounds).reshape(-1, 2, 2)}


def state_after(data, weight, bias, lr, num_epochs, head):
    """(weight, bias) after num_epochs of the course's loop on data from the given ones, in
    float64: the replay without its history, fast enough for a course run's 10,000 epochs."""
    x, y = np.asarray(data[0], dtype=np.float32).astype(float), np.asarray(data[1])
    W = np.array(weight, dtype=float).reshape(-1, x.shape[1])
    b = np.array(bias, dtype=float).reshape(-1)
    for _ in range(num_epochs):
        g = _loss_gradient(x @ W.T + b, y, head)
        W, b = W - lr * (g.T @ x), b - lr * g.sum(axis=0)
    return W, b


# ---- Judging a history and a training run, shared with chapter 7 ----------------------

def expect_history(history, num_epochs, log_every, name="history"):
    """`history` as an array with one row of 5 numbers every log_every epochs."""
    rows = len(range(0, num_epochs, log_every))
    history = expect_array(history, name)
    if history.ndim != 2 or history.shape != (rows, 5):
        fail(tr("{name} has the wrong shape", name=name), expected=shape_text((rows, 5)),
             got=shape_text(history.shape), cause=HISTORY_ROWS)
    epochs = np.arange(0, num_epochs, log_every)
    if not np.array_equal(history[:, 0], epochs):
        fail(tr("the first column of {name} should hold the logged epochs", name=name),
             expected=epochs[:3].tolist(), got=history[:3, 0].tolist(), cause=HISTORY_ROWS)
    return history


# The history's columns as the failure messages name them, and what each one holds.
COLUMNS = {1: tr("train loss"), 2: tr("train acc"), 3: tr("val loss"), 4: tr("val acc")}


def mismatches(history, simulated) -> np.ndarray:
    """[rows, 5] booleans: where `history` (an array of the right shape) differs from the
    replay; accuracies may go either way on rows within rounding of the decision."""
    expected, bounds = simulated["history"], simulated["bounds"]
    wrong = ~np.isfinite(history)
    for column in (1, 3):
        wrong[:, column] |= ~np.isclose(history[:, column], expected[:, column], rtol=1e-4,
                                        atol=1e-5)
    for column, index in ((2, 0), (4, 1)):
        wrong[:, column] |= ((history[:, column] < bounds[:, index, 0] - 1e-6)
                             | (history[:, column] > bounds[:, index, 1] + 1e-6))
    return wrong


def weights_match(weight, bias, simulated) -> bool:
    try:
        return (np.allclose(np.asarray(weight, dtype=float), simulated["weight"], rtol=1e-4,
                            atol=1e-5)
                and np.allclose(np.asarray(bias, dtype=float).reshape(-1), simulated["bias"],
                                rtol=1e-4, atol=1e-5))
    except ValueError:  # other shapes
        return False


def follows(result, history, replay, simulated) -> bool:
    """Whether a run follows a mistake's replay up to the first logged row where that replay
    parts from the right one: a mistake that blows up drives float32 and float64 apart soon
    after, so later rows cannot be compared."""
    parts = mismatches(replay["history"], simulated).any(axis=1)
    if not parts.any():  # the same history: only the weights can tell
        return weights_match(result["weight"], result["bias"], replay)
    last = int(np.argmax(parts))
    return not mismatches(history, replay)[: last + 1].any()


COLUMN_CAUSES = {
    1: tr("record loss.item() of the loss computed in that epoch, before the step"),
    3: tr("the validation loss is criterion(net(inputs_test), labels_test) after the "
          "epoch's step"),
    2: tr("the training accuracy is the fraction of rows of this epoch's outputs "
          "(before the step) predicted right"),
    4: tr("the validation accuracy is the fraction of validation rows predicted right"),
}


def expect_run(result, simulated, name, mistakes=(), cause=None):
    """A training result (history, weight, bias) against the replay; on a difference, the
    cause is that of the first replayed mistake the run follows, else a column's own."""
    history = expect_history(result["history"], *simulated["shape"],
                             name=tr("the history of {name}", name=name))
    wrong = mismatches(history, simulated)
    if not wrong.any() and weights_match(result["weight"], result["bias"], simulated):
        return
    known = next((why for why, replay in mistakes
                  if follows(result, history, replay, simulated)), None)
    if not np.isfinite(history).all():
        fail(tr("the history of {name} holds nan or inf", name=name), cause=known or DIVERGED)
    if not wrong.any():
        fail(tr("the weights after {name} are not the expected values", name=name),
             expected=simulated["weight"].tolist() + [simulated["bias"].tolist()],
             got=np.asarray(result["weight"], dtype=float).tolist()
             + [np.asarray(result["bias"], dtype=float).tolist()],
             cause=known or cause or tr("train with optim.SGD(net.parameters(), lr=lr) for "
                                        "num_epochs epochs, one step per epoch"))
    row, column = (int(i) for i in np.argwhere(wrong)[0])
    expected, got = float(simulated["history"][row, column]), float(history[row, column])
    if not secret_in_use():  # the epoch too; under a secret, numbers are withheld
        expected = tr("{value:.6g} at epoch {epoch:g}", value=expected,
                      epoch=float(history[row, 0]))
        got = f"{got:.6g}"
    fail(tr("the {column} column of the history of {name} is not the expected one",
            column=COLUMNS[column], name=name),
         expected=expected, got=got, cause=known or cause or COLUMN_CAUSES[column])


# ---- Drawn data -----------------------------------------------------------------------

# Clouds at the scale of the course's sepal measurements, centred anywhere in this box.
CENTRE_LOW, CENTRE_HIGH = np.array([3.0, 2.0]), np.array([7.0, 6.0])
SEPARATION, SPREAD = 1.2, 0.3
# The classes lie apart across the direction of the data's mean, where a linear model
# learns fast; a quarter of the points are class 1, so that a model that learned nothing
# (shuffled labels, too few epochs) predicts the majority at best and stays below the mark.
SPREAD_DEGREES, CLASS_1_SHARE = 20.0, 0.25


def drawn_geometry(stream):
    """The clouds' centre and the direction from class 0 to class 1: other in every course,
    so that a model trained for other inputs misses these."""
    g = inputs.rng(f"ch06/{stream} geometry")
    centre = g.uniform(CENTRE_LOW, CENTRE_HIGH)
    across = np.arctan2(centre[1], centre[0]) - np.pi / 2
    turn = np.deg2rad(g.uniform(-SPREAD_DEGREES, SPREAD_DEGREES))
    angle = across + turn + np.pi * g.integers(2)  # either class on either side
    return centre, np.array([np.cos(angle), np.sin(angle)])


def drawn_clouds(stream, part, n, geometry=None):
    """(x [n, 2] float64, y [n] int64) of two classes, as sklearn gives iris, from the
    stream's geometry; `part` names the draw (training, validation, held-out)."""
    centre, direction = geometry or drawn_geometry(stream)
    g = inputs.rng(f"ch06/{stream} {part}")
    y = g.permutation((np.arange(n) < round(CLASS_1_SHARE * n)).astype(np.int64))
    x = (centre + np.outer(y - 0.5, direction) * SEPARATION
         + SPREAD * g.standard_normal((n, N_FEATURES)))
    return x, y


def drawn_data(stream):
    """Training and validation clouds of drawn sizes (always different: the validation
    inputs are told apart by their number of rows)."""
    g = inputs.rng(f"ch06/{stream} sizes")
    n_train, n_val = int(g.integers(30, 61)), int(g.integers(12, 25))
    geometry = drawn_geometry(stream)
    return (*drawn_clouds(stream, "training", n_train, geometry),
            *drawn_clouds(stream, "validation", n_val, geometry))


def drawn_start(stream):
    """Drawn starting weights and bias, so that no start is special; small, because float32
    rounds the sigmoid of large logits (BCELoss's numbers then drift from the replay)."""
    g = inputs.rng(f"ch06/{stream} start")
    return (g.uniform(-0.5, 0.5, (1, N_FEATURES)).astype(np.float32),
            g.uniform(-0.5, 0.5, 1).astype(np.float32))


def drawn_settings(stream):
    """A learning rate and 40 to 80 epochs, a row every 10 (the course's)."""
    g = inputs.rng(f"ch06/{stream} settings")
    return {"lr": float(np.round(g.uniform(0.03, 0.1), 3)),
            "num_epochs": 10 * int(g.integers(4, 9)), "log_every": 10}


# ---- Probes: they run beside the learner's code and return what they saw ---------------

def error_facts(error):
    return {"type": type(error).__name__, "message": str(error)}


def linear_facts(model):
    return [{"name": name, "in": m.in_features, "out": m.out_features, "weight": m.weight,
             "bias": m.bias} for name, m in model.named_modules() if isinstance(m, nn.Linear)]


def model_facts(code, model, x):
    """What the grader needs to know of a model the learner built: its Linear layers, its
    parameter count and its output on x (or the error raised inside torch)."""
    facts = {"module": isinstance(model, nn.Module), "value": model}
    if not facts["module"]:
        return facts
    facts |= {"linears": linear_facts(model),
              "param_count": sum(p.numel() for p in model.parameters())}
    try:
        with torch.no_grad():
            facts["output"] = model(x.clone())
    except Exception as error:
        if learner_location(error, code.path):
            raise
        facts["error"] = error_facts(error)
    return facts


def built_model(code, name, n_in, n_out, x):
    return model_facts(code, getattr(code.binary, name)(n_in, n_out), x)


def set_up(code, logits, x, labels):
    """setup(logits): the model's facts, the criterion's kind and its loss on (x, labels),
    and the threshold; or what setup returned, if it is not three things."""
    returned = code.binary.setup(logits)
    if not isinstance(returned, (tuple, list)) or len(returned) != 3:
        return {"returned": returned}
    net, criterion, threshold = returned
    facts = {"model": model_facts(code, net, x), "criterion": type(criterion).__name__,
             "threshold": threshold}
    if facts["model"]["module"] and "output" in facts["model"]:
        try:
            with torch.no_grad():
                facts["loss"] = criterion(net(x), labels)
        except Exception as error:
            if learner_location(error, code.path):
                raise
            facts["loss error"] = error_facts(error)
    return facts


def converted(code, x, y):
    return code.binary.to_tensors(x.copy(), y.copy())


def accuracy_of(code, outputs, labels, threshold):
    return code.binary.accuracy(outputs.clone(), labels.clone(), threshold)


def boundary(code, weight, bias, x):
    return code.binary.decision_boundary(weight.copy(), bias.copy(), x.copy())


def grader_model(head, weight, bias):
    """The grader's own model for training checks: a Linear layer with the given weights,
    followed by a sigmoid for the "sigmoid" head."""
    layer = nn.Linear(weight.shape[1], weight.shape[0])
    with torch.no_grad():
        layer.weight.copy_(torch.as_tensor(weight))
        layer.bias.copy_(torch.as_tensor(bias))
    return (nn.Sequential(layer, nn.Sigmoid()) if head == "sigmoid" else layer), layer


CRITERIA = {"sigmoid": nn.BCELoss, "logits": nn.BCEWithLogitsLoss,
            "softmax": nn.CrossEntropyLoss}


def training_tensors(head, x, y):
    labels = torch.tensor(y)
    labels = labels.long() if head == "softmax" else labels.float().view(-1, 1)
    return torch.tensor(x).float(), labels


def training_run(code, module, head, weight, bias, data, settings):
    """train() of `module` on the grader's model, criterion and tensors: the history, the
    final weights, and, seen by a forward hook, whether the validation inputs went through
    the model with autograd recording; or the TrainingDiverged it raised."""
    x, y, x_val, y_val = data
    model, layer = grader_model(head, weight, bias)
    inputs_, labels = training_tensors(head, x, y)
    inputs_val, labels_val = training_tensors(head, x_val, y_val)
    validations = []

    def watch(module_, args, output):
        batch = args[0] if args else None
        if isinstance(batch, torch.Tensor) and batch.shape == inputs_val.shape:
            validations.append(torch.is_grad_enabled())

    model.register_forward_hook(watch)
    try:
        history = getattr(code, module).train(model, CRITERIA[head](), inputs_, labels,
                                              inputs_val, labels_val, **settings)
    except TrainingDiverged as error:
        return {"diverged": {"epoch": error.epoch, "loss": error.loss, "lr": error.lr}}
    return {"history": history, "weight": layer.weight, "bias": layer.bias,
            "validations": len(validations), "with gradients": sum(validations)}


def trained_classifiers(code, problems, lr, num_epochs):
    """The course's pipeline on each drawn problem: to_tensors, setup(), train(); the
    trained models are exported for the grading process to judge on held-out points."""
    exports = []
    for x, y, x_val, y_val in problems:
        net, criterion, threshold = code.binary.setup(False)
        inputs_, labels = code.binary.to_tensors(x.copy(), y.copy())
        inputs_val, labels_val = code.binary.to_tensors(x_val.copy(), y_val.copy())
        code.binary.train(net, criterion, inputs_, labels, inputs_val, labels_val, lr=lr,
                          num_epochs=num_epochs, threshold=threshold)
        exports.append(exported(net, torch.tensor(x).float()))
    return exports


def course_run(code, data, logits, num_epochs, start=None):
    """The course's run on its own split, through the learner's functions: from setup()'s
    model, or from the state `start` (weight, bias) put into its Linear layer."""
    x, y, x_val, y_val = data
    net, criterion, threshold = code.binary.setup(logits)
    if start is not None:
        with torch.no_grad():
            layer = next(m for m in net.modules() if isinstance(m, nn.Linear))
            layer.weight.copy_(start[0])
            layer.bias.copy_(start[1])
    inputs_, labels = code.binary.to_tensors(x.copy(), y.copy())
    inputs_val, labels_val = code.binary.to_tensors(x_val.copy(), y_val.copy())
    history = code.binary.train(net, criterion, inputs_, labels, inputs_val, labels_val,
                                lr=COURSE_LR, num_epochs=num_epochs, threshold=threshold,
                                log_every=COURSE_LOG_EVERY)
    layer = next(m for m in net.modules() if isinstance(m, nn.Linear))
    weight, bias = layer.weight.detach().numpy(), layer.bias.detach().numpy()
    return {"history": history, "weight": weight, "bias": bias,
            "param_count": sum(p.numel() for p in net.parameters()),
            "boundary": code.binary.decision_boundary(weight.copy(), bias.copy(),
                                                      np.array(COURSE_BOUNDARY_X))}


def course_split(code):
    return code.binary.load_data()


# ---- Judges -----------------------------------------------------------------------------

def the_course_split():
    """The course's split, computed by the grader with scikit-learn."""
    from sklearn.datasets import load_iris
    from sklearn.model_selection import train_test_split

    iris = load_iris()
    return train_test_split(iris.data[:100, :2], iris.target[:100], train_size=70,
                            test_size=30, random_state=123)


def expect_model(facts, name, cause=None):
    if not facts["module"]:
        fail(tr("{name} should be an nn.Module", name=name), got=describe_type(facts["value"]),
             cause=cause)
    if "error" in facts:
        error = facts["error"]
        fail(tr("{name} raised {error} in its forward pass: {message}", name=name,
                error=error["type"], message=learner_text(error["message"])),
             cause=tr("forward(x) takes a batch of shape [N, n_input] and returns "
                      "[N, n_output]"))
    return facts


def the_linear_layer(facts, name, n_in, n_out):
    """The model's one nn.Linear(n_in, n_out); its sizes are told as weight shapes (sizes
    drawn from a secret are shown as shapes only)."""
    layers = facts["linears"]
    if len(layers) != 1 or (layers[0]["in"], layers[0]["out"]) != (n_in, n_out):
        fail(tr("{name} should hold one nn.Linear(n_input, n_output) layer", name=name),
             expected=tr("one layer with a weight of shape {shape}",
                         shape=shape_text((n_out, n_in))),
             got=", ".join(tr("a layer with a weight of shape {shape}",
                              shape=shape_text((l["out"], l["in"]))) for l in layers)
             or tr("no nn.Linear layer"),
             cause=tr("create the layer in __init__ as self.l1 = nn.Linear(n_input, "
                      "n_output)"))
    return layers[0]


def expect_initialised_to_one(layer, name):
    if layer["bias"] is None:
        fail(tr("the Linear layer of {name} has no bias", name=name),
             cause=tr("keep nn.Linear's bias"))
    for part, what in (("weight", tr("the starting weight of {name}", name=name)),
                       ("bias", tr("the starting bias of {name}", name=name))):
        expect_close(layer[part], np.ones(tuple(layer[part].shape)), what, atol=0, rtol=0,
                     cause=INIT_ONES)


def layer_output(layer, x):
    """l1(x) in float64 from the layer's own weight and bias."""
    return x.double() @ layer["weight"].double().T + layer["bias"].double()


def expect_forward(facts, x, name, sigmoid):
    layer = facts["linears"][0]
    z = layer_output(layer, x)
    output = tr("the output of {name}", name=name)
    got = expect_tensor(facts["output"], output)
    if tuple(got.shape) != tuple(z.shape):
        fail(tr("the output of {name} has the wrong shape", name=name),
             expected=shape_text(z.shape), got=shape_text(got.shape),
             cause=tr("return one row of n_output values per input row"))
    expected, other = (torch.sigmoid(z), z) if sigmoid else (z, torch.sigmoid(z))
    if not torch.allclose(got.double(), expected, rtol=1e-4, atol=1e-6):
        wrong = torch.allclose(got.double(), other, rtol=1e-4, atol=1e-6)
        cause = ((SIGMOID_MISSING if sigmoid else SIGMOID_BEFORE_LOGITS_LOSS) if wrong else
                 (tr("forward(x) is sigmoid(self.l1(x))") if sigmoid else
                  tr("forward(x) is self.l1(x)")))
        expect_close(got, expected, output, rtol=1e-4, atol=1e-6, cause=cause)


def expect_parameter_count(facts, name, expected=PARAMETERS):
    if facts["param_count"] != expected:
        fail(tr("{name} has the wrong number of parameters", name=name), expected=f"{expected}",
             got=f"{facts['param_count']}",
             cause=tr("one Linear(2, 1) layer: 2 weights and 1 bias"))


def judge_model(chapter, name, sigmoid):
    x = torch.tensor(drawn_clouds(f"{name} forward", "inputs", 6)[0]).float()
    facts = expect_model(chapter.run(built_model, name, N_FEATURES, 1, x), f"{name}(2, 1)")
    layer = the_linear_layer(facts, f"{name}(2, 1)", N_FEATURES, 1)
    expect_parameter_count(facts, f"{name}(2, 1)")
    expect_initialised_to_one(layer, f"{name}(2, 1)")
    expect_forward(facts, x, f"{name}(2, 1)", sigmoid)
    # Any sizes, not only the course's: Net(n_input, n_output).
    g = inputs.rng(f"ch06/{name} sizes")
    n_in, n_out = int(g.integers(3, 6)), int(g.integers(2, 4))
    x = torch.tensor(g.normal(5.0, 1.0, (7, n_in))).float()
    any_sizes = f"{name}(n_input, n_output)"
    facts = expect_model(chapter.run(built_model, name, n_in, n_out, x), any_sizes)
    the_linear_layer(facts, any_sizes, n_in, n_out)
    expect_forward(facts, x, any_sizes, sigmoid)


def expect_number(value, name, cause=None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, torch.Tensor)):
        fail(tr("{name} should be a number", name=name), got=describe_type(value), cause=cause)
    if isinstance(value, torch.Tensor) and value.numel() != 1:
        fail(tr("{name} should be a single number", name=name), got=describe_type(value),
             cause=cause)
    return float(value)


def expect_criterion(facts, logits, expected_loss):
    expected_kind = "BCEWithLogitsLoss" if logits else "BCELoss"
    name = f"setup(logits={logits})"
    if "loss error" in facts:
        error = facts["loss error"]
        fail(tr("the criterion of {name} failed on the model's outputs: {error}: {message}",
                name=name, error=error["type"], message=learner_text(error["message"])),
             cause=tr("return nn.{kind}() as the criterion", kind=expected_kind))
    loss = facts.get("loss")
    if isinstance(loss, torch.Tensor) and loss.numel() == 1 and np.isclose(
            float(loss), expected_loss, rtol=1e-4, atol=1e-6):
        return
    if logits and facts["criterion"] == "BCEWithLogitsLoss":
        cause = SIGMOID_BEFORE_LOGITS_LOSS
    elif facts["criterion"] != expected_kind:
        cause = tr("setup(logits={logits}) returns nn.{kind}() as the criterion, not "
                   "{criterion}", logits=logits, kind=expected_kind,
                   criterion=facts["criterion"])
    else:
        cause = tr("the model of {name} does not give the outputs {kind} expects", name=name,
                   kind=expected_kind)
    fail(tr("the loss of {name}'s model and criterion on a batch is not the binary "
            "cross-entropy of its probabilities", name=name),
         expected=expected_loss, got=loss, cause=cause)


def bce(probabilities, labels):
    p, y = probabilities.double(), labels.double()
    return float(-(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean())


@check(points=1, course_data=True)
def check_course_split(chapter):
    parts = expect_items(chapter.run(course_split), 4, "load_data()",
                         cause=tr("return train_test_split(...)'s four arrays, in its order"))
    names = ("x_train", "x_test", "y_train", "y_test")
    for name, got, expected in zip(names, parts, the_course_split()):
        got = expect_array(got, name, shape=expected.shape)
        if not np.array_equal(got, expected):
            fail(tr("{name} is not the course's", name=name), cause=tr(
                "take the first 100 rows and the first two columns of load_iris().data (and "
                "the first 100 labels), then train_test_split(x, y, train_size=70, "
                "test_size=30, random_state=123)"))


@check(points=2)
def check_tensors(chapter):
    x, y = drawn_clouds("tensors", "rows", int(inputs.rng("ch06/tensors size").integers(20, 40)))
    inputs_, labels = expect_items(chapter.run(converted, x, y), 2, "to_tensors(x, y)")
    expect_tensor(inputs_, "inputs", shape=x.shape, dtype=torch.float32)
    expect_close(inputs_, x, "inputs", cause=tr("keep the rows of x in their order"))
    expect_tensor(labels, "labels")
    if labels.dtype != torch.float32:
        fail(tr("labels have the wrong dtype"), expected=torch.float32, got=labels.dtype,
             cause=LABELS_DTYPE)
    if tuple(labels.shape) != (len(y), 1):
        fail(tr("labels have the wrong shape"), expected=shape_text((len(y), 1)),
             got=shape_text(labels.shape), cause=LABELS_SHAPE)
    expect_close(labels, y[:, None], "labels", cause=tr("keep the labels in the order of x"))


@check(points=2)
def check_net(chapter):
    judge_model(chapter, "Net", sigmoid=True)


@check(points=2)
def check_logit_net(chapter):
    judge_model(chapter, "LogitNet", sigmoid=False)


@check(points=2, relies_on=("check_net",))
def check_setup(chapter):
    x, y = drawn_clouds("setup", "rows", 16)
    x = torch.tensor(x).float()
    labels = torch.tensor(y).float().view(-1, 1)
    for logits in (False, True):
        name = f"setup(logits={logits})"
        facts = chapter.run(set_up, logits, x, labels)
        if "returned" in facts:
            expect_items(facts["returned"], 3, name,
                         cause=tr("return (net, criterion, threshold)"))
        model_name = tr("the model of {name}", name=name)
        model = expect_model(facts["model"], model_name)
        layer = the_linear_layer(model, model_name, N_FEATURES, 1)
        z = layer_output(layer, x)
        expect_criterion(facts, logits, bce(torch.sigmoid(z), labels))
        threshold_name = tr("the threshold of {name}", name=name)
        threshold = expect_number(facts["threshold"], threshold_name)
        if logits and threshold == 0.5:
            fail(tr("the threshold of {name} is that of probabilities", name=name),
                 expected=0.0, got=threshold, cause=LOGITS_THRESHOLD)
        expect_close(threshold, 0.0 if logits else 0.5, threshold_name,
                     cause=LOGITS_THRESHOLD if logits else tr("a probability of 0.5 or more "
                                                              "predicts class 1"))


@check(points=1)
def check_accuracy(chapter):
    g = inputs.rng("ch06/accuracy")
    for threshold, outputs in ((0.5, g.uniform(0, 1, (40, 1))), (0.0, g.normal(0, 3, (40, 1)))):
        outputs = torch.tensor(outputs).float()
        labels = torch.tensor(g.integers(0, 2, (40, 1))).float()
        expected = float(((outputs >= threshold).float() == labels).float().mean())
        got = chapter.run(accuracy_of, outputs, labels, threshold)
        expect_close(expect_number(got, "accuracy()"), expected,
                     f"accuracy(outputs, labels, {threshold})", cause=tr(
                         "count the rows whose prediction (1 where the output is at least "
                         "the threshold, else 0) equals the label, over the number of rows"))


@check(points=1)
def check_decision_boundary(chapter):
    g = inputs.rng("ch06/boundary")
    weight = np.array([[g.uniform(1, 4), -g.uniform(2, 6)]])
    bias = g.uniform(-2, 2, 1)
    x = np.sort(g.uniform(4, 7, 5))
    got = chapter.run(boundary, weight, bias, x)
    expect_close(expect_array(got, "decision_boundary()", shape=x.shape),
                 -(bias[0] + weight[0, 0] * x) / weight[0, 1],
                 "decision_boundary(weight, bias, x)",
                 cause=tr("on the boundary the logit is 0: bias + w0 * x + w1 * y = 0, so "
                          "y = -(bias + w0 * x) / w1"))


def judged_training(chapter, stream, head, threshold, mistakes_of=None):
    """Run train() on drawn data with the grader's model and judge it against the replay."""
    data = drawn_data(stream)
    weight, bias = drawn_start(stream)
    settings = drawn_settings(stream)
    result = chapter.run(training_run, "binary", head, weight, bias, data,
                         settings | {"threshold": threshold})
    name = tr("train() with {criterion}", criterion=CRITERIA[head].__name__)
    if "diverged" in result:
        fail(tr("{name} raised TrainingDiverged on settings that do not diverge", name=name),
             cause=tr("raise it only when the training loss is nan or inf"))
    expect_run(result, replay(data, weight, bias, settings, head, threshold), name,
               mistakes=known_mistakes(data, weight, bias, settings, head, threshold))
    return result


def replay(data, weight, bias, settings, head, threshold=0.5, **mistake):
    simulated = simulate(data, weight, bias, settings["lr"], settings["num_epochs"],
                         settings["log_every"], head, threshold, **mistake)
    simulated["shape"] = (settings["num_epochs"], settings["log_every"])
    return simulated


def known_mistakes(data, weight, bias, settings, head, threshold=0.5):
    mistakes = [(NOT_ZEROED, replay(data, weight, bias, settings, head, threshold,
                                    zero_grads=False)),
                (VALIDATION_BEFORE_STEP, replay(data, weight, bias, settings, head, threshold,
                                                validate_before_step=True))]
    if head == "logits":
        mistakes.append((THRESHOLD_IGNORED, replay(data, weight, bias, settings, head, 0.5)))
    return mistakes


@check(points=3, relies_on=("check_accuracy",))
def check_training_with_bce(chapter):
    judged_training(chapter, "training with BCELoss", "sigmoid", 0.5)  # i18n: internal


@check(points=2, relies_on=("check_accuracy",))
def check_training_with_logits(chapter):
    judged_training(chapter, "training with logits", "logits", 0.0)  # i18n: internal


@check(points=2, relies_on=("check_accuracy", "check_training_with_bce"))
def check_validation_without_gradients(chapter):
    result = judged_training(chapter, "validation", "sigmoid", 0.5)
    expect_validation_without_gradients(result)


@check(points=1, relies_on=("check_training_with_logits",))
def check_divergence_is_reported(chapter):
    data = drawn_data("divergence")
    weight, bias = drawn_start("divergence")
    # lr * gradient overflows float32 at the first step: the weights become inf, and the
    # loss of the next epoch inf or nan (lr itself must stay below float32's largest number).
    lr = float(10 ** inputs.rng("ch06/divergence lr").uniform(38.0, 38.4))
    result = chapter.run(training_run, "binary", "logits", weight, bias, data,
                         {"lr": lr, "num_epochs": 30, "log_every": 10, "threshold": 0.0})
    expect_divergence_reported(result, lr)


def expect_validation_without_gradients(result):
    """Judge a training_run's record of the validation forward passes (shared with ch07)."""
    if not result["validations"]:
        fail(tr("train() never ran the model on the validation inputs"),
             cause=tr("compute the validation loss and accuracy from net(inputs_test)"))
    if result["with gradients"]:
        fail(tr("train() ran the model on the validation inputs with gradients on"),
             cause=VALIDATION_WITH_GRADIENTS)


def expect_divergence_reported(result, lr):
    """Judge a training_run at an overflowing lr: TrainingDiverged with that lr (and ch07)."""
    if "diverged" not in result:
        fail(tr("train() went on after the loss became nan or inf (at a learning rate that "
                "overflows float32)"), cause=NOT_REPORTED)
    if not np.isclose(result["diverged"]["lr"], lr, rtol=1e-6):
        fail(tr("the TrainingDiverged raised by train() does not give the learning rate used"),
             expected=lr, got=result["diverged"]["lr"],
             cause=tr("raise TrainingDiverged(epoch, loss, lr) with the lr train() was given"))


# Calibration: `python -m grader calibrate ch06` (the reference over 10 course keys). A model
# that learned nothing scores 0.75 at best (the majority class), one epoch 0.25.
HELD_OUT = Threshold(
    "ch06", tr("the lowest held-out accuracy of 3 trained classifiers"), at_least=0.90,
    calibration=Calibration(seeds=10, worst=0.9380, median=0.9465))
HELD_OUT_LR, HELD_OUT_EPOCHS = 0.1, 200
HELD_OUT_SETS, HELD_OUT_POINTS = 3, 1000


@HELD_OUT.measured_by
def held_out_accuracy(chapter) -> float:
    """to_tensors, setup() and train() on 3 drawn problems (lr 0.1, 200 epochs each), each
    trained Net judged here on 1,000 points of its clouds that its process never saw; the
    lowest accuracy. Three problems, because one model has a fair chance of fitting another
    course's clouds too; all three hardly."""
    streams = [f"held-out {k}" for k in range(HELD_OUT_SETS)]
    geometries = [drawn_geometry(stream) for stream in streams]
    problems = [(*drawn_clouds(stream, "training", 80, geometry),
                 *drawn_clouds(stream, "validation", 20, geometry))
                for stream, geometry in zip(streams, geometries)]
    exports = chapter.run(trained_classifiers, problems, HELD_OUT_LR, HELD_OUT_EPOCHS)
    if not isinstance(exports, list) or len(exports) != HELD_OUT_SETS:
        fail(tr("the trained classifiers could not be exported for evaluation"))
    accuracies = []
    for stream, geometry, export in zip(streams, geometries, exports):
        model = load_exported(export, tr("the trained classifier"))
        x, y = drawn_clouds(stream, "held-out", HELD_OUT_POINTS, geometry)
        with torch.no_grad():
            outputs = model(torch.tensor(x).float())
        if tuple(outputs.shape) != (HELD_OUT_POINTS, 1):
            fail(tr("the trained classifier gives outputs of the wrong shape"),
                 expected=shape_text((HELD_OUT_POINTS, 1)), got=shape_text(outputs.shape),
                 cause=tr("Net(2, 1) gives one probability per input row: [N, 1]"))
        accuracies.append(float(((outputs[:, 0] >= 0.5).numpy() == (y == 1)).mean()))
    return min(accuracies)


@check(points=3, relies_on=("check_tensors", "check_net", "check_setup",
                            "check_training_with_bce"))
def check_held_out_accuracy(chapter):
    HELD_OUT.judge(held_out_accuracy(chapter), lr=HELD_OUT_LR, cause=tr(
        "the model did not learn to tell the classes apart: train() must run num_epochs "
        "epochs of SGD at the given lr, and to_tensors() must keep each label with its row "
        "(not shuffled); this relies on to_tensors, setup, Net and train: fix check_tensors, "
        "check_setup, check_net and check_training_with_bce first"))


def course_data():
    return tuple(the_course_split()[i] for i in (0, 2, 1, 3))  # x, y, x_val, y_val


def draw_decision_boundary(x, labels, line_x, line_y, path):
    """The validation points of both classes and the trained model's boundary line."""
    return save_scatter_with_line(x, labels, line_x, line_y, path, "sepal_length",
                                  "sepal_width")


@check(points=1, course_data=True, timeout=60,
       relies_on=("check_tensors", "check_net", "check_setup", "check_accuracy",
                  "check_decision_boundary", "check_training_with_bce"))
def check_course_run(chapter):
    """The course's run with BCELoss (lr 0.01): validation 4.49384 / 0.5 at epoch 0 and
    0.15395 / 0.96667 at epoch 9,990, then its weight, bias and decision boundary; its
    figures. The 10,000 epochs would cost seconds, so the learner's code trains the first
    1,000 from setup()'s model and the last 100 from the state the grader's replay reaches
    at epoch 9,900 (in float64: the weights then agree with the course's float32 run to
    about 2e-5)."""
    data = course_data()
    early = chapter.run(course_run, data, False, EARLY_EPOCHS)
    history = expect_history(early["history"], EARLY_EPOCHS, COURSE_LOG_EVERY,
                             tr("the history of the course's first 1,000 epochs"))
    save_figure("ch06", "learning_curves_first_1000_epochs", save_learning_curves, history)
    if early["param_count"] != PARAMETERS:
        fail(tr("the course's model has the wrong number of parameters"),
             expected=f"{PARAMETERS}", got=f"{early['param_count']}",
             cause=tr("Net(2, 1): one Linear(2, 1) layer, 2 weights and 1 bias"))
    run = tr("the course's run (lr 0.01)")
    expect_close(history[0, 3:], COURSE_VAL_FIRST,
                 tr("the validation loss and accuracy of {run} at epoch 0", run=run),
                 atol=1e-5, rtol=0, cause=COURSE_CAUSE)
    weight, bias = state_after(data, np.ones((1, N_FEATURES)), np.ones(1), COURSE_LR,
                               FAST_FORWARD, "sigmoid")
    late = chapter.run(course_run, data, False, COURSE_EPOCHS - FAST_FORWARD,
                       (torch.tensor(weight).float(), torch.tensor(bias).float()))
    history = expect_history(late["history"], COURSE_EPOCHS - FAST_FORWARD, COURSE_LOG_EVERY,
                             tr("the history of the course's last 100 epochs"))
    draw_course_boundary(chapter, data, late)
    expect_close(history[-1, 3:], COURSE_VAL_LAST,
                 tr("the validation loss and accuracy of {run} at epoch 9,990", run=run),
                 atol=1e-5, rtol=0, cause=COURSE_CAUSE)
    expect_close(late["weight"], COURSE_WEIGHT, tr("the weight after {run}", run=run),
                 atol=5e-5, rtol=0, cause=COURSE_CAUSE)
    expect_close(late["bias"], COURSE_BIAS, tr("the bias after {run}", run=run), atol=5e-5,
                 rtol=0, cause=COURSE_CAUSE)
    expect_close(late["boundary"], COURSE_BOUNDARY_Y,
                 tr("decision_boundary at x = {x} after {run}", x=COURSE_BOUNDARY_X, run=run),
                 atol=1e-4, rtol=0,
                 cause=tr("y = -(bias + w0 * x) / w1, from the trained weight and bias"))


def draw_course_boundary(chapter, data, trained):
    """The course's figure: the validation points and the trained model's boundary."""
    x_test, y_test = data[2], data[3]
    line_x = np.array([x_test[:, 0].min(), x_test[:, 0].max()])
    try:
        line_y = np.asarray(chapter.run(boundary, trained["weight"], trained["bias"], line_x),
                            dtype=float)
        save_figure("ch06", "decision_boundary", draw_decision_boundary, x_test, y_test,
                    line_x, line_y)
    except (ValueError, TypeError):
        pass  # check_decision_boundary says what is wrong with decision_boundary


@check(points=1, course_data=True,
       relies_on=("check_logit_net", "check_setup", "check_accuracy",
                  "check_training_with_logits"))
def check_course_run_with_logits(chapter):
    """The course: BCEWithLogitsLoss on logits gives the numbers of BCELoss; its first epoch."""
    result = chapter.run(course_run, course_data(), True, 1)
    history = expect_history(result["history"], 1, COURSE_LOG_EVERY,
                             tr("the history of the course's first epoch with logits"))
    expect_close(history[0, 3:], COURSE_VAL_FIRST, tr("the validation loss and accuracy after "
                 "the first epoch with LogitNet and BCEWithLogitsLoss"), atol=1e-5, rtol=0,
                 cause=tr("with logits, setup(True) gives the numbers of BCELoss: {sigmoid}; "
                          "{threshold}", sigmoid=SIGMOID_BEFORE_LOGITS_LOSS,
                          threshold=LOGITS_THRESHOLD))
