"""Chapter 9: a CNN on CIFAR-10, and the course's shared training helpers.

First write the helpers the rest of the course uses (chapters 10-12 use the kit's own
versions in courselib, so a mistake here costs no points there): seed setting that really
makes a run reproducible, the loss of one batch for looking at the computation graph, the
training loop `fit` that continues a history, the learning curves of a history and a grid
of images with their labels and predictions, both saved as PNG files. Then compare a fully
connected network on flattened 32 x 32 colour images with a convolutional network: two
3 x 3 convolutions, a 2 x 2 max pooling, 32 * 14 * 14 = 6272 features, 128 hidden units,
10 classes. Without the real CIFAR-10 under data/, courselib.datasets.cifar10 serves the
kit's offline Shapes-10 set through the same interface.
"""
