"""Chapter 8: handwritten digits (MNIST) with a fully connected network.

Pick the device to train on (the GPU when there is one), turn each 28 x 28 image into a
vector of 784 values in [-1, 1] with torchvision transforms, serve the images in mini-batches
of 500 with DataLoaders, and train a network with one hidden layer of 128 units (then two)
with a mini-batch loop that shows a progress bar and keeps the course's 5-column history.
"""
