"""The kit's own pretrained backbone, so that transfer learning can be measured offline.

ImageNet weights cannot be assumed on a learner's machine (or in CI), and training from
scratch says nothing about transfer. So the kit pretrains a small network of VGG's layout,
`ShapesVGG`, on part of its offline Shapes-10 set (the source classes) and keeps it under
data/backbones/. Chapters 11-12 fine-tune it, or freeze it and train a new head, on the
classes it never saw (the target classes), with the same model surgery as VGG-19-BN:
`classifier[6]` replaced, the last MaxPool of `features` dropped, `avgpool` made an Identity.

The build is deterministic (fixed seeds, deterministic kernels) and takes about 20 s on 2
cores: `python -m grader data backbone`, or on first use. The file's SHA-256 is written
beside it and checked at every load, so a truncated or altered file is rebuilt, never used.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path

import torch
from torch import nn

from courselib.datasets import DATA_DIR
from courselib.shapes10 import CLASSES

# Which Shapes-10 classes the backbone learns; the others are held back as transfer targets.
SOURCE_CLASSES = ("disc", "ring", "square", "frame", "plus", "cross", "bars", "columns")
TARGET_CLASSES = tuple(name for name in CLASSES if name not in SOURCE_CLASSES)
SIZE = 32           # the image size it is pretrained at (Shapes-10's own)
EPOCHS, SEED = 4, 20241101
FILE_NAME = "shapes_vgg.pt"


class ShapesVGG(nn.Module):
    """VGG's layout in small, for 32 x 32 images. Like torchvision's VGG it has
    `features` (conv-BN-ReLU stages, each ending in a MaxPool: [N, 64, 4, 4] at 32 px),
    `avgpool` (AdaptiveAvgPool2d((8, 8)), as VGG's (7, 7)) and `classifier` (Linear, ReLU,
    Dropout, Linear, ReLU, Dropout, Linear: the head is `classifier[6]`). Dropping the last
    MaxPool and making avgpool an Identity feeds the classifier [N, 64 * 8 * 8] at 32 px,
    as the course's surgery does for VGG-19-BN at 112 px."""

    def __init__(self, num_classes: int = len(SOURCE_CLASSES)):
        super().__init__()
        stages = []
        for inputs, outputs in ((3, 16), (16, 32), (32, 64)):
            stages += [nn.Conv2d(inputs, outputs, 3, padding=1), nn.BatchNorm2d(outputs),
                       nn.ReLU(inplace=True), nn.MaxPool2d(2)]
        self.features = nn.Sequential(*stages)
        self.avgpool = nn.AdaptiveAvgPool2d((8, 8))
        self.classifier = nn.Sequential(
            nn.Linear(64 * 8 * 8, 256), nn.ReLU(inplace=True), nn.Dropout(0.5),
            nn.Linear(256, 256), nn.ReLU(inplace=True), nn.Dropout(0.5),
            nn.Linear(256, num_classes))

    def forward(self, x):
        x = self.avgpool(self.features(x))
        return self.classifier(torch.flatten(x, 1))


def backbone_file(root: Path | str | None = None) -> Path:
    return Path(root or DATA_DIR) / "backbones" / FILE_NAME


def checksum_file(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def images_of(names, train: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    """Shapes-10 images of the classes `names` (from its training or test part), normalized
    as the course does ([-1, 1]), [N, 3, 32, 32], with labels renumbered 0, 1, ... in the
    order of `names`: images_of(SOURCE_CLASSES) is what the backbone learns,
    images_of(TARGET_CLASSES) what it can be transferred to."""
    from courselib.shapes10 import generate

    images, labels = generate(train)
    wanted = [CLASSES.index(name) for name in names]
    keep = torch.isin(torch.from_numpy(labels), torch.tensor(wanted))
    pixels = torch.from_numpy(images)[keep].permute(0, 3, 1, 2).float() / 255
    renumber = {original: new for new, original in enumerate(wanted)}
    targets = torch.tensor([renumber[int(label)] for label in labels[keep.numpy()]])
    return (pixels - 0.5) / 0.5, targets


def pretrain() -> ShapesVGG:
    """Train ShapesVGG on the source classes: Adam, batch 100, EPOCHS epochs, fixed seeds."""
    from courselib.seeding import seed_everything

    seed_everything(SEED)
    images, labels = images_of(SOURCE_CLASSES, train=True)
    net = ShapesVGG()
    optimizer = torch.optim.Adam(net.parameters())
    criterion = nn.CrossEntropyLoss()
    order = torch.Generator().manual_seed(SEED)
    net.train()
    for _ in range(EPOCHS):
        for batch in torch.randperm(len(labels), generator=order).split(100):
            optimizer.zero_grad()
            criterion(net(images[batch]), labels[batch]).backward()
            optimizer.step()
    return net.eval()


def build(root: Path | str | None = None) -> Path:
    """Pretrain the backbone and write it, with its SHA-256, under root/backbones/. The file
    appears whole or not at all (written aside, then renamed), so two gradings that build
    it at once never read half of it."""
    path = backbone_file(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    net = pretrain()
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as part:
        torch.save(net.state_dict(), part)
    digest = sha256(Path(part.name))
    os.replace(part.name, path)
    checksum_file(path).write_text(digest + "\n")
    return path


class BackboneUnusable(RuntimeError):
    """The backbone file is missing and cannot be built here, or does not match its checksum."""


def load(root: Path | str | None = None, build_if_missing: bool = True) -> ShapesVGG:
    """The pretrained ShapesVGG (evaluation mode, on the CPU), built first when it is not
    under root/backbones/ yet. A file that does not match its recorded SHA-256 is rebuilt
    (with build_if_missing) or refused."""
    path = backbone_file(root)
    if not intact(path):
        if not build_if_missing:
            raise BackboneUnusable(f"{path} is missing or does not match its checksum: build it "
                                   "with `python -m grader data backbone`")
        print(f"[courselib] building the kit's pretrained backbone into {path} (once, about "
              "20 s)", file=sys.stderr)
        build(root)
    net = ShapesVGG()
    net.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))
    return net.eval()


def intact(path: Path) -> bool:
    """Whether `path` exists and matches the SHA-256 recorded beside it."""
    recorded = checksum_file(path)
    return (path.is_file() and recorded.is_file()
            and recorded.read_text().strip() == sha256(path))
