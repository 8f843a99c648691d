"""Scores: one result per check, the per-chapter table, and the Gradescope results.json."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from grader.i18n import N_, tr, trn

# Also words learners read (tr() them to show them).
PASSED, FAILED, NOT_IMPLEMENTED = N_("passed"), N_("failed"), N_("not implemented")
SKIPPED = N_("skipped")  # could not run here (e.g. no GPU): counts neither way, says why
# Gradescope's test visibilities; hidden checks take one of the first three.
VISIBILITIES = ("after_published", "after_due_date", "hidden", "visible")


@dataclass
class CheckResult:
    chapter: str     # the graded directory, e.g. "exercises/ch03"
    name: str        # the check's pytest node id
    declared_points: int  # what the check is worth where it runs
    status: str      # PASSED, FAILED, NOT_IMPLEMENTED or SKIPPED
    output: str = ""
    visibility: str | None = None  # a hidden check's Gradescope visibility; None: visible

    @property
    def hidden(self) -> bool:
        return self.visibility is not None

    @property
    def max_points(self) -> int:
        """What the check counts for: nothing where it was skipped."""
        return 0 if self.status == SKIPPED else self.declared_points

    @property
    def points(self) -> int:
        return self.max_points if self.status == PASSED else 0


@dataclass
class ChapterScore:
    chapter: str
    points: int = 0
    max_points: int = 0
    passed: int = 0
    checks: int = 0
    not_implemented: int = 0
    skipped: int = 0

    @property
    def percent(self) -> float:
        return 100.0 * self.points / self.max_points if self.max_points else 0.0


def by_chapter(results: list[CheckResult]) -> list[ChapterScore]:
    scores: dict[str, ChapterScore] = {}
    for result in results:
        score = scores.setdefault(result.chapter, ChapterScore(result.chapter))
        score.points += result.points
        score.max_points += result.max_points
        score.checks += result.status != SKIPPED
        score.skipped += result.status == SKIPPED
        score.passed += result.status == PASSED
        score.not_implemented += result.status == NOT_IMPLEMENTED
    return [scores[name] for name in sorted(scores)]


def score_table(results: list[CheckResult]) -> str:
    rows = by_chapter(results)
    if len(rows) > 1:
        total = ChapterScore("total")
        for row in rows:
            for field in ("points", "max_points", "passed", "checks", "not_implemented",
                          "skipped"):
                setattr(total, field, getattr(total, field) + getattr(row, field))
        rows.append(total)
    headings = [tr("chapter"), tr("points"), tr("score"), tr("checks passed"),
                tr("not implemented")]
    cells = [[row.chapter, f"{row.points}/{row.max_points}", f"{row.percent:.0f}%",
              f"{row.passed}/{row.checks}", str(row.not_implemented)] for row in rows]
    widths = [max(display_width(text) for text in column) for column in zip(headings, *cells)]
    lines = ["  ".join(pad(text, width, left=i == 0) for i, (text, width)
                       in enumerate(zip(line, widths))) for line in [headings, *cells]]
    skipped = [r for r in results if r.status == SKIPPED]
    if skipped:
        lines.append(trn("{count} check skipped on this machine, counting neither way: {why}",
                         "{count} checks skipped on this machine, counting neither way: {why}",
                         len(skipped),
                         why="; ".join(sorted({r.output.splitlines()[0] for r in skipped}))))
    hidden = [r for r in results if r.hidden]
    if hidden:
        lines.append(trn("{points} of these {total} points come from {count} hidden check",
                         "{points} of these {total} points come from {count} hidden checks",
                         len(hidden), points=sum(r.max_points for r in hidden),
                         total=sum(r.max_points for r in results)))
    return "\n".join(lines)


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal: Japanese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int, left: bool = False) -> str:
    space = " " * (width - display_width(text))
    return text + space if left else space + text


def gradescope_results(results: list[CheckResult], execution_time: float,
                       extra: dict | None = None) -> dict:
    """The results.json that Gradescope (and tools that read its format) expects; `extra`
    goes into its extra_data (seeds, sandbox, versions)."""
    return {
        "score": sum(r.points for r in results),
        "max_score": sum(r.max_points for r in results),
        "execution_time": round(execution_time, 3),
        "output": score_table(results),
        "tests": [
            {
                "name": r.name,
                "score": r.points,
                "max_score": r.max_points,
                "status": PASSED if r.status in (PASSED, SKIPPED) else FAILED,
                "output": r.output,
                "tags": [r.chapter] + ([r.status] if r.status in (NOT_IMPLEMENTED, SKIPPED)
                                       else []),
            } | ({"visibility": r.visibility} if r.hidden else {})
            for r in results
        ],
        "extra_data": extra or {},
    }


def write_report(path: Path, results: list[CheckResult], execution_time: float,
                 extra: dict | None = None) -> None:
    write_json(path, gradescope_results(results, execution_time, extra))


def write_json(path: Path, data: dict) -> None:
    """Write atomically: a reader never sees half a file, even if this process is killed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    partial.replace(path)



def markdown_summary(results: list[CheckResult], notes: list[str] = ()) -> str:
    """A short Markdown report for a CI job summary: the table, then what to fix."""
    total = sum(r.points for r in results), sum(r.max_points for r in results)
    # For the course's CI job summary, read by its staff: English.  i18n: internal
    lines = [f"## Grade: {total[0]} / {total[1]} points", "",
             "| chapter | points | checks passed | not implemented |", "|---|---|---|---|"]
    for row in by_chapter(results):
        lines.append(f"| {row.chapter} | {row.points} / {row.max_points} | "
                     f"{row.passed} / {row.checks} | {row.not_implemented} |")
    if notes:
        lines += ["", "### About the submission", ""] + [f"- {note}" for note in notes]  # i18n: internal
    failed = [r for r in results if r.status == FAILED]
    if failed:
        lines += ["", "### Failed checks", ""]
        for r in failed:
            first = r.output.splitlines()[0] if r.output else ""
            lines.append(f"- `{r.name}` ({r.max_points} pt): {first}")
    return "\n".join(lines) + "\n"


def results_from_report(report: dict) -> list[CheckResult]:
    """The CheckResults of a results.json written by write_report."""
    return [CheckResult(t["tags"][0], t["name"], t["max_score"],
                        next((s for s in (NOT_IMPLEMENTED, SKIPPED) if s in t["tags"]),
                             t["status"]),
                        t.get("output", ""), t.get("visibility"))
            for t in report["tests"]]
