"""Pass marks for measured quality (held-out accuracy, ...), calibrated from the reference.

A threshold check measures a number in the trusted grading process, on held-out data the
learner's code never receives (grader.heldout), and compares it with a Threshold declared
beside it, together with its calibration:

    HELD_OUT = Threshold("ch08", "held-out accuracy", at_least=0.80,
                         calibration=Calibration(seeds=10, worst=0.853, median=0.871))

    @HELD_OUT.measured_by
    def held_out_accuracy(chapter) -> float: ...   # runs probes, judges here

    @check(points=3)
    def check_held_out_accuracy(chapter):
        HELD_OUT.judge(held_out_accuracy(chapter), cause="...")

`python -m grader calibrate [chNN ...]` (see `calibrate`) re-runs every measurement on the
reference solutions under N course keys (each draws other data, another split and another
random state, as another course's secret would), prints seeds, worst and median, and fails
where the pass mark is not at least MARGIN below the worst seed, or where the written
calibration no longer matches what it measures. The kit's tests run it, so no threshold
check flips across those seeds.
"""

from __future__ import annotations

import importlib
import math
import statistics
from dataclasses import dataclass
from typing import Callable

from grader.check import DIVERGED, fail
from grader.i18n import tr

MARGIN = 0.02              # the pass mark sits at least this far below the worst seed
CALIBRATION_SEEDS = 10
DRIFT = 0.01               # a written worst or median further off than this is out of date

_registered: list["Threshold"] = []


@dataclass(frozen=True)
class Calibration:
    """How the reference fared over `seeds` course keys ("calibration seed 0", ...)."""

    seeds: int
    worst: float
    median: float


@dataclass
class Threshold:
    chapter: str
    what: str                   # e.g. "held-out accuracy of the trained network"
    at_least: float
    calibration: Calibration
    measure: Callable | None = None

    def __post_init__(self):
        _registered.append(self)

    def measured_by(self, fn: Callable) -> Callable:
        """Register `fn(chapter) -> float` as this threshold's measurement."""
        self.measure = fn
        return fn

    def judge(self, value: float, cause: str, lr: float | None = None) -> None:
        """Fail unless `value` reaches the pass mark; `cause` says what most often keeps a
        model below it, `lr` the learning rate it was trained with, for nan."""
        if not math.isfinite(value):
            fail(tr("{what} is not a number", what=tr(self.what)), got=str(value),
                 cause=tr(DIVERGED) + (tr(" (learning rate {lr})", lr=f"{lr:g}")
                                       if lr is not None else ""))
        if value < self.at_least:
            # The pass mark is public (it is in the checks); the measured value is not.
            fail(tr("{what} is below the pass mark of {mark} (the reference reaches {worst} "
                    "or more on every calibration seed)", what=tr(self.what),
                    mark=f"{self.at_least:g}", worst=f"{self.calibration.worst:g}"),
                 got=value, cause=cause)


def registered(chapter: str | None = None) -> list[Threshold]:
    return [t for t in _registered if chapter is None or t.chapter == chapter]


def seed_key(seed: int) -> bytes:
    return f"calibration seed {seed}".encode()


def measure_reference(threshold: Threshold, seeds: int) -> list[float]:
    """`threshold`'s measurement of the reference solutions under `seeds` course keys."""
    from grader import inputs
    from grader.learner import ChapterRunner, fresh_state
    from grader.loader import ChapterCode
    from grader.reference import SOLUTIONS

    runner = ChapterRunner(ChapterCode(SOLUTIONS / threshold.chapter))
    values = []
    try:
        for seed in range(seeds):
            inputs.use_secret(seed_key(seed))
            fresh_state(inputs.state_seed())
            values.append(float(threshold.measure(runner)))
    finally:
        inputs.use_secret(None)
    return values


def problems(threshold: Threshold, values: list[float]) -> list[str]:
    """What is wrong with `threshold` given the reference's values over the seeds."""
    worst, median = min(values), statistics.median(values)
    found = []
    if threshold.at_least > worst - MARGIN:
        # calibrate speaks to instructors, in English
        found.append(f"the pass mark {threshold.at_least:g} is not {MARGIN:g} below the worst "  # i18n: internal
                     f"seed ({worst:.4f}): a correct solution could fail")
    written = threshold.calibration
    if (written.seeds != len(values) or abs(written.worst - worst) > DRIFT
            or abs(written.median - median) > DRIFT):
        found.append(f"the written calibration (seeds={written.seeds}, worst={written.worst:g}, "  # i18n: internal
                     f"median={written.median:g}) is out of date: seeds={len(values)}, "
                     f"worst={worst:.4f}, median={median:.4f}")
    return found


def load_checks(chapters: list[str]) -> None:
    """Import the checks (public and hidden) of `chapters`, registering their thresholds."""
    from grader.collect import CHECK_PACKAGES

    for chapter in chapters:
        for package in CHECK_PACKAGES.values():
            try:
                importlib.import_module(f"{package}.{chapter}")
            except ModuleNotFoundError as error:
                if error.name != f"{package}.{chapter}":
                    raise


def calibrate(chapters: list[str], seeds: int | None = None) -> int:
    """Print each threshold's calibration; 1 if any pass mark or calibration is wrong.
    `seeds` None re-measures each threshold over as many keys as its written calibration
    (at least CALIBRATION_SEEDS): a threshold whose tail needed more keys keeps them."""
    load_checks(chapters)
    bad = 0
    print(f"{'threshold':<58} {'seeds':>5} {'worst':>7} {'median':>7} {'pass mark':>9}")
    for threshold in (t for c in chapters for t in registered(c)):
        count = seeds or max(CALIBRATION_SEEDS, threshold.calibration.seeds)
        values = measure_reference(threshold, count)
        found = problems(threshold, values)
        bad += bool(found)
        label = f"{threshold.chapter} {threshold.what}"[:58]
        print(f"{label:<58} {len(values):>5} {min(values):>7.4f} "
              f"{statistics.median(values):>7.4f} {threshold.at_least:>9g}  "
              f"{'ok' if not found else 'WRONG'}")
        for problem in found:
            print(f"    {problem}")
        print(f"    written: Calibration(seeds={len(values)}, worst={min(values):.4f}, "
              f"median={statistics.median(values):.4f})")
    return 1 if bad else 0
