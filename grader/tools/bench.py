"""`python -m grader bench`: how long grading takes, against the cost of importing torch.

Each command runs as a whole process several times; the median wall time, its ratio to the
floor (`python -c "import torch, torchvision"`) and the peak resident memory are printed.
Targets (CHAPTER_TARGETS): chapters 1-4 at most 2x the floor each and 3x together, under
1.5 GB; chapters 5-7 at most 3x, chapter 8 (training to its threshold included) 6x, under
2 GB; chapters 9-10 (CNNs trained to their thresholds) 8x, under 2.5 GB; chapters 11-12
(pretrained models, transfer learning) 10x, under 3 GB. All chapters
together run in one process as well, reported against the sum of their
budgets. Exit status 1 when a target is missed.

`--grading` times the isolated grading of item 2 instead, on a temporary submission made of the
reference solutions: `python -m grader grade` against `python -m pytest` on the same tree
(in-process grading, the isolation overhead: at most 1.5x; and the whole course in one
`grade`: at most 3 minutes), and `grade-batch --jobs 2` over
four copies of it (submissions per minute, and the peak memory of the largest process, that
is of one worker: under 2 GB).

`--learner` times the learner's commands: `status` and `hint` at most 1.5x the floor, and
`watch`'s result at most one chapter run plus 1 s after a file is saved.

`--course` times course grading, the same submission graded by `grade` with a secret and the
hidden checks (from this repository), against `grade` without either (from a student
release of it): at most 1.1x.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# chapter: (x floor, peak MB); chapters not listed: DEFAULT_TARGET
CHAPTER_TARGETS = {"ch05": (3.0, 2048), "ch06": (3.0, 2048), "ch07": (3.0, 2048),
                   "ch08": (6.0, 2048), "ch09": (8.0, 2560), "ch10": (8.0, 2560),
                   "ch11": (10.0, 3072), "ch12": (10.0, 3072)}
DEFAULT_TARGET = (2.0, 1536)
FIRST_FOUR, FIRST_FOUR_TARGET = ["ch01", "ch02", "ch03", "ch04"], (3.0, 1536)
ISOLATION_TARGET, WORKER_MEMORY_TARGET_MB, BATCH_SIZE, BATCH_JOBS = 1.5, 2048, 4, 2
COURSE_TARGET = 1.1
WHOLE_COURSE_SECONDS = 180  # every chapter of the reference in one isolated `grade`


def measure(command: list[str], runs: int, cwd: Path,
            env: dict | None = None) -> tuple[float, float]:
    """Median wall seconds and peak resident MB of `command` over `runs` runs."""
    times, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)  # kilobytes on Linux
        if os.waitstatus_to_exitcode(status) != 0:
            print(f"warning: {' '.join(command)} exited with "
                  f"{os.waitstatus_to_exitcode(status)}", file=sys.stderr)
    return statistics.median(times), max(peaks)


def run_benchmark(root: Path, chapters: list[str], runs: int, grading: bool = False,
                  course: bool = False, learner: bool = False) -> int:
    if learner:
        return run_learner_benchmark(root, runs)
    if course:
        return run_course_benchmark(root, runs)
    if grading:
        return run_grading_benchmark(root, runs)
    chapters = chapters or sorted(p.name for p in (root / "solutions").iterdir()
                                  if p.name.startswith("ch"))
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    floor_cmd = [sys.executable, "-c", "import torch, torchvision"]
    cases = [(f"pytest solutions/{c}", pytest + [f"solutions/{c}"], target_of(c))
             for c in chapters]
    if all(c in chapters for c in FIRST_FOUR):
        cases.append(("pytest solutions/{ch01..ch04}",
                      pytest + [f"solutions/{c}" for c in FIRST_FOUR], FIRST_FOUR_TARGET))
    if len(chapters) > 1 and chapters != FIRST_FOUR:
        # Together they pay the floor once: the sum of what each may add to it.
        together = (1 + sum(target_of(c)[0] - 1 for c in chapters),
                    max(target_of(c)[1] for c in chapters))
        cases.append((f"pytest solutions/ ({len(chapters)} chapters)",
                      pytest + [f"solutions/{c}" for c in chapters], together))

    print(f"{runs} runs each, median wall time; machine: {os.cpu_count()} cores")
    floor, floor_peak = measure(floor_cmd, runs, root)
    print(f"{'command':<40} {'seconds':>8} {'x floor':>8} {'peak MB':>8}  verdict")
    print(f"{'import torch, torchvision (floor)':<40} {floor:>8.2f} {1.0:>8.2f} {floor_peak:>8.0f}")
    missed = 0
    for label, command, (target, memory_mb) in cases:
        seconds, peak = measure(command, runs, root)
        ratio = seconds / floor
        ok = ratio <= target and peak < memory_mb
        missed += not ok
        print(f"{label:<40} {seconds:>8.2f} {ratio:>8.2f} {peak:>8.0f}  "
              f"{'ok' if ok else 'MISSED'} (target {target:g}x, < {memory_mb} MB)")
    return 1 if missed else 0


def target_of(chapter: str) -> tuple[float, int]:
    return CHAPTER_TARGETS.get(chapter, DEFAULT_TARGET)


def run_grading_benchmark(root: Path, runs: int) -> int:
    """`grade` against in-process pytest on the same code, and `grade-batch` throughput."""
    grader = [sys.executable, "-m", "grader"]
    with tempfile.TemporaryDirectory(prefix="grader-bench-") as work:
        work = Path(work)
        submission, batch = work / "submission", work / "batch"
        shutil.copytree(root / "solutions", submission / "exercises",
                        ignore=shutil.ignore_patterns("__pycache__"))
        for n in range(1, BATCH_SIZE + 1):
            shutil.copytree(submission, batch / f"submission{n}")
        chapters = sorted(p.name for p in (submission / "exercises").iterdir()
                          if p.name.startswith("ch"))
        print(f"{runs} runs each, median wall time; machine: {os.cpu_count()} cores; "
              f"a submission of the reference solutions of {' '.join(chapters)}")
        pytest_s, pytest_peak = measure([sys.executable, "-m", "pytest", "-q", "-p",
                                         "no:cacheprovider", "exercises"], runs, submission)
        grade_s, grade_peak = measure(grader + ["grade", str(submission), "--out",
                                                str(work / "results.json")], runs, root)
        batch_s, batch_peak = measure(grader + ["grade-batch", str(batch), "--jobs",
                                                str(BATCH_JOBS), "--out", str(work / "out")],
                                      runs, root)

    ratio, per_minute = grade_s / pytest_s, 60 * BATCH_SIZE / batch_s
    isolation_ok = ratio <= ISOLATION_TARGET and grade_peak < WORKER_MEMORY_TARGET_MB
    whole_ok = grade_s <= WHOLE_COURSE_SECONDS
    batch_ok = batch_peak < WORKER_MEMORY_TARGET_MB
    print(f"{'command':<44} {'seconds':>8} {'ratio':>6} {'peak MB':>8}  verdict")
    print(f"{'pytest exercises (in-process grading)':<44} {pytest_s:>8.2f} {1.0:>6.2f} "
          f"{pytest_peak:>8.0f}")
    print(f"{'grade SUBMISSION (isolated)':<44} {grade_s:>8.2f} {ratio:>6.2f} {grade_peak:>8.0f}  "
          f"{'ok' if isolation_ok else 'MISSED'} (target {ISOLATION_TARGET:g}x, "
          f"< {WORKER_MEMORY_TARGET_MB} MB)")
    print(f"{f'  the whole course ({len(chapters)} chapters), isolated':<44} {grade_s:>8.2f} "
          f"{'':>6} {'':>8}  {'ok' if whole_ok else 'MISSED'} (target "
          f"{WHOLE_COURSE_SECONDS} s)")
    print(f"{f'grade-batch --jobs {BATCH_JOBS}, {BATCH_SIZE} submissions':<44} {batch_s:>8.2f} "
          f"{'':>6} {batch_peak:>8.0f}  {'ok' if batch_ok else 'MISSED'} "
          f"(< {WORKER_MEMORY_TARGET_MB} MB per worker)")
    print(f"grade-batch --jobs {BATCH_JOBS}: {per_minute:.1f} submissions per minute "
          f"({batch_s / BATCH_SIZE:.1f} s per submission, {grade_s:.1f} s for one alone)")
    return 0 if isolation_ok and batch_ok and whole_ok else 1


def run_course_benchmark(root: Path, runs: int) -> int:
    """`grade` with a secret and hidden checks against `grade` with neither."""
    from grader.tools.release import write_release

    with tempfile.TemporaryDirectory(prefix="grader-bench-") as work:
        work = Path(work)
        submission, release = work / "submission", work / "release"
        shutil.copytree(root / "solutions", submission / "exercises",
                        ignore=shutil.ignore_patterns("__pycache__"))
        write_release(root, release)  # the same checks, no hidden ones
        secret = work / "course.secret"
        secret.write_text("a secret for the benchmark\n")
        grade = [sys.executable, "-m", "grader", "grade", str(submission), "--out",
                 str(work / "results.json")]
        print(f"{runs} runs each, median wall time; machine: {os.cpu_count()} cores; "
              "a submission of the reference solutions of every chapter")
        environment = os.environ | {"PYTHONPATH": str(release)}
        plain_s, plain_peak = measure(grade, runs, release, environment)
        course_s, course_peak = measure(grade + ["--secret-file", str(secret)], runs, root)
    ratio = course_s / plain_s
    ok = ratio <= COURSE_TARGET
    print(f"{'command':<52} {'seconds':>8} {'ratio':>6} {'peak MB':>8}  verdict")
    print(f"{'grade, public inputs, no hidden checks (release)':<52} {plain_s:>8.2f} "
          f"{1.0:>6.2f} {plain_peak:>8.0f}")
    print(f"{'grade --secret-file, hidden checks (instructor)':<52} {course_s:>8.2f} "
          f"{ratio:>6.2f} {course_peak:>8.0f}  {'ok' if ok else 'MISSED'} "
          f"(target {COURSE_TARGET:g}x)")
    return 0 if ok else 1


STATUS_TARGET, WATCH_SLACK_S = 1.5, 1.0  # x floor; seconds beyond one chapter run


def run_learner_benchmark(root: Path, runs: int) -> int:
    """The learner's commands: `status` and `hint` against the floor (at most 1.5x), and
    `watch`: from saving a file to the new result, at most one chapter run plus 1 s."""
    grader = [sys.executable, "-m", "grader", "--root"]
    with tempfile.TemporaryDirectory(prefix="grader-bench-") as work:
        work = Path(work)
        chapter = work / "exercises" / "ch03"
        shutil.copytree(root / "solutions" / "ch03", chapter,
                        ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(root / "exercises" / "ch01", work / "exercises" / "ch01",
                        ignore=shutil.ignore_patterns("__pycache__"))
        pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                  "--rootdir", str(work), "exercises/ch03"]
        subprocess.run(pytest, cwd=work, capture_output=True)  # results for status and hint
        print(f"{runs} runs each, median; machine: {os.cpu_count()} cores")
        floor, _ = measure([sys.executable, "-c", "import torch, torchvision"], runs, work)
        chapter_run, _ = measure(pytest, runs, work)
        rows = [("import torch, torchvision (floor)", floor, 1.0, "")]
        missed = 0
        for label, command in (("status", grader + [str(work), "status"]),
                               ("hint ch01", grader + [str(work), "hint", "ch01"])):
            seconds, _ = measure(command, runs, work)
            ok = seconds / floor <= STATUS_TARGET
            missed += not ok
            rows.append((label, seconds, seconds / floor,
                         f"{'ok' if ok else 'MISSED'} (target {STATUS_TARGET:g}x)"))
        latency = statistics.median(watch_latency(grader + [str(work), "watch", "ch03"],
                                                  chapter / "descent.py") for _ in range(runs))
        ok = latency <= chapter_run + WATCH_SLACK_S
        missed += not ok
        rows += [("pytest exercises/ch03 (one chapter run)", chapter_run, chapter_run / floor, ""),
                 ("watch ch03: file saved -> result shown", latency, latency / floor,
                  f"{'ok' if ok else 'MISSED'} (target {chapter_run + WATCH_SLACK_S:.2f} s)")]
    print(f"{'command':<44} {'seconds':>8} {'x floor':>8}  verdict")
    for label, seconds, ratio, verdict in rows:
        print(f"{label:<44} {seconds:>8.2f} {ratio:>8.2f}  {verdict}")
    return 1 if missed else 0


def watch_latency(command: list[str], edited: Path) -> float:
    """Seconds from saving `edited` to `watch` printing the end of the new result."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True, env=os.environ | {"COURSE_LANG": "en"})
    try:
        for line in process.stdout:
            if "save a file to grade again" in line:
                break
        edited.write_text(edited.read_text() + "\n# saved again\n")
        saved = time.perf_counter()
        for line in process.stdout:
            if "save a file to grade again" in line:
                return time.perf_counter() - saved
        raise RuntimeError("watch ended without showing a result")
    finally:
        process.kill()
        process.wait()
