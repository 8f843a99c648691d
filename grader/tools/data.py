"""`python -m grader data`: which source serves each course data set, fetching the full ones
and the ImageNet weights, building the kit's backbone and image folder. Nothing else in the
kit touches the network; `fetch` does only when asked."""

from __future__ import annotations

import sys
from pathlib import Path

# name: (torchvision dataset class, what it is, its size, the folder the kit looks for,
#        what the kit serves without it)
FETCHABLE = {"mnist": ("MNIST", "MNIST", "about 60 MB", "MNIST/raw", "offline sample"),
             "cifar10": ("CIFAR10", "CIFAR-10", "about 170 MB", "cifar-10-batches-py",
                         "offline Shapes-10 set")}


def status(root: Path) -> int:
    from courselib import backbone, datasets, image_folders, pretrained

    rows = [("Boston housing", "506 rows, shipped by mlxtend (offline)"),
            ("iris", "150 rows, shipped by scikit-learn (offline)"),
            ("MNIST", f"the full torchvision set under {root}" if datasets.mnist_is_full(root)
             else datasets.MnistSample.SOURCE),
            ("CIFAR-10", f"the real set under {root}" if datasets.cifar10_is_full(root)
             else datasets.SHAPES10_SOURCE),
            ("image folder", f"the course's ants/bees photos under {root}" if
             image_folders.has_course_folder(root) else
             f"the kit's Shapes-10 tree ({root / image_folders.KIT_FOLDER}, written on first "
             f"use or by `python -m grader data folder`)"),
            ("kit backbone", f"{backbone.backbone_file(root)}" + (
                "" if backbone.intact(backbone.backbone_file(root)) else
                " (not built yet: on first use, or `python -m grader data backbone`)"))]
    rows += [(name, "ImageNet weights in the torch cache" if pretrained.has_imagenet_weights(name)
              else f"random weights (fetch: python -m grader data fetch {name})")
             for name in pretrained.WEIGHTS]
    for name, source in rows:
        print(f"{name:<16} {source}")
    return 0


def fetch(name: str, root: Path) -> int:
    """Download the full data set `name` into `root`, or model `name`'s ImageNet weights into
    the torch cache, with torchvision's own code."""
    from courselib.pretrained import WEIGHTS

    if name in WEIGHTS:
        return fetch_weights(name)
    if name not in FETCHABLE:
        print(f"unknown name {name!r}; fetchable: {', '.join([*FETCHABLE, *WEIGHTS])}",
              file=sys.stderr)
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


def fetch_weights(name: str) -> int:
    """Download model `name`'s ImageNet weights into the torch cache (torchvision checks
    their hash); courselib.pretrained uses them from there."""
    from courselib import pretrained

    weights = pretrained.imagenet_weights(name)
    print(f"downloading {name}'s ImageNet weights into {pretrained.cached_weights_file(name)}")
    try:
        weights.get_state_dict(progress=True, check_hash=True)
    except Exception as error:  # URLError, HTTPError, timeouts, hash mismatch
        print(f"could not download {name}'s weights: {type(error).__name__}: {error}\n"
              "Nothing is lost: without them the model starts from random weights, and "
              "chapters 11-12 measure transfer learning with the kit's own backbone.",
              file=sys.stderr)
        return 1
    print(f"{name} now loads with its ImageNet weights")
    return 0


def build_backbone(root: Path, rebuild: bool = False) -> int:
    """Build (or check) the kit's pretrained backbone under root/backbones/."""
    import time

    from courselib import backbone

    path = backbone.backbone_file(root)
    if backbone.intact(path) and not rebuild:
        print(f"{path} is built and matches its SHA-256 {backbone.sha256(path)[:16]}...")
        return 0
    start = time.perf_counter()
    backbone.build(root)
    print(f"built {path} in {time.perf_counter() - start:.1f} s "
          f"(SHA-256 {backbone.sha256(path)[:16]}...)")
    return 0


def write_folder(root: Path) -> int:
    from courselib import image_folders

    folder = image_folders.write_kit_folder(root)
    counts = {part: sum(1 for _ in (folder / part).rglob("*.png")) for part in
              image_folders.PER_CLASS}
    print(f"{folder}: " + ", ".join(f"{part}/ {count} images" for part, count in counts.items()))
    return 0
