"""Folders of image files, one folder per class, as chapter 12 reads them with ImageFolder.

The course downloads the ants/bees set (`hymenoptera_data`: train/ and val/, 244 and 153
JPEG photos). The kit does not download at run time: `course_image_folder()` gives
data/hymenoptera_data when it is there, and otherwise a tree the kit writes itself from
Shapes-10 (data/shapes_folder: train/ and val/, one folder per class; 122 and 76 PNG files
of 64 x 64 per class, of the two classes the kit's pretrained backbone never saw). Learner
code takes the path and does not change either way.

`ImageFolder` is torchvision's, except that a file it cannot read (a corrupt image, a text
file left in a class folder) is reported with its path and left out, instead of stopping
training at the batch that happens to hold it.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from torchvision import datasets

from courselib.datasets import DATA_DIR, announce

HYMENOPTERA = "hymenoptera_data"
KIT_FOLDER = "shapes_folder"
PER_CLASS = {"train": 122, "val": 76}  # as many as the ants/bees set has, about
# Shapes-10's 32 px images, written at twice the size. At 64 px the kit backbone's features
# are 8 x 8, the size its avgpool makes, so chapter 12's surgery (avgpool an Identity, the
# last MaxPool kept) fits it as it fits VGG-19-BN at 224 px.
IMAGE_SIZE = 64


def course_image_folder(root: Path | str | None = None) -> Path:
    """The folder chapter 12 trains on: root/hymenoptera_data when it has train/ and val/,
    else the kit's own tree (written on first use)."""
    root = Path(root or DATA_DIR)
    course = root / HYMENOPTERA
    if has_course_folder(root):
        announce("image folder", f"the course's ants/bees photos under {course}")
        return course
    folder = write_kit_folder(root)
    announce("image folder", f"the kit's two-class Shapes-10 tree under {folder}; for the "
                             f"course's ants/bees photos, put {HYMENOPTERA}/ under {root}")
    return folder


def has_course_folder(root: Path | str | None = None) -> bool:
    """Whether the course's ants/bees tree (train/ and val/) is under root (default data/)."""
    course = Path(root or DATA_DIR) / HYMENOPTERA
    return (course / "train").is_dir() and (course / "val").is_dir()


def write_kit_folder(root: Path | str | None = None) -> Path:
    """Write (once) root/shapes_folder/{train,val}/<class>/NNNN.png from Shapes-10's training
    images of the backbone's target classes; its test images stay out, for judging."""
    from PIL import Image

    from courselib.backbone import TARGET_CLASSES
    from courselib.shapes10 import CLASSES, generate

    folder = Path(root or DATA_DIR) / KIT_FOLDER
    if _complete(folder, TARGET_CLASSES):
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    images, labels = generate(True)
    building = Path(tempfile.mkdtemp(dir=folder.parent, prefix=KIT_FOLDER + "."))
    for name in TARGET_CLASSES:
        drawn = images[labels == CLASSES.index(name)]
        start = 0
        for part, count in PER_CLASS.items():
            (building / part / name).mkdir(parents=True)
            for number, image in enumerate(drawn[start:start + count]):
                picture = Image.fromarray(image).resize((IMAGE_SIZE, IMAGE_SIZE),
                                                        Image.Resampling.BILINEAR)
                picture.save(building / part / name / f"{number:04d}.png")
            start += count
    shutil.rmtree(folder, ignore_errors=True)  # an incomplete tree from an interrupted run
    try:
        os.replace(building, folder)
    except OSError:  # another process finished first: its tree is the same
        shutil.rmtree(building, ignore_errors=True)
    return folder


def _complete(folder: Path, classes) -> bool:
    return all(len(list((folder / part / name).glob("*.png"))) == count
               for part, count in PER_CLASS.items() for name in classes)


class ImageFolder(datasets.ImageFolder):
    """torchvision's ImageFolder that leaves out, and reports, the files it cannot read.

    Each file is opened once when the folder is read; one that is not an image (a wrong
    extension, or contents PIL cannot decode) is listed in `skipped` as (path, reason) and
    reported on stderr with its path. The rest of the folder loads as usual.
    """

    def __init__(self, root, transform=None, target_transform=None):
        self.skipped: list[tuple[str, str]] = []
        super().__init__(root, transform=transform, target_transform=target_transform,
                         is_valid_file=self._readable)
        for path, reason in self.skipped:
            print(f"[courselib] left out {path}: {reason}", file=sys.stderr)

    def _readable(self, path: str) -> bool:
        from PIL import Image, UnidentifiedImageError

        if not path.lower().endswith(datasets.folder.IMG_EXTENSIONS):
            self.skipped.append((path, "not an image file (its extension is not one of "
                                       + ", ".join(datasets.folder.IMG_EXTENSIONS) + ")"))
            return False
        try:
            with Image.open(path) as image:
                image.verify()
        except (OSError, UnidentifiedImageError, SyntaxError, ValueError) as error:
            self.skipped.append((path, f"not a readable image ({type(error).__name__}: "
                                       f"{error})"))
            return False
        return True
