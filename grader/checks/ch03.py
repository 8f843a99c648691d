"""Checks for chapter 3: gradient descent by hand.

Oracles: the centred data, the initial prediction, loss and gradients, one step and the
500-epoch results all come from the course's published runs (CURRICULUM.md). When the final
parameters are wrong, the grader replays the known mistakes (gradients never zeroed, update
with the wrong sign, momentum not passed on) with its own float64 simulation and names the one
that matches.
"""

import numpy as np
import torch

from grader import reference
from grader.check import (DIVERGED, check, expect_array, expect_close, expect_items,
                          expect_tensor, fail)
from grader.heldout import exported, load_exported
from grader.learner import plain, tensor_facts

X_CENTRED = [-5.0, 5.0, 0.0, 2.0, -2.0]
Y_CENTRED = [-6.7, 10.3, -3.3, 5.0, -5.3]
INITIAL_LOSS = 13.3520
FINAL_W, FINAL_B, FINAL_LOSS = 1.820683, 0.3675114, 4.6796   # lr 0.001, 500 epochs
MOMENTUM_FINAL_LOSS = 4.5390                                 # momentum 0.9, epoch 490

NOT_ZEROED = ("the gradients are never reset, so each step uses the sum of all gradients so "
              "far: call W.grad.zero_() and B.grad.zero_() (or optimizer.zero_grad()) "
              "after each update")
WRONG_SIGN = "the update adds lr * grad: subtract it to go down the gradient (W -= lr * W.grad)"
NO_MOMENTUM = "momentum was not passed on: optim.SGD(params, lr=lr, momentum=momentum)"
ANY_X = ("predict(X, W, B) must compute the line W * X + B from the X it is given, for any X, "
         "not only for the five training heights")


def data():
    return torch.tensor(X_CENTRED), torch.tensor(Y_CENTRED)


def initial_params():
    """The grader's own W = B = 1.0, so that a check tests one function at a time."""
    return torch.tensor(1.0, requires_grad=True), torch.tensor(1.0, requires_grad=True)


def expect_trainable_leaf(value, facts, name, what, cause):
    expect_tensor(value, name, shape=())
    if not (facts["is_leaf"] and facts["requires_grad"]):
        fail(f"{name} {what}", got=f"is_leaf={facts['is_leaf']}, "
                                   f"requires_grad={facts['requires_grad']}", cause=cause)


def simulate(num_epochs, lr=0.001, momentum=0.0, sign=1.0, zero_grads=True):
    """(W, B) after gradient descent on the centred data, in float64, with known mistakes."""
    X, Y = np.array(X_CENTRED), np.array(Y_CENTRED)
    W = B = 1.0
    total = np.zeros(2)
    velocity = None
    for _ in range(num_epochs):
        error = W * X + B - Y
        grad = np.array([np.mean(2 * error * X), np.mean(2 * error)])
        if not zero_grads:
            total += grad
            grad = total.copy()
        if momentum:
            velocity = grad if velocity is None else momentum * velocity + grad
            grad = velocity
        W, B = W - sign * lr * grad[0], B - sign * lr * grad[1]
    return W, B


def known_mistake(W, B, num_epochs, momentum=0.0):
    """The cause whose simulated result matches (W, B), if any."""
    mistakes = [(NOT_ZEROED, dict(zero_grads=False)), (WRONG_SIGN, dict(sign=-1.0))]
    if momentum:
        mistakes.append((NO_MOMENTUM, dict(momentum=0.0)))
    for cause, mistake in mistakes:
        simulated = simulate(num_epochs, **(dict(momentum=momentum) | mistake))
        # float32 drifts from float64 when a mistake blows up: compare at the scale of W, B
        scale = max(1.0, *np.abs(simulated))
        if np.allclose([W, B], simulated, rtol=1e-3, atol=1e-3 * scale):
            return cause
    return None


def expect_parameters(W, B, expected_w, expected_b, num_epochs, momentum=0.0):
    for name, value in (("W", W), ("B", B)):
        expect_tensor(value, name, shape=())
    got = [W.item(), B.item()]
    if not np.allclose(got, [expected_w, expected_b], rtol=1e-4, atol=1e-5):
        fail(f"W, B after {num_epochs} epochs are not the expected values",
             expected=[expected_w, expected_b], got=got,
             cause=(DIVERGED if not np.isfinite(got).all()
                    else known_mistake(*got, num_epochs, momentum))
             or "compare your loop with the four steps: predict, loss, backward, update")


def expect_history(history, num_epochs=500, log_every=10):
    rows = num_epochs // log_every
    history = expect_array(history, "history", shape=(rows, 2))
    epochs = np.arange(0, num_epochs, log_every)
    if not np.array_equal(history[:, 0], epochs):
        fail("history's first column should hold the logged epochs",
             expected=f"{epochs[:3].tolist()} ... {epochs[-1]}",
             got=f"{history[:3, 0].tolist()} ... {history[-1, 0]}",
             cause=f"log [epoch, loss] when epoch % {log_every} == 0, counting from 0")
    return history


# Probes: they run beside the learner's code and return what they saw (grader.learner).

def centred_data(code):
    return code.descent.load_centered_data()


def fresh_params(code):
    W, B = code.descent.init_params()
    return W, B, tensor_facts(W), tensor_facts(B)


def prediction(code):
    X, _ = data()
    Yp = code.descent.predict(X, *initial_params())
    return Yp, tensor_facts(Yp)


def loss_and_gradients(code):
    X, Y = data()
    W, B = initial_params()
    loss = code.descent.mse(W * X + B, Y)
    if isinstance(loss, torch.Tensor) and loss.requires_grad:
        loss.backward()
    return loss, W.grad, B.grad


def manual_training(code, **settings):
    W, B, history = code.descent.train_manual(*data(), **settings)
    return W, B, history, tensor_facts(W), tensor_facts(B)


def sgd_training(code, **settings):
    W, B, history = code.descent.train_with_optimizer(*data(), **settings)
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


def trained_line(code):
    W, B, *_ = manual_training(code)
    return exported(_FittedLine(code.descent.predict, W, B), torch.tensor(X_CENTRED))


def unseen_heights():
    """Centred heights of people the learner's code never sees: drawn here, kept here."""
    generator = torch.Generator().manual_seed(20261128)
    return torch.empty(20).uniform_(150.0, 195.0, generator=generator) - 171.0


@reference.produces("ch03", "manual_history")
def _manual_history(ref):
    return plain(manual_training(ref)[2])


@check(points=2)
def check_centred_data(chapter):
    X, Y = expect_items(chapter.run(centred_data), 2, "load_centered_data()")
    expect_tensor(X, "X", shape=(5,), dtype=torch.float32)
    expect_tensor(Y, "Y", shape=(5,), dtype=torch.float32)
    expect_close(X, X_CENTRED, "X (heights minus their mean)",
                 cause="subtract the mean height from every height")
    expect_close(Y, Y_CENTRED, "Y (weights minus their mean)",
                 cause="subtract the mean weight from every weight")


@check(points=2)
def check_initial_parameters_are_trainable_leaves(chapter):
    W, B, W_facts, B_facts = chapter.run(fresh_params)
    for name, value, facts in (("W", W, W_facts), ("B", B, B_facts)):
        expect_tensor(value, name, shape=(), dtype=torch.float32)
        expect_close(value, 1.0, name, cause="both parameters start at 1.0")
        expect_trainable_leaf(value, facts, name, "must be a leaf tensor with requires_grad=True",
                              cause="create it with torch.tensor(1.0, requires_grad=True)")


@check(points=1)
def check_prediction(chapter):
    Yp, facts = chapter.run(prediction)
    expect_tensor(Yp, "predict(X, W=1, B=1)", shape=(5,))
    expect_close(Yp, [-4.0, 6.0, 1.0, 3.0, -1.0], "predict(X, W=1, B=1)",
                 cause="the prediction is W * X + B")
    if facts["grad_fn"] is None:
        fail("the prediction is not connected to W and B in the computation graph",
             cause="compute it with tensor operations on W and B, not on .item() or .data")


@check(points=2)
def check_loss_and_its_gradients(chapter):
    loss, W_grad, B_grad = chapter.run(loss_and_gradients)
    expect_tensor(loss, "mse(Yp, Y)", shape=())
    cause = None
    if np.isclose(loss.item(), INITIAL_LOSS * 5, rtol=1e-4):
        cause = "that is the sum of squared errors: take the mean"
    expect_close(loss, INITIAL_LOSS, "the initial loss", cause=cause)
    if W_grad is None or B_grad is None:
        fail("the loss is not connected to W and B, so backward() gives them no gradient",
             cause="compute the loss with tensor operations, not on .item() or .data")
    expect_close([W_grad.item(), B_grad.item()], [-19.04, 2.0], "the first gradients [W, B]")


@check(points=2)
def check_one_manual_step(chapter):
    W, B, *_ = chapter.run(manual_training, num_epochs=1)
    expect_parameters(W, B, 1.0190, 0.9980, num_epochs=1)


@check(points=3)
def check_manual_training(chapter):
    W, B, history, *_ = chapter.run(manual_training)
    expect_parameters(W, B, FINAL_W, FINAL_B, num_epochs=500)
    history = expect_history(history)
    expect_close(history[[0, -1], 1], [INITIAL_LOSS, FINAL_LOSS],
                 "the first and last logged losses",
                 cause="log the loss computed in that epoch, before the update")


@check(points=1)
def check_manual_history_matches_reference(chapter):
    _, _, history, *_ = chapter.run(manual_training)
    history = expect_history(history)
    expect_close(history[:, 1], reference.output("ch03", "manual_history")[:, 1],
                 "the logged losses", rtol=1e-4, atol=1e-4,
                 cause="log loss.item() of the loss computed in that epoch")


@check(points=2)
def check_parameters_stay_leaves(chapter):
    W, B, _, W_facts, B_facts = chapter.run(manual_training, num_epochs=20)
    for name, value, facts in (("W", W, W_facts), ("B", B, B_facts)):
        expect_trainable_leaf(
            value, facts, name, "returned by train_manual is no longer a trainable leaf tensor",
            cause=f"{name} is no longer a leaf tensor: update it in place under "
                  f"torch.no_grad() ({name} -= lr * {name}.grad) instead of rebinding "
                  f"it ({name} = {name} - ...)")


@check(points=2)
def check_training_with_sgd(chapter):
    W, B, history = chapter.run(sgd_training)
    expect_parameters(W, B, FINAL_W, FINAL_B, num_epochs=500)
    history = expect_history(history)
    expect_close(history[[0, -1], 1], [INITIAL_LOSS, FINAL_LOSS],
                 "the first and last logged losses")


@check(points=2)
def check_momentum_converges_faster(chapter):
    _, _, plain_history = chapter.run(sgd_training)
    W, B, fast = chapter.run(sgd_training, momentum=0.9)
    expect_parameters(W, B, *simulate(500, momentum=0.9), num_epochs=500, momentum=0.9)
    slow, fast = expect_history(plain_history), expect_history(fast)
    expect_close(fast[-1, 1], MOMENTUM_FINAL_LOSS, "the last logged loss with momentum 0.9")
    # After 50 epochs plain SGD is still above 5.2 while momentum is already below 4.8.
    if not fast[5, 1] < slow[5, 1]:
        fail("with momentum the loss should drop faster than without",
             expected=f"loss at epoch 50 below {slow[5, 1]:.4f}", got=fast[5, 1],
             cause=NO_MOMENTUM)


@check(points=2)
def check_fitted_line_on_unseen_heights(chapter):
    """Held-out evaluation: the trained prediction function, run here on new heights."""
    line = load_exported(chapter.run(trained_line), "the trained prediction function")
    X = unseen_heights()
    with torch.no_grad():
        predicted = line(X)
    name = "the prediction for 20 unseen heights"
    if tuple(predicted.shape) != (20,):
        fail(f"{name} has the wrong shape", expected=[20], got=list(predicted.shape),
             cause=ANY_X)
    expect_close(predicted, FINAL_W * X + FINAL_B, name, rtol=1e-4, atol=1e-3, cause=ANY_X)
