"""Outputs of the reference solutions, for checks that have no closed-form oracle.

A checks module registers how to produce a value from the reference code:

    @reference.produces("ch03", "manual_history")
    def _(ref):                      # ref: the ChapterCode of solutions/ch03
        return ref.descent.train_manual(*ref.descent.load_centered_data())[2]

and a check asks `reference.output("ch03", "manual_history")`. This is the only way checks
reach the reference, so a student release, which has no solutions/, can answer the same
question from outputs recorded beforehand instead of running the reference code.
"""

from __future__ import annotations

import random
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable

import numpy as np
import torch

from courselib.seeding import seed_all
from grader.loader import ChapterCode

SOLUTIONS = Path(__file__).resolve().parents[1] / "solutions"
REFERENCE_SEED = 0

_producers: dict[tuple[str, str], Callable[[ChapterCode], Any]] = {}
_cache: dict[tuple[str, str], Any] = {}


def produces(chapter: str, name: str) -> Callable:
    def register(fn: Callable[[ChapterCode], Any]) -> Callable:
        _producers[(chapter, name)] = fn
        return fn
    return register


def output(chapter: str, name: str) -> Any:
    """The reference's value `name` for `chapter`, computed once per process."""
    key = (chapter, name)
    if key not in _cache:
        if key not in _producers:
            raise KeyError(f"no reference output {name!r} is registered for {chapter}")
        with _own_random_state():
            seed_all(REFERENCE_SEED)
            _cache[key] = _producers[key](ChapterCode(SOLUTIONS / chapter))
    return _cache[key]


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
