"""Logistic regression on the first two iris species, with BCELoss and with BCEWithLogitsLoss."""

import math

import numpy as np
import torch
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split
from torch import nn, optim
from tqdm import tqdm

from courselib.training import TrainingDiverged


def load_data():
    """Return the course's split (x_train, x_test, y_train, y_test) as NumPy arrays.

    Take the first 100 rows of sklearn's load_iris() (classes 0 and 1 only) and its first two
    columns (sepal length and sepal width), then split them with
    train_test_split(x, y, train_size=70, test_size=30, random_state=123).
    Shapes: x_train [70, 2], x_test [30, 2] (float64), y_train [70], y_test [30] (int).
    """
    raise NotImplementedError("ch06 task 'load_data': not implemented yet (replace this line with your code)")


def to_tensors(x, y):
    """Return (inputs, labels) for BCELoss from NumPy inputs x [N, 2] and labels y [N] (0/1).

    inputs: float32 tensor [N, 2], the rows of x in their order.
    labels: float32 tensor [N, 1], one column: BCELoss needs labels of the same shape and
    dtype as the model's outputs, which are [N, 1].
    """
    raise NotImplementedError("ch06 task 'to_tensors': not implemented yet (replace this line with your code)")


class Net(nn.Module):
    """Logistic regression: a Linear(n_input, n_output) layer followed by a sigmoid.

    Keep the layer as `self.l1`. Set all its weights and its bias to 1.0 (the course starts
    from there, so that every run gives the same numbers). forward(x) returns the
    probabilities sigmoid(l1(x)), of shape [N, n_output].
    """

    def __init__(self, n_input, n_output):
        raise NotImplementedError("ch06 task 'Net.__init__': not implemented yet (replace this line with your code)")

    def forward(self, x):
        raise NotImplementedError("ch06 task 'Net.forward': not implemented yet (replace this line with your code)")


class LogitNet(nn.Module):
    """The same model without the sigmoid: forward(x) returns the raw outputs l1(x), the
    logits, for BCEWithLogitsLoss (which applies the sigmoid itself).

    Keep the layer as `self.l1`, its weights and bias set to 1.0 as in Net.
    """

    def __init__(self, n_input, n_output):
        raise NotImplementedError("ch06 task 'LogitNet.__init__': not implemented yet (replace this line with your code)")

    def forward(self, x):
        raise NotImplementedError("ch06 task 'LogitNet.forward': not implemented yet (replace this line with your code)")


def setup(logits=False):
    """Return (net, criterion, threshold) for the course's 2-input, 1-output model.

    logits=False: Net(2, 1), nn.BCELoss() and the threshold 0.5 on the probabilities.
    logits=True: LogitNet(2, 1), nn.BCEWithLogitsLoss() and the threshold on the logits that
    makes the same decision: 0.0, since sigmoid(0) = 0.5.
    """
    raise NotImplementedError("ch06 task 'setup': not implemented yet (replace this line with your code)")


def accuracy(outputs, labels, threshold):
    """The fraction of rows predicted right, as a Python float.

    outputs and labels are tensors of shape [N, 1]; a row is predicted 1 where its output is
    at least `threshold`, else 0 (the course: torch.where(outputs < threshold, 0, 1)).
    """
    raise NotImplementedError("ch06 task 'accuracy': not implemented yet (replace this line with your code)")


def train(net, criterion, inputs, labels, inputs_test, labels_test, lr=0.01,
          num_epochs=10000, threshold=0.5, log_every=10):
    """Train `net` with optim.SGD(net.parameters(), lr=lr) for num_epochs epochs on the whole
    training set, and return the history of the course's loop.

    Each epoch: zero the gradients, predict on inputs, compute criterion(outputs, labels),
    backward, step. The training loss and accuracy of the epoch are those of these outputs
    (before the step); the validation loss and accuracy are computed after the step, on
    inputs_test and labels_test, without gradients (torch.no_grad()). Accuracy uses
    `threshold` (see accuracy()).

    Every `log_every` epochs (epoch 0 included) record the row
    [epoch, train loss, train acc, val loss, val acc].
    Returns history: a float NumPy array of shape [len(range(0, num_epochs, log_every)), 5].
    If the training loss becomes nan or inf, stop by raising
    courselib.training.TrainingDiverged(epoch, loss, lr).
    """
    raise NotImplementedError("ch06 task 'train': not implemented yet (replace this line with your code)")


def decision_boundary(weight, bias, x):
    """The decision boundary of a trained model: for each first coordinate in x, the second
    coordinate where the model's logit is 0, i.e. where bias + w0 * x + w1 * y = 0.

    weight: NumPy array [1, 2] (net.l1.weight.data.numpy()), bias: NumPy array [1],
    x: NumPy array [K]. Returns a NumPy array [K].
    """
    raise NotImplementedError("ch06 task 'decision_boundary': not implemented yet (replace this line with your code)")
