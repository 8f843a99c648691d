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
        # BEGIN SOLUTION
        self.l1 = nn.Linear(n_input, n_hidden)
        self.l2 = nn.Linear(n_hidden, n_output)
        self.relu = nn.ReLU(inplace=True)
        # END SOLUTION

    def forward(self, x):
        # BEGIN SOLUTION
        x1 = self.l1(x)
        x2 = self.relu(x1)
        return self.l2(x2)
        # END SOLUTION


class Net2(nn.Module):
    """A network with two hidden layers of n_hidden units: Linear(n_input, n_hidden) ->
    ReLU -> Linear(n_hidden, n_hidden) -> ReLU -> Linear(n_hidden, n_output).

    forward(x) takes [N, n_input] and returns the scores [N, n_output], with no activation
    after the last layer. For MNIST, Net2(784, 10, 128) has 118,282 parameters.
    """

    def __init__(self, n_input, n_output, n_hidden=128):
        super().__init__()
        # BEGIN SOLUTION
        self.l1 = nn.Linear(n_input, n_hidden)
        self.l2 = nn.Linear(n_hidden, n_hidden)
        self.l3 = nn.Linear(n_hidden, n_output)
        self.relu = nn.ReLU(inplace=True)
        # END SOLUTION

    def forward(self, x):
        # BEGIN SOLUTION
        x1 = self.relu(self.l1(x))
        x2 = self.relu(self.l2(x1))
        return self.l3(x2)
        # END SOLUTION
