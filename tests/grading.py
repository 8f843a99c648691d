"""Running the grader the way a user does, in a child pytest process, and reading its report."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Graded:
    returncode: int
    stdout: str
    report: dict
    cwd: Path | None = None

    def checks(self, chapter: str) -> dict[str, dict]:
        """The report's entries for one graded chapter directory, by check name."""
        return {test["name"].rsplit("::", 1)[-1]: test for test in self.report["tests"]
                if test["tags"][0] == chapter}

    def score(self, chapter: str) -> tuple[int, int]:
        checks = self.checks(chapter).values()
        return sum(c["score"] for c in checks), sum(c["max_score"] for c in checks)


def grade(*paths: str | Path, cwd: Path = ROOT, args: tuple[str, ...] = (),
          timeout: float = 600) -> Graded:
    handle, name = tempfile.mkstemp(prefix="grader-report-", suffix=".json")
    os.close(handle)
    report = Path(name)
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--rootdir", str(cwd),
               f"--grader-report={report}", *args, *map(str, paths)]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    try:
        text = report.read_text()
        assert text, f"no report was written\n{done.stdout}\n{done.stderr}"
        return Graded(done.returncode, done.stdout + done.stderr, json.loads(text), Path(cwd))
    finally:
        report.unlink()


def grade_isolated(submission: Path, *chapters: str, slot: int = 0,
                   extra: tuple[str, ...] = ()) -> Graded:
    """`python -m grader grade SUBMISSION` into a temporary results.json."""
    out = Path(tempfile.mkdtemp(prefix="grader-out-")) / "results.json"
    command = [sys.executable, "-m", "grader", "grade", str(submission), "--out", str(out),
               f"--slot={slot}", *extra]
    if chapters:
        command += ["--chapters", *chapters]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert out.is_file(), f"no results.json\n{done.stdout}\n{done.stderr}"
    return Graded(done.returncode, done.stdout + done.stderr, json.loads(out.read_text()))


def make_submission(root: Path, chapters: dict[str, Path]) -> Path:
    """A submission directory whose exercises/chNN are copies of the given chapter trees."""
    for chapter, source in chapters.items():
        shutil.copytree(source, root / "exercises" / chapter,
                        ignore=shutil.ignore_patterns("__pycache__"))
    return root


@dataclass
class DeclaredCheck:
    chapter: str
    name: str
    points: int
    course_data: bool
    hidden: bool


def declared_checks(chapter: str) -> list[DeclaredCheck]:
    """The checks of one chapter, public and hidden, as their @check marks declare them."""
    import importlib

    from grader.collect import CHECK_PACKAGES

    found = []
    for kind, package in CHECK_PACKAGES.items():
        try:
            module = importlib.import_module(f"{package}.{chapter}")
        except ModuleNotFoundError:
            continue
        for name, fn in vars(module).items():
            if getattr(fn, "_grader_check", False) and fn.__module__ == module.__name__:
                mark = next(m for m in fn.pytestmark if m.name == "grader")
                found.append(DeclaredCheck(chapter, name, mark.kwargs["points"],
                                           mark.kwargs.get("course_data", False),
                                           kind == "hidden"))
    return found
