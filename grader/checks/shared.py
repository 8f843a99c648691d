"""What the checks of several chapters share: drawn integers, and helpers for probes that
train a learner's model (quiet output, one thread, fresh batch-norm statistics) or look at
what a transform erased."""

from __future__ import annotations

import contextlib
import io

import torch
from torch import nn


@contextlib.contextmanager
def captured():
    """What the code writes to stdout and stderr (the progress bar, per-epoch lines)."""
    text = io.StringIO()
    with contextlib.redirect_stdout(text), contextlib.redirect_stderr(text):
        yield text


def randint(low: int, high: int, g: torch.Generator) -> int:
    """A number drawn from low..high, both included."""
    return int(torch.randint(low, high + 1, (), generator=g))


@contextlib.contextmanager
def one_thread():
    """Tiny steps run faster on one thread: two threads wait for each other at every small
    operation, a cost that grows when gradings share the cores."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def refresh_batch_norms(net: nn.Module, images: torch.Tensor) -> None:
    """Re-estimate the batch norms' running statistics as the plain average over `images`.
    After a few dozen steps they lag behind weights that still move fast (each is a running
    average of the last batches' statistics), which makes the accuracy in evaluation mode
    swing by 0.2 and more from one draw to another; a model trained for longer needs none
    of this. The weights are left as fit made them."""
    norms = [m for m in net.modules()
             if isinstance(m, nn.modules.batchnorm._BatchNorm) and m.track_running_stats]
    momenta = [m.momentum for m in norms]
    for norm in norms:
        norm.reset_running_stats()
        norm.momentum = None  # a cumulative average
    net.train()
    with torch.no_grad():
        net(images)
    for norm, momentum in zip(norms, momenta):
        norm.momentum = momentum


def is_rectangle(mask: torch.Tensor) -> bool:
    rows, columns = mask.any(1).nonzero(), mask.any(0).nonzero()
    height, width = rows.max() - rows.min() + 1, columns.max() - columns.min() + 1
    return int(height * width) == int(mask.sum())
