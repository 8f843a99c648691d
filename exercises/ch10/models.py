"""The deeper CNNs of chapter 10, for 32 x 32 RGB images (CIFAR-10, or the offline Shapes-10).

All three share one plan; each stage keeps the image size (3 x 3 kernels with padding 1)
until a 2 x 2 max-pool halves it:

    conv1 3 -> 32, conv2 32 -> 32, pool     [N, 32, 16, 16]
    conv3 32 -> 64, conv4 64 -> 64, pool    [N, 64, 8, 8]
    conv5 64 -> 128, conv6 128 -> 128, pool [N, 128, 4, 4]
    flatten [N, 2048], Linear(4*4*128, 128), ReLU, Linear(128, num_classes)

with a ReLU after every convolution. The models return raw scores (logits) [N, num_classes]:
nn.CrossEntropyLoss applies the softmax itself. Use nn.Conv2d, nn.MaxPool2d, nn.Linear,
nn.Dropout and nn.BatchNorm2d modules (the grader finds the layers by their type); the
ReLU, the pooling and the flattening may be modules or functions.
"""

import torch
from torch import nn


class CNN_v2(nn.Module):
    """The deeper CNN: six convolutions (kernel 3, padding 1), three max-pools, two Linear
    layers, as in the module's plan. forward(x): [N, 3, 32, 32] -> [N, num_classes].

    CNN_v2(10) has 550,570 parameters.
    """

    def __init__(self, num_classes):
        super().__init__()
        raise NotImplementedError("ch10 task 'CNN_v2.__init__': not implemented yet (replace this line with your code)")

    def forward(self, x):
        raise NotImplementedError("ch10 task 'CNN_v2.forward': not implemented yet (replace this line with your code)")


class CNN_v3(nn.Module):
    """CNN_v2 with dropout against overfitting: nn.Dropout(0.2) after the first max-pool,
    nn.Dropout(0.3) after the second, nn.Dropout(0.4) after the third, and nn.Dropout(0.4)
    again between the ReLU after l1 and l2.

    In training mode each dropout zeroes a random fraction p of its inputs and scales the
    others by 1 / (1 - p); in evaluation mode (net.eval()) it passes its input on unchanged.
    Dropout has no parameters: CNN_v3(10) has 550,570, as CNN_v2(10).
    """

    def __init__(self, num_classes):
        super().__init__()
        raise NotImplementedError("ch10 task 'CNN_v3.__init__': not implemented yet (replace this line with your code)")

    def forward(self, x):
        raise NotImplementedError("ch10 task 'CNN_v3.forward': not implemented yet (replace this line with your code)")


class CNN_v4(nn.Module):
    """CNN_v3 with batch normalization: an nn.BatchNorm2d right after each convolution,
    before its ReLU (conv -> batch norm -> ReLU), with as many channels as the convolution
    gives: 32, 32, 64, 64, 128, 128.

    Each place needs its own BatchNorm2d instance (bn1 ... bn6): a batch norm has its own
    weight and bias to learn and its own running statistics, so one instance used at two
    places would mix two layers' statistics and share their parameters. CNN_v4(10) has
    551,466 parameters (2 per channel of each batch norm more than CNN_v3).
    """

    def __init__(self, num_classes):
        super().__init__()
        raise NotImplementedError("ch10 task 'CNN_v4.__init__': not implemented yet (replace this line with your code)")

    def forward(self, x):
        raise NotImplementedError("ch10 task 'CNN_v4.forward': not implemented yet (replace this line with your code)")
