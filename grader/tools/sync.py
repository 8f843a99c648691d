"""Generating exercises/ from solutions/: the reference is the one source of truth.

In a reference file, each block between `# BEGIN SOLUTION` and `# END SOLUTION` (inside a
function or method) becomes a `raise NotImplementedError(...)` naming the chapter and the
task; signatures, docstrings and comments outside the blocks (the hints) stay. Files without
markers are copied as they are.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from grader.stubs import stub_message

BEGIN = re.compile(r"^(?P<indent>[ \t]*)# BEGIN SOLUTION[ \t]*$")
END = re.compile(r"^(?P<indent>[ \t]*)# END SOLUTION[ \t]*$")
DEF = re.compile(r"^(?P<indent>[ \t]*)(?:async[ \t]+)?def[ \t]+(?P<name>\w+)")
CLASS = re.compile(r"^(?P<indent>[ \t]*)class[ \t]+(?P<name>\w+)")
IGNORED = {"__pycache__", ".pytest_cache", ".ipynb_checkpoints"}


class MarkerError(ValueError):
    """The solution markers of a reference file are malformed."""


def make_exercise(source: str, chapter: str, filename: str = "<source>") -> str:
    """The exercise version of a reference file's text."""
    lines = source.splitlines(keepends=True)
    out: list[str] = []
    i = 0
    while i < len(lines):
        begin = BEGIN.match(lines[i].rstrip("\r\n"))
        if END.match(lines[i].rstrip("\r\n")):
            raise MarkerError(f"{filename}:{i + 1}: END SOLUTION without BEGIN SOLUTION")
        if not begin:
            out.append(lines[i])
            i += 1
            continue
        end = _find_end(lines, i, filename)
        indent = begin["indent"]
        task = _enclosing_task(lines[:i], len(indent.expandtabs()), filename, i + 1)
        out.append(f'{indent}raise NotImplementedError("{stub_message(chapter, task)}")\n')
        i = end + 1
    return "".join(out)


def _find_end(lines: list[str], start: int, filename: str) -> int:
    for j in range(start + 1, len(lines)):
        text = lines[j].rstrip("\r\n")
        if BEGIN.match(text):
            raise MarkerError(f"{filename}:{j + 1}: BEGIN SOLUTION inside another solution block")
        if END.match(text):
            return j
    raise MarkerError(f"{filename}:{start + 1}: BEGIN SOLUTION without END SOLUTION")


def _enclosing_task(before: list[str], indent: int, filename: str, lineno: int) -> str:
    """'function' or 'Class.method' around a block that starts at `indent` columns."""
    chain: list[tuple[str, str]] = []  # (kind, name), innermost first
    for line in reversed(before):
        match = DEF.match(line) or CLASS.match(line)
        if match and len(match["indent"].expandtabs()) < indent:
            chain.append(("def" if DEF.match(line) else "class", match["name"]))
            indent = len(match["indent"].expandtabs())
            if indent == 0:
                break
    if not chain or chain[0][0] != "def":
        raise MarkerError(f"{filename}:{lineno}: a solution block must be inside a function")
    if len(chain) > 1 and chain[1][0] == "class":
        return f"{chain[1][1]}.{chain[0][1]}"
    return chain[0][1]


@dataclass(frozen=True)
class Drift:
    path: Path
    reason: str


def chapter_files(chapter_dir: Path) -> list[Path]:
    """The files of a chapter, relative to it, without caches."""
    return sorted(p.relative_to(chapter_dir) for p in chapter_dir.rglob("*")
                  if p.is_file() and not IGNORED & set(p.relative_to(chapter_dir).parts)
                  and p.suffix != ".pyc")


def expected_exercise(reference: Path, chapter: str) -> bytes:
    if reference.suffix != ".py":
        return reference.read_bytes()
    text = reference.read_text(encoding="utf-8")
    return make_exercise(text, chapter, str(reference)).encode("utf-8")


def plan(solutions: Path, exercises: Path, chapters: list[str] | None = None) -> list[Drift]:
    """What differs between exercises/ and what solutions/ generates, file by file."""
    drift: list[Drift] = []
    for chapter_dir in sorted(p for p in solutions.iterdir() if p.is_dir()
                              and p.name not in IGNORED and (not chapters or p.name in chapters)):
        target_dir = exercises / chapter_dir.name
        wanted = chapter_files(chapter_dir)
        for rel in wanted:
            target = target_dir / rel
            if not target.is_file():
                drift.append(Drift(target, "missing"))
            elif target.read_bytes() != expected_exercise(chapter_dir / rel, chapter_dir.name):
                drift.append(Drift(target, "differs from what solutions/ generates"))
        if target_dir.is_dir():
            for rel in set(chapter_files(target_dir)) - set(wanted):
                drift.append(Drift(target_dir / rel, "not in solutions/"))
    return drift


def sync(solutions: Path, exercises: Path, chapters: list[str] | None = None) -> list[Drift]:
    """Make exercises/ what solutions/ generates; returns what was changed."""
    changes = plan(solutions, exercises, chapters)
    for change in changes:
        if change.reason == "not in solutions/":
            change.path.unlink()
            continue
        chapter_dir = solutions / change.path.relative_to(exercises).parts[0]
        reference = chapter_dir / change.path.relative_to(exercises / chapter_dir.name)
        change.path.parent.mkdir(parents=True, exist_ok=True)
        change.path.write_bytes(expected_exercise(reference, chapter_dir.name))
    return changes


def copy_chapter(source: Path, target: Path) -> None:
    """Copy a chapter tree without caches (used to build test trees and releases)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(*IGNORED, "*.pyc"))
