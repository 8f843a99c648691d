"""How `pytest exercises/ch03` finds its checks.

A directory named chNN holding an `__init__.py` is a chapter. It is collected as a
ChapterDir whose children are the chapter's checks modules, bound to that directory: the
public checks, grader/checks/chNN.py (node ids `.../ch03::checks::...`), and, where the kit
has them, the hidden checks, grader/hidden/chNN.py (`.../ch03::hidden::...`, see
grader.hidden). The learner's tree holds no test code, and the same checks grade
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


GRADER_DIR = Path(__file__).resolve().parent
CHECK_PACKAGES = {"checks": "grader.checks", "hidden": "grader.hidden"}  # node name: package


def checks_module_name(chapter: str, kind: str = "checks") -> str:
    return f"{CHECK_PACKAGES[kind]}.{chapter}"


def is_hidden(item: pytest.Item) -> bool:
    return item.getparent(ChecksModule).name == "hidden"


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
        for kind in CHECK_PACKAGES:
            # Looked up in this grader's own tree only: a student release has no hidden
            # checks, even where another copy of the kit is installed beside it.
            if not (GRADER_DIR / kind / f"{self.path.name}.py").is_file():
                continue
            module = importlib.import_module(checks_module_name(self.path.name, kind))
            yield ChecksModule.from_parent(self, path=Path(module.__file__), name=kind,
                                           nodeid=f"{self.nodeid}::{kind}")


class ChecksModule(pytest.Module):
    """A checks module collected under a chapter directory: its @check functions."""

    def _getobj(self):
        return importlib.import_module(checks_module_name(self.parent.path.name, self.name))

    def istestfunction(self, obj: object, name: str) -> bool:
        return callable(obj) and getattr(obj, "_grader_check", False) is True

    def istestclass(self, obj: object, name: str) -> bool:
        return False


def chapter_of(item: pytest.Item) -> ChapterDir | None:
    return item.getparent(ChapterDir)
