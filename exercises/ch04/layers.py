"""Layer functions composed into a prediction function: Linear -> ReLU -> Linear.

The input of every layer is a batch: a tensor whose first dimension counts the samples. A
batch of 100 images of 28 x 28 pixels, each flattened to 784 values, has shape [100, 784]
("100 vectors of 784 values"), and the model turns it into [100, 10]: ten scores per image,
one for each digit.
"""

import torch
from torch import nn


class TwoLayerNet(nn.Module):
    """A prediction function composed by hand from three layer functions.

    In __init__, create and keep as attributes:
      - a linear layer from the 784 input values to a hidden layer of 128 values,
      - a ReLU activation,
      - a linear layer from the 128 hidden values to the 10 outputs.
    forward(x) takes a batch x of shape [N, 784] and applies them in turn: the first linear
    layer, then the ReLU, then the second linear layer. It returns shape [N, 10].

    Hint: nn.Linear(in_features, out_features); the hidden size appears twice, as the first
    layer's out_features and the second layer's in_features.
    """

    def __init__(self):
        super().__init__()
        raise NotImplementedError("ch04 task 'TwoLayerNet.__init__': not implemented yet (replace this line with your code)")

    def forward(self, x):
        raise NotImplementedError("ch04 task 'TwoLayerNet.forward': not implemented yet (replace this line with your code)")


def build_sequential():
    """Return the same prediction function as TwoLayerNet, built with nn.Sequential.

    nn.Sequential(layer_a, layer_b, ...) is itself a layer function that feeds its input to
    layer_a, layer_a's output to layer_b, and so on. Give it new layers: Linear(784 -> 128),
    ReLU, Linear(128 -> 10).
    """
    raise NotImplementedError("ch04 task 'build_sequential': not implemented yet (replace this line with your code)")


def count_parameters(model):
    """The number of trainable values in `model`: the elements of all its parameter tensors.

    A Linear(in, out) layer holds a weight of shape [out, in] and a bias of shape [out], so
    it has in * out + out of them. For TwoLayerNet the total is 101,770.
    Hint: model.parameters() yields each parameter tensor; tensor.numel() counts elements.
    """
    raise NotImplementedError("ch04 task 'count_parameters': not implemented yet (replace this line with your code)")


def make_batch(images):
    """Lay out N images as the input batch of the model.

    `images` is a NumPy array of shape [N, 28, 28] (uint8 or float). Return a float32 tensor
    of shape [N, 784] whose row i is image i flattened row after row (pixel [r, c] goes to
    column 28 * r + c). Keep the pixel values as they are (no scaling).

    The batch dimension comes first: a [784, N] tensor would be read as 784 samples of N
    values each.
    """
    raise NotImplementedError("ch04 task 'make_batch': not implemented yet (replace this line with your code)")


def collapse_linear(l1, l2):
    """Return one new nn.Linear that computes exactly what l2(l1(x)) computes.

    l1 maps in1 values to h values, l2 maps h values to out2 values. With weights W1 [h, in1],
    W2 [out2, h] and biases b1, b2:
        l2(l1(x)) = W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2)
    so the composition is a single linear layer from in1 to out2. This is why stacking linear
    layers without an activation (such as ReLU) between them adds nothing: the stack is still
    one linear function.
    Leave l1 and l2 unchanged. Hint: set the new layer's weight and bias inside
    `with torch.no_grad():`, e.g. with layer.weight.copy_(...).
    """
    raise NotImplementedError("ch04 task 'collapse_linear': not implemented yet (replace this line with your code)")
