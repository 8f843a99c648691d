"""nn.Linear, the layer function of a linear model, and a model class built on it.

nn.Linear(n_in, n_out) holds a weight of shape [n_out, n_in] and a bias of shape [n_out],
and maps a batch x of shape [N, n_in] to x @ weight.T + bias, of shape [N, n_out]. Its
parameters start at random values; nn.init.constant_(tensor, value) sets them to a constant
(it works on a slice of a parameter too, such as weight[0, :]).
"""

import torch
from torch import nn


def layer_one_in_one_out():
    """Return an nn.Linear(1, 1) that computes y = 2x + 1: weight 2.0, bias 1.0.

    Applied to the batch [[-2], [-1], [0], [1], [2]] (shape [5, 1]) it gives
    [[-3], [-1], [1], [3], [5]].
    """
    raise NotImplementedError("ch05 task 'layer_one_in_one_out': not implemented yet (replace this line with your code)")


def layer_two_in_one_out():
    """Return an nn.Linear(2, 1) that computes y = x1 + x2 + 2: every weight 1.0, bias 2.0.

    Applied to [[0, 0], [0, 1], [1, 0], [1, 1]] it gives [[2], [3], [3], [4]].
    """
    raise NotImplementedError("ch05 task 'layer_two_in_one_out': not implemented yet (replace this line with your code)")


def layer_two_in_three_out():
    """Return an nn.Linear(2, 3) whose output i is (i + 1) * (x1 + x2) + 2.

    Row i of the weight (shape [3, 2]) holds the two weights of output i: set row 0 to 1.0,
    row 1 to 2.0, row 2 to 3.0, and the whole bias to 2.0. Applied to
    [[0, 0], [0, 1], [1, 0], [1, 1]] it gives [[2, 2, 2], [3, 4, 5], [3, 4, 5], [4, 6, 8]].
    """
    raise NotImplementedError("ch05 task 'layer_two_in_three_out': not implemented yet (replace this line with your code)")


def parameter_shapes(model):
    """Return {name: shape} for every parameter of `model`, shapes as lists of ints.

    For nn.Linear(1, 1): {"weight": [1, 1], "bias": [1]}; for a Net(2, 1) whose layer is
    self.l1: {"l1.weight": [1, 2], "l1.bias": [1]}.
    Hint: model.named_parameters() yields (name, parameter) pairs.
    """
    raise NotImplementedError("ch05 task 'parameter_shapes': not implemented yet (replace this line with your code)")


class Net(nn.Module):
    """The linear regression model: one nn.Linear(n_input, n_output), kept as self.l1.

    Every weight and the bias start at 1.0 (nn.init.constant_), so that training starts
    from the same place every time. forward(x) maps a batch x of shape [N, n_input] to
    the layer's output, of shape [N, n_output].

    Hint: a subclass of nn.Module must let nn.Module set itself up (super().__init__())
    before it is given any layer.
    """

    def __init__(self, n_input, n_output):
        raise NotImplementedError("ch05 task 'Net.__init__': not implemented yet (replace this line with your code)")

    def forward(self, x):
        raise NotImplementedError("ch05 task 'Net.forward': not implemented yet (replace this line with your code)")
