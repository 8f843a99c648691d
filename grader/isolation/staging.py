"""Taking a submission's exercise sources, and nothing else, into a clean staging tree.

Only regular `.py` files under `exercises/chNN/` are copied. Everything that could change how
grading runs is left behind and named in the notes: pytest's conftest.py and test files,
configuration files, sitecustomize/usercustomize, .pth files, links, and anything that is not
Python source. A chapter the submission lacks is staged as an empty package, so each of its
checks fails saying which file is missing, and the other chapters are graded as usual.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path

CHAPTER = re.compile(r"ch\d\d")
NOT_TAKEN = re.compile(r"(conftest|sitecustomize|usercustomize)\.py|test_.*\.py|.*_test\.py")
MAX_FILE_BYTES = 1_000_000


@dataclass
class Staged:
    root: Path                      # the staging root; exercises/ is inside it
    chapters: list[Path]            # the staged chapter directories, in order
    notes: list[str] = field(default_factory=list)


def stage(submission: Path, chapters: list[str], into: Path) -> Staged:
    """Copy the learner's sources of `chapters` from submission/exercises into `into`."""
    staged = Staged(into, [])
    source = submission / "exercises"
    if not submission.is_dir():
        staged.notes.append(f"the submission {submission} does not exist or is not a "
                            "directory: every check scores 0")
    elif not source.is_dir():
        staged.notes.append("the submission has no exercises/ directory: every check "
                            "scores 0 (it must hold exercises/chNN/ as the course handed out)")
    for chapter in chapters:
        target = into / "exercises" / chapter
        target.mkdir(parents=True)
        if (source / chapter).is_dir():
            _copy_sources(source / chapter, target, staged.notes, f"exercises/{chapter}")
        elif source.is_dir():
            staged.notes.append(f"exercises/{chapter} is missing from the submission: "
                                "its checks score 0")
        (target / "__init__.py").touch(exist_ok=True)
        staged.chapters.append(target)
    _make_readable(into)
    return staged


def _copy_sources(source: Path, target: Path, notes: list[str], label: str) -> None:
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        shown = f"{label}/{rel.as_posix()}"
        if "__pycache__" in rel.parts or path.is_dir() and not path.is_symlink():
            continue
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or not path.resolve().is_relative_to(source.resolve()):
            notes.append(f"{shown} is not a regular file (a link?): ignored")
        elif path.suffix != ".py":
            if path.suffix not in (".pyc", ".md", ".txt"):
                notes.append(f"{shown} is not Python source: ignored")
        elif NOT_TAKEN.fullmatch(path.name):
            notes.append(f"{shown} could change how grading runs: ignored")
        elif info.st_size > MAX_FILE_BYTES:
            notes.append(f"{shown} is larger than {MAX_FILE_BYTES} bytes: ignored")
        else:
            _check_text(path, shown, notes)
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / rel)


def _check_text(path: Path, shown: str, notes: list[str]) -> None:
    data = path.read_bytes()
    if b"\0" in data:
        notes.append(f"{shown} is a binary file, not Python source: its checks will fail")
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        notes.append(f"{shown} is not valid UTF-8 (byte {error.start}): save it as UTF-8")


def _make_readable(root: Path) -> None:
    """Readable by the unprivileged learner process, writable by no one but us."""
    for directory, _, files in os.walk(root):
        os.chmod(directory, 0o755)
        for name in files:
            os.chmod(os.path.join(directory, name), 0o644)
