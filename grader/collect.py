"""How `pytest exercises/ch03` finds its checks.

A directory named chNN holding an `__init__.py` is a chapter. It is collected as a
ChapterDir whose only child is the chapter's checks module, grader/checks/chNN.py, bound to
that directory: the learner's tree holds no test code, and the same checks grade
exercises/ch03, solutions/ch03 or any copy of it.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from grader.loader import ChapterCode

CHAPTER_DIR = re.compile(r"ch\d\d")


def is_chapter_dir(path: Path) -> bool:
    return bool(CHAPTER_DIR.fullmatch(path.name)) and (path / "__init__.py").is_file()


def checks_module_name(chapter: str) -> str:
    return f"grader.checks.{chapter}"


class ChapterDir(pytest.Directory):
    """A chapter's directory; grading it runs grader/checks/<chapter>.py against its code."""

    @property
    def code(self) -> ChapterCode:
        if not hasattr(self, "_code"):
            self._code = ChapterCode(self.path)
        return self._code

    @property
    def label(self) -> str:
        """How score tables name this chapter, e.g. 'exercises/ch03'."""
        return self.nodeid or self.path.name

    def collect(self):
        try:
            module = importlib.import_module(checks_module_name(self.path.name))
        except ModuleNotFoundError:
            return []  # a chapter without checks yet: nothing to grade
        yield ChecksModule.from_parent(self, path=Path(module.__file__), name="checks",
                                       nodeid=f"{self.nodeid}::checks")


class ChecksModule(pytest.Module):
    """grader/checks/chNN.py collected under a chapter directory: its @check functions."""

    def _getobj(self):
        return importlib.import_module(checks_module_name(self.parent.path.name))

    def istestfunction(self, obj: object, name: str) -> bool:
        return callable(obj) and getattr(obj, "_grader_check", False) is True

    def istestclass(self, obj: object, name: str) -> bool:
        return False


def chapter_of(item: pytest.Item) -> ChapterDir | None:
    return item.getparent(ChapterDir)
