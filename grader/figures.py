"""Figures the checks save where the course draws them (learning curves, regression lines,
decision boundaries), as PNG files, and the notes that tell the learner where.

Checks draw on the grading side, from the plain data a probe returned (a history, trained
weights), with courselib.plots, so figures come out the same in-process and isolated. They
go under --grader-figures (default: grader-figures/ in the working directory), one folder
per chapter; the check's output and the end of the run name each file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

DEFAULT_DIRECTORY = Path("grader-figures")

_directory: Path | None = DEFAULT_DIRECTORY
_notes: list[str] = []
_saved: list[Path] = []


def configure(directory: Path | str | None) -> None:
    """Save figures under `directory` (None: save none)."""
    global _directory
    _directory = Path(directory) if directory is not None else None


def save_figure(chapter: str, name: str, draw: Callable[..., object], *args) -> Path | None:
    """`draw(*args, path)` into <directory>/<chapter>/<name>.png, atomically (gradings run side
    by side may write the same file); the check's output will say where."""
    if _directory is None:
        return None
    path = _directory / chapter / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-", suffix=".png")
    os.close(handle)
    try:
        draw(*args, partial)
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    _notes.append(f"figure saved: {path}")
    _saved.append(path)
    return path


def start_check() -> None:
    _notes.clear()


def notes() -> list[str]:
    """What the running check has to tell besides its verdict (the figures it saved)."""
    return list(_notes)


def saved() -> list[Path]:
    """Every figure saved in this run, in order."""
    return list(dict.fromkeys(_saved))
