"""The data side of chapter 12: transforms for a pretrained model, a folder of image files
per class read with ImageFolder, and the loaders.

The course's tree (the ants/bees photos; without them, the kit's own tree written from
Shapes-10 images) looks like this; courselib.image_folders.course_image_folder() returns its
top folder:

    data_dir/train/<class>/<image files>
    data_dir/val/<class>/<image files>

Read a folder with courselib.image_folders.ImageFolder: torchvision's datasets.ImageFolder
that reports a file it cannot read (a corrupt image, a stray text file) with its path and
leaves it out, instead of stopping at the batch that holds it. It gives one class per
sub-folder, numbered in the alphabetical order of the folder names (its `classes` and
`class_to_idx`), and items (transformed image, class number).
"""

import os

from torch.utils.data import DataLoader
from torchvision import transforms

from courselib.image_folders import ImageFolder


def make_transforms():
    """Return (train_transform, test_transform), each a transforms.Compose taking a PIL
    image of any size and giving a float32 tensor [3, 224, 224]:

      - test_transform, for validation (and for showing images): transforms.Resize(256)
        (the shorter side scaled to 256, keeping the proportions), transforms.CenterCrop(224)
        (the middle 224 x 224), transforms.ToTensor(), transforms.Normalize(0.5, 0.5). It is
        the same every time: the data a model is measured on is never augmented.
      - train_transform, with data augmentation: transforms.RandomResizedCrop(224) (a random
        part of the image, resized to 224 x 224), transforms.RandomHorizontalFlip(),
        transforms.ToTensor(), transforms.Normalize(0.5, 0.5), transforms.RandomErasing(
        p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0), in this order. Each call
        draws anew.

    The pretrained models saw 224 x 224 images, so both give that size.
    """
    # BEGIN SOLUTION
    test_transform = transforms.Compose([
        transforms.Resize(256),
        transforms.CenterCrop(224),
        transforms.ToTensor(),
        transforms.Normalize(0.5, 0.5),
    ])
    train_transform = transforms.Compose([
        transforms.RandomResizedCrop(224),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        transforms.Normalize(0.5, 0.5),
        transforms.RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0),
    ])
    return train_transform, test_transform
    # END SOLUTION


def make_datasets(data_dir, train_transform, test_transform):
    """Return (train_data, train_data2, test_data), three ImageFolder data sets of the tree
    under `data_dir`, a str or a pathlib.Path (course_image_folder() returns a Path): join
    it with os.path.join(data_dir, "train"), which takes both, and write no folder name in:

      - train_data: data_dir/train with train_transform, for training;
      - train_data2: data_dir/train again, with test_transform: the training images as they
        are, for showing them without augmentation;
      - test_data: data_dir/val with test_transform, for validation.

    Augmentation goes on the training data only. Use courselib.image_folders.ImageFolder
    (torchvision's datasets.ImageFolder works the same on a folder without broken files).
    """
    # BEGIN SOLUTION
    train_dir = os.path.join(data_dir, "train")
    test_dir = os.path.join(data_dir, "val")
    train_data = ImageFolder(train_dir, transform=train_transform)
    train_data2 = ImageFolder(train_dir, transform=test_transform)
    test_data = ImageFolder(test_dir, transform=test_transform)
    return train_data, train_data2, test_data
    # END SOLUTION


def make_loaders(train_data, test_data, batch_size=10):
    """Return (train_loader, test_loader): DataLoaders over the data sets given, in
    mini-batches of `batch_size` (the course's 10), the training one shuffled (shuffle=True),
    the test one in order (shuffle=False)."""
    # BEGIN SOLUTION
    train_loader = DataLoader(train_data, batch_size=batch_size, shuffle=True)
    test_loader = DataLoader(test_data, batch_size=batch_size, shuffle=False)
    return train_loader, test_loader
    # END SOLUTION
