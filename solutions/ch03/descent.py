"""Gradient descent by hand on the five-person height/weight sample."""

import numpy as np
import torch
from torch import optim

from courselib.datasets import height_weight


def load_centered_data():
    """Return (X, Y): heights and weights of the sample, each minus its own mean.

    Both are float32 tensors of shape [5]. Gradient descent behaves better on values near
    zero, which is why the columns are centred.
    Hint: courselib.datasets.height_weight() returns the raw [5, 2] NumPy array (float64).
    """
    # BEGIN SOLUTION
    data = height_weight()
    x, y = data[:, 0], data[:, 1]
    X = torch.tensor(x - x.mean()).float()
    Y = torch.tensor(y - y.mean()).float()
    return X, Y
    # END SOLUTION


def init_params():
    """Return (W, B): two scalar tensors, both 1.0, that autograd tracks (requires_grad)."""
    # BEGIN SOLUTION
    W = torch.tensor(1.0, requires_grad=True)
    B = torch.tensor(1.0, requires_grad=True)
    return W, B
    # END SOLUTION


def predict(X, W, B):
    """The prediction function: the line W * X + B, for every element of X."""
    # BEGIN SOLUTION
    return W * X + B
    # END SOLUTION


def mse(Yp, Y):
    """Mean squared error between predictions Yp and targets Y, as a scalar tensor."""
    # BEGIN SOLUTION
    return ((Yp - Y) ** 2).mean()
    # END SOLUTION


def train_manual(X, Y, lr=0.001, num_epochs=500, log_every=10):
    """Fit W and B with plain gradient descent, updating them yourself.

    Start from init_params(). Each epoch: predict, compute the loss, call backward(), then
    move W and B against their gradients by lr times the gradient and reset the gradients.
    Every `log_every` epochs (epoch 0 included) record the row [epoch, loss] of the loss
    computed in that epoch, before its update.

    Returns (W, B, history): W and B are still the leaf tensors from init_params();
    history is a NumPy array of shape [num_epochs // log_every, 2].
    Hint: the update must not be recorded by autograd (torch.no_grad()), and it must change
    W and B in place (-=); W.grad.zero_() resets a gradient.
    """
    # BEGIN SOLUTION
    W, B = init_params()
    history = []
    for epoch in range(num_epochs):
        loss = mse(predict(X, W, B), Y)
        loss.backward()
        with torch.no_grad():
            W -= lr * W.grad
            B -= lr * B.grad
            W.grad.zero_()
            B.grad.zero_()
        if epoch % log_every == 0:
            history.append([epoch, loss.item()])
    return W, B, np.array(history)
    # END SOLUTION


def train_with_optimizer(X, Y, lr=0.001, num_epochs=500, momentum=0.0, log_every=10):
    """The same training as train_manual, with torch.optim.SGD doing the update.

    Pass `momentum` on to SGD. Returns (W, B, history) like train_manual.
    Hint: optimizer.step() updates, optimizer.zero_grad() resets the gradients.
    """
    # BEGIN SOLUTION
    W, B = init_params()
    optimizer = optim.SGD([W, B], lr=lr, momentum=momentum)
    history = []
    for epoch in range(num_epochs):
        loss = mse(predict(X, W, B), Y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        if epoch % log_every == 0:
            history.append([epoch, loss.item()])
    return W, B, np.array(history)
    # END SOLUTION
