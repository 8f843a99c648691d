"""`python -m grader grade SUBMISSION --out results.json`: grade one submission, isolated.

The learner's exercise sources are staged (staging.py) into a fresh directory; a trusted
pytest process grades them with --grader-isolate, so learner code only ever runs in the
sandboxed learner process (grader.isolation.remote) and every verdict is reached here, on data. The
run has a wall-clock limit; the report pytest keeps current after every check means a run
that is stopped still scores what it saw, and no more. The final results.json gains what
is needed to replay the run: kit and torch versions, seeds and the command.
"""

from __future__ import annotations

import argparse
import json
import os
import pkgutil
import platform
import shlex
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import grader
import grader.checks
from grader.scoring import markdown_summary, results_from_report, score_table, write_json
from grader.isolation.staging import CHAPTER, stage

RUN_LIMIT_S = 1800
PYTEST_INI = """[pytest]
timeout_method = signal
filterwarnings =
    ignore::DeprecationWarning
"""


def available_chapters() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(grader.checks.__path__)
                  if CHAPTER.fullmatch(m.name))


def grade_command(args: argparse.Namespace) -> int:
    chapters = args.chapters or available_chapters()
    unknown = sorted(set(chapters) - set(available_chapters()))
    if unknown:
        print(f"no checks for {', '.join(unknown)}; chapters: {' '.join(available_chapters())}",
              file=sys.stderr)
        return 2
    report = grade(args.submission, chapters, slot=args.slot, junit=args.junit,
                   check_timeout=args.timeout)
    report["extra_data"]["reproduce"] = reproduce_command(args)
    write_json(args.out, report)
    results = results_from_report(report)
    if args.markdown:
        with open(args.markdown, "a", encoding="utf-8") as summary:  # CI summaries append
            summary.write(markdown_summary(results, report["extra_data"]["notes"]))
    for note in report["extra_data"]["notes"]:
        print(f"note: {note}")
    print(score_table(results))
    print(f"results written to {args.out}")
    return 0


def grade(submission: Path, chapters: list[str], slot: int = 0, junit: Path | None = None,
          check_timeout: float | None = None, run_limit_s: float = RUN_LIMIT_S) -> dict:
    """Grade `submission` and return the results.json content."""
    with tempfile.TemporaryDirectory(prefix="grader-") as workdir:
        workdir = Path(workdir)
        staged = stage(submission.resolve(), chapters, workdir / "stage")
        (workdir / "pytest.ini").write_text(PYTEST_INI)
        partial = workdir / "results.json"
        command = [sys.executable, "-P", "-m", "pytest", "-p", "grader.plugin",
                   "-p", "pytest_timeout", "-p", "no:cacheprovider", "-c", str(workdir / "pytest.ini"),
                   "--rootdir", str(staged.root), "--grader-isolate", f"--grader-slot={slot}",
                   f"--grader-report={partial}", "-q",
                   *([f"--grader-timeout={check_timeout}"] if check_timeout else []),
                   *([f"--junitxml={Path(junit).resolve()}"] if junit else []),
                   *map(str, staged.chapters)]
        ended = run_limited(command, staged.root, run_limit_s)
        report = json.loads(partial.read_text()) if partial.is_file() else empty_report(ended)
    notes = staged.notes + ([ended] if ended else [])
    report["extra_data"] |= {"notes": notes, "kit_version": grader.__version__,
                             "torch_version": torch_version(), "python": platform.python_version(),
                             "chapters": chapters}
    return report


def run_limited(command: list[str], cwd: Path, limit_s: float) -> str | None:
    """Run the grading pytest; return why it ended early, if it did."""
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith(("PYTEST_", "PYTHON"))} | {
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": str(grader.KIT_ROOT)}  # this kit, whichever is installed
    process = subprocess.Popen(command, cwd=cwd, env=environment, start_new_session=True)
    try:
        process.wait(timeout=limit_s)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return f"the run was stopped after {limit_s:g} s: checks that had not run score 0"
    if process.returncode not in (0, 1):  # 1: some checks failed, as expected
        return f"the grading process ended with status {process.returncode}"
    return None


def empty_report(reason: str | None) -> dict:
    return {"score": 0, "max_score": 0, "execution_time": 0, "tests": [],
            "output": f"grading failed before any check ran: {reason or 'no report'}",
            "extra_data": {}}


def reproduce_command(args: argparse.Namespace) -> str:
    parts = ["python", "-m", "grader", "grade", str(args.submission), "--out", "results.json"]
    if args.chapters:
        parts += ["--chapters", *args.chapters]
    if args.timeout:
        parts += ["--timeout", f"{args.timeout:g}"]
    return shlex.join(parts)


def torch_version() -> str:
    from importlib.metadata import version

    return version("torch")
