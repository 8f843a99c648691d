"""Checks for chapter 3: gradient descent by hand.

Most checks train the learner's code on a small height/weight sample drawn from
grader.inputs (public in a learner's run, secret in course grading) and compare with the
grader's own float64 simulation of the same gradient descent. The course's published run
(centred data, W 1.820683, B 0.3675114, losses 13.3520 -> 4.6796) is reproduced by the
course-data checks. When the final parameters are wrong, the grader replays the known
mistakes (gradients never zeroed, update with the wrong sign, the loss summed instead of
averaged, momentum not passed on) in its simulation and names the one that matches.

Every check that trains runs init_params, predict and mse through the learner's loop, so it
relies on their checks (relies_on): when one of those failed, its failure is blamed there.
"""

import numpy as np
import torch

from grader import inputs, reference
from grader.check import (DIVERGED, check, expect_array, expect_close, expect_items,
                          expect_tensor, fail, shape_text)
from grader.heldout import exported, load_exported
from grader.i18n import tr, trn
from grader.learner import plain, tensor_facts

X_CENTRED = [-5.0, 5.0, 0.0, 2.0, -2.0]
Y_CENTRED = [-6.7, 10.3, -3.3, 5.0, -5.3]
FINAL_W, FINAL_B = 1.820683, 0.3675114   # the course's run: lr 0.001, 500 epochs

NOT_ZEROED = tr("the gradients are never reset, so each step uses the sum of all gradients so "
                "far: call W.grad.zero_() and B.grad.zero_() (or optimizer.zero_grad()) "
                "after each update")
WRONG_SIGN = tr("the update adds lr * grad: subtract it to go down the gradient "
                "(W -= lr * W.grad)")
SUMMED_LOSS = tr("the loss is the sum of squared errors, not the mean: the sum is N times the "
                 "mean (N the number of data points), so the gradients and each step are N "
                 "times too large; mse must take the mean")
NO_MOMENTUM = tr("momentum was not passed on: optim.SGD(params, lr=lr, momentum=momentum)")
SETTINGS_IGNORED = tr("lr, num_epochs or log_every was not used as given: train with the values "
                      "passed in, not with the defaults written into the loop")
ANY_X = tr("predict(X, W, B) must compute the line W * X + B from the X it is given, for any "
           "X, not only for the training heights")
FLOAT32_OVERFLOWS = 1e15  # parameters this large give squared errors beyond float32's range
COURSE_RUN = tr("train_manual on the course's centred data (lr 0.001, 500 epochs)")


def drawn_data(stream: str):
    """A centred height/weight sample of 5 to 8 people, like the course's, from grader.inputs."""
    g = inputs.generator(f"ch03/{stream}")
    size = int(torch.randint(5, 9, (), generator=g))
    heights = torch.empty(size, dtype=torch.float64).uniform_(155.0, 190.0, generator=g)
    weights = 0.8 * heights - 80.0 + torch.empty(size, dtype=torch.float64).normal_(
        0.0, 4.0, generator=g)
    X, Y = (heights - heights.mean()).round(decimals=1), (weights - weights.mean()).round(decimals=1)
    return X.float(), Y.float()


def drawn_params(stream: str):
    """A starting W and B other than 1.0, so that predict and mse are judged on any values."""
    g = inputs.generator(f"ch03/{stream} parameters")
    W, B = torch.empty(2).uniform_(0.5, 2.0, generator=g).tolist()
    return W, B


def expect_trainable_leaf(value, facts, name, what, cause):
    """`what`: the whole failure message, naming the tensor `name`."""
    expect_tensor(value, name, shape=())
    if not (facts["is_leaf"] and facts["requires_grad"]):
        fail(what, got=f"is_leaf={facts['is_leaf']}, requires_grad={facts['requires_grad']}",
             cause=cause)


def simulate(X, Y, num_epochs, lr=0.001, momentum=0.0, sign=1.0, zero_grads=True,
             summed=False):
    """(W, B, losses of each epoch) of gradient descent from W = B = 1 on (X, Y), in float64,
    optionally with one of the known mistakes (`summed`: the loss is the sum of squared
    errors, N times their mean, and so are its gradients)."""
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    scale = len(X) if summed else 1
    W = B = 1.0
    total = np.zeros(2)
    velocity = None
    losses = []
    for _ in range(num_epochs):
        error = W * X + B - Y
        losses.append(scale * np.mean(error ** 2))
        grad = scale * np.array([np.mean(2 * error * X), np.mean(2 * error)])
        if not zero_grads:
            total += grad
            grad = total.copy()
        if momentum:
            velocity = grad if velocity is None else momentum * velocity + grad
            grad = velocity
        W, B = W - sign * lr * grad[0], B - sign * lr * grad[1]
    return W, B, np.array(losses)


def known_mistakes(momentum=0.0):
    """(cause, simulate()'s settings for it) of each known mistake, in the order they are
    tried. Where several make the simulation diverge, the first names a learner's nan or
    inf: a wrong sign makes every long run diverge, a summed loss only those where N times
    the learning rate is too high, so the wrong sign comes first."""
    mistakes = [(NOT_ZEROED, dict(zero_grads=False)), (WRONG_SIGN, dict(sign=-1.0)),
                (SUMMED_LOSS, dict(summed=True))]
    if momentum:
        mistakes.append((NO_MOMENTUM, dict(momentum=0.0)))
    return mistakes


def known_mistake(W, B, X, Y, num_epochs, lr=0.001, momentum=0.0):
    """The cause whose simulated result matches (W, B), if any; a mistake that makes the
    simulation diverge too matches a learner's nan or inf."""
    finite = np.isfinite([W, B]).all()
    for cause, mistake in known_mistakes(momentum):
        settings = dict(lr=lr, momentum=momentum) | mistake
        with np.errstate(all="ignore"):
            simulated = simulate(X, Y, num_epochs, **settings)[:2]
        if not finite:  # float32 overflows (in the squared errors) long before float64 does
            if not (np.abs(simulated) < FLOAT32_OVERFLOWS).all():
                return tr("{cause} (training diverged to nan or inf because of it)",
                          cause=cause)
            continue
        # float32 drifts from float64 when a mistake blows up: compare at the scale of W, B
        scale = max(1.0, *np.abs(simulated))
        if np.allclose([W, B], simulated, rtol=1e-3, atol=1e-3 * scale):
            return cause
    return None if finite else DIVERGED


def after_epochs(num_epochs: int) -> str:
    """"after 500 epochs", the `after` of expect_parameters, in the learner's language."""
    return trn("after {count} epoch", "after {count} epochs", num_epochs)


def expect_parameters(W, B, expected, X, Y, num_epochs, lr=0.001, momentum=0.0, after=None):
    """`after` says when, e.g. after_epochs(500); "after training" by default."""
    for name, value in (("W", W), ("B", B)):
        expect_tensor(value, name, shape=())
    got = [W.item(), B.item()]
    if not np.allclose(got, expected, rtol=1e-4, atol=1e-5):
        fail(tr("W, B {after} are not the expected values",
                after=after or tr("after training")),
             expected=[float(v) for v in expected], got=got,
             cause=known_mistake(*got, X, Y, num_epochs, lr, momentum)
             or tr("compare your loop with the four steps: predict, loss, backward, update"))


def expect_history(history, num_epochs=500, log_every=10):
    rows = num_epochs // log_every
    history = expect_array(history, "history", shape=(rows, 2))
    epochs = np.arange(0, num_epochs, log_every)
    if not np.array_equal(history[:, 0], epochs):
        fail(tr("history's first column should hold the logged epochs"),
             expected=epochs[:3].tolist() + [int(epochs[-1])],
             got=history[:3, 0].tolist() + [float(history[-1, 0])],
             cause=tr("log [epoch, loss] every log_every epochs, counting from epoch 0"))
    return history


def known_mistake_in_losses(logged, X, Y, num_epochs, log_every, lr=0.001, momentum=0.0):
    """The cause whose simulated losses, logged every `log_every` epochs, match `logged`,
    if any: with momentum, a summed loss reaches the right W and B, and shows only there."""
    logged = np.asarray(logged, dtype=float)
    for cause, mistake in known_mistakes(momentum):
        settings = dict(lr=lr, momentum=momentum) | mistake
        with np.errstate(all="ignore"):
            simulated = simulate(X, Y, num_epochs, **settings)[2][::log_every]
        if (simulated.shape == logged.shape and np.isfinite(simulated).all()
                and np.allclose(logged, simulated, rtol=1e-3, atol=1e-3)):
            return cause
    return None


def expect_logged_losses(history, losses, log_every=10, cause=None, replay=None):
    """history's loss column against the simulated loss of each logged epoch; `replay`, the
    run's (X, Y, num_epochs, lr, momentum), names a known mistake whose losses match."""
    logged = history[:, 1]
    if cause is None and replay is not None and not np.allclose(
            logged, losses[::log_every], rtol=1e-4, atol=1e-4):
        X, Y, num_epochs, lr, momentum = replay
        cause = known_mistake_in_losses(logged, X, Y, num_epochs, log_every, lr, momentum)
    expect_close(logged, losses[::log_every], tr("the logged losses"), rtol=1e-4, atol=1e-4,
                 cause=cause or tr("log loss.item() of the loss computed in that epoch, "
                                   "before its update"))


# Probes: they run beside the learner's code and return what they saw (grader.learner).
# Every input comes from the check: X, Y and starting values are arguments.

def centred_data(code):
    return code.descent.load_centered_data()


def fresh_params(code):
    W, B = code.descent.init_params()
    return W, B, tensor_facts(W), tensor_facts(B)


def leaf(value):
    return torch.tensor(float(value), requires_grad=True)


def prediction(code, X, W, B):
    Yp = code.descent.predict(X, leaf(W), leaf(B))
    return Yp, tensor_facts(Yp)


def loss_and_gradients(code, X, Y, W, B):
    W, B = leaf(W), leaf(B)
    loss = code.descent.mse(W * X + B, Y)
    if isinstance(loss, torch.Tensor) and loss.requires_grad:
        loss.backward()
    return loss, W.grad, B.grad


def manual_training(code, X, Y, **settings):
    W, B, history = code.descent.train_manual(X, Y, **settings)
    return W, B, history, tensor_facts(W), tensor_facts(B)


def sgd_training(code, X, Y, **settings):
    W, B, history = code.descent.train_with_optimizer(X, Y, **settings)
    return W, B, history


class _FittedLine(torch.nn.Module):
    """The learner's predict() with the W and B their training found, for export."""

    def __init__(self, predict, W, B):
        super().__init__()
        self.predict = predict
        self.register_buffer("W", W.detach().clone())
        self.register_buffer("B", B.detach().clone())

    def forward(self, X):
        return self.predict(X, self.W, self.B)


def trained_line(code, X, Y):
    W, B, *_ = manual_training(code, X, Y)
    return exported(_FittedLine(code.descent.predict, W, B), X)


def unseen_heights():
    """Centred heights of people the learner's code never sees: drawn here, kept here."""
    generator = inputs.generator("ch03/unseen heights")
    return torch.empty(20).uniform_(150.0, 195.0, generator=generator) - 171.0


@reference.produces("ch03", "manual_history")
def _manual_history(ref):
    return plain(manual_training(ref, *map(torch.tensor, (X_CENTRED, Y_CENTRED)))[2])


@check(points=1, course_data=True)
def check_centred_data(chapter):
    X, Y = expect_items(chapter.run(centred_data), 2, "load_centered_data()")
    expect_tensor(X, "X", shape=(5,), dtype=torch.float32)
    expect_tensor(Y, "Y", shape=(5,), dtype=torch.float32)
    expect_close(X, X_CENTRED, tr("X (heights minus their mean)"),
                 cause=tr("subtract the mean height from every height"))
    expect_close(Y, Y_CENTRED, tr("Y (weights minus their mean)"),
                 cause=tr("subtract the mean weight from every weight"))


@check(points=1, course_data=True)
def check_initial_parameters_are_trainable_leaves(chapter):
    W, B, W_facts, B_facts = chapter.run(fresh_params)
    for name, value, facts in (("W", W, W_facts), ("B", B, B_facts)):
        expect_tensor(value, name, shape=(), dtype=torch.float32)
        expect_close(value, 1.0, name, cause=tr("both parameters start at 1.0"))
        expect_trainable_leaf(
            value, facts, name,
            tr("{name} must be a leaf tensor with requires_grad=True", name=name),
            cause=tr("create it with torch.tensor(1.0, requires_grad=True)"))


@check(points=1)
def check_prediction(chapter):
    X, _ = drawn_data("prediction")
    W, B = drawn_params("prediction")
    Yp, facts = chapter.run(prediction, X, W, B)
    expect_tensor(Yp, "predict(X, W, B)")
    if Yp.shape != X.shape:
        fail(tr("predict(X, W, B) should give one prediction per element of X"),
             expected=shape_text(X.shape), got=shape_text(Yp.shape), cause=ANY_X)
    expect_close(Yp, W * X.double() + B, "predict(X, W, B)",
                 cause=tr("the prediction is W * X + B, from the X it is given (for any X)"))
    if facts["grad_fn"] is None:
        fail(tr("the prediction is not connected to W and B in the computation graph"),
             cause=tr("compute it with tensor operations on W and B, not on .item() or .data"))


@check(points=2)
def check_loss_and_its_gradients(chapter):
    X, Y = drawn_data("loss")
    W, B = drawn_params("loss")
    loss, W_grad, B_grad = chapter.run(loss_and_gradients, X, Y, W, B)
    expect_tensor(loss, "mse(Yp, Y)", shape=())
    error = W * X.double() + B - Y.double()
    expected = float((error ** 2).mean())
    cause = None
    if np.isclose(loss.item(), expected * len(X), rtol=1e-4):
        cause = tr("that is the sum of squared errors: take the mean")
    expect_close(loss, expected, tr("the loss"), cause=cause)
    if W_grad is None or B_grad is None:
        fail(tr("the loss is not connected to W and B, so backward() gives them no gradient"),
             cause=tr("compute the loss with tensor operations, not on .item() or .data"))
    expect_close([W_grad.item(), B_grad.item()],
                 [float((2 * error * X).mean()), float((2 * error).mean())],
                 tr("the gradients [W, B]"))


@check(points=2, relies_on=(
       "check_initial_parameters_are_trainable_leaves", "check_prediction",
       "check_loss_and_its_gradients"))
def check_one_manual_step(chapter):
    X, Y = drawn_data("one step")
    W, B, *_ = chapter.run(manual_training, X, Y, num_epochs=1)
    expect_parameters(W, B, simulate(X, Y, 1)[:2], X, Y, num_epochs=1,
                      after=tr("after one epoch"))


@check(points=3, relies_on=(
       "check_initial_parameters_are_trainable_leaves", "check_prediction",
       "check_loss_and_its_gradients"))
def check_manual_training(chapter):
    X, Y = drawn_data("manual training")
    W, B, history, *_ = chapter.run(manual_training, X, Y)
    expected_w, expected_b, losses = simulate(X, Y, 500)
    expect_parameters(W, B, (expected_w, expected_b), X, Y, num_epochs=500,
                      after=after_epochs(500))
    expect_logged_losses(expect_history(history), losses, replay=(X, Y, 500, 0.001, 0.0))


@check(points=1, course_data=True, relies_on=(
       "check_initial_parameters_are_trainable_leaves", "check_prediction",
       "check_loss_and_its_gradients"))
def check_reproduces_the_course_run(chapter):
    """The course's published numbers, and its logged losses as the reference logs them."""
    X, Y = map(torch.tensor, (X_CENTRED, Y_CENTRED))
    W, B, history, *_ = chapter.run(manual_training, X, Y)
    expect_parameters(W, B, (FINAL_W, FINAL_B), X, Y, num_epochs=500,
                      after=tr("of {run}", run=COURSE_RUN))
    history = expect_history(history)
    expect_close(history[:, 1], reference.output("ch03", "manual_history")[:, 1],
                 tr("the logged losses of {run}", run=COURSE_RUN), rtol=1e-4, atol=1e-4,
                 cause=tr("log loss.item() of the loss computed in that epoch"))


@check(points=2, relies_on=(
       "check_initial_parameters_are_trainable_leaves", "check_prediction",
       "check_loss_and_its_gradients"))
def check_parameters_stay_leaves(chapter):
    X, Y = drawn_data("leaves")
    W, B, _, W_facts, B_facts = chapter.run(manual_training, X, Y, num_epochs=20)
    for name, value, facts in (("W", W, W_facts), ("B", B, B_facts)):
        expect_trainable_leaf(
            value, facts, name,
            tr("{name} returned by train_manual is no longer a trainable leaf tensor",
               name=name),
            cause=tr("{name} is no longer a leaf tensor: update it in place under "
                     "torch.no_grad() ({name} -= lr * {name}.grad) instead of rebinding "
                     "it ({name} = {name} - ...)", name=name))
    # The leaves must also be the trained ones, not any pair of fresh tensors.
    expect_parameters(W, B, simulate(X, Y, 20)[:2], X, Y, num_epochs=20,
                      after=after_epochs(20))


@check(points=2, relies_on=(
       "check_initial_parameters_are_trainable_leaves", "check_prediction",
       "check_loss_and_its_gradients"))
def check_training_with_sgd(chapter):
    X, Y = drawn_data("sgd")
    W, B, history = chapter.run(sgd_training, X, Y)
    expected_w, expected_b, losses = simulate(X, Y, 500)
    expect_parameters(W, B, (expected_w, expected_b), X, Y, num_epochs=500,
                      after=after_epochs(500))
    expect_logged_losses(expect_history(history), losses, replay=(X, Y, 500, 0.001, 0.0))


@check(points=2, relies_on=(
       "check_initial_parameters_are_trainable_leaves", "check_prediction",
       "check_loss_and_its_gradients"))
def check_momentum_converges_faster(chapter):
    X, Y = drawn_data("momentum")
    _, _, plain_history = chapter.run(sgd_training, X, Y)
    W, B, fast = chapter.run(sgd_training, X, Y, momentum=0.9)
    expected_w, expected_b, losses = simulate(X, Y, 500, momentum=0.9)
    expect_parameters(W, B, (expected_w, expected_b), X, Y, num_epochs=500, momentum=0.9,
                      after=tr("after 500 epochs with momentum 0.9"))
    slow, fast = expect_history(plain_history), expect_history(fast)
    expect_logged_losses(fast, losses, replay=(X, Y, 500, 0.001, 0.9))
    # By epoch 50 momentum has gone well past plain SGD on any such sample.
    if not fast[5, 1] < slow[5, 1]:
        fail(tr("with momentum the loss at epoch 50 should be below the loss without it"),
             expected=float(slow[5, 1]), got=float(fast[5, 1]),
             cause=NO_MOMENTUM)


@check(points=2, relies_on=(
       "check_initial_parameters_are_trainable_leaves", "check_prediction",
       "check_loss_and_its_gradients", "check_manual_training"))
def check_fitted_line_on_unseen_heights(chapter):
    """Held-out evaluation: the trained prediction function, run here on new heights."""
    X_train, Y_train = drawn_data("held-out training")
    line = load_exported(chapter.run(trained_line, X_train, Y_train),
                         tr("the trained prediction function"))
    X = unseen_heights()
    with torch.no_grad():
        predicted = line(X)
    name = tr("the prediction for 20 unseen heights")
    if tuple(predicted.shape) != (20,):
        fail(tr("{name} has the wrong shape", name=name), expected="[20]",
             got=str(list(predicted.shape)), cause=ANY_X)
    W, B, _ = simulate(X_train, Y_train, 500)
    expect_close(predicted, W * X.double() + B, name, rtol=1e-4, atol=1e-3, cause=ANY_X)
