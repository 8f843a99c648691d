"""Multiclass logistic regression on the three iris species, with CrossEntropyLoss."""

import math

import numpy as np
import torch
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split
from torch import nn, optim
from tqdm import tqdm

from courselib.training import TrainingDiverged


def load_data(columns=(0, 2)):
    """Return the course's split (x_train, x_test, y_train, y_test) as NumPy arrays.

    Take all 150 rows of sklearn's load_iris() and the given columns of its data (the course
    uses sepal length and petal length, columns 0 and 2; then all four, (0, 1, 2, 3)), then
    split them with train_test_split(x, y, train_size=75, test_size=75, random_state=123).
    Shapes: x_train and x_test [75, len(columns)] (float64), y_train and y_test [75] (int).
    """
    raise NotImplementedError("ch07 task 'load_data': not implemented yet (replace this line with your code)")


def to_tensors(x, y):
    """Return (inputs, labels) for CrossEntropyLoss from NumPy inputs x [N, F] and class
    labels y [N] (0, 1, 2).

    inputs: float32 tensor [N, F], the rows of x in their order.
    labels: int64 tensor [N]: CrossEntropyLoss takes the labels as class indices.
    """
    raise NotImplementedError("ch07 task 'to_tensors': not implemented yet (replace this line with your code)")


class Net(nn.Module):
    """A Linear(n_input, n_output) layer, one output per class, and nothing after it.

    Keep the layer as `self.l1`, with all its weights and its bias set to 1.0 (the course's
    start). forward(x) returns the raw scores (logits) l1(x), of shape [N, n_output]:
    CrossEntropyLoss applies the softmax itself.
    """

    def __init__(self, n_input, n_output):
        raise NotImplementedError("ch07 task 'Net.__init__': not implemented yet (replace this line with your code)")

    def forward(self, x):
        raise NotImplementedError("ch07 task 'Net.forward': not implemented yet (replace this line with your code)")


def predicted_labels(outputs):
    """The predicted class of each row of outputs [N, C]: the index of its largest score,
    as an int64 tensor [N] (the course: torch.max(outputs, 1)[1])."""
    raise NotImplementedError("ch07 task 'predicted_labels': not implemented yet (replace this line with your code)")


def probabilities(outputs):
    """The probability of each class for each row of outputs [N, C]: the softmax of each row,
    a tensor [N, C] whose rows sum to 1."""
    raise NotImplementedError("ch07 task 'probabilities': not implemented yet (replace this line with your code)")


def accuracy(outputs, labels):
    """The fraction of rows of outputs [N, C] whose predicted class is the label (labels:
    int64 [N]), as a Python float."""
    raise NotImplementedError("ch07 task 'accuracy': not implemented yet (replace this line with your code)")


def train(net, criterion, inputs, labels, inputs_test, labels_test, lr=0.01,
          num_epochs=10000, log_every=10):
    """Train `net` with optim.SGD(net.parameters(), lr=lr) for num_epochs epochs on the whole
    training set, and return the history of the course's loop.

    Each epoch: zero the gradients, predict on inputs, compute criterion(outputs, labels),
    backward, step. The training loss and accuracy of the epoch are those of these outputs
    (before the step); the validation loss and accuracy are computed after the step, on
    inputs_test and labels_test, without gradients (torch.no_grad()).

    Every `log_every` epochs (epoch 0 included) record the row
    [epoch, train loss, train acc, val loss, val acc].
    Returns history: a float NumPy array of shape [len(range(0, num_epochs, log_every)), 5].
    If the training loss becomes nan or inf, stop by raising
    courselib.training.TrainingDiverged(epoch, loss, lr).
    """
    raise NotImplementedError("ch07 task 'train': not implemented yet (replace this line with your code)")
