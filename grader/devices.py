"""Device handling, checked on any machine, with or without a GPU.

Probe side: the learner's training or evaluation code gets a device (`STAND_IN`, the meta
device) and data whose moves are recorded: loaders yield `Tracked` tensors, and the model's
`.to()` is watched. A move to the stand-in is recorded and then served on the CPU, so the
code really trains, and what it moved (the model, the inputs, the labels, of each loader) is
known. A device argument that is ignored leaves a part unmoved; a tensor created on the
device itself lands on meta and fails at the first operation that mixes it with the CPU,
which is reported with its error.

Check side: `expect_moved` names what was not moved. On a machine with CUDA, a check can
also run the code on the real GPU (`cuda_or_skip`); without one such a check is skipped,
says why, and counts neither way.
"""

from __future__ import annotations

import torch

from grader.check import fail
from grader.i18n import tr

STAND_IN = torch.device("meta")
PARTS = {"model": "the model (net.to(device))", "inputs": "the inputs (inputs.to(device))",
         "labels": "the labels (labels.to(device))"}


def _device_of(args, kwargs) -> str | None:
    for value in (*args, kwargs.get("device")):
        if isinstance(value, (str, torch.device)):
            return str(torch.device(value))
    return None


class Tracked(torch.Tensor):
    """A CPU tensor whose `.to(device)` / `.cuda()` calls are recorded in `moves`."""

    moves: list | None = None
    part: str = ""

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        result = super().__torch_function__(func, types, args, kwargs or {})
        if func is torch.Tensor.__getitem__ and isinstance(result, Tracked):
            # A slice of a batch (images[:50]) is still that batch: moving it counts.
            result.part, result.moves = args[0].part, args[0].moves
        return result

    def to(self, *args, **kwargs):
        device = _device_of(args, kwargs)
        plain = self.as_subclass(torch.Tensor)
        if device is None:  # a dtype conversion: stays tracked
            return _tracked(plain.to(*args, **kwargs), self.part, self.moves)
        self.moves.append((self.part, device))
        kwargs.pop("device", None)
        rest = [a for a in args if not isinstance(a, (str, torch.device))]
        return plain.to(*rest, **kwargs) if rest or kwargs else plain.clone()

    def cuda(self, *args, **kwargs):
        self.moves.append((self.part, "cuda"))
        return self.as_subclass(torch.Tensor).clone()


def _tracked(tensor: torch.Tensor, part: str, moves: list) -> Tracked:
    tracked = tensor.as_subclass(Tracked)
    tracked.part, tracked.moves = part, moves
    return tracked


class TrackedLoader:
    """A loader whose batches are Tracked: `len`, `dataset` and `batch_size` as the
    wrapped DataLoader's."""

    def __init__(self, loader, name: str, moves: list):
        self.loader, self.name, self.moves = loader, name, moves
        self.dataset, self.batch_size = loader.dataset, loader.batch_size

    def __len__(self) -> int:
        return len(self.loader)

    def __iter__(self):
        for inputs, labels in self.loader:
            yield (_tracked(inputs, f"{self.name} inputs", self.moves),
                   _tracked(labels, f"{self.name} labels", self.moves))


def track_model(net: torch.nn.Module, moves: list) -> torch.nn.Module:
    """Record `net.to(device)` / `net.cuda()` on this instance; the model stays on the CPU."""
    def to(*args, **kwargs):
        device = _device_of(args, kwargs)
        if device is not None:
            moves.append(("model", device))
        return net

    def cuda(*args, **kwargs):
        moves.append(("model", "cuda"))
        return net

    net.to, net.cuda = to, cuda
    return net


def moved(moves: list, part: str, device: torch.device | str = STAND_IN) -> bool:
    """Whether `part` (e.g. "train inputs", "model") was moved to `device`."""
    return any(p == part and d == str(torch.device(device)) for p, d in moves)


def expect_moved(moves: list, parts: dict[str, str], where: str,
                 device: torch.device | str = STAND_IN) -> None:
    """Fail naming the first of `parts` ({recorded part: what to say}) that `where` did not
    move to the device it was given."""
    for part, text in parts.items():
        if moved(moves, part, device):
            continue
        elsewhere = sorted({d for p, d in moves if p == part})
        fail(tr("{where} did not move {what} to the device it was given", where=where,
                what=tr(text)),
             got=tr("moved to {devices}", devices=", ".join(elsewhere)) if elsewhere
             else tr("never moved"),
             cause=tr("use the `device` argument for every tensor a batch brings, and for the "
                      "model: x = x.to(device); a device written into the code (\"cpu\", "
                      "\"cuda\") or no .to() at all leaves them where they are"))


def cuda_usable(code) -> bool:
    """Probe: whether CUDA works in the process that runs the learner's code (a sandbox's
    memory limit, for one, can keep CUDA from starting there)."""
    return torch.cuda.is_available()


def cuda_or_skip(chapter) -> torch.device:
    """The GPU, for a check that runs the learner's code on a real one; skips the check
    (counting neither way) where there is none to run it on."""
    import pytest

    if not torch.cuda.is_available():
        pytest.skip(tr("no CUDA GPU on this machine: this check runs the code on a real GPU, "
                       "so it counts neither way here (the CPU checks of device handling "
                       "still do)"))
    if not chapter.run(cuda_usable):
        pytest.skip(tr("this machine has a GPU, but CUDA cannot start in the process that "
                       "runs your code (its sandbox limits), so this check counts neither way"))
    return torch.device("cuda")
