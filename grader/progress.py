"""What every grading run leaves behind for `status` and `hint`: each chapter's last results.

The plugin writes one small JSON file per graded chapter under .grader/results/ in the run's
root directory (the kit, for a learner); `status` and `hint` read them without importing
torch or running anything.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

RESULTS_DIR = Path(".grader") / "results"


@dataclass
class RecordedCheck:
    name: str          # the check's function name, e.g. "check_prediction"
    status: str        # as in grader.scoring
    points: int
    max_points: int
    message: str = ""  # the feedback's first line


@dataclass
class ChapterRun:
    chapter: str       # as the score table names it, e.g. "exercises/ch03"
    finished: float    # time.time() when it was written
    checks: list[RecordedCheck] = field(default_factory=list)

    @property
    def points(self) -> int:
        return sum(c.points for c in self.checks)

    @property
    def max_points(self) -> int:
        return sum(c.max_points for c in self.checks)


def file_name(chapter: str) -> str:
    return re.sub(r"[^\w.-]+", "_", chapter) + ".json"


def record(root: Path, results) -> None:
    """Write the last run of each chapter in `results` (grader.scoring.CheckResults)."""
    runs: dict[str, ChapterRun] = {}
    for result in results:
        run = runs.setdefault(result.chapter, ChapterRun(result.chapter, time.time()))
        first_line = result.output.splitlines()[0] if result.output else ""
        run.checks.append(RecordedCheck(result.name.rsplit("::", 1)[-1], result.status,
                                        result.points, result.max_points, first_line))
    directory = root / RESULTS_DIR
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for run in runs.values():
            partial = directory / (file_name(run.chapter) + ".partial")
            partial.write_text(json.dumps(asdict(run), indent=1, ensure_ascii=False),
                               encoding="utf-8")
            partial.replace(directory / file_name(run.chapter))
    except OSError:  # a read-only checkout still grades; it only forgets the run
        pass


def last_run(root: Path, chapter: str) -> ChapterRun | None:
    """The last recorded run of `chapter` (e.g. "exercises/ch03"), if any."""
    path = root / RESULTS_DIR / file_name(chapter)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return ChapterRun(data["chapter"], data["finished"],
                      [RecordedCheck(**check) for check in data["checks"]])
