"""The data of chapter 11: CIFAR-10 enlarged to 112 x 112 for the pretrained models, with
data augmentation for training.

CIFAR-10 comes from courselib.datasets.cifar10, which serves the real set when it is under
data/ (`python -m grader data fetch cifar10`) and otherwise the kit's offline Shapes-10
(10 classes of drawn shapes, 32 x 32 RGB) through the same interface. Items are (PIL image,
label) before the transform.
"""

from torch.utils.data import DataLoader
from torchvision import transforms

from courselib.datasets import cifar10

SIZE = 112  # the pretrained models learnt at 224; 112 is the course's compromise on speed


def make_transforms():
    """Return (transform_train, transform), the course's two transforms:

      - transform_train, for the training data, in this order:
          transforms.Resize(112), transforms.RandomHorizontalFlip(p=0.5),
          transforms.ToTensor(), transforms.Normalize(0.5, 0.5),
          transforms.RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0)
      - transform, for the validation data: transforms.Resize(112), transforms.ToTensor(),
        transforms.Normalize(0.5, 0.5), nothing else.

    Resize(112) enlarges a square image (32 x 32) to 112 x 112; both return a float32
    tensor [3, 112, 112] in [-1, 1]. transform_train mirrors half of the images and sets a
    random rectangle of half of them to 0 (after Normalize, so 0 is mid-grey), anew at
    each call; the validation transform gives the same tensor every time: the data a model
    is measured on is never augmented.
    """
    raise NotImplementedError("ch11 task 'make_transforms': not implemented yet (replace this line with your code)")


def make_loaders(batch_size=50):
    """Return (train_loader, test_loader) over CIFAR-10 (courselib.datasets.cifar10) with
    the transforms of make_transforms():

      - train_loader: the training part (train=True) with transform_train, in shuffled
        mini-batches of `batch_size`;
      - test_loader: the test part (train=False) with the validation transform, in
        mini-batches of `batch_size`, not shuffled.
    """
    raise NotImplementedError("ch11 task 'make_loaders': not implemented yet (replace this line with your code)")
