"""torchvision's ImageNet models, with their pretrained weights when this machine has them.

The course loads `models.resnet18(pretrained=True)`, which downloads the weights the first
time. The kit never downloads at run time: `imagenet_model("resnet18")` uses the weights when
they are in the local torch cache (where torchvision's own downloader puts them, under
`torch.hub.get_dir()`), and otherwise builds the same model with random weights and says so
once. `python -m grader data fetch resnet18` (or vgg19_bn) fills the cache when the network
allows.
"""

from __future__ import annotations

import sys
from pathlib import Path

# The course's two pretrained models, and the torchvision weights each loads.
WEIGHTS = {"resnet18": "ResNet18_Weights", "vgg19_bn": "VGG19_BN_Weights"}
_announced: set[str] = set()


def imagenet_weights(name: str):
    """torchvision's ImageNet weights enum for model `name` (IMAGENET1K_V1)."""
    from torchvision import models

    if name not in WEIGHTS:
        raise ValueError(f"unknown model {name!r}: the course uses {', '.join(WEIGHTS)}")
    return getattr(models, WEIGHTS[name]).IMAGENET1K_V1


def cached_weights_file(name: str) -> Path:
    """Where torchvision's downloader keeps the weights of model `name`."""
    import torch

    return Path(torch.hub.get_dir()) / "checkpoints" / Path(imagenet_weights(name).url).name


def has_imagenet_weights(name: str) -> bool:
    return cached_weights_file(name).is_file()


def imagenet_model(name: str, device=None):
    """torchvision's model `name` ("resnet18" or "vgg19_bn") with its 1,000-class head: with
    the ImageNet weights when they are in the local torch cache, else with random weights
    (said once on stderr). Never touches the network. `device="meta"` builds the structure
    only (no memory, no weights): what shape and parameter-count checks need."""
    from torchvision import models

    build = getattr(models, name)
    if device is not None and str(device) == "meta":
        import torch

        with torch.device("meta"):
            return build(weights=None)
    if has_imagenet_weights(name):
        net = build(weights=imagenet_weights(name))
        _say(name, f"ImageNet weights from {cached_weights_file(name)}")
    else:
        net = build(weights=None)
        _say(name, f"random weights: the ImageNet weights are not in {cached_weights_file(name)}"
                   f" (fetch them with `python -m grader data fetch {name}`)")
    return net if device is None else net.to(device)


def _say(name: str, what: str) -> None:
    if name not in _announced:
        _announced.add(name)
        print(f"[courselib] {name}: {what}", file=sys.stderr)
