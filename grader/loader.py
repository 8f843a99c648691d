"""Importing one chapter's code (a learner's, the reference, or a copy) for the checks.

`ChapterCode(path).descent` imports `<path>/descent.py` as a module of the chapter package, on
first use. Each chapter tree gets a package name of its own, so `exercises/ch03` and
`solutions/ch03` can be graded in one run. A module that fails to import (syntax error, bad
import, exception, exit or endless loop at import time) fails every check that uses it with
the file and line, and is not imported again: one broken file costs one timeout, not one per
check, and other modules of the chapter still grade.
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
import types
from pathlib import Path

import pytest

from grader.check import CheckFailed
from grader.i18n import N_, tr

Failed = pytest.fail.Exception  # what pytest-timeout raises when a check runs out of time


class LearnerImportError(CheckFailed):
    """A module of the chapter could not be imported."""


class ImportTimeout(BaseException):
    """An import ran out of time (raised by the isolated worker's alarm)."""


def display_path(path: Path | str) -> str:
    """A path as the learner would type it: relative to the working directory when inside it."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class ChapterCode:
    """Lazy access to the modules of one chapter directory (a Python package)."""

    def __init__(self, path: Path):
        self.path = Path(path).resolve()
        self.chapter = self.path.name
        self.package = f"{_tree_package(self.path.parent)}.{self.chapter}"
        self._broken: dict[str, LearnerImportError] = {}

    def __getattr__(self, module: str) -> types.ModuleType:
        if module.startswith("_"):
            raise AttributeError(module)
        return self.module(module)

    def module(self, module: str) -> types.ModuleType:
        if module in self._broken:
            raise self._broken[module]
        try:
            return importlib.import_module(f"{self.package}.{module}")
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # the learner's file may raise anything, even exit
            self._broken[module] = self._explain(module, error)
            if isinstance(error, Failed):  # a timeout: let pytest-timeout report it
                raise
            raise self._broken[module] from None

    def _explain(self, module: str, error: BaseException) -> LearnerImportError:
        file = display_path(self.path / f"{module}.py")
        if isinstance(error, ModuleNotFoundError) and error.name in (
                f"{self.package}.{module}", self.package):
            return LearnerImportError(tr("{file} is missing", file=file), cause=tr(MISSING))
        if isinstance(error, SyntaxError):
            where = tr("{file}, line {line}", file=display_path(error.filename or file),
                       line=error.lineno)
            code = (error.text or "").strip()
            return LearnerImportError(
                f"{where}: {type(error).__name__}: {error.msg}" + (f"\n    {code}" if code else ""),
                cause=tr(SYNTAX, module=module))
        if isinstance(error, (Failed, ImportTimeout)):
            return LearnerImportError(
                tr("importing {file} did not finish within the check's time limit", file=file),
                cause=tr(ENDLESS_IMPORT))
        if isinstance(error, SystemExit):
            return LearnerImportError(tr("{file} called exit() while being imported", file=file),
                                      cause=tr(EXIT_AT_IMPORT))
        return LearnerImportError(
            tr("{where}: importing it raised {error}", where=learner_location(error, self.path)
               or file, error=f"{type(error).__name__}: {error}"),
            cause=tr(IMPORT_ERROR, module=module))


# Why a module does not import; grader.diagnose recognises them in withheld feedback.
MISSING = N_("the exercise file was deleted or renamed")
SYNTAX = N_("fix the syntax of this file: every check that uses {module}.py fails until it "
            "imports")
ENDLESS_IMPORT = N_("code at module level runs on import: an endless loop or a long "
                    "computation there; move it into a function")
EXIT_AT_IMPORT = N_("remove the exit() call at module level")
IMPORT_ERROR = N_("fix the error: every check that uses {module}.py fails until it imports")
IMPORT_CAUSES = (MISSING, SYNTAX, ENDLESS_IMPORT, EXIT_AT_IMPORT, IMPORT_ERROR)


def learner_location(error: BaseException, root: Path) -> str | None:
    """'file, line N (in function)' of the innermost frame of `error` that lies under `root`."""
    root = str(Path(root).resolve())
    where = None
    for frame in traceback.extract_tb(error.__traceback__):
        if os.path.realpath(frame.filename).startswith(root + os.sep):
            where = f"{display_path(frame.filename)}, line {frame.lineno} (in {frame.name})"
    return where


def _tree_package(tree: Path) -> str:
    """Register `tree` (e.g. exercises/) as a package whose name is free or already its own."""
    base = tree.name if tree.name.isidentifier() else "submission"
    name, n = base, 0
    while name in sys.modules and not _is_package_at(sys.modules[name], tree):
        n += 1
        name = f"{base}_{n}"
    if name not in sys.modules:
        package = types.ModuleType(name)
        package.__path__ = [str(tree)]
        sys.modules[name] = package
    return name


def _is_package_at(module: types.ModuleType, tree: Path) -> bool:
    paths = [os.path.realpath(p) for p in getattr(module, "__path__", [])]
    return paths == [os.path.realpath(tree)]
