"""Checks for chapter 7: multiclass classification of the three iris species.

Every input fed to the learner's code is drawn from grader.inputs (public in a learner's run,
secret in course grading): three-class point clouds shaped like the course's sepal and petal
lengths, scores to take the argmax and the softmax of, starting weights, learning rates and
epochs. Training is judged with chapter 6's machinery (grader.checks.ch06): the grader's
float64 replay of the course's loop, here with CrossEntropyLoss, row by row of the 5-column
history and in the final weights, the replays of known mistakes (gradients never zeroed,
validation before the step, a softmax before CrossEntropyLoss) naming the cause; a forward
hook sees whether validation ran with gradients; held-out accuracy is judged in the grading
process on points the learner's process never receives.

The course's published run (sepal length + petal length, 75/75 split, 10,000 epochs at lr
0.01: validation 1.09263 / 0.26667 -> 0.19795 / 0.96 and the trained weights) is reproduced
by the learner's code training its first 1,000 epochs, and its last 100 from the state the
grader's replay reaches at epoch 9,900 (the whole run would cost seconds); of the run on all
four features, the same way (1.09158 -> 0.13724, accuracy 0.96).
"""

import numpy as np
import torch
from torch import nn

from courselib.plots import save_learning_curves
from grader import inputs
from grader.check import (check, expect_array, expect_close, expect_items, expect_tensor,
                          fail, shape_text)
from grader.checks.ch06 import (NOT_ZEROED, VALIDATION_BEFORE_STEP,
                                expect_divergence_reported, expect_history,
                                expect_validation_without_gradients,
                                expect_initialised_to_one, expect_model, expect_number,
                                expect_run, layer_output, model_facts, simulate,
                                state_after, the_linear_layer, training_run)
from grader.figures import save_figure
from grader.heldout import exported, load_exported
from grader.i18n import tr
from grader.thresholds import Calibration, Threshold

COURSE_COLUMNS, ALL_COLUMNS = (0, 2), (0, 1, 2, 3)
COURSE_LR, COURSE_EPOCHS, COURSE_LOG_EVERY = 0.01, 10_000, 10
COURSE_VAL_FIRST, COURSE_VAL_LAST = (1.09263, 0.26667), (0.19795, 0.96)
COURSE_WEIGHT = [[3.0452, -2.5735], [1.3573, 0.8481], [-1.4026, 4.7253]]
COURSE_BIAS = [1.7178, 1.6563, -0.3741]
ALL_FEATURES_VAL = (1.09158, 0.13724, 0.96)  # val loss at epoch 0; loss, acc at 9,990
# The course run's epochs the learner's code trains: the first 1,000, and the last 100 from
# the state the grader's replay reaches at epoch 9,900 (see check_course_run).
EARLY_EPOCHS, FAST_FORWARD = 1_000, 9_900
N_CLASSES, PARAMETERS = 3, 9

SOFTMAX_BEFORE_LOSS = tr(
    "a softmax is applied before CrossEntropyLoss, which applies it itself (log-softmax, "
    "then the label's term): give the loss the raw outputs of the Linear layer, and use the "
    "softmax only to read probabilities (probabilities())")
FLOAT_LABELS = tr("CrossEntropyLoss takes the labels as class indices: an int64 tensor of "
                  "shape [N] (torch.tensor(y).long()), not float")
ARGMAX_DIM = tr("the predicted class of a row is the index of the largest score in that row: "
                "take the argmax over dim 1 (torch.max(outputs, 1)[1]); over dim 0 it compares "
                "the rows with each other")
SOFTMAX_DIM = tr("the softmax is taken over each row's scores, dim 1 "
                 "(torch.softmax(outputs, dim=1)), so that each row sums to 1")


# ---- Drawn data -----------------------------------------------------------------------

# Sepal length and petal length of the three species, roughly; a drawn shift moves them.
CENTRES = np.array([[5.0, 1.5], [5.9, 4.3], [6.6, 5.6]])
SPREAD = 0.25
# Unequal classes: a model that learned nothing predicts the majority (half the points) at
# best, far below the pass mark.
SHARES = (0.5, 0.3, 0.2)


def drawn_geometry(stream):
    """A shift of the clouds and which class each cloud is: other in every course, so that
    a model trained for other inputs misses these."""
    g = inputs.rng(f"ch07/{stream} geometry")
    return g.uniform(-0.5, 0.5, 2), g.permutation(N_CLASSES)


def drawn_clouds(stream, part, n, features=2, geometry=None):
    """(x [n, features] float64, y [n] int64) of three classes; features beyond the two
    informative ones are noise around 3.0. `part` names the draw."""
    shift, classes = geometry or drawn_geometry(stream)
    g = inputs.rng(f"ch07/{stream} {part}")
    counts = np.round(np.array(SHARES) * n).astype(int)
    counts[0] = n - counts[1:].sum()
    cloud = g.permutation(np.repeat(np.arange(N_CLASSES), counts))
    x = CENTRES[cloud] + shift + SPREAD * g.standard_normal((n, 2))
    if features > 2:
        x = np.hstack([x, 3.0 + SPREAD * g.standard_normal((n, features - 2))])
    return x, classes[cloud].astype(np.int64)


def drawn_data(stream):
    g = inputs.rng(f"ch07/{stream} sizes")
    n_train, n_val = int(g.integers(30, 61)), int(g.integers(12, 25))  # always different
    geometry = drawn_geometry(stream)
    return (*drawn_clouds(stream, "training", n_train, geometry=geometry),
            *drawn_clouds(stream, "validation", n_val, geometry=geometry))


def drawn_start(stream):
    g = inputs.rng(f"ch07/{stream} start")
    return (g.uniform(-0.5, 0.5, (N_CLASSES, 2)).astype(np.float32),
            g.uniform(-0.5, 0.5, N_CLASSES).astype(np.float32))


def drawn_settings(stream):
    g = inputs.rng(f"ch07/{stream} settings")
    return {"lr": float(np.round(g.uniform(0.02, 0.05), 3)),
            "num_epochs": 10 * int(g.integers(4, 9)), "log_every": 10}


def drawn_scores(stream):
    """Scores of N rows and C classes, N never equal to C."""
    g = inputs.rng(f"ch07/{stream}")
    rows, classes = int(g.integers(7, 15)), int(g.integers(3, 6))
    return torch.tensor(g.normal(0.0, 2.0, (rows, classes))).float()


# ---- Probes ---------------------------------------------------------------------------

def course_split(code, columns):
    return code.multiclass.load_data(columns)


def converted(code, x, y):
    return code.multiclass.to_tensors(x.copy(), y.copy())


def built_model(code, n_in, n_out, x):
    return model_facts(code, code.multiclass.Net(n_in, n_out), x)


def scores_probe(code, function, scores, *args):
    return getattr(code.multiclass, function)(scores.clone(), *args)


def trained_classifiers(code, problems, lr, num_epochs):
    """to_tensors, Net and train() on each drawn problem; the trained models are exported
    for the grading process to judge on held-out points."""
    exports = []
    for x, y, x_val, y_val in problems:
        net = code.multiclass.Net(x.shape[1], N_CLASSES)
        inputs_, labels = code.multiclass.to_tensors(x.copy(), y.copy())
        inputs_val, labels_val = code.multiclass.to_tensors(x_val.copy(), y_val.copy())
        code.multiclass.train(net, nn.CrossEntropyLoss(), inputs_, labels, inputs_val,
                              labels_val, lr=lr, num_epochs=num_epochs)
        exports.append(exported(net, torch.tensor(x).float()))
    return exports


def course_run(code, data, num_epochs, start=None):
    """The course's run on its own split, through the learner's functions: from Net's
    starting weights, or from the state `start` (weight, bias) put into its Linear layer."""
    x, y, x_val, y_val = data
    net = code.multiclass.Net(x.shape[1], N_CLASSES)
    if start is not None:
        with torch.no_grad():
            layer = next(m for m in net.modules() if isinstance(m, nn.Linear))
            layer.weight.copy_(start[0])
            layer.bias.copy_(start[1])
    inputs_, labels = code.multiclass.to_tensors(x.copy(), y.copy())
    inputs_val, labels_val = code.multiclass.to_tensors(x_val.copy(), y_val.copy())
    history = code.multiclass.train(net, nn.CrossEntropyLoss(), inputs_, labels,
                                    inputs_val, labels_val, lr=COURSE_LR,
                                    num_epochs=num_epochs, log_every=COURSE_LOG_EVERY)
    layer = next(m for m in net.modules() if isinstance(m, nn.Linear))
    return {"history": history, "weight": layer.weight, "bias": layer.bias,
            "param_count": sum(p.numel() for p in net.parameters())}


# ---- Judges ---------------------------------------------------------------------------

def the_course_split(columns):
    from sklearn.datasets import load_iris
    from sklearn.model_selection import train_test_split

    iris = load_iris()
    return train_test_split(iris.data[:, list(columns)], iris.target, train_size=75,
                            test_size=75, random_state=123)


def course_data(columns):
    return tuple(the_course_split(columns)[i] for i in (0, 2, 1, 3))  # x, y, x_val, y_val


@check(points=1, course_data=True)
def check_course_split(chapter):
    for columns in (COURSE_COLUMNS, ALL_COLUMNS):
        name = f"load_data({columns})"
        parts = expect_items(chapter.run(course_split, columns), 4, name,
                             cause=tr("return train_test_split(...)'s four arrays, in its "
                                      "order"))
        for part, got, expected in zip(("x_train", "x_test", "y_train", "y_test"), parts,
                                       the_course_split(columns)):
            got = expect_array(got, tr("{part} of {name}", part=part, name=name),
                               shape=expected.shape)
            if not np.array_equal(got, expected):
                fail(tr("{part} of {name} is not the course's", part=part, name=name),
                     cause=tr("take all 150 rows and the given columns of load_iris().data, "
                              "then train_test_split(x, y, train_size=75, test_size=75, "
                              "random_state=123)"))


@check(points=2)
def check_tensors(chapter):
    g = inputs.rng("ch07/tensors")
    features = int(g.choice([2, 4]))
    x, y = drawn_clouds("tensors", "rows", int(g.integers(20, 40)), features)
    inputs_, labels = expect_items(chapter.run(converted, x, y), 2, "to_tensors(x, y)")
    expect_tensor(inputs_, "inputs", shape=x.shape, dtype=torch.float32)
    expect_close(inputs_, x, "inputs", cause=tr("keep the rows of x in their order"))
    expect_tensor(labels, "labels")
    if labels.dtype != torch.int64:
        fail(tr("labels have the wrong dtype"), expected=torch.int64, got=labels.dtype,
             cause=FLOAT_LABELS)
    if tuple(labels.shape) != (len(y),):
        fail(tr("labels have the wrong shape"), expected=shape_text((len(y),)),
             got=shape_text(labels.shape),
             cause=tr("CrossEntropyLoss takes one class index per row: a vector of shape [N]"))
    expect_close(labels, y, "labels", cause=tr("keep the labels in the order of x"))


def expect_logits(facts, x, name):
    layer = facts["linears"][0]
    z = layer_output(layer, x)
    output = tr("the output of {name}", name=name)
    got = expect_tensor(facts["output"], output)
    if tuple(got.shape) != tuple(z.shape):
        fail(tr("the output of {name} has the wrong shape", name=name),
             expected=shape_text(z.shape), got=shape_text(got.shape),
             cause=tr("return one row of n_output scores per input row"))
    if torch.allclose(got.double(), z, rtol=1e-4, atol=1e-6):
        return
    softmaxed = any(torch.allclose(got.double(), torch.softmax(z, dim), rtol=1e-4, atol=1e-6)
                    for dim in (0, 1))
    expect_close(got, z, output, rtol=1e-4, atol=1e-6,
                 cause=SOFTMAX_BEFORE_LOSS if softmaxed else tr("forward(x) is self.l1(x)"))


@check(points=2)
def check_net(chapter):
    x = torch.tensor(drawn_clouds("net forward", "inputs", 6)[0]).float()
    name = f"Net(2, {N_CLASSES})"
    facts = expect_model(chapter.run(built_model, 2, N_CLASSES, x), name)
    layer = the_linear_layer(facts, name, 2, N_CLASSES)
    if facts["param_count"] != PARAMETERS:
        fail(tr("{name} has the wrong number of parameters", name=name),
             expected=f"{PARAMETERS}", got=f"{facts['param_count']}",
             cause=tr("one Linear(2, 3) layer: 2 x 3 weights and 3 biases"))
    expect_initialised_to_one(layer, name)
    expect_logits(facts, x, name)
    g = inputs.rng("ch07/net sizes")
    n_in, n_out = int(g.integers(3, 6)), int(g.integers(2, 6))
    x = torch.tensor(g.normal(4.0, 1.5, (7, n_in))).float()
    facts = expect_model(chapter.run(built_model, n_in, n_out, x), "Net(n_input, n_output)")
    the_linear_layer(facts, "Net(n_input, n_output)", n_in, n_out)
    expect_logits(facts, x, "Net(n_input, n_output)")


@check(points=2)
def check_predicted_labels(chapter):
    scores = drawn_scores("predicted labels")
    got = chapter.run(scores_probe, "predicted_labels", scores)
    name = tr("predicted_labels(outputs) of outputs of shape {shape}",
              shape=shape_text(scores.shape))
    expect_tensor(got, name)
    if tuple(got.shape) != (len(scores),):
        fail(tr("{name} has the wrong shape", name=name), expected=shape_text((len(scores),)),
             got=shape_text(got.shape),
             cause=ARGMAX_DIM if tuple(got.shape) == (scores.shape[1],) else
             tr("one predicted class per row: a vector of shape [N]"))
    expect_tensor(got, name, dtype=torch.int64)
    expect_close(got, scores.argmax(dim=1), name, atol=0, rtol=0, cause=ARGMAX_DIM)


@check(points=1)
def check_probabilities(chapter):
    scores = drawn_scores("probabilities")
    got = chapter.run(scores_probe, "probabilities", scores)
    name = tr("probabilities(outputs) of outputs of shape {shape}",
              shape=shape_text(scores.shape))
    expect_tensor(got, name, shape=scores.shape)
    expected = torch.softmax(scores.double(), dim=1)
    if torch.allclose(got.double(), torch.softmax(scores.double(), dim=0), atol=1e-6):
        fail(tr("the rows of {name} do not sum to 1", name=name), cause=SOFTMAX_DIM)
    expect_close(got, expected, name, atol=1e-6,
                 cause=tr("the probabilities are the softmax of each row: exp(score) over "
                          "the sum of the row's exp(score)"))


@check(points=1, relies_on=("check_predicted_labels",))
def check_accuracy(chapter):
    scores = drawn_scores("accuracy")
    labels = torch.tensor(inputs.rng("ch07/accuracy labels").integers(
        0, scores.shape[1], len(scores)))
    got = expect_number(chapter.run(scores_probe, "accuracy", scores, labels), "accuracy()")
    expect_close(got, float((scores.argmax(dim=1) == labels).double().mean()),
                 "accuracy(outputs, labels)",
                 cause=tr("the fraction of rows whose predicted class (argmax over dim 1) "
                          "is the label: relies on predicted_labels, see "
                          "check_predicted_labels"))


def replay(data, weight, bias, settings, head="softmax", **mistake):
    simulated = simulate(data, weight, bias, settings["lr"], settings["num_epochs"],
                         settings["log_every"], head, **mistake)
    simulated["shape"] = (settings["num_epochs"], settings["log_every"])
    return simulated


def known_mistakes(data, weight, bias, settings):
    return [(NOT_ZEROED, replay(data, weight, bias, settings, zero_grads=False)),
            (VALIDATION_BEFORE_STEP, replay(data, weight, bias, settings,
                                            validate_before_step=True)),
            (SOFTMAX_BEFORE_LOSS, replay(data, weight, bias, settings, "softmax twice")),
            (SOFTMAX_BEFORE_LOSS, replay(data, weight, bias, settings, "softmax twice",
                                         val_head="softmax"))]


def judged_training(chapter, stream, settings=None, cause=None):
    """train() on drawn clouds with the grader's Linear(2, 3) and CrossEntropyLoss, judged
    against the replay."""
    data = drawn_data(stream)
    weight, bias = drawn_start(stream)
    settings = settings or drawn_settings(stream)
    result = chapter.run(training_run, "multiclass", "softmax", weight, bias, data, settings)
    name = tr("train() with {criterion}", criterion="CrossEntropyLoss")
    if "diverged" in result:
        fail(tr("{name} raised TrainingDiverged on settings that do not diverge", name=name),
             cause=tr("raise it only when the training loss is nan or inf"))
    mistakes = known_mistakes(data, weight, bias, settings)
    expect_run(result, replay(data, weight, bias, settings), name, mistakes=mistakes,
               cause=cause)
    return result


@check(points=3, relies_on=("check_accuracy",))
def check_training(chapter):
    judged_training(chapter, "training")


@check(points=1, relies_on=("check_accuracy", "check_training"))
def check_validation_without_gradients(chapter):
    result = judged_training(chapter, "validation")
    expect_validation_without_gradients(result)


@check(points=1, relies_on=("check_training",))
def check_divergence_is_reported(chapter):
    data = drawn_data("divergence")
    weight, bias = drawn_start("divergence")
    # lr * gradient overflows float32 at the first step; lr itself stays a float32 number.
    lr = float(10 ** inputs.rng("ch07/divergence lr").uniform(38.0, 38.4))
    result = chapter.run(training_run, "multiclass", "softmax", weight, bias, data,
                         {"lr": lr, "num_epochs": 30, "log_every": 10})
    expect_divergence_reported(result, lr)


HELD_OUT_LR, HELD_OUT_EPOCHS = 0.07, 400
HELD_OUT_SETS, HELD_OUT_POINTS = 3, 900
# Calibration: `python -m grader calibrate ch07` (the reference over 10 course keys). A model
# that learned nothing predicts the majority class at best: 0.5.
HELD_OUT = Threshold(
    "ch07", tr("the lowest held-out accuracy of 3 trained models"), at_least=0.88,
    calibration=Calibration(seeds=10, worst=0.9133, median=0.9356))


@HELD_OUT.measured_by
def held_out_accuracy(chapter) -> float:
    """to_tensors, Net and train() on 3 drawn problems (lr 0.07, 400 epochs each), each
    trained Net judged here on 900 points of its clouds that its process never saw; the
    lowest accuracy. Three problems, because one model has a fair chance of fitting another
    course's clouds too; all three hardly."""
    streams = [f"held-out {k}" for k in range(HELD_OUT_SETS)]
    geometries = [drawn_geometry(stream) for stream in streams]
    problems = [(*drawn_clouds(stream, "training", 90, geometry=geometry),
                 *drawn_clouds(stream, "validation", 30, geometry=geometry))
                for stream, geometry in zip(streams, geometries)]
    exports = chapter.run(trained_classifiers, problems, HELD_OUT_LR, HELD_OUT_EPOCHS)
    if not isinstance(exports, list) or len(exports) != HELD_OUT_SETS:
        fail(tr("the trained models could not be exported for evaluation"))
    accuracies = []
    for stream, geometry, export in zip(streams, geometries, exports):
        model = load_exported(export, tr("the trained 3-class model"))
        x, y = drawn_clouds(stream, "held-out", HELD_OUT_POINTS, geometry=geometry)
        with torch.no_grad():
            outputs = model(torch.tensor(x).float())
        if tuple(outputs.shape) != (HELD_OUT_POINTS, N_CLASSES):
            fail(tr("the trained model gives outputs of the wrong shape"),
                 expected=shape_text((HELD_OUT_POINTS, N_CLASSES)),
                 got=shape_text(outputs.shape),
                 cause=tr("Net(2, 3) gives one row of 3 scores per input row"))
        accuracies.append(float((outputs.argmax(dim=1).numpy() == y).mean()))
    return min(accuracies)


@check(points=3, relies_on=("check_tensors", "check_net", "check_training"))
def check_held_out_accuracy(chapter):
    HELD_OUT.judge(held_out_accuracy(chapter), lr=HELD_OUT_LR, cause=tr(
        "the model did not learn to tell the classes apart: train() must run num_epochs "
        "epochs of SGD at the given lr, and to_tensors() must keep each label with its row "
        "(not shuffled); this relies on to_tensors, Net and train: fix check_tensors, "
        "check_net and check_training first"))


COURSE_CAUSE = tr("this relies on to_tensors, Net and train: fix the checks on drawn data "
                  "first")


@check(points=1, course_data=True, timeout=60,
       relies_on=("check_tensors", "check_net", "check_accuracy", "check_training"))
def check_course_run(chapter):
    """The course's run on sepal and petal length (lr 0.01): validation 1.09263 / 0.26667 at
    epoch 0 and 0.19795 / 0.96 at epoch 9,990, then its weights; its figure. The learner's
    code trains the first 1,000 epochs from Net's start and the last 100 from the state the
    grader's replay reaches at epoch 9,900 (the whole run would cost seconds)."""
    data = course_data(COURSE_COLUMNS)
    early = chapter.run(course_run, data, EARLY_EPOCHS)
    history = expect_history(early["history"], EARLY_EPOCHS, COURSE_LOG_EVERY,
                             tr("the history of the course's first 1,000 epochs"))
    save_figure("ch07", "learning_curves_first_1000_epochs", save_learning_curves, history)
    if early["param_count"] != PARAMETERS:
        fail(tr("the course's model has the wrong number of parameters"),
             expected=f"{PARAMETERS}", got=f"{early['param_count']}",
             cause=tr("Net(2, 3): one Linear(2, 3) layer, 6 weights and 3 biases"))
    run = tr("the course's run (lr 0.01)")
    expect_close(history[0, 3:], COURSE_VAL_FIRST,
                 tr("the validation loss and accuracy of {run} at epoch 0", run=run),
                 atol=1e-5, rtol=0, cause=COURSE_CAUSE)
    weight, bias = state_after(data, np.ones((N_CLASSES, 2)), np.ones(N_CLASSES), COURSE_LR,
                               FAST_FORWARD, "softmax")
    late = chapter.run(course_run, data, COURSE_EPOCHS - FAST_FORWARD,
                       (torch.tensor(weight).float(), torch.tensor(bias).float()))
    history = expect_history(late["history"], COURSE_EPOCHS - FAST_FORWARD, COURSE_LOG_EVERY,
                             tr("the history of the course's last 100 epochs"))
    expect_close(history[-1, 3:], COURSE_VAL_LAST,
                 tr("the validation loss and accuracy of {run} at epoch 9,990", run=run),
                 atol=1e-5, rtol=0, cause=COURSE_CAUSE)
    expect_close(late["weight"], COURSE_WEIGHT, tr("the weight after {run}", run=run),
                 atol=1e-4, rtol=0, cause=COURSE_CAUSE)
    expect_close(late["bias"], COURSE_BIAS, tr("the bias after {run}", run=run), atol=1e-4,
                 rtol=0, cause=COURSE_CAUSE)


@check(points=1, course_data=True,
       relies_on=("check_net", "check_accuracy", "check_training"))
def check_course_run_on_all_features(chapter):
    """The course's run on all four features: validation loss 1.09158 at epoch 0, and
    0.13724 with accuracy 0.96 at epoch 9,990 (the last 100 epochs from the replay's state
    at epoch 9,900, as in check_course_run)."""
    data = course_data(ALL_COLUMNS)
    early = chapter.run(course_run, data, 1)
    history = expect_history(early["history"], 1, COURSE_LOG_EVERY,
                             tr("the history of the first epoch on all four features"))
    run = tr("the course's run on all four features")
    cause = tr("Net(4, 3) on the four features: {cause}", cause=COURSE_CAUSE)
    expect_close(history[0, 3], ALL_FEATURES_VAL[0],
                 tr("the validation loss of {run} at epoch 0", run=run), atol=1e-5, rtol=0,
                 cause=cause)
    weight, bias = state_after(data, np.ones((N_CLASSES, 4)), np.ones(N_CLASSES), COURSE_LR,
                               FAST_FORWARD, "softmax")
    late = chapter.run(course_run, data, COURSE_EPOCHS - FAST_FORWARD,
                       (torch.tensor(weight).float(), torch.tensor(bias).float()))
    history = expect_history(late["history"], COURSE_EPOCHS - FAST_FORWARD, COURSE_LOG_EVERY,
                             tr("the history of the last 100 epochs of {run}", run=run))
    expect_close(history[-1, 3:], ALL_FEATURES_VAL[1:],
                 tr("the validation loss and accuracy of {run} at epoch 9,990", run=run),
                 atol=1e-5, rtol=0, cause=cause)
