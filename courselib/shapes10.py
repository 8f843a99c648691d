"""Shapes-10: the kit's offline stand-in for CIFAR-10, drawn by the kit itself.

10 classes of 32 x 32 RGB images (a disc, a ring, a square, a frame, a plus, a cross, a
triangle, a diamond, horizontal bars, vertical bars). Each shape has a random position, size
and colour, over a background of another random colour, with two small distractor blobs in
the shapes' colours, a coarse shading and pixel noise. Generated from fixed seeds, so every
machine gets the same 5,000 training and 1,000 test images (500 and 100 per class) in about
a second, with no download.

What it is: a data set on which chapters 9-10 train within seconds of CPU time and their
lessons hold (`python -m grader data lessons` measures them). The shapes move around the
image, so a network that sees the image as a flat vector learns them far worse than a CNN
does; batch norm visibly speeds training up; a small training set overfits (the distractors
and the shading can be memorized), and dropout and augmentation narrow the gap between
training and held-out accuracy; every class looks the same mirrored, so a horizontal flip
keeps its label. What it is not: natural images. Accuracies on it say nothing about
CIFAR-10; fetch the real set (`python -m grader data fetch cifar10`) to compare with the
course's published curves.
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
# How hard the images are (in 0..255 units). Chosen so that a small training set overfits
# the way CIFAR-10 does in the course: on 1,000 images over 25 epochs CNN_v2 reaches about
# 0.98 on them and 0.88 held out, and dropout and augmentation narrow that gap
# (`python -m grader data lessons` measures it).
FOREGROUND, BACKGROUND = (110, 255), (0, 140)  # ranges of the shape's and background's colours
DISTRACTORS = 2   # small discs or squares in the shapes' colours, anywhere in the image
SHADING = 20.0    # standard deviation of a coarse pattern of lighter and darker patches
NOISE = 25.0      # standard deviation of the pixel noise


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

    def colours(low, high):
        return rng.uniform(low, high, (count, 3)).astype(np.float32)[:, None, None]

    centre_x, centre_y, radius = drawn(10, 22), drawn(10, 22), drawn(5, 9)
    stroke = np.maximum(1.0, 0.2 * radius)
    masks = np.zeros((count, SIZE, SIZE), dtype=bool)
    for kind in range(len(CLASSES)):
        chosen = labels == kind
        masks[chosen] = _shape_masks(kind, columns - centre_x[chosen], rows - centre_y[chosen],
                                     radius[chosen], stroke[chosen])
    images = np.where(masks[..., None], colours(*FOREGROUND), colours(*BACKGROUND))
    for _ in range(DISTRACTORS):  # small discs and squares anywhere, in the shapes' colours
        x, y, size = drawn(2, 30), drawn(2, 30), drawn(1.5, 3.5)
        disc = rng.integers(0, 2, count).astype(bool)[:, None, None]
        blob = np.where(disc, (columns - x) ** 2 + (rows - y) ** 2 <= size ** 2,
                        np.maximum(np.abs(columns - x), np.abs(rows - y)) <= size)
        images = np.where(blob[..., None], colours(*FOREGROUND), images)
    # Shading: a coarse 4 x 4 pattern of brighter and darker patches over the whole image.
    shading = rng.standard_normal((count, 4, 4, 3), dtype=np.float32)
    images += SHADING * shading.repeat(SIZE // 4, axis=1).repeat(SIZE // 4, axis=2)
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
