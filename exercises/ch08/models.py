"""Fully connected networks for MNIST: 784 inputs, hidden layers with ReLU, 10 outputs.

The networks return raw scores (logits), one per class: nn.CrossEntropyLoss applies the
softmax itself, so the model must not. Keep PyTorch's default initialisation of the
weights (all weights 1.0 would make every hidden unit the same and nothing would learn).
"""

from torch import nn


class Net(nn.Module):
    """A network with one hidden layer: Linear(n_input, n_hidden) -> ReLU ->
    Linear(n_hidden, n_output).

    forward(x) takes a batch [N, n_input] and returns the scores [N, n_output], with no
    activation after the last layer. For MNIST, Net(784, 10, 128) has 101,770 parameters.
    Use the sizes given: for instance Net(20, 3, 7) has 20 * 7 + 7 + 7 * 3 + 3 = 171.
    """

    def __init__(self, n_input, n_output, n_hidden=128):
        super().__init__()
        raise NotImplementedError("ch08 task 'Net.__init__': not implemented yet (replace this line with your code)")

    def forward(self, x):
        raise NotImplementedError("ch08 task 'Net.forward': not implemented yet (replace this line with your code)")


class Net2(nn.Module):
    """A network with two hidden layers of n_hidden units: Linear(n_input, n_hidden) ->
    ReLU -> Linear(n_hidden, n_hidden) -> ReLU -> Linear(n_hidden, n_output).

    forward(x) takes [N, n_input] and returns the scores [N, n_output], with no activation
    after the last layer. For MNIST, Net2(784, 10, 128) has 118,282 parameters.
    """

    def __init__(self, n_input, n_output, n_hidden=128):
        super().__init__()
        raise NotImplementedError("ch08 task 'Net2.__init__': not implemented yet (replace this line with your code)")

    def forward(self, x):
        raise NotImplementedError("ch08 task 'Net2.forward': not implemented yet (replace this line with your code)")
