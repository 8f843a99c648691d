"""Linear regression of the house price on the Boston housing table, by gradient descent.

courselib.datasets.boston() returns (x_org, yt, feature_names): the 13 features of the 506
districts as a float64 NumPy array of shape [506, 13], their prices (MEDV, in $1000s) as a
float64 array of shape [506], and the 13 column names, e.g. "RM" (average number of rooms)
and "LSTAT" (share of lower-status population).
"""

import numpy as np
import torch
from torch import nn, optim

from courselib.training import TrainingDiverged, is_finite


def select_features(x_org, feature_names, names):
    """Return the columns of x_org called `names`, in the order of `names`.

    x_org: a NumPy array of shape [N, 13]; feature_names: the 13 column names (a NumPy
    array of str); names: a list of column names, e.g. ["RM"] or ["RM", "LSTAT"].
    Returns a float32 tensor of shape [N, len(names)]: the model's inputs.
    """
    raise NotImplementedError("ch05 task 'select_features': not implemented yet (replace this line with your code)")


def to_labels(yt):
    """Return the prices yt (a NumPy array of shape [N]) as the training labels: a float32
    tensor of shape [N, 1], one row per district, like the model's outputs.

    Hint: nn.MSELoss compares outputs and labels element by element only when their shapes
    agree; an [N, 1] output and an [N] label are broadcast to [N, N] instead (with only a
    warning), which gives a wrong loss. tensor.view(-1, 1) makes the column.
    """
    raise NotImplementedError("ch05 task 'to_labels': not implemented yet (replace this line with your code)")


def train(net, inputs, labels, lr, num_epochs, log_every=100):
    """Fit `net` to (inputs, labels) by full-batch gradient descent; return the history.

    net: any nn.Module mapping [N, k] inputs to [N, 1] outputs (train the net given; do not
    create another). inputs: float32 [N, k]; labels: float32 [N, 1].
    Use torch.optim.SGD over net.parameters() with learning rate `lr`, and as the loss half
    the mean squared error, nn.MSELoss()(outputs, labels) / 2.0, as the course does. Each
    of the `num_epochs` epochs: reset the gradients, predict, compute the loss, backward(),
    step().

    Every `log_every` epochs (epoch 0 included) record the row [epoch, loss] with the loss
    computed in that epoch (before its update). Returns the history as a NumPy array of
    shape [rows, 2], one row per logged epoch.

    A learning rate too high for the inputs makes the loss grow without bound, to inf and
    then nan. At the first epoch whose loss is not a finite number, stop and raise
    courselib.training.TrainingDiverged(epoch, loss, lr).
    Hint: courselib.training.is_finite(loss.item()) tells whether a loss is finite.
    """
    raise NotImplementedError("ch05 task 'train': not implemented yet (replace this line with your code)")


def line_ends(net, inputs):
    """The regression line of a one-input model at the ends of the data.

    inputs: a float32 tensor of shape [N, 1]. Returns (x_ends, y_ends), two float32 tensors
    of shape [2, 1]: x_ends holds the smallest and the largest input, [[min], [max]], and
    y_ends the model's predictions for them, computed without recording gradients (so that
    they can be drawn: torch.no_grad()).
    """
    raise NotImplementedError("ch05 task 'line_ends': not implemented yet (replace this line with your code)")
