"""Progressive hints: what a learner may ask for when a check fails, one step at a time.

Each chapter's hints are in grader/hints/<chapter>.toml (those of hidden checks in
grader/hidden/hints/, which a student release leaves out with the checks), a table per
check named like its function, with the same hints in every language, from a nudge towards where to look to the
last step before the answer (never the answer itself):

    [check_loss_and_its_gradients]
    en = ["The loss is one number for all the data: ...", "..."]
    ja = ["損失は…", "..."]

Read without torch, so that `python -m grader hint` answers at once.
"""

from __future__ import annotations

import functools
import json
import tomllib
from pathlib import Path

from courselib import language

HINTS_DIRS = (Path(__file__).resolve().parent / "hints",
              Path(__file__).resolve().parent / "hidden" / "hints")


@functools.cache
def chapter_hints(chapter: str) -> dict[str, dict[str, list[str]]]:
    """check name -> language -> its hints in order, for `chapter` (e.g. "ch05")."""
    found = {}
    for directory in HINTS_DIRS:
        path = directory / f"{chapter}.toml"
        if path.is_file():
            with path.open("rb") as file:
                found |= tomllib.load(file)
    return found


def hints_for(chapter: str, check: str, lang: str | None = None) -> list[str]:
    """The hints of one check (its function's name) in the learner's language."""
    entry = chapter_hints(chapter).get(check, {})
    return entry.get(lang or language.current()) or entry.get(language.DEFAULT, [])


class HintLog:
    """How many hints of each check a learner has seen, so `hint` gives the next one."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.seen = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.seen = {}

    def next_hint(self, chapter: str, check: str, hints: list[str]) -> tuple[int, str]:
        """(its number from 1, the hint): the one after those seen; the last stays."""
        key = f"{chapter}::{check}"
        number = min(self.seen.get(key, 0) + 1, len(hints))
        self.seen[key] = number
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.seen, indent=1), encoding="utf-8")
        return number, hints[number - 1]


def first_to_fix(run, declared: list[str]) -> str | None:
    """The check a hint is for: the first that failed or is not implemented in the last run
    (`run`, a grader.progress.ChapterRun), else the first check the chapter declares."""
    from grader.scoring import FAILED, NOT_IMPLEMENTED

    if run is not None:
        for check in run.checks:
            if check.status in (FAILED, NOT_IMPLEMENTED):
                return check.name
        return None
    return declared[0] if declared else None


def show_next_hint(root: Path, chapter_dir: Path, check: str | None = None) -> str:
    """The text `python -m grader hint` prints: the next hint for `check`, or for the first
    check of the chapter still to fix according to its last grading."""
    from grader.declared import declared_checks
    from grader.i18n import tr
    from grader.progress import last_run
    from grader.status import label

    chapter = chapter_dir.name
    run = last_run(root, label(root, chapter_dir))
    declared = [c.name for c in declared_checks(chapter)]
    if check is not None and check not in declared:
        return tr("{chapter} has no check {check}: its checks are {checks}", chapter=chapter,
                  check=check, checks=", ".join(declared))
    check = check or first_to_fix(run, declared)
    if check is None:
        return tr("every check of {chapter} passed at its last grading: no hint needed",
                  chapter=chapter)
    hints = hints_for(chapter, check)
    if not hints:
        return tr("{check} has no hint yet", check=check)
    number, hint = HintLog(root / ".grader" / "hints.json").next_hint(chapter, check, hints)
    lines = [tr("hint {number} of {total} for {check} ({chapter}):", number=number,
                total=len(hints), check=check, chapter=chapter), "  " + hint]
    if run is None:
        lines.append(tr("(not graded yet: this is for its first check; grade it with "
                        "pytest {path} to get hints for what fails)",
                        path=f"exercises/{chapter}"))
    elif number < len(hints):
        lines.append(tr("(ask again for the next hint)"))
    return "\n".join(lines)
