"""Checks for chapter 3: gradient descent by hand.

Most checks train the learner's code on a small height/weight sample drawn from
grader.inputs (public in a learner's run, secret in course grading) and compare with the
grader's own float64 simulation of the same gradient descent. The course's published run
(centred data, W 1.820683, B 0.3675114, losses 13.3520 -> 4.6796) is reproduced by the
course-data checks. When the final parameters are wrong, the grader replays the known
mistakes (gradients never zeroed, update with the wrong sign, momentum not passed on) in its
simulation and names the one that matches.
"""

import numpy as np
import torch

from grader import inputs, reference
from grader.check import (DIVERGED, check, expect_array, expect_close, expect_items,
                          expect_tensor, fail, shape_text)
from grader.heldout import exported, load_exported
from grader.learner import plain, tensor_facts

X_CENTRED = [-5.0, 5.0, 0.0, 2.0, -2.0]
Y_CENTRED = [-6.7, 10.3, -3.3, 5.0, -5.3]
FINAL_W, FINAL_B = 1.820683, 0.3675114   # the course's run: lr 0.001, 500 epochs

NOT_ZEROED = ("the gradients are never reset, so each step uses the sum of all gradients so "
              "far: call W.grad.zero_() and B.grad.zero_() (or optimizer.zero_grad()) "
              "after each update")
WRONG_SIGN = "the update adds lr * grad: subtract it to go down the gradient (W -= lr * W.grad)"
NO_MOMENTUM = "momentum was not passed on: optim.SGD(params, lr=lr, momentum=momentum)"
SETTINGS_IGNORED = ("lr, num_epochs or log_every was not used as given: train with the values "
                    "passed in, not with the defaults written into the loop")
ANY_X = ("predict(X, W, B) must compute the line W * X + B from the X it is given, for any X, "
         "not only for the training heights")
FLOAT32_OVERFLOWS = 1e15  # parameters this large give squared errors beyond float32's range
COURSE_RUN = "train_manual on the course's centred data (lr 0.001, 500 epochs)"


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
    expect_tensor(value, name, shape=())
    if not (facts["is_leaf"] and facts["requires_grad"]):
        fail(f"{name} {what}", got=f"is_leaf={facts['is_leaf']}, "
                                   f"requires_grad={facts['requires_grad']}", cause=cause)


def simulate(X, Y, num_epochs, lr=0.001, momentum=0.0, sign=1.0, zero_grads=True):
    """(W, B, losses of each epoch) of gradient descent from W = B = 1 on (X, Y), in float64,
    optionally with one of the known mistakes."""
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    W = B = 1.0
    total = np.zeros(2)
    velocity = None
    losses = []
    for _ in range(num_epochs):
        error = W * X + B - Y
        losses.append(np.mean(error ** 2))
        grad = np.array([np.mean(2 * error * X), np.mean(2 * error)])
        if not zero_grads:
            total += grad
            grad = total.copy()
        if momentum:
            velocity = grad if velocity is None else momentum * velocity + grad
            grad = velocity
        W, B = W - sign * lr * grad[0], B - sign * lr * grad[1]
    return W, B, np.array(losses)


def known_mistake(W, B, X, Y, num_epochs, lr=0.001, momentum=0.0):
    """The cause whose simulated result matches (W, B), if any; a mistake that makes the
    simulation diverge too matches a learner's nan or inf."""
    mistakes = [(NOT_ZEROED, dict(zero_grads=False)), (WRONG_SIGN, dict(sign=-1.0))]
    if momentum:
        mistakes.append((NO_MOMENTUM, dict(momentum=0.0)))
    finite = np.isfinite([W, B]).all()
    for cause, mistake in mistakes:
        settings = dict(lr=lr, momentum=momentum) | mistake
        with np.errstate(all="ignore"):
            simulated = simulate(X, Y, num_epochs, **settings)[:2]
        if not finite:  # float32 overflows (in the squared errors) long before float64 does
            if not (np.abs(simulated) < FLOAT32_OVERFLOWS).all():
                return f"{cause} (training diverged to nan or inf because of it)"
            continue
        # float32 drifts from float64 when a mistake blows up: compare at the scale of W, B
        scale = max(1.0, *np.abs(simulated))
        if np.allclose([W, B], simulated, rtol=1e-3, atol=1e-3 * scale):
            return cause
    return None if finite else DIVERGED


def expect_parameters(W, B, expected, X, Y, num_epochs, lr=0.001, momentum=0.0,
                      after="after training"):
    for name, value in (("W", W), ("B", B)):
        expect_tensor(value, name, shape=())
    got = [W.item(), B.item()]
    if not np.allclose(got, expected, rtol=1e-4, atol=1e-5):
        fail(f"W, B {after} are not the expected values", expected=[float(v) for v in expected],
             got=got, cause=known_mistake(*got, X, Y, num_epochs, lr, momentum)
             or "compare your loop with the four steps: predict, loss, backward, update")


def expect_history(history, num_epochs=500, log_every=10):
    rows = num_epochs // log_every
    history = expect_array(history, "history", shape=(rows, 2))
    epochs = np.arange(0, num_epochs, log_every)
    if not np.array_equal(history[:, 0], epochs):
        fail("history's first column should hold the logged epochs",
             expected=epochs[:3].tolist() + [epochs[-1]],
             got=history[:3, 0].tolist() + [history[-1, 0]],
             cause="log [epoch, loss] every log_every epochs, counting from epoch 0")
    return history


def expect_logged_losses(history, losses, log_every=10, cause=None):
    """history's loss column against the simulated loss of each logged epoch."""
    expect_close(history[:, 1], losses[::log_every], "the logged losses", rtol=1e-4, atol=1e-4,
                 cause=cause or "log loss.item() of the loss computed in that epoch, before "
                                "its update")


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
    expect_close(X, X_CENTRED, "X (heights minus their mean)",
                 cause="subtract the mean height from every height")
    expect_close(Y, Y_CENTRED, "Y (weights minus their mean)",
                 cause="subtract the mean weight from every weight")


@check(points=1, course_data=True)
def check_initial_parameters_are_trainable_leaves(chapter):
    W, B, W_facts, B_facts = chapter.run(fresh_params)
    for name, value, facts in (("W", W, W_facts), ("B", B, B_facts)):
        expect_tensor(value, name, shape=(), dtype=torch.float32)
        expect_close(value, 1.0, name, cause="both parameters start at 1.0")
        expect_trainable_leaf(value, facts, name, "must be a leaf tensor with requires_grad=True",
                              cause="create it with torch.tensor(1.0, requires_grad=True)")


@check(points=1)
def check_prediction(chapter):
    X, _ = drawn_data("prediction")
    W, B = drawn_params("prediction")
    Yp, facts = chapter.run(prediction, X, W, B)
    expect_tensor(Yp, "predict(X, W, B)")
    if Yp.shape != X.shape:
        fail("predict(X, W, B) should give one prediction per element of X",
             expected=shape_text(X.shape), got=shape_text(Yp.shape), cause=ANY_X)
    expect_close(Yp, W * X.double() + B, "predict(X, W, B)",
                 cause="the prediction is W * X + B, from the X it is given (for any X)")
    if facts["grad_fn"] is None:
        fail("the prediction is not connected to W and B in the computation graph",
             cause="compute it with tensor operations on W and B, not on .item() or .data")


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
        cause = "that is the sum of squared errors: take the mean"
    expect_close(loss, expected, "the loss", cause=cause)
    if W_grad is None or B_grad is None:
        fail("the loss is not connected to W and B, so backward() gives them no gradient",
             cause="compute the loss with tensor operations, not on .item() or .data")
    expect_close([W_grad.item(), B_grad.item()],
                 [float((2 * error * X).mean()), float((2 * error).mean())],
                 "the gradients [W, B]")


@check(points=2)
def check_one_manual_step(chapter):
    X, Y = drawn_data("one step")
    W, B, *_ = chapter.run(manual_training, X, Y, num_epochs=1)
    expect_parameters(W, B, simulate(X, Y, 1)[:2], X, Y, num_epochs=1, after="after one epoch")


@check(points=3)
def check_manual_training(chapter):
    X, Y = drawn_data("manual training")
    W, B, history, *_ = chapter.run(manual_training, X, Y)
    expected_w, expected_b, losses = simulate(X, Y, 500)
    expect_parameters(W, B, (expected_w, expected_b), X, Y, num_epochs=500,
                      after="after 500 epochs")
    expect_logged_losses(expect_history(history), losses)


@check(points=1, course_data=True)
def check_reproduces_the_course_run(chapter):
    """The course's published numbers, and its logged losses as the reference logs them."""
    X, Y = map(torch.tensor, (X_CENTRED, Y_CENTRED))
    W, B, history, *_ = chapter.run(manual_training, X, Y)
    expect_parameters(W, B, (FINAL_W, FINAL_B), X, Y, num_epochs=500, after=f"of {COURSE_RUN}")
    history = expect_history(history)
    expect_close(history[:, 1], reference.output("ch03", "manual_history")[:, 1],
                 f"the logged losses of {COURSE_RUN}", rtol=1e-4, atol=1e-4,
                 cause="log loss.item() of the loss computed in that epoch")


@check(points=2)
def check_parameters_stay_leaves(chapter):
    X, Y = drawn_data("leaves")
    W, B, _, W_facts, B_facts = chapter.run(manual_training, X, Y, num_epochs=20)
    for name, value, facts in (("W", W, W_facts), ("B", B, B_facts)):
        expect_trainable_leaf(
            value, facts, name, "returned by train_manual is no longer a trainable leaf tensor",
            cause=f"{name} is no longer a leaf tensor: update it in place under "
                  f"torch.no_grad() ({name} -= lr * {name}.grad) instead of rebinding "
                  f"it ({name} = {name} - ...)")
    # The leaves must also be the trained ones, not any pair of fresh tensors.
    expect_parameters(W, B, simulate(X, Y, 20)[:2], X, Y, num_epochs=20,
                      after="after 20 epochs")


@check(points=2)
def check_training_with_sgd(chapter):
    X, Y = drawn_data("sgd")
    W, B, history = chapter.run(sgd_training, X, Y)
    expected_w, expected_b, losses = simulate(X, Y, 500)
    expect_parameters(W, B, (expected_w, expected_b), X, Y, num_epochs=500,
                      after="after 500 epochs")
    expect_logged_losses(expect_history(history), losses)


@check(points=2)
def check_momentum_converges_faster(chapter):
    X, Y = drawn_data("momentum")
    _, _, plain_history = chapter.run(sgd_training, X, Y)
    W, B, fast = chapter.run(sgd_training, X, Y, momentum=0.9)
    expected_w, expected_b, losses = simulate(X, Y, 500, momentum=0.9)
    expect_parameters(W, B, (expected_w, expected_b), X, Y, num_epochs=500, momentum=0.9,
                      after="after 500 epochs with momentum 0.9")
    slow, fast = expect_history(plain_history), expect_history(fast)
    expect_logged_losses(fast, losses)
    # By epoch 50 momentum has gone well past plain SGD on any such sample.
    if not fast[5, 1] < slow[5, 1]:
        fail("with momentum the loss at epoch 50 should be below the loss without it",
             expected=slow[5, 1], got=fast[5, 1],
             cause=NO_MOMENTUM)


@check(points=2)
def check_fitted_line_on_unseen_heights(chapter):
    """Held-out evaluation: the trained prediction function, run here on new heights."""
    X_train, Y_train = drawn_data("held-out training")
    line = load_exported(chapter.run(trained_line, X_train, Y_train),
                         "the trained prediction function")
    X = unseen_heights()
    with torch.no_grad():
        predicted = line(X)
    name = "the prediction for 20 unseen heights"
    if tuple(predicted.shape) != (20,):
        fail(f"{name} has the wrong shape", expected="[20]", got=str(list(predicted.shape)),
             cause=ANY_X)
    W, B, _ = simulate(X_train, Y_train, 500)
    expect_close(predicted, W * X.double() + B, name, rtol=1e-4, atol=1e-3, cause=ANY_X)
