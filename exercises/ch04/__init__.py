"""Chapter 4: prediction functions built from layer functions.

A model is a composite function made of layer functions: nn.Linear(784, 128), a ReLU, and
nn.Linear(128, 10), applied in turn to a batch of flattened 28 x 28 images. Compose them by
hand in an nn.Module and with nn.Sequential, count their parameters, lay images out as a
batch, and see why two linear layers with no activation between them are only one.
"""
