"""Checks for chapter 5: linear regression on the Boston housing table.

The layer checks build the learner's nn.Linear layers and Net and compare their sizes,
parameters and outputs, on batches drawn from grader.inputs (public in a learner's run,
secret in course grading), with the grader's own computation.

The regression checks train on samples drawn from the Boston table: drawn rows, a drawn
choice of columns, a learning rate drawn below the limit where gradient descent diverges (or
above it, where divergence must be detected), drawn starting weights and epoch counts. The
oracle is the grader's float64 simulation of full-batch gradient descent on half the mean
squared error, with the gradients in closed form. When the result is wrong, the grader
replays the known mistakes (gradients never reset, the loss not halved, the learning rate
not passed on, the net given left untrained) and names the one that matches; labels of shape
[N] are recognised by the broadcast loss MSELoss computes with them.

The course's published numbers are reproduced by the course-data checks. Its 50,000-epoch run
on RM takes over 10 s on a 2-core machine, so it is reproduced by an equivalent that costs
200 epochs: the learner's code trains the first 100 epochs from W = B = 1 (loss 154.22493),
and the last 100 from the state the grader's simulation reaches at epoch 49,900, in closed
form (loss 21.80033, then W about 9.088, B about -34.58 and the line [-2.2189, 45.2121] at
the ends of RM).

A check that runs tasks of earlier checks names in relies_on those whose mistakes it cannot
name itself: Net's layer and forward. The course checks already name a wrong selection of
columns, wrong labels, a Net that does not start at 1.0 and the training loop's known
mistakes (by replaying them), and the course-demo check judges the layers as their own
checks do, so there their own cause is kept: it is as precise as a pointer to the earlier
failure, and the variants (tests/variants/ch05.py) expect it.
"""

import functools
import math
import warnings

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn, optim

from courselib.datasets import boston
from courselib.plots import save_learning_curves, save_scatter_with_line
from courselib.training import TrainingDiverged
from grader import inputs
from grader.check import (DIVERGED, check, describe_type, expect_array, expect_close,
                          expect_items, expect_tensor, fail, learner_text, shape_text)
from grader.checks.ch04 import error_facts, forward, linear_facts
from grader.figures import save_figure
from grader.heldout import exported, load_exported
from grader.i18n import tr, trn
from grader.learner import tensor_facts
from grader.loader import learner_location

# The course's published runs (loss = MSELoss / 2, W = B = 1 at the start).
COURSE_LR, MULTIPLE_LR = 0.01, 0.001
LOG_EVERY = 100
INITIAL_MSE = 308.44986                # RM, unhalved, before any step
FIRST_GRADIENTS = (-199.6421, -30.4963)
AFTER_FIRST_STEP = (2.9964, 1.3050)
SIMPLE_EPOCHS, SIMPLE_LOSSES = 50_000, (154.22493, 21.80033)
SIMPLE_FINAL, LINE_AT_RM_ENDS = (9.088, -34.58), (-2.2189, 45.2121)
MULTIPLE_EPOCHS, MULTIPLE_LOSSES = 2_000, (112.06398, 15.28023)
COURSE_DEMOS = {"layer_one_in_one_out": [[-3.0], [-1.0], [1.0], [3.0], [5.0]],
                "layer_two_in_one_out": [[2.0], [3.0], [3.0], [4.0]],
                "layer_two_in_three_out": [[2.0, 2.0, 2.0], [3.0, 4.0, 5.0], [3.0, 4.0, 5.0],
                                           [4.0, 6.0, 8.0]]}
COURSE_X = [[-2.0], [-1.0], [0.0], [1.0], [2.0]]       # np.arange(-2, 2.1, 1) as a column
COURSE_X2 = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]

# Columns the drawn samples use, and the largest number a float32 loss can hold.
FEATURE_POOL = ("RM", "LSTAT", "PTRATIO", "INDUS", "NOX", "DIS", "CRIM", "RAD")
FLOAT32_MAX = float(np.finfo(np.float32).max)

NOT_ZEROED = tr("the gradients are never reset, so each step uses the sum of all gradients so "
                "far: call optimizer.zero_grad() every epoch")
NOT_HALVED = tr("the loss is half the mean squared error, as in the course: "
                "nn.MSELoss()(outputs, labels) / 2.0")
LR_IGNORED = tr("lr was not passed on: optim.SGD(net.parameters(), lr=lr), with the lr train "
                "is given, not a number written into the loop")
NOT_TRAINED = tr("the net train was given did not change: build the optimizer from "
                 "net.parameters() of that net, and do not create another model in train")
BROADCAST = tr("labels of shape [N] against outputs of shape [N, 1]: MSELoss broadcasts them "
               "to [N, N] (with only a warning) and silently computes another loss; make the "
               "labels a column, [N, 1], with .view(-1, 1)")
NOT_DETECTED = tr("training diverged (the loss became inf, then nan) and train ran on: check "
                  "the loss of every epoch and raise courselib.training.TrainingDiverged(epoch, "
                  "loss, lr) at the first one that is not finite, with the learning rate train "
                  "was given")
ONLY_NAN = tr("inf is a diverged loss too, and it comes first: test math.isfinite(loss) "
              "(courselib.training.is_finite), not only isnan")
NET_FIRST = tr("Net's weight and bias must start at 1.0: fix check_net_layer first")
ANY_NET = tr("train must work with any nn.Module it is given, through net(inputs) and "
             "net.parameters()")
NO_NET_LINEAR = tr("no registered nn.Linear layer: keep it as an attribute of the module "
                   "(self.l1 = nn.Linear(n_input, n_output))")
INIT_TO_ONE = tr("every weight and the bias start at 1.0: nn.init.constant_(self.l1.weight, 1.0) "
                 "and nn.init.constant_(self.l1.bias, 1.0) in __init__")
COMPARE_LOOP = tr("compare your loop with the course's: zero_grad, predict, loss / 2.0, "
                  "backward, step")
NOT_FINITE_ONLY = tr("raise TrainingDiverged only for a loss that is not finite (nan or inf)")


# Probes: they run beside the learner's code and return what they saw (grader.learner).

def layer_facts(code, which, x):
    layer = getattr(code.linear, which)()
    facts = {"linear": isinstance(layer, nn.Linear), "value": layer}
    if facts["linear"]:
        facts |= linear_facts(layer)[0] | {"output": forward(code, layer, x)}
    return facts


def net_facts(code, n_input, n_output, x=None):
    net = code.linear.Net(n_input, n_output)
    facts = {"module": isinstance(net, nn.Module), "value": net}
    if facts["module"]:
        facts |= {"linears": linear_facts(net),
                  "param_count": sum(p.numel() for p in net.parameters())}
        if x is not None:
            facts["output"] = forward(code, net, x)
    return facts


def shapes_of(code, layers):
    """parameter_shapes of the grader's model made of `layers`: (in, out, bias) stands for an
    nn.Linear, None for an nn.ReLU; several layers are put in an nn.Sequential."""
    modules = [nn.ReLU() if layer is None else nn.Linear(*layer) for layer in layers]
    return code.linear.parameter_shapes(modules[0] if len(modules) == 1
                                        else nn.Sequential(*modules))


def selected(code, x_org, feature_names, names):
    return code.regression.select_features(x_org.copy(), feature_names.copy(), list(names))


def labels_of(code, yt):
    return code.regression.to_labels(yt.copy())


def linear_with(weight, bias):
    """The grader's model handed to train and line_ends: an nn.Linear starting at the
    given weight [1, k] and bias [1]."""
    layer = nn.Linear(weight.shape[1], weight.shape[0])
    with torch.no_grad():
        layer.weight.copy_(weight)
        layer.bias.copy_(bias)
    return layer


def first_linear(model):
    return next((m for m in model.modules() if isinstance(m, nn.Linear)), None)


def parameters_of(layer):
    return None if layer is None else [layer.weight.detach().clone(), layer.bias.detach().clone()]


def trained(code, net, x, y, **settings):
    """train(net, ...): {"history": ...} or {"diverged": what TrainingDiverged carried},
    with the parameters of net's (first) Linear layer before ("start") and after ("weight",
    "bias") training, and what the labels were."""
    layer = first_linear(net)
    labels = {"shape": getattr(y, "shape", None), "dtype": str(getattr(y, "dtype", None))}
    result = {"start": parameters_of(layer), "labels": labels}
    try:
        result["history"] = code.regression.train(net, x, y, **settings)
    except TrainingDiverged as error:
        result["diverged"] = {key: getattr(error, key, None) for key in ("epoch", "loss", "lr")}
    if layer is not None:
        result |= {"weight": layer.weight, "bias": layer.bias}
    return result


def training(code, weight, bias, x, y, **settings):
    return trained(code, linear_with(weight, bias), x.clone(), y.clone(), **settings)


def course_data(code, names):
    x_org, yt, feature_names = boston()
    return (code.regression.select_features(x_org, feature_names, names),
            code.regression.to_labels(yt))


def course_first_step(code):
    """The course's first step on RM: the unhalved loss of Net(1, 1), its gradients and the
    parameters after one SGD step at lr 0.01, all from the learner's data and Net."""
    x, y = course_data(code, ["RM"])
    facts = {"inputs": x, "labels": y}
    net = code.linear.Net(1, 1)
    layer = first_linear(net)
    if layer is None or not isinstance(x, torch.Tensor) or not isinstance(y, torch.Tensor):
        return facts
    facts["start"] = parameters_of(layer)
    try:
        with warnings.catch_warnings():  # MSELoss warns about broadcast labels
            warnings.simplefilter("ignore")
            loss = nn.MSELoss()(net(x), y)
            loss.backward()
    except Exception as error:
        if learner_location(error, code.path):
            raise
        return facts | {"error": error_facts(error)}
    optim.SGD(net.parameters(), lr=COURSE_LR).step()
    return facts | {"loss": loss, "gradients": [layer.weight.grad, layer.bias.grad],
                    "after": [layer.weight, layer.bias]}


def course_simple_run(code, late_weight, late_bias):
    """The course's RM run at lr 0.01, at both ends: 100 epochs from Net(1, 1), and 100 from
    the state the grader's simulation reaches at epoch 49,900; then line_ends at RM."""
    x, y = course_data(code, ["RM"])
    early = trained(code, code.linear.Net(1, 1), x, y, lr=COURSE_LR, num_epochs=LOG_EVERY)
    early["inputs"] = x
    net = code.linear.Net(1, 1)
    layer = first_linear(net)
    if layer is None:
        return {"early": early, "late": None}
    with torch.no_grad():
        layer.weight.copy_(late_weight)
        layer.bias.copy_(late_bias)
    late = trained(code, net, x, y, lr=COURSE_LR, num_epochs=LOG_EVERY)
    ends = code.regression.line_ends(net, x) if "history" in late else None
    return {"early": early, "late": late, "ends": ends}


def course_multiple_run(code, lr, num_epochs):
    x, y = course_data(code, ["RM", "LSTAT"])
    return trained(code, code.linear.Net(2, 1), x, y, lr=lr, num_epochs=num_epochs) | {"inputs": x}


def ends_of(code, weight, bias, x):
    ends = code.regression.line_ends(linear_with(weight, bias), x.clone())
    facts = ([tensor_facts(value) for value in ends] if isinstance(ends, (tuple, list))
             else None)
    return {"value": ends, "facts": facts}


def trained_net(code, x, y, lr, num_epochs):
    """Net(k, 1) trained by train on (x, y), exported for the held-out judgement."""
    net = code.linear.Net(x.shape[1], 1)
    result = trained(code, net, x, y, lr=lr, num_epochs=num_epochs)
    if "history" in result:
        result["model"] = exported(net, x)
    return result


# The judges: plain data only from here on.

def drawn(stream: str) -> torch.Generator:
    return inputs.generator(f"ch05/{stream}")


def drawn_rng(stream: str) -> np.random.Generator:
    return inputs.rng(f"ch05/{stream}")


def randint(low: int, high: int, g: torch.Generator) -> int:
    """A size drawn from low..high, both included."""
    return int(torch.randint(low, high + 1, (), generator=g))


def column_index(names) -> list[int]:
    _, _, feature_names = boston()
    return [list(feature_names).index(name) for name in names]


def design(x) -> np.ndarray:
    """The inputs with a column of ones for the bias, in float64: [N, k + 1]."""
    x = np.asarray(x, dtype=float)
    return np.column_stack([x, np.ones(len(x))])


def moments(x, y):
    """(G, h, c) with half the mean squared error of theta = [weight, bias] equal to
    (theta G theta - 2 theta h + c) / 2: G = A'A / N, h = A'y / N, c = y'y / N."""
    A, y = design(x), np.asarray(y, dtype=float).reshape(-1)
    return A.T @ A / len(y), A.T @ y / len(y), y @ y / len(y)


def stable_limit(x) -> float:
    """The learning rate above which gradient descent on half the MSE diverges: 2 / the
    largest eigenvalue of G, the loss's curvature."""
    G, _, _ = moments(x, np.zeros(len(x)))
    return 2.0 / np.linalg.eigvalsh(G)[-1]


def parameter_vector(weight, bias) -> np.ndarray:
    """[weight..., bias] in float64, from tensors, arrays or numbers."""
    return np.append(np.asarray(weight, dtype=float).reshape(-1),
                     np.asarray(bias, dtype=float).reshape(-1)[:1])


def simulate(x, y, lr, num_epochs, weight, bias, halve=True, zero_grads=True):
    """(weight [k], bias, losses of each epoch) of full-batch gradient descent from (weight,
    bias) on (x, y), in float64, optionally with one of the known mistakes."""
    G, h, c = moments(x, y)
    theta = parameter_vector(weight, bias)
    scale = 0.5 if halve else 1.0
    total = np.zeros_like(theta)
    losses = []
    with np.errstate(all="ignore"):
        for _ in range(num_epochs):
            losses.append(scale * (theta @ G @ theta - 2 * theta @ h + c))
            grad = 2 * scale * (G @ theta - h)
            if not zero_grads:
                total += grad
                grad = total.copy()
            theta = theta - lr * grad
    return theta[:-1], theta[-1], np.array(losses)


def state_after(x, y, lr, num_epochs, weight, bias):
    """(weight, bias) after num_epochs of gradient descent, in closed form: theta_t =
    theta* + (I - lr G)^t (theta_0 - theta*), theta* the least-squares solution."""
    G, h, _ = moments(x, y)
    theta0 = parameter_vector(weight, bias)
    optimum = np.linalg.solve(G, h)
    step = np.linalg.matrix_power(np.eye(len(G)) - lr * G, num_epochs)
    theta = optimum + step @ (theta0 - optimum)
    return theta[:-1], theta[-1]


def first_infinite_epoch(x, y, lr, num_epochs, weight, bias, **mistake):
    """The first epoch whose float32 loss is inf: where the sum of squared errors passes
    float32's largest number; None if none does."""
    _, _, losses = simulate(x, y, lr, num_epochs, weight, bias, **mistake)
    with np.errstate(all="ignore"):
        over = ~(2 * len(y) * losses < FLOAT32_MAX)
    return int(np.argmax(over)) if over.any() else None


def known_mistakes(setup):
    """(cause, simulation settings) of the known mistakes, replayed on a run's settings."""
    mistakes = [(NOT_ZEROED, dict(zero_grads=False)), (NOT_HALVED, dict(halve=False))]
    mistakes += [(LR_IGNORED, dict(lr=lr)) for lr in (COURSE_LR, MULTIPLE_LR)
                 if not math.isclose(lr, setup["lr"], rel_tol=0.05)]
    return [(cause, dict(lr=setup["lr"]) | mistake) for cause, mistake in mistakes]


def replay(setup, **settings):
    """simulate() of the run `setup` describes, with `settings` changed."""
    settings = dict(lr=setup["lr"]) | settings
    return simulate(setup["x"], setup["y"], num_epochs=setup["num_epochs"],
                    weight=setup["weight"], bias=setup["bias"], **settings)


def overflows(losses, rows) -> bool:
    """Whether a float32 loss of `rows` rows would have become inf on the way."""
    with np.errstate(all="ignore"):
        return not (2 * rows * losses < FLOAT32_MAX).all()


def known_mistake(weight, bias, setup):
    """The cause whose simulated result matches (weight, bias), if any; one that makes the
    simulation diverge matches a learner's nan or inf."""
    got, start = parameter_vector(weight, bias), parameter_vector(setup["weight"], setup["bias"])
    finite = np.isfinite(got).all()
    if finite and np.allclose(got, start, rtol=1e-6, atol=1e-6):
        return NOT_TRAINED
    for cause, settings in known_mistakes(setup):
        w, b, losses = replay(setup, **settings)
        diverges = overflows(losses, len(setup["y"]))
        if not finite:
            if diverges:
                return tr("{cause} (training diverged because of it)", cause=cause)
            continue
        simulated = np.append(w, b)
        scale = max(1.0, *np.abs(simulated))
        if not diverges and np.allclose(got, simulated, rtol=1e-3, atol=1e-3 * scale):
            return cause
    return None if finite else DIVERGED


def diverging_mistake(setup, epoch):
    """The known mistake whose simulation diverges at the epoch the learner's train reported
    (give or take one)."""
    for cause, settings in known_mistakes(setup):
        _, _, losses = replay(setup, **settings)
        with np.errstate(all="ignore"):
            over = ~(2 * len(setup["y"]) * losses < FLOAT32_MAX)
        if over.any() and isinstance(epoch, int) and abs(int(np.argmax(over)) - epoch) <= 1:
            return tr("{cause} (training diverged because of it)", cause=cause)
    return None


def converging_mistake(setup, history):
    """The known mistake under which a run that should diverge does not, preferring the one
    whose logged losses are the learner's."""
    calm = []
    for cause, settings in known_mistakes(setup):
        _, _, losses = replay(setup, **settings)
        if not overflows(losses, len(setup["y"])):
            calm.append(cause)
            logged = losses[::LOG_EVERY]
            if history.shape == (len(logged), 2) and np.allclose(history[:, 1], logged,
                                                                  rtol=1e-3):
                return cause
    return calm[0] if calm else None


def round_significant(value: float, digits: int = 3) -> float:
    return float(f"{value:.{digits}g}")


def boston_sample(stream: str, features: int, rows=(30, 80)):
    """(x float32 [N, k], y float32 [N, 1]): drawn rows of the Boston table, a drawn choice
    of k columns (from FEATURE_POOL) as inputs, their prices as labels."""
    rng = drawn_rng(f"{stream} sample")
    x_org, yt, _ = boston()
    names = list(rng.choice(FEATURE_POOL, size=features, replace=False))
    index = rng.choice(len(yt), size=int(rng.integers(rows[0], rows[1], endpoint=True)),
                       replace=False)
    x = x_org[index][:, column_index(names)]
    return (torch.tensor(x, dtype=torch.float32),
            torch.tensor(yt[index], dtype=torch.float32).view(-1, 1))


def drawn_setup(stream: str, features: int = 1, epochs=(150, 300), rate=(0.2, 0.45),
                start_at_one=False):
    """Everything a training check draws: data, starting weight [1, k] and bias [1], a
    learning rate at a drawn fraction `rate` of the limit where descent diverges (below half
    of it, so that a loss left unhalved still converges, to numbers of its own; and away
    from the course's 0.01 and 0.001, which a loop with the rate written in would use), and
    the number of epochs."""
    x, y = boston_sample(stream, features)
    g = drawn(f"{stream} settings")
    limit = stable_limit(x.double().numpy())
    while True:
        fraction = rate[0] + (rate[1] - rate[0]) * float(torch.rand((), generator=g))
        lr = round_significant(fraction * limit)
        if all(abs(lr - course) > 0.2 * course for course in (COURSE_LR, MULTIPLE_LR)):
            break
    if start_at_one:
        weight, bias = torch.ones(1, features), torch.ones(1)
    else:
        weight = torch.empty(1, features).uniform_(-0.5, 1.5, generator=g)
        bias = torch.empty(1).uniform_(-2.0, 3.0, generator=g)
    return {"x": x, "y": y, "weight": weight, "bias": bias, "lr": lr,
            "num_epochs": randint(*epochs, g)}


def expected_training(setup):
    return simulate(setup["x"], setup["y"], setup["lr"], setup["num_epochs"],
                    setup["weight"], setup["bias"])


def history_rows(num_epochs: int, log_every: int) -> np.ndarray:
    return np.arange(0, num_epochs, log_every)


def expect_history(history, num_epochs, log_every=LOG_EVERY, name=None):
    """`history` as an array with a row [epoch, loss] per logged epoch; `name` says what it
    is (by default "the history")."""
    name = name or tr("the history")
    epochs = history_rows(num_epochs, log_every)
    history = expect_array(history, name, shape=(len(epochs), 2))
    if not np.array_equal(history[:, 0], epochs):
        fail(tr("{name}'s first column should hold the logged epochs", name=name),
             expected=epochs[:3].tolist() + [int(epochs[-1])],
             got=history[:3, 0].tolist() + [float(history[-1, 0])],
             cause=tr("log [epoch, loss] every log_every epochs, counting from epoch 0"))
    return history


def expect_logged_losses(history, losses, log_every=LOG_EVERY, name=None):
    name = name or tr("the logged losses")
    expected = losses[::log_every]
    cause = tr("log loss.item() of the loss computed in that epoch, before its update")
    if np.allclose(history[:, 1], 2 * expected, rtol=1e-4, atol=1e-4):
        cause = NOT_HALVED
    expect_close(history[:, 1], expected, name, rtol=1e-4, atol=1e-4, cause=cause)


def not_diverged(result, setup, what):
    """The history of a run that should not diverge; fail naming why it did."""
    if "diverged" in result:
        fail(tr("{what} raised TrainingDiverged, but with the learning rate it was given this "
                "run converges", what=what),
             cause=diverging_mistake(setup, result["diverged"]["epoch"]) or NOT_FINITE_ONLY)
    return result["history"]


def expect_trained_parameters(result, setup, expected_weight, expected_bias, what):
    k = setup["x"].shape[1]
    if "weight" not in result:
        fail(tr("{what}: the model given to train has no nn.Linear any more", what=what),
             cause=ANY_NET)
    weight = expect_tensor(result["weight"], tr("the trained weight"), shape=(1, k))
    bias = expect_tensor(result["bias"], tr("the trained bias"), shape=(1,))
    got = np.append(weight.double().numpy().reshape(-1), bias.item())
    expected = np.append(expected_weight, expected_bias)
    scale = max(1.0, *np.abs(expected))
    if not np.allclose(got, expected, rtol=1e-4, atol=1e-4 * scale):
        fail(tr("the weight and bias {what} are not the expected values", what=what),
             expected=expected, got=got,
             cause=known_mistake(weight.numpy(), bias.numpy(), setup) or COMPARE_LOOP)


# ---- nn.Linear ------------------------------------------------------------------------------

LAYERS = {"layer_one_in_one_out": ((1, 1), [[2.0]], [1.0],
                                   tr("weight 2.0, bias 1.0 (y = 2x + 1)")),
          "layer_two_in_one_out": ((2, 1), [[1.0, 1.0]], [2.0], tr("weights 1.0, bias 2.0")),
          "layer_two_in_three_out": ((2, 3), [[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]],
                                     [2.0, 2.0, 2.0],
                                     tr("weight rows 1.0, 2.0 and 3.0, bias 2.0"))}


KEEP_BIAS = tr("keep the bias (bias=True, the default)")


def expect_layer(facts, which):
    (n_in, n_out), weight, bias, settings = LAYERS[which]
    name = f"{which}()"
    if not facts["linear"]:
        fail(tr("{name} should return an nn.Linear", name=name), got=describe_type(facts["value"]),
             cause=tr("return the layer itself: nn.Linear({n_in}, {n_out}) with {settings}",
                      n_in=n_in, n_out=n_out, settings=settings))
    if (facts["in"], facts["out"]) != (n_in, n_out):
        fail(tr("{name} has the wrong sizes", name=name), expected=f"Linear({n_in}, {n_out})",
             got=f"Linear({facts['in']}, {facts['out']})",
             cause=tr("nn.Linear(in_features, out_features): the number of inputs comes first"))
    if facts["bias"] is None:
        fail(tr("{name} has no bias", name=name), cause=KEEP_BIAS)
    cause = tr("set them with nn.init.constant_: {settings}", settings=settings)
    if which == "layer_two_in_three_out" and torch.allclose(
            facts["weight"], torch.tensor([[1.0, 2.0], [1.0, 2.0], [1.0, 2.0]])):
        cause = tr("the weights were set by column: row i of the weight holds the weights of "
                   "output i, so set weight[0, :] = 1.0, weight[1, :] = 2.0, weight[2, :] = 3.0")
    expect_close(facts["weight"], weight, tr("the weight of {name}", name=name), cause=cause)
    expect_close(facts["bias"], bias, tr("the bias of {name}", name=name), cause=cause)


def layer_output(facts, name, x):
    result = facts["output"]
    if "error" in result:
        fail(tr("{name} raised {error} on a batch of shape {shape}: {message}", name=name,
                error=result["error"]["type"], shape=shape_text(x.shape),
                message=learner_text(result["error"]["message"])))
    return result["value"]


def expect_layer_on_drawn_batch(chapter, which):
    (n_in, n_out), weight, bias, _ = LAYERS[which]
    g = drawn(f"{which} batch")
    x = torch.empty(randint(3, 12, g), n_in).uniform_(-5.0, 5.0, generator=g)
    facts = chapter.run(layer_facts, which, x)
    expect_layer(facts, which)
    call = f"{which}()"
    name = tr("{name} of a batch", name=call)
    out = expect_tensor(layer_output(facts, call, x), name, shape=(len(x), n_out))
    expect_close(out, F.linear(x.double(), torch.tensor(weight, dtype=torch.float64),
                               torch.tensor(bias, dtype=torch.float64)),
                 name, atol=1e-4)


@check(points=1)
def check_layer_one_in_one_out(chapter):
    expect_layer_on_drawn_batch(chapter, "layer_one_in_one_out")


@check(points=1)
def check_layer_two_in_one_out(chapter):
    expect_layer_on_drawn_batch(chapter, "layer_two_in_one_out")


@check(points=2)
def check_layer_two_in_three_out(chapter):
    expect_layer_on_drawn_batch(chapter, "layer_two_in_three_out")


def expect_course_demos(chapter):
    for which, expected in COURSE_DEMOS.items():
        x = torch.tensor(COURSE_X if which == "layer_one_in_one_out" else COURSE_X2)
        facts = chapter.run(layer_facts, which, x)
        expect_layer(facts, which)
        call = f"{which}()"
        expect_close(layer_output(facts, call, x), expected,
                     tr("{name} on the course's inputs", name=call))


def shaped_models():
    """(description, layers) of the models parameter_shapes describes, sizes drawn."""
    g = drawn("parameter shapes")
    a, h, c = (randint(2, 9, g) for _ in range(3))
    return [(tr("one nn.Linear layer"), [(a, c, True)]),
            (tr("nn.Sequential(Linear without bias, ReLU, Linear)"),
             [(a, h, False), None, (h, c, True)])]


def expected_shapes(layers) -> dict:
    if len(layers) == 1:
        n_in, n_out, bias = layers[0]
        return {"weight": [n_out, n_in]} | ({"bias": [n_out]} if bias else {})
    shapes = {}
    for i, layer in enumerate(layers):
        if layer is not None:
            shapes[f"{i}.weight"] = [layer[1], layer[0]]
            if layer[2]:
                shapes[f"{i}.bias"] = [layer[1]]
    return shapes


@check(points=1)
def check_parameter_shapes(chapter):
    for description, layers in shaped_models():
        expected = expected_shapes(layers)
        got = chapter.run(shapes_of, layers)
        if not isinstance(got, dict):
            fail(tr("parameter_shapes of {description} should return a dict",
                    description=description),
                 got=describe_type(got), cause=tr("map each name to list(parameter.shape)"))
        got = {name: [int(size) for size in shape] if isinstance(shape, (list, tuple)) else shape
               for name, shape in got.items()}
        if got != expected:
            fail(tr("parameter_shapes of {description} is not the expected dict",
                    description=description),
                 expected=expected, got=got,
                 cause=tr("one entry per model.named_parameters() pair: its name and "
                          "list(parameter.shape)"))


# ---- Net ------------------------------------------------------------------------------------

def drawn_net_sizes(stream):
    g = drawn(stream)
    n_input = randint(2, 6, g)
    n_output = randint(2, 5, g)
    if n_output == n_input:  # unequal, so that swapped sizes show
        n_output += 1
    return n_input, n_output, torch.empty(randint(3, 10, g), n_input).uniform_(-3, 3, generator=g)


def net_name(n_input, n_output) -> str:
    """Net with its sizes where they are the course's, else in words (they may be drawn
    from the course's secret)."""
    if (n_input, n_output) in ((1, 1), (2, 1)):
        return f"Net({n_input}, {n_output})"
    return "Net(n_input, n_output)"


def net_layer(facts, n_input, n_output):
    name = net_name(n_input, n_output)
    if not facts["module"]:
        fail(tr("{name} should be an nn.Module", name=name), got=describe_type(facts["value"]),
             cause=tr("class Net(nn.Module): subclass nn.Module"))
    layers = facts["linears"]
    if len(layers) != 1:
        fail(tr("{name} should hold exactly one nn.Linear layer", name=name),
             expected=tr("one nn.Linear(n_input, n_output)"),
             got=trn("{count} nn.Linear layer", "{count} nn.Linear layers", len(layers)),
             cause=NO_NET_LINEAR if not layers else tr("create the one layer once, in __init__"))
    return layers[0]


def size_cause(layer, n_input, n_output):
    if (layer["in"], layer["out"]) == (n_output, n_input):
        return tr("the sizes are swapped: nn.Linear(n_input, n_output), the number of inputs "
                  "first")
    return tr("use the sizes Net is given: nn.Linear(n_input, n_output)")


def expect_net_sizes(facts, n_input, n_output):
    layer = net_layer(facts, n_input, n_output)
    if (layer["in"], layer["out"]) != (n_input, n_output):
        fail(tr("the layer of {name} has the wrong sizes: its weight should have the shape "
                "[n_output, n_input]", name=net_name(n_input, n_output)),
             expected=shape_text((n_output, n_input)), got=shape_text((layer["out"], layer["in"])),
             cause=size_cause(layer, n_input, n_output))
    if layer["bias"] is None:
        fail(tr("Net's layer has no bias"), cause=KEEP_BIAS)
    return layer


def expect_net_layer(facts, n_input, n_output):
    layer = expect_net_sizes(facts, n_input, n_output)
    for part in ("weight", "bias"):
        if not torch.all(layer[part] == 1.0):
            fail(tr("Net's {part} does not start at 1.0", part=part), cause=INIT_TO_ONE)
    return layer


@check(points=2)
def check_net_layer(chapter):
    n_input, n_output, _ = drawn_net_sizes("net layer")
    expect_net_layer(chapter.run(net_facts, n_input, n_output), n_input, n_output)


@check(points=1)
def check_net_forward(chapter):
    n_input, n_output, x = drawn_net_sizes("net forward")
    facts = chapter.run(net_facts, n_input, n_output, x)
    layer = net_layer(facts, n_input, n_output)
    name = f"{net_name(n_input, n_output)}(x)"
    out = layer_output(facts, name, x)
    expect_tensor(out, name, shape=(len(x), n_output))
    expected = F.linear(x.double(), layer["weight"].double(),
                        None if layer["bias"] is None else layer["bias"].double())
    expect_close(out, expected, name, atol=1e-4,
                 cause=tr("forward(x) returns the layer's output, self.l1(x)"))


def expect_course_parameter_counts(chapter):
    for n_input, count in ((1, 2), (2, 3)):
        facts = chapter.run(net_facts, n_input, 1)
        expect_net_sizes(facts, n_input, 1)
        if facts["param_count"] != count:
            fail(trn("Net({n_input}, 1) should have {count} parameter (sum of p.numel())",
                     "Net({n_input}, 1) should have {count} parameters (sum of p.numel())",
                     count, n_input=n_input),
                 expected=count, got=facts["param_count"],
                 cause=tr("one nn.Linear(n_input, n_output): n_input weights and one bias per "
                          "output"))


@check(points=1, course_data=True)
def check_course_linear_layers(chapter):
    """The course's nn.Linear demos ([-3, -1, 1, 3, 5], [2, 3, 3, 4] and [[2, 2, 2], [3, 4,
    5], [3, 4, 5], [4, 6, 8]]) and the parameter counts of Net(1, 1) and Net(2, 1): 2 and 3."""
    expect_course_demos(chapter)
    expect_course_parameter_counts(chapter)


# ---- data -----------------------------------------------------------------------------------

@check(points=2)
def check_select_features(chapter):
    rng = drawn_rng("select features")
    x_org, _, feature_names = boston()
    rows = x_org[rng.choice(len(x_org), size=int(rng.integers(20, 60)), replace=False)]
    for count in (1, 3):
        names = list(rng.choice(feature_names, size=count, replace=False))
        got = chapter.run(selected, rows, feature_names, names)
        name = trn("select_features of {count} column", "select_features of {count} columns",
                   count)
        expect_tensor(got, name, dtype=torch.float32)
        if tuple(got.shape) != (len(rows), count):
            fail(tr("{name} has the wrong shape", name=name),
                 expected=shape_text((len(rows), count)), got=shape_text(got.shape),
                 cause=tr("one row per district and one column per name: [N, len(names)]"))
        expected = rows[:, column_index(names)]
        cause = tr("take the columns whose feature_names equal the names asked for")
        if count > 1 and np.allclose(got.numpy(), rows[:, sorted(column_index(names))]):
            cause = tr("the columns must come in the order of `names`, not of the table")
        expect_close(got, expected, name, rtol=1e-6, atol=1e-6, cause=cause)


@check(points=1)
def check_labels(chapter):
    rng = drawn_rng("labels")
    _, yt, _ = boston()
    prices = yt[rng.choice(len(yt), size=int(rng.integers(20, 60)), replace=False)]
    got = chapter.run(labels_of, prices)
    expect_tensor(got, "to_labels(yt)", dtype=torch.float32)
    if tuple(got.shape) != (len(prices), 1):
        fail(tr("to_labels(yt) has the wrong shape"), expected=shape_text((len(prices), 1)),
             got=shape_text(got.shape),
             cause=BROADCAST if got.ndim == 1 else tr("one row per price: view(-1, 1)"))
    expect_close(got.view(-1), prices, "to_labels(yt)", rtol=1e-6, atol=1e-5,
                 cause=tr("keep the prices in their order, only reshaped"))


def broadcast_mse(outputs, labels) -> float:
    """The mean squared error MSELoss computes for [N, 1] outputs and [N] labels."""
    return float(np.mean((outputs.reshape(-1, 1) - labels.reshape(1, -1)) ** 2))


def expect_course_data(facts, names):
    x, y = facts["inputs"], facts["labels"]
    expect_tensor(x, f"select_features(..., {names})", shape=(506, len(names)),
                  dtype=torch.float32)
    if not isinstance(y, torch.Tensor):
        fail(tr("to_labels(yt) should be a tensor"), got=describe_type(y),
             cause=tr("fix check_labels first"))
    return x, y


@check(points=1, course_data=True, relies_on=("check_net_forward",))
def check_course_first_step(chapter):
    """The course's first gradient step on RM: the unhalved MSE 308.44986, gradients
    W -199.6421, B -30.4963, and after one step at lr 0.01 W 2.9964, B 1.3050."""
    facts = chapter.run(course_first_step)
    expect_course_data(facts, ["RM"])
    if wrong_course_inputs(facts["inputs"], ["RM"]):
        fail(tr("select_features(x_org, feature_names, ['RM']) is not the RM column"),
             cause=tr("fix check_select_features first"))
    if "start" not in facts:
        fail(tr("Net(1, 1) has no nn.Linear layer"), cause=NO_NET_LINEAR)
    if not all(torch.all(p == 1.0) for p in facts["start"]):
        fail(tr("Net(1, 1) does not start at W = B = 1.0"), cause=NET_FIRST)
    if "error" in facts:
        fail(tr("the course's first loss raised {error}: {message}",
                error=facts["error"]["type"], message=learner_text(facts["error"]["message"])),
             cause=tr("the labels must be float32 of shape [N, 1]: fix check_labels first"))
    x_org, yt, feature_names = boston()
    rm = x_org[:, feature_names == "RM"]
    cause = None
    if tuple(facts["labels"].shape) != (506, 1):
        if np.isclose(facts["loss"].item(), broadcast_mse(rm + 1.0, yt), rtol=1e-4):
            cause = BROADCAST
        else:
            cause = tr("the labels must have shape [N, 1]: fix check_labels first")
    expect_close(facts["loss"], INITIAL_MSE, tr("MSELoss of Net(1, 1) on RM before training"),
                 rtol=1e-6, cause=cause)
    expect_close([g.item() for g in facts["gradients"]], FIRST_GRADIENTS,
                 tr("the first gradients [W, B]"), rtol=1e-5, cause=cause)
    expect_close([p.item() for p in facts["after"]], AFTER_FIRST_STEP,
                 tr("W and B after one step at lr 0.01"), rtol=1e-5, atol=1e-4, cause=cause)


# ---- training -------------------------------------------------------------------------------

@check(points=2)
def check_first_epoch(chapter):
    setup = drawn_setup("first epoch") | {"num_epochs": 1}
    result = chapter.run(training, setup["weight"], setup["bias"], setup["x"], setup["y"],
                         lr=setup["lr"], num_epochs=1)
    weight, bias, losses = expected_training(setup)
    history = expect_history(not_diverged(result, setup, tr("train for one epoch")), 1)
    expect_logged_losses(history, losses, name=tr("the loss of epoch 0"))
    expect_trained_parameters(result, setup, weight, bias, tr("after one epoch"))


@check(points=3, timeout=30)
def check_training(chapter):
    setup = drawn_setup("training", features=2)
    result = chapter.run(training, setup["weight"], setup["bias"], setup["x"], setup["y"],
                         lr=setup["lr"], num_epochs=setup["num_epochs"])
    weight, bias, losses = expected_training(setup)
    history = not_diverged(result, setup, "train")
    expect_trained_parameters(result, setup, weight, bias, tr("after training"))
    expect_logged_losses(expect_history(history, setup["num_epochs"]), losses)


def diverging_setup(stream):
    """A drawn run above the stable learning rate, with the epoch its float32 loss turns inf:
    early enough to be cheap, and away from the logged epochs, so that a loop that only
    looks at the logged losses is told apart."""
    g = drawn(f"{stream} rate")
    setup = drawn_setup(stream, features=1) | {"num_epochs": 400}
    limit = stable_limit(setup["x"].double().numpy())
    while True:
        setup["lr"] = round_significant((1.3 + 0.5 * float(torch.rand((), generator=g)))
                                        * limit)
        epoch = first_infinite_epoch(setup["x"], setup["y"], setup["lr"], 400,
                                     setup["weight"], setup["bias"])
        if epoch is not None and 10 <= epoch <= 250 and epoch % LOG_EVERY not in (0, 1, 99):
            return setup, epoch


def expect_divergence_raised(result, setup, infinite_epoch, what, upstream=None):
    """`result` of a diverging run: TrainingDiverged carrying the run's lr, raised at the
    first epoch whose loss is not finite (`infinite_epoch`, give or take one: float32
    rounding). `upstream`: the cause when something the run relies on is wrong."""
    lr = setup["lr"]
    if "history" in result:
        history = expect_array(result["history"], tr("the history"))
        finite = np.isfinite(history).all()
        fail(tr("{what} diverges, and train did not raise TrainingDiverged", what=what),
             got=tr("a history whose losses are all finite") if finite
             else tr("a history whose losses are not all finite"),
             cause=upstream or (converging_mistake(setup, history) if finite else None)
             or NOT_DETECTED)
    raised = result["diverged"]
    if not (isinstance(raised["lr"], float) and math.isclose(raised["lr"], lr, rel_tol=1e-6)):
        fail(tr("the TrainingDiverged raised for {what} does not carry the learning rate train "
                "was given", what=what), expected=lr, got=raised["lr"],
             cause=tr("raise TrainingDiverged(epoch, loss, lr) with the lr train received"))
    if isinstance(raised["loss"], float) and math.isfinite(raised["loss"]):
        fail(tr("TrainingDiverged was raised for {what} while the loss was still a finite "
                "number", what=what),
             cause=tr("raise it only for a loss that is not finite (nan or inf)"))
    epoch = raised["epoch"]
    if not (isinstance(epoch, int) and abs(epoch - infinite_epoch) <= 1):
        cause = upstream or diverging_mistake(setup, epoch)
        if cause is None and isinstance(raised["loss"], float) and math.isnan(raised["loss"]):
            cause = ONLY_NAN
        fail(tr("TrainingDiverged for {what} was not raised at the first epoch whose loss is "
                "inf", what=what), expected=infinite_epoch, got=epoch,
             cause=cause or tr("raise at the first epoch whose loss is not finite, checking "
                               "every epoch (not only the logged ones), and pass that epoch"))


@check(points=3)
def check_divergence_detected(chapter):
    setup, infinite_epoch = diverging_setup("divergence")
    result = chapter.run(training, setup["weight"], setup["bias"], setup["x"], setup["y"],
                         lr=setup["lr"], num_epochs=setup["num_epochs"])
    expect_divergence_raised(result, setup, infinite_epoch,
                             tr("a run whose learning rate is too high"))


def course_columns(names):
    x_org, yt, _ = boston()
    return x_org[:, column_index(names)], yt


def course_setup(names, lr, num_epochs, weight=None, bias=1.0):
    """A course run as the simulation takes it: from W = B = 1 unless told otherwise."""
    x, y = course_columns(names)
    return {"x": x, "y": y, "lr": lr, "num_epochs": num_epochs, "bias": bias,
            "weight": np.ones(len(names)) if weight is None else weight}


def wrong_course_inputs(x, names) -> bool:
    """Whether `x` (what select_features gave) is not the course's columns `names`."""
    expected = course_columns(names)[0]
    return not (isinstance(x, torch.Tensor) and tuple(x.shape) == expected.shape
                and np.allclose(x.double().numpy(), expected, rtol=1e-6))


def course_upstream(result, names):
    """What is wrong before train runs in a course run: the inputs, the labels or Net's
    start."""
    if wrong_course_inputs(result["inputs"], names):
        return tr("the inputs are not the course's columns {columns}: fix "
                  "check_select_features first", columns=" + ".join(names))
    labels = result["labels"]
    if labels["dtype"] != str(torch.float32) or labels["shape"] is None:
        return tr("the labels must be a float32 tensor of shape [N, 1]: fix check_labels first")
    if tuple(labels["shape"]) != (506, 1):
        return BROADCAST
    if result["start"] is None:
        return NO_NET_LINEAR
    if not all(torch.all(p == 1.0) for p in result["start"]):
        return NET_FIRST
    return None


def expect_course_divergence(chapter):
    """The course's RM + LSTAT run at lr 0.01 diverges (3.75e30 by epoch 100, then inf and
    nan): train must say so."""
    setup = course_setup(["RM", "LSTAT"], COURSE_LR, MULTIPLE_EPOCHS)
    infinite_epoch = first_infinite_epoch(setup["x"], setup["y"], setup["lr"],
                                          setup["num_epochs"], setup["weight"], setup["bias"])
    result = chapter.run(course_multiple_run, COURSE_LR, MULTIPLE_EPOCHS)
    expect_divergence_raised(result, setup, infinite_epoch,
                             tr("the course's RM + LSTAT run at learning rate 0.01"),
                             upstream=course_upstream(result, ["RM", "LSTAT"]))


def course_history(result, setup, what, names):
    if "diverged" in result:
        fail(tr("{what} raised TrainingDiverged, but it converges", what=what),
             cause=course_upstream(result, names)
             or diverging_mistake(setup, result["diverged"]["epoch"])
             or NOT_FINITE_ONLY)
    return expect_history(result["history"], setup["num_epochs"],
                          name=tr("the history of {what}", what=what))


def expect_course_start(history, expected, what, result, names):
    """The first logged loss of a course run: wrong inputs, labels or Net explain it."""
    cause = course_upstream(result, names)
    if cause is None and np.isclose(history[0, 1], 2 * expected, rtol=1e-4):
        cause = NOT_HALVED
    expect_close(history[0, 1], expected, tr("the loss of epoch 0 of {what}", what=what),
                 rtol=1e-6, cause=cause)


def mistake_in_history(history, setup):
    """The known mistake whose simulated losses, logged every 100 epochs, are the learner's."""
    for cause, settings in known_mistakes(setup):
        _, _, losses = replay(setup, **settings)
        if np.allclose(history[:, 1], losses[::LOG_EVERY], rtol=1e-3):
            return cause
    return COMPARE_LOOP


@check(points=1, course_data=True, timeout=30,
       relies_on=("check_net_layer", "check_net_forward"))
def check_course_multiple_regression(chapter):
    """RM + LSTAT at lr 0.001 for 2,000 epochs: 112.06398 -> 15.28023; at lr 0.01 the run
    diverges, and train must raise TrainingDiverged."""
    what = tr("the course's RM + LSTAT run (lr 0.001, 2,000 epochs)")
    setup = course_setup(["RM", "LSTAT"], MULTIPLE_LR, MULTIPLE_EPOCHS)
    result = chapter.run(course_multiple_run, MULTIPLE_LR, MULTIPLE_EPOCHS)
    history = course_history(result, setup, what, ["RM", "LSTAT"])
    save_figure("ch05", "learning_curve_rm_lstat", save_learning_curves, history)
    expect_course_start(history, MULTIPLE_LOSSES[0], what, result, ["RM", "LSTAT"])
    expect_close(history[-1, 1], MULTIPLE_LOSSES[1],
                 tr("the loss of epoch 1,900 of {what}", what=what),
                 rtol=1e-6, cause=mistake_in_history(history, setup))
    expect_course_divergence(chapter)


@check(points=1, course_data=True, timeout=30,
       relies_on=("check_net_layer", "check_net_forward"))
def check_course_simple_regression(chapter):
    """RM at lr 0.01: the loss 154.22493 at epoch 0 and 21.80033 at epoch 49,900, then W
    about 9.088, B about -34.58 and the line [-2.2189, 45.2121] at the ends of RM. The
    middle of the 50,000 epochs comes from the grader's simulation (see the module's
    docstring)."""
    early_setup = course_setup(["RM"], COURSE_LR, LOG_EVERY)
    late_weight, late_bias = state_after(early_setup["x"], early_setup["y"], COURSE_LR,
                                         SIMPLE_EPOCHS - LOG_EVERY, np.ones(1), 1.0)
    late_setup = course_setup(["RM"], COURSE_LR, LOG_EVERY, late_weight, float(late_bias))
    final_weight, final_bias, _ = replay(late_setup)
    facts = chapter.run(course_simple_run,
                        torch.tensor(late_weight, dtype=torch.float32).view(1, 1),
                        torch.tensor([late_bias], dtype=torch.float32))
    what = tr("the course's RM run (lr 0.01)")
    early = course_history(facts["early"], early_setup,
                           tr("{what}, its first 100 epochs", what=what), ["RM"])
    expect_course_start(early, SIMPLE_LOSSES[0], what, facts["early"], ["RM"])
    if facts["late"] is None:
        fail(tr("Net(1, 1) has no nn.Linear layer"), cause=NO_NET_LINEAR)
    late = course_history(facts["late"] | {"inputs": facts["early"]["inputs"]}, late_setup,
                          tr("{what}, its last 100 epochs", what=what), ["RM"])
    expect_close(late[0, 1], SIMPLE_LOSSES[1], tr("the loss of epoch 49,900 of {what}", what=what),
                 rtol=1e-6, cause=NOT_HALVED if np.isclose(late[0, 1], 2 * SIMPLE_LOSSES[1],
                                                           rtol=1e-4) else None)
    got = [facts["late"]["weight"].item(), facts["late"]["bias"].item()]
    at_the_end = tr("W and B at the end of {what}", what=what)
    expect_close(got, [float(final_weight[0]), float(final_bias)], at_the_end,
                 rtol=1e-4, atol=1e-4, cause=known_mistake(*got, late_setup))
    expect_close(got, SIMPLE_FINAL, at_the_end, atol=1e-2)
    ends = expect_items(facts["ends"], 2, "line_ends(net, inputs)")
    x_ends, y_ends = (expect_tensor(v, name, shape=(2, 1))
                      for v, name in zip(ends, ("x_ends", "y_ends")))
    rm = np.column_stack([early_setup["x"][:, 0], early_setup["y"]])
    save_figure("ch05", "regression_line_rm", functools.partial(
        save_scatter_with_line, xlabel=tr("RM (rooms)"), ylabel=tr("price (MEDV)")),
        rm, None, x_ends.numpy().reshape(-1), y_ends.numpy().reshape(-1))
    expect_close(y_ends.view(-1), LINE_AT_RM_ENDS, tr("the regression line at the ends of RM"),
                 atol=1e-3, cause=tr("the line is net's prediction at the smallest and the "
                                     "largest input: fix check_line_ends first"))


@check(points=1)
def check_line_ends(chapter):
    g = drawn("line ends")
    x = torch.empty(randint(10, 40, g), 1).uniform_(3.0, 9.0, generator=g)
    weight, bias = torch.empty(1, 1).uniform_(-10, 10, generator=g), torch.empty(1).uniform_(
        -40, 40, generator=g)
    facts = chapter.run(ends_of, weight, bias, x)
    ends = expect_items(facts["value"], 2, "line_ends(net, inputs)",
                        cause=tr("return (x_ends, y_ends)"))
    x_ends, y_ends = (expect_tensor(v, name, shape=(2, 1), dtype=torch.float32)
                      for v, name in zip(ends, ("x_ends", "y_ends")))
    expected_x = torch.stack([x.min(), x.max()]).view(2, 1)
    expect_close(x_ends, expected_x, "x_ends", rtol=1e-6, atol=1e-6,
                 cause=tr("x_ends is [[smallest input], [largest input]]"))
    expect_close(y_ends, weight.item() * expected_x.double() + bias.item(), "y_ends",
                 atol=1e-3, cause=tr("y_ends is net(x_ends): the model's prediction at both ends"))
    if facts["facts"][1]["requires_grad"]:
        fail(tr("y_ends still records gradients (requires_grad=True)"),
             cause=tr("compute it inside `with torch.no_grad():`, so that it can be drawn"))


def held_out_inputs(setup, count=40):
    """Inputs the learner's process never sees: drawn uniformly over the range each chosen
    column covers in the sample."""
    g = drawn("held-out inputs")
    low, high = setup["x"].min(0).values, setup["x"].max(0).values
    return low + (high - low) * torch.rand(count, setup["x"].shape[1], generator=g)


@check(points=2, timeout=30, relies_on=("check_net_layer", "check_net_forward"))
def check_trained_net_on_held_out_inputs(chapter):
    """Held-out evaluation: Net trained by train, judged here on inputs drawn here."""
    setup = drawn_setup("held-out training", features=2, start_at_one=True)
    result = chapter.run(trained_net, setup["x"], setup["y"], setup["lr"], setup["num_epochs"])
    if result["start"] is None:
        fail(tr("Net(2, 1) has no nn.Linear layer"), cause=NO_NET_LINEAR)
    if not all(torch.all(p == 1.0) for p in result["start"]):
        fail(tr("Net(2, 1) does not start at W = B = 1.0"), cause=NET_FIRST)
    not_diverged(result, setup, "train")
    weight, bias, _ = expected_training(setup)
    expect_trained_parameters(result, setup, weight, bias, tr("of Net after training"))
    model = load_exported(result["model"], tr("the trained Net"))
    x = held_out_inputs(setup)
    with torch.no_grad():
        predicted = model(x)
    name = tr("the trained Net's predictions for inputs it was not trained on")
    expect_tensor(predicted, name, shape=(len(x), 1))
    expect_close(predicted, x.double() @ torch.tensor(weight).view(-1, 1) + bias, name,
                 rtol=1e-4, atol=1e-3,
                 cause=tr("forward(x) returns the layer's output, self.l1(x): fix "
                          "check_net_forward first"))
