"""Running the grader the way a user does, in a child pytest process, and reading its report."""

from __future__ import annotations

import json
import os
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
        return Graded(done.returncode, done.stdout + done.stderr, json.loads(text))
    finally:
        report.unlink()
