"""The transforms of chapter 9: one for the fully connected network, one for the CNN.

Load the images with courselib.datasets.cifar10(train=..., transform=...) (the real CIFAR-10
when it is under data/, the offline Shapes-10 set otherwise) and serve them with DataLoaders
of 100 images (shuffle=True for training only), as in chapter 8.
"""

from torchvision import transforms


def make_transforms():
    """Return (transform1, transform2), the transforms of one 32 x 32 RGB PIL image.

    Both scale the pixels to [0, 1] (transforms.ToTensor(), which also puts the channels
    first: [3, 32, 32]) and then to [-1, 1] (transforms.Normalize(0.5, 0.5)):
      - transform1, for the fully connected network, then flattens the image to a float32
        tensor of shape [3072] (transforms.Lambda(lambda x: x.view(-1))): channel by
        channel, each row after row (pixel [r, c] of channel k goes to 1024 * k + 32 * r + c);
      - transform2, for the CNN, keeps the float32 tensor of shape [3, 32, 32].
    """
    raise NotImplementedError("ch09 task 'make_transforms': not implemented yet (replace this line with your code)")
