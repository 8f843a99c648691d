"""The one door between a check and the learner's code.

A check never touches learner objects. It asks `chapter.run(probe, *args)`: the probe, a
module-level function of the checks module, runs beside the learner's code, calls it, and
returns what it observed; the check then judges that observation. What crosses the door is
plain data only: numbers, strings, bytes, tensors, NumPy arrays, and tuples, lists and dicts
of them; anything else arrives as an Opaque description, and NumPy scalars become Python
numbers (a probe that cares about a returned type records the type itself). So the verdict
is always reached on data, never by code the learner could have changed. Here the probe
runs in this process; the isolated mode of CI runs it in a sandboxed child and ships the same
plain data back, so a check behaves the same in both.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import torch

from grader.i18n import tr
from grader.inputs import state_seed
from grader.loader import ChapterCode


@dataclass(frozen=True)
class Opaque:
    """Stands for a value that is not plain data: its type and a short repr."""

    type_name: str
    text: str

    def __str__(self) -> str:
        return f"{self.type_name} {self.text}"


def plain(value: Any, _depth: int = 0) -> Any:
    """A copy of `value` made of plain data only, detached from autograd and the device."""
    if _depth > 20:
        return Opaque(type(value).__name__, tr("(nested too deeply)"))
    if value is None or type(value) in (bool, int, float, str, bytes) or isinstance(value, Opaque):
        return value
    if isinstance(value, torch.Tensor):
        return value.detach().cpu().clone().as_subclass(torch.Tensor)
    if isinstance(value, np.ndarray) and value.dtype != object:
        return value.copy()
    if isinstance(value, np.generic):
        return value.item()
    for scalar in (bool, int, float, str):  # subclasses (enums, ...) become the base type
        if isinstance(value, scalar):
            return scalar(value)
    if isinstance(value, (tuple, list)):  # named tuples and torch's return types included
        items = [plain(item, _depth + 1) for item in value]
        return items if isinstance(value, list) else tuple(items)
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return {key: plain(item, _depth + 1) for key, item in value.items()}
    text = _safe_repr(value)
    return Opaque(type(value).__name__, text)


def _safe_repr(value: Any) -> str:
    try:
        text = repr(value)
    except Exception:  # a learner's __repr__ may raise
        text = "(no repr)"
    return text if len(text) <= 200 else text[:200] + "..."


class RemoteFailure(Exception):
    """A probe failed in the isolated learner process. `relayed`: the feedback was written
    by that process (and so may say anything), not by the grading side about it."""

    def __init__(self, status: str, message: str, relayed: bool = False):
        super().__init__(message)
        self.status, self.message, self.relayed = status, message, relayed


class ProbeTimeout(Exception):
    """The isolated learner process did not answer before the check's deadline."""


def tensor_facts(value: Any) -> dict:
    """What autograd knows about `value` (None where it is not a tensor)."""
    if not isinstance(value, torch.Tensor):
        return {"is_leaf": None, "requires_grad": None, "grad_fn": None, "device": None}
    return {"is_leaf": value.is_leaf, "requires_grad": value.requires_grad,
            "grad_fn": type(value.grad_fn).__name__ if value.grad_fn is not None else None,
            "device": str(value.device)}


def check_probe(probe: Callable) -> None:
    """A probe must be findable by name in another process: a module-level function."""
    if not callable(probe) or "<" in getattr(probe, "__qualname__", "<"):
        raise TypeError(f"{probe!r} is not a module-level function: probes are looked up by "  # i18n: internal
                        "name, so lambdas and nested functions cannot be probes")


def fresh_state(seed: int) -> None:
    """Undo what earlier code may have changed, so no check or probe depends on another.

    `seed` is grader.inputs.state_seed() of the grading process: public in a learner's run,
    keyed by the course secret in course grading.
    """
    from courselib.seeding import seed_all

    # Only the generators: CPU kernels are deterministic already, and asking for
    # deterministic algorithms costs a second per process (chapters on the GPU ask for it).
    seed_all(seed)
    torch.set_grad_enabled(True)
    torch.set_default_dtype(torch.float32)
    if "matplotlib.pyplot" in sys.modules:  # only chapters that draw pay for pyplot
        sys.modules["matplotlib.pyplot"].close("all")


class ChapterRunner:
    """What a check receives as `chapter`: runs probes against the graded chapter's code."""

    def __init__(self, code: ChapterCode):
        self.code = code

    def run(self, probe: Callable, *args: Any, **kwargs: Any) -> Any:
        """Run `probe(code, *args, **kwargs)` from a fresh random state; return plain data."""
        check_probe(probe)
        args, kwargs = plain(args), plain(kwargs)
        fresh_state(state_seed())
        try:
            return plain(probe(self.code, *args, **kwargs))
        except BaseException as error:
            release_frames(error)
            raise


def release_frames(error: BaseException) -> None:
    """Let go of the objects in the frames of a learner error's traceback now (the traceback
    itself, file and line, stays for the feedback). An object that fails again as it is
    deleted (a tqdm.notebook bar outside Jupyter) then does so here, not in the middle of a
    later check, where pytest would take it for its own internal error."""
    import gc
    import traceback

    traceback.clear_frames(error.__traceback__)
    # A full collection costs about 0.2 s once torch is loaded: skip it for a stub not yet
    # written, which raises before the learner's code has made anything.
    if not isinstance(error, NotImplementedError):
        gc.collect()

