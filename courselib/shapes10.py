"""Shapes-10: the kit's offline stand-in for CIFAR-10, drawn by the kit itself.

10 classes of 32 x 32 RGB images (a disc, a ring, a square, a frame, a plus, a cross, a
triangle, a diamond, horizontal bars, vertical bars), each shape bright on a darker
background, with a random position, size and colours and pixel noise. Generated from fixed
seeds, so every machine gets the same 5,000 training and 1,000 test images (500 and 100 per
class) in about a second, with no download.

What it is: a data set on which chapters 9-10 train within seconds of CPU time. The shapes
move around the image, so a network that sees the image as a flat vector learns them far
worse than a CNN does, and batch norm visibly speeds training up; every class looks the same
mirrored, so a horizontal flip keeps its label. It overfits little: dropout and augmentation
do not narrow a gap that is hardly there (`python -m grader data lessons` measures it).
What it is not: natural images. Accuracies on it are much higher than on CIFAR-10 and say
nothing about CIFAR-10; fetch the real set (`python -m grader data fetch cifar10`) to compare
with the course's published curves.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from courselib.image_arrays import ImageArrays

CLASSES = ("disc", "ring", "square", "frame", "plus", "cross", "triangle", "diamond",
           "bars", "columns")
SIZE = 32
PER_CLASS = {True: 500, False: 100}  # training, test
SEEDS = {True: 20240901, False: 20240902}  # training, test: fixed, so the set never changes
NOISE = 20.0  # standard deviation of the pixel noise, in 0..255 units


def _shape_masks(kind: int, dx, dy, radius, stroke) -> np.ndarray:
    """Where shape `kind` covers the image, given each pixel's offset from the centre."""
    ax, ay = np.abs(dx), np.abs(dy)
    if kind == 0:
        return dx ** 2 + dy ** 2 <= radius ** 2
    if kind == 1:
        return np.abs(np.sqrt(dx ** 2 + dy ** 2) - radius) <= stroke
    if kind == 2:
        return np.maximum(ax, ay) <= 0.85 * radius
    if kind == 3:
        return np.abs(np.maximum(ax, ay) - 0.85 * radius) <= stroke
    if kind == 4:
        return ((ax <= stroke) & (ay <= radius)) | ((ay <= stroke) & (ax <= radius))
    if kind == 5:
        return (np.abs(ax - ay) <= stroke) & (np.maximum(ax, ay) <= radius)
    if kind == 6:  # apex up: a mirror image is the same triangle
        return (dy <= 0.8 * radius) & (dy >= -radius) & (ax <= 0.6 * (dy + radius))
    if kind == 7:
        return ax + ay <= 1.1 * radius
    inside = (ax <= radius) & (ay <= radius)
    if kind == 8:
        return inside & (np.floor(dy / 2.5) % 2 == 0)
    return inside & (np.floor(dx / 2.5) % 2 == 0)


@lru_cache(maxsize=2)
def generate(train: bool) -> tuple[np.ndarray, np.ndarray]:
    """(images uint8 [N, 32, 32, 3], labels int64 [N]) of the training or test part."""
    rng = np.random.default_rng(SEEDS[train])
    count = PER_CLASS[train] * len(CLASSES)
    labels = rng.permutation(np.repeat(np.arange(len(CLASSES)), PER_CLASS[train]))
    rows, columns = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32)

    def drawn(low, high):
        return rng.uniform(low, high, count).astype(np.float32)[:, None, None]

    centre_x, centre_y, radius = drawn(10, 22), drawn(10, 22), drawn(5, 9)
    stroke = np.maximum(1.0, 0.2 * radius)
    masks = np.zeros((count, SIZE, SIZE), dtype=bool)
    for kind in range(len(CLASSES)):
        chosen = labels == kind
        masks[chosen] = _shape_masks(kind, columns - centre_x[chosen], rows - centre_y[chosen],
                                     radius[chosen], stroke[chosen])
    foreground = rng.uniform(150, 255, (count, 3)).astype(np.float32)
    background = rng.uniform(0, 110, (count, 3)).astype(np.float32)
    images = np.where(masks[..., None], foreground[:, None, None], background[:, None, None])
    images += NOISE * rng.standard_normal(images.shape, dtype=np.float32)
    return np.clip(images, 0, 255).astype(np.uint8), labels.astype(np.int64)


class Shapes10(ImageArrays):
    """Shapes-10 with torchvision.datasets.CIFAR10's interface: items are (PIL RGB image,
    int label) before the transforms; `data` is uint8 [N, 32, 32, 3], `targets` a list of
    ints, `classes` the class names."""

    classes = list(CLASSES)

    def __init__(self, train: bool = True, transform=None, target_transform=None,
                 source: str = "Shapes-10"):
        images, labels = generate(bool(train))
        self.train, self.transform, self.target_transform = train, transform, target_transform
        self.data, self.targets = images, labels.tolist()
        self.source = source
