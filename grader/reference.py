"""Outputs of the reference solutions, for checks that have no closed-form oracle.

A checks module registers how to produce a value from the reference code:

    @reference.produces("ch03", "manual_history")
    def _(ref):                      # ref: the ChapterCode of solutions/ch03
        return ref.descent.train_manual(*ref.descent.load_centered_data())[2]

and a check asks `reference.output("ch03", "manual_history")`. This is the only way checks
reach the reference, so a student release, which has no solutions/, can answer the same
question from outputs recorded beforehand instead of running the reference code: where
solutions/<chapter> exists the value is computed live, otherwise it is read from
grader/recorded/<chapter>.pt, written by `python -m grader record` (grader.tools.recording).
Either way the check receives plain data (grader.learner.plain), the same in both.
"""

from __future__ import annotations

import random
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable

import numpy as np
import torch

from courselib.seeding import seed_all
from grader import KIT_ROOT
from grader.learner import plain
from grader.loader import ChapterCode

SOLUTIONS = KIT_ROOT / "solutions"
RECORDED = Path(__file__).resolve().parent / "recorded"
HIDDEN_RECORDED = Path(__file__).resolve().parent / "hidden" / "recorded"
REFERENCE_SEED = 0

_producers: dict[tuple[str, str], Callable[[ChapterCode], Any]] = {}
_cache: dict[tuple[str, str], Any] = {}
_recordings: dict[Path, dict[str, Any]] = {}


class MissingReference(LookupError):
    """Neither the reference solutions nor a recording of their outputs is available."""


def produces(chapter: str, name: str) -> Callable:
    def register(fn: Callable[[ChapterCode], Any]) -> Callable:
        _producers[(chapter, name)] = fn
        return fn
    return register


def registered(hidden: bool | None = None) -> list[tuple[str, str]]:
    """(chapter, name) of every producer registered so far (only those of hidden checks, or
    only the others, if `hidden` says), sorted."""
    return sorted(key for key in _producers if hidden is None or is_hidden(*key) == hidden)


def is_hidden(chapter: str, name: str) -> bool:
    """Whether a hidden check (grader/hidden/) registered this output: its recording is kept
    in grader/hidden/recorded/, out of the student release and the learner's reach."""
    return _producers[(chapter, name)].__module__.startswith("grader.hidden.")


def output(chapter: str, name: str) -> Any:
    """The reference's value `name` for `chapter`, computed (or read) once per process."""
    key = (chapter, name)
    if key not in _cache:
        if key not in _producers:
            raise KeyError(f"no reference output {name!r} is registered for {chapter}")
        if (SOLUTIONS / chapter).is_dir():
            _cache[key] = compute(chapter, name, SOLUTIONS)
        else:
            _cache[key] = recorded(chapter, name)
    return _cache[key]


def compute(chapter: str, name: str, solutions: Path) -> Any:
    """Run the producer of (chapter, name) on `solutions/<chapter>`, from the reference seed."""
    with _own_random_state():
        seed_all(REFERENCE_SEED)
        return plain(_producers[(chapter, name)](ChapterCode(Path(solutions) / chapter)))


def recording_path(chapter: str, directory: Path | None = None) -> Path:
    return Path(directory or RECORDED) / f"{chapter}.pt"


def load_recording(path: Path) -> dict[str, Any]:
    """The {name: value} of one recorded chapter (read safely: plain data only)."""
    from grader.transport import decode

    values = decode(Path(path).read_bytes())
    if not isinstance(values, dict):
        raise ValueError(f"{path} is not a recording of reference outputs")
    return values


def recorded(chapter: str, name: str) -> Any:
    """The recorded value `name` of `chapter`, from grader/recorded/<chapter>.pt."""
    path = recording_path(chapter, HIDDEN_RECORDED if is_hidden(chapter, name) else RECORDED)
    if path not in _recordings:
        if not path.is_file():
            raise MissingReference(
                f"the reference output {name!r} of {chapter} is not available: there is no "
                f"{SOLUTIONS / chapter} to compute it and no recording {path}; run "
                "`python -m grader record` in the instructor's repository (the one with "
                "solutions/) and ship grader/recorded/ with the kit")
        _recordings[path] = load_recording(path)
    values = _recordings[path]
    if name not in values:
        raise MissingReference(
            f"the recording {path} has no reference output {name!r} of {chapter}: it is out "
            "of date; run `python -m grader record` in the instructor's repository")
    return values[name]


@contextmanager
def _own_random_state():
    """Run the reference without disturbing the random state of the check that asked."""
    python_state, numpy_state = random.getstate(), np.random.get_state()
    with torch.random.fork_rng(devices=[]):
        try:
            yield
        finally:
            random.setstate(python_state)
            np.random.set_state(numpy_state)
