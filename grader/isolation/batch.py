"""`python -m grader grade-batch SUBMISSIONS_DIR --jobs N --out DIR`: grade many submissions.

Every immediate sub-directory of SUBMISSIONS_DIR is one submission (it holds exercises/). Each
is graded by its own `python -m grader grade` process, so it gets all of that command's
isolation; at most N run at once, each in a sandbox slot of its own (0..N-1, handed to the
next job only once its job has ended), so no two concurrent gradings share a sandbox uid.
DIR/<name>/ receives results.json, summary.md and grading.log (the job's console output);
DIR/gradebook.csv has one row per submission. A job that fails gets a row saying so and the
batch goes on.
"""

from __future__ import annotations

import csv
import json
import os
import queue
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import grader


@dataclass
class Row:
    submission: str
    score: float | None = None
    max_score: float | None = None
    chapters: dict[str, float] = field(default_factory=dict)  # "ch03" -> points earned
    status: str = "graded"
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def percent(self) -> float | None:
        if self.score is None:
            return None
        return round(100.0 * self.score / self.max_score, 1) if self.max_score else 0.0


def grade_batch(submissions: Path, out: Path, jobs: int = 2,
                chapters: list[str] | None = None, secret_file: Path | None = None,
                hidden_visibility: str | None = None) -> int:
    from grader.isolation.grading import course_grading_problem

    names = _submission_names(submissions, out)
    if isinstance(names, str):
        print(names, file=sys.stderr)
        return 2
    problem = course_grading_problem(secret_file)
    if problem:  # once, before any submission's code runs
        print(problem, file=sys.stderr)
        return 2
    if jobs < 1:
        print(f"--jobs must be at least 1, not {jobs}", file=sys.stderr)
        return 2
    jobs = min(jobs, len(names))
    out.mkdir(parents=True, exist_ok=True)
    print(f"grading {len(names)} submission(s) from {submissions}, {jobs} at a time, "
          f"into {out}")

    course_options = [*(["--secret-file", str(Path(secret_file).resolve())] if secret_file else []),
                      *(["--hidden-visibility", hidden_visibility] if hidden_visibility else [])]
    slots: queue.Queue[int] = queue.Queue()
    for slot in range(jobs):
        slots.put(slot)

    def job(name: str) -> Row:
        slot = slots.get()  # one is always free: there are as many slots as threads
        try:
            return grade_one(submissions / name, out / name, slot, chapters, course_options)
        finally:
            slots.put(slot)

    start = time.perf_counter()
    rows: dict[str, Row] = {}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(job, name): name for name in names}
        for done, future in enumerate(as_completed(futures), 1):
            row = future.result()
            rows[row.submission] = row
            print(f"[{done}/{len(names)}] {row.submission}: {_describe(row)} "
                  f"({row.seconds:.1f} s)", flush=True)
    elapsed = time.perf_counter() - start

    ordered = [rows[name] for name in names]
    gradebook = out / "gradebook.csv"
    write_gradebook(gradebook, ordered, _chapter_columns(ordered, chapters))
    failed = [row for row in ordered if row.score is None]
    print(f"graded {len(names) - len(failed)} of {len(names)} submission(s) in {elapsed:.1f} s "
          f"with {jobs} job(s): {60 * len(names) / elapsed:.1f} submissions per minute")
    for row in failed:
        print(f"  not graded: {row.submission}: {row.status} "
              f"(see {out / row.submission / 'grading.log'})")
    print(f"gradebook written to {gradebook}")
    return 1 if failed else 0


def grade_one(submission: Path, out: Path, slot: int, chapters: list[str] | None,
              course_options: list[str] = ()) -> Row:
    """Grade one submission in a `python -m grader grade` process; its row of the gradebook."""
    out.mkdir(parents=True, exist_ok=True)
    results, summary, log = out / "results.json", out / "summary.md", out / "grading.log"
    for stale in (results, summary):  # the summary is appended to, and results must be new
        stale.unlink(missing_ok=True)
    command = [sys.executable, "-m", "grader", "grade", str(submission), "--out", str(results),
               "--markdown", str(summary), "--slot", str(slot),
               *(["--chapters", *chapters] if chapters else []), *course_options]
    path = os.pathsep.join(filter(None, [str(grader.KIT_ROOT), os.environ.get("PYTHONPATH")]))
    row = Row(submission.name)
    start = time.perf_counter()
    with open(log, "wb") as console:
        returncode = subprocess.call(command, stdout=console, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL,
                                     env=os.environ | {"PYTHONPATH": path})
    row.seconds = time.perf_counter() - start
    try:
        report = json.loads(results.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        row.status = f"not graded: grade exited with status {returncode}, no results.json"
        if results.exists():
            row.status = f"not graded: unreadable results.json ({error})"
        return row
    row.score, row.max_score = report.get("score", 0), report.get("max_score", 0)
    for test in report.get("tests", []):
        chapter = test["tags"][0].rsplit("/", 1)[-1] if test.get("tags") else "?"
        row.chapters[chapter] = row.chapters.get(chapter, 0) + test.get("score", 0)
    row.notes = list(report.get("extra_data", {}).get("notes", []))
    if returncode != 0:
        row.status = f"graded, but grade exited with status {returncode}"
    elif not report.get("tests"):
        row.status = "graded, but no check ran"
        row.notes.append(report.get("output", ""))
    return row


def write_gradebook(path: Path, rows: list[Row], chapters: list[str]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["submission", "score", "max_score", "percent", *chapters,
                         "status", "notes"])
        for row in rows:
            writer.writerow([row.submission, _cell(row.score), _cell(row.max_score),
                             _cell(row.percent), *(_cell(row.chapters.get(c)) for c in chapters),
                             row.status, "; ".join(row.notes)])


def _submission_names(submissions: Path, out: Path) -> list[str] | str:
    """The sub-directories to grade, or why there are none."""
    if not submissions.is_dir():
        return (f"{submissions} does not exist or is not a directory: grade-batch needs a "
                "directory holding one sub-directory per submission (each with exercises/)")
    out = out.resolve()
    names = sorted(p.name for p in submissions.iterdir()
                   if p.is_dir() and not p.name.startswith(".") and p.resolve() != out)
    if not names:
        return (f"{submissions} holds no sub-directories: grade-batch needs one "
                "sub-directory per submission (each with exercises/)")
    return names


def _chapter_columns(rows: list[Row], chapters: list[str] | None) -> list[str]:
    from grader.isolation.grading import available_chapters

    found = {chapter for row in rows for chapter in row.chapters}
    return sorted(set(chapters or available_chapters()) | found)


def _describe(row: Row) -> str:
    if row.score is None:
        return row.status.upper()
    text = f"{_cell(row.score)}/{_cell(row.max_score)} ({row.percent:g}%)"
    return text if row.status == "graded" else f"{text}, {row.status}"


def _cell(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
