"""`python -m grader bench`: how long grading takes, against the cost of importing torch.

Each command runs as a whole process several times; the median wall time, its ratio to the
floor (`python -c "import torch, torchvision"`) and the peak resident memory are printed.
Targets: one chapter at most 2x the floor, all chapters together at most 3x, peak memory
under 1.5 GB. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

CHAPTER_TARGET, ALL_TARGET, MEMORY_TARGET_MB = 2.0, 3.0, 1536


def measure(command: list[str], runs: int, cwd: Path) -> tuple[float, float]:
    """Median wall seconds and peak resident MB of `command` over `runs` runs."""
    times, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)  # kilobytes on Linux
        if os.waitstatus_to_exitcode(status) != 0:
            print(f"warning: {' '.join(command)} exited with "
                  f"{os.waitstatus_to_exitcode(status)}", file=sys.stderr)
    return statistics.median(times), max(peaks)


def run_benchmark(root: Path, chapters: list[str], runs: int) -> int:
    chapters = chapters or sorted(p.name for p in (root / "solutions").iterdir()
                                  if p.name.startswith("ch"))
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    floor_cmd = [sys.executable, "-c", "import torch, torchvision"]
    cases = [(f"pytest solutions/{c}", pytest + [f"solutions/{c}"], CHAPTER_TARGET)
             for c in chapters]
    if len(chapters) > 1:
        cases.append((f"pytest solutions/{{{','.join(chapters)}}}",
                      pytest + [f"solutions/{c}" for c in chapters], ALL_TARGET))

    print(f"{runs} runs each, median wall time; machine: {os.cpu_count()} cores")
    floor, floor_peak = measure(floor_cmd, runs, root)
    print(f"{'command':<40} {'seconds':>8} {'x floor':>8} {'peak MB':>8}  verdict")
    print(f"{'import torch, torchvision (floor)':<40} {floor:>8.2f} {1.0:>8.2f} {floor_peak:>8.0f}")
    missed = 0
    for label, command, target in cases:
        seconds, peak = measure(command, runs, root)
        ratio = seconds / floor
        ok = ratio <= target and peak < MEMORY_TARGET_MB
        missed += not ok
        print(f"{label:<40} {seconds:>8.2f} {ratio:>8.2f} {peak:>8.0f}  "
              f"{'ok' if ok else 'MISSED'} (target {target:g}x, < {MEMORY_TARGET_MB} MB)")
    return 1 if missed else 0
