"""The two networks of chapter 9: a fully connected one on flattened images and a CNN.

Both return raw scores (logits), one per class, with no softmax at the end:
nn.CrossEntropyLoss applies it itself.
"""

from torch import nn


class Net(nn.Module):
    """A fully connected network with one hidden layer: Linear(n_input, n_hidden) -> ReLU ->
    Linear(n_hidden, n_output).

    forward(x) takes flattened images [N, n_input] and returns the scores [N, n_output].
    For CIFAR-10, Net(3072, 10, 128) has 394,634 parameters (count them with
    sum(p.numel() for p in net.parameters())). Use the sizes given.
    """

    def __init__(self, n_input, n_output, n_hidden=128):
        super().__init__()
        raise NotImplementedError("ch09 task 'Net.__init__': not implemented yet (replace this line with your code)")

    def forward(self, x):
        raise NotImplementedError("ch09 task 'Net.forward': not implemented yet (replace this line with your code)")


class CNN(nn.Module):
    """The course's convolutional network for 32 x 32 RGB images [N, 3, 32, 32].

    features: Conv2d(3, 32, 3) -> ReLU -> Conv2d(32, 32, 3) -> ReLU -> MaxPool2d(2);
    then nn.Flatten(); classifier: Linear(6272, n_hidden) -> ReLU -> Linear(n_hidden,
    n_output). Keep the layers in two nn.Sequential containers, self.features and
    self.classifier, with nn.Flatten() between them, as the course does.

    The shapes for a batch of N images: [N, 3, 32, 32] -> conv1 [N, 32, 30, 30] (a 3 x 3
    kernel without padding loses one pixel on each side) -> conv2 [N, 32, 28, 28] ->
    pooling [N, 32, 14, 14] -> flatten [N, 6272] (32 * 14 * 14) -> [N, n_hidden] ->
    [N, n_output]. One pooling only: a second one would leave [N, 32, 7, 7], 1,568 values.
    CNN(10, 128) has 814,378 parameters.
    """

    def __init__(self, n_output, n_hidden=128):
        super().__init__()
        raise NotImplementedError("ch09 task 'CNN.__init__': not implemented yet (replace this line with your code)")

    def forward(self, x):
        raise NotImplementedError("ch09 task 'CNN.forward': not implemented yet (replace this line with your code)")
