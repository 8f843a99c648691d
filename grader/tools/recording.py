"""`python -m grader record [--check]`: record the reference outputs a student release needs.

Checks reach the reference solutions only through `grader.reference.output(chapter, name)`.
A student release has no solutions/, so the values every registered producer computes from
solutions/<chapter> are recorded beforehand, one file per chapter: grader/recorded/<chapter>.pt
holds {name: value}, written with grader.transport.encode (read back safely, plain data only).
The files are deterministic (same values, same bytes) and meant to be committed.

`--check` changes nothing and exits 1 naming each chapter whose recording is missing, differs
from what the reference computes now, or is left over from a chapter that no longer records
anything. Values are compared as data (dtype, shape, then numbers within float noise), not
as bytes.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path
from typing import Any

import numpy as np
import torch

from grader import reference
from grader.transport import encode

# Equal "within float noise": a recording made on another CPU or build of torch is still
# current. The checks compare with the reference at 1e-4 or looser.
RTOL, ATOL = 1e-5, 1e-8


def load_checks() -> list[str]:
    """Import every checks module (grader/checks/chNN.py and grader/hidden/chNN.py),
    registering its producers; the public chapters' names."""
    import grader.checks
    import grader.hidden

    names = []
    for package in (grader.checks, grader.hidden):
        found = sorted(info.name for info in pkgutil.iter_modules(package.__path__)
                       if info.name.startswith("ch"))
        for name in found:
            importlib.import_module(f"{package.__name__}.{name}")
        names = names or found
    return names


def compute_all(solutions: Path, hidden: bool = False) -> dict[str, dict[str, Any]]:
    """{chapter: {name: value}} of every registered producer of the public checks (or of the
    hidden ones), computed from `solutions`."""
    load_checks()
    chapters: dict[str, dict[str, Any]] = {}
    for chapter, name in reference.registered(hidden):
        if not (solutions / chapter).is_dir():
            raise FileNotFoundError(f"{solutions / chapter} is missing: the checks of {chapter} "
                                    f"need the reference output {name!r}")
        chapters.setdefault(chapter, {})[name] = reference.compute(chapter, name, solutions)
    return chapters


def same(a: Any, b: Any) -> bool:
    """Whether two plain values are equal as data (floats within RTOL/ATOL, NaN == NaN)."""
    if isinstance(a, torch.Tensor) or isinstance(b, torch.Tensor):
        if not (isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor)):
            return False
        if a.dtype != b.dtype or a.shape != b.shape:
            return False
        if a.is_floating_point() or a.is_complex():
            return torch.allclose(a, b, rtol=RTOL, atol=ATOL, equal_nan=True)
        return torch.equal(a, b)
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
            return False
        if a.dtype != b.dtype or a.shape != b.shape:
            return False
        if a.dtype.kind in "fc":
            return bool(np.allclose(a, b, rtol=RTOL, atol=ATOL, equal_nan=True))
        return bool(np.array_equal(a, b))
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return bool(np.isclose(a, b, rtol=RTOL, atol=ATOL, equal_nan=True))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def stale(directory: Path, expected: dict[str, dict[str, Any]]) -> dict[str, str]:
    """{chapter: why} for each recording in `directory` that is not `expected`."""
    problems: dict[str, str] = {}
    for chapter, values in expected.items():
        path = reference.recording_path(chapter, directory)
        if not path.is_file():
            problems[chapter] = "not recorded"
            continue
        try:
            old = reference.load_recording(path)
        except Exception as error:  # unreadable, truncated, not a dict
            problems[chapter] = f"unreadable ({error})"
            continue
        missing = sorted(values.keys() - old.keys())
        extra = sorted(old.keys() - values.keys())
        changed = sorted(k for k in values.keys() & old.keys() if not same(values[k], old[k]))
        why = [f"{label}: {', '.join(names)}" for label, names in
               (("missing", missing), ("no longer produced", extra), ("differs", changed))
               if names]
        if why:
            problems[chapter] = "; ".join(why)
    for path in sorted(directory.glob("*.pt")) if directory.is_dir() else []:
        if path.stem not in expected:
            problems[path.stem] = "left over: no check of this chapter asks for the reference"
    return problems


def record(root: Path, check: bool = False) -> int:
    solutions = root / "solutions"
    if not solutions.is_dir():
        print(f"no {solutions}: the reference outputs are recorded from the reference "
              "solutions, which this copy of the kit does not have (a student release ships "
              "them in grader/recorded/ already)", file=sys.stderr)
        return 2
    status = 0
    for hidden, directory in ((False, root / "grader" / "recorded"),
                              (True, root / "grader" / "hidden" / "recorded")):
        try:
            expected = compute_all(solutions, hidden)
        except FileNotFoundError as error:
            print(error, file=sys.stderr)
            return 2
        status = max(status, (check_recordings if check else write_recordings)(
            root, directory, expected))
    return status


def check_recordings(root: Path, directory: Path, expected: dict[str, dict[str, Any]]) -> int:
    problems = stale(directory, expected)
    for chapter, why in sorted(problems.items()):
        print(f"{directory.relative_to(root)}/{chapter}.pt: {why}")
    if problems:
        print(f"the recorded reference outputs in {directory.relative_to(root)} are out of "
              f"date for {', '.join(sorted(problems))}: run `python -m grader record`",
              file=sys.stderr)
        return 1
    print(f"the recorded reference outputs in {directory.relative_to(root)} are current "
          f"({len(expected)} chapter(s))")
    return 0


def write_recordings(root: Path, directory: Path, expected: dict[str, dict[str, Any]]) -> int:
    problems = stale(directory, expected)
    if expected:
        directory.mkdir(parents=True, exist_ok=True)
    for chapter in sorted(expected):
        path = reference.recording_path(chapter, directory)
        names = ", ".join(sorted(expected[chapter]))
        if chapter not in problems:
            print(f"{path.relative_to(root)}: unchanged ({names})")
            continue
        values = {name: expected[chapter][name] for name in sorted(expected[chapter])}
        path.write_bytes(encode(values))
        print(f"{path.relative_to(root)}: written ({names})")
    for chapter in sorted(problems.keys() - expected.keys()):
        path = reference.recording_path(chapter, directory)
        path.unlink()
        print(f"{path.relative_to(root)}: removed (no check of {chapter} uses the reference)")
    return 0
