"""`python -m grader grade SUBMISSION --out results.json`: grade one submission, isolated.

The learner's exercise sources are staged (staging.py) into a fresh directory; a trusted
pytest process grades them with --grader-isolate, so learner code only ever runs in the
sandboxed learner process (grader.isolation.remote) and every verdict is reached here, on data. The
run has a wall-clock limit; the report pytest keeps current after every check means a run
that is stopped still scores what it saw, and no more. The final results.json gains what
is needed to replay the run: kit and torch versions, seeds and the command.

With a course secret (`--secret-file`, or GRADER_SECRET) the checks draw secret inputs
(grader.inputs). Before anything runs, the secret is read and the sandbox is tried out
(grader.isolation.protected): a secret that cannot be read, or a learner's process that could
read the secret, the solutions, the kit's tests or hidden data, stops the command with a
clear message, before any learner code has run.
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
    problem = course_grading_problem(args.secret_file, args.slot)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    report = grade(args.submission, chapters, slot=args.slot, junit=args.junit,
                   check_timeout=args.timeout, secret_file=args.secret_file,
                   hidden_visibility=args.hidden_visibility)
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


def course_grading_problem(secret_file: Path | None, slot: int = 0) -> str | None:
    """Why course grading cannot start here (unreadable secret, or a sandbox that could read
    what it must not), or None. Runs no learner code."""
    from grader.inputs import SecretError, read_secret
    from grader.isolation import protected, sandbox

    try:
        read_secret(secret_file)
    except SecretError as error:
        return str(error)
    if secret_file is not None:
        secret_file = Path(secret_file).resolve()
    staged: list[Path] = []  # the graded chapters lie in a fresh copy, outside the kit
    hide = protected.to_hide(staged, secret_file) if os.geteuid() == 0 else []
    readable = protected.unreadable_from_sandbox(protected.must_protect(staged, secret_file),
                                                 hide, sandbox.Limits.for_slot(slot).uid)
    return protected.refusal(readable) if readable else None


def grade(submission: Path, chapters: list[str], slot: int = 0, junit: Path | None = None,
          check_timeout: float | None = None, run_limit_s: float = RUN_LIMIT_S,
          secret_file: Path | None = None, hidden_visibility: str | None = None) -> dict:
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
                   "--grader-figures=none",  # figures are for learners; reports stay the same
                   *([f"--grader-timeout={check_timeout}"] if check_timeout else []),
                   *([f"--grader-secret-file={Path(secret_file).resolve()}"]
                     if secret_file else []),
                   *([f"--grader-hidden-visibility={hidden_visibility}"]
                     if hidden_visibility else []),
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
    if args.secret_file:  # where the secret is, never what it is
        parts += ["--secret-file", str(args.secret_file)]
    if args.hidden_visibility:
        parts += ["--hidden-visibility", args.hidden_visibility]
    return shlex.join(parts)


def torch_version() -> str:
    from importlib.metadata import version

    return version("torch")
