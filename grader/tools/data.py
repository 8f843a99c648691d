"""`python -m grader data`: which source serves each course data set, and fetching the full
ones. Nothing else in the kit touches the network; this does only when asked."""

from __future__ import annotations

import sys
from pathlib import Path

# name: (torchvision dataset class, what it is, its size, the folder the kit looks for,
#        what the kit serves without it)
FETCHABLE = {"mnist": ("MNIST", "MNIST", "about 60 MB", "MNIST/raw", "offline sample"),
             "cifar10": ("CIFAR10", "CIFAR-10", "about 170 MB", "cifar-10-batches-py",
                         "offline Shapes-10 set")}


def status(root: Path) -> int:
    from courselib import datasets

    rows = [("Boston housing", "506 rows, shipped by mlxtend (offline)"),
            ("iris", "150 rows, shipped by scikit-learn (offline)"),
            ("MNIST", f"the full torchvision set under {root}" if datasets.mnist_is_full(root)
             else datasets.MnistSample.SOURCE),
            ("CIFAR-10", f"the real set under {root}" if datasets.cifar10_is_full(root)
             else datasets.SHAPES10_SOURCE)]
    for name, source in rows:
        print(f"{name:<16} {source}")
    return 0


def fetch(name: str, root: Path) -> int:
    """Download the full data set `name` into `root` with torchvision's own code."""
    if name not in FETCHABLE:
        print(f"unknown data set {name!r}; fetchable: {', '.join(FETCHABLE)}", file=sys.stderr)
        return 2
    from torchvision import datasets

    class_name, title, size, folder, offline = FETCHABLE[name]
    root.mkdir(parents=True, exist_ok=True)
    print(f"downloading {title} into {root} ({size}) ...")
    try:
        for train in (True, False):
            getattr(datasets, class_name)(root=str(root), train=train, download=True)
    except Exception as error:  # URLError, HTTPError, timeouts, checksum errors
        print(f"could not download {title}: {type(error).__name__}: {error}\n"
              f"Nothing is lost: without the full set the kit uses its {offline}. To "
              f"install the full set by hand, put torchvision's {folder} files under {root}.",
              file=sys.stderr)
        return 1
    print(f"{title} is under {root}: chapters that use it now train on the full set")
    return 0
