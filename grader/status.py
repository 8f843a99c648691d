"""`python -m grader status`: every chapter's progress at a glance, and what to do next.

Reads what grading runs recorded (grader.progress), the checks each chapter declares (read
from the checks' source, not imported) and the stubs still left in the exercises, so it
answers without importing torch. `--refresh` grades first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from grader.declared import declared_checks
from grader.i18n import N_, tr
from grader.progress import ChapterRun, last_run
from grader.scoring import NOT_IMPLEMENTED, PASSED, pad
from grader.stubs import STUB

BAR_WIDTH = 20
NOT_STARTED, IN_PROGRESS, DONE = N_("not started"), N_("in progress"), N_("done")


@dataclass
class Stub:
    task: str
    path: Path
    line: int


@dataclass
class ChapterProgress:
    name: str                     # e.g. "ch03"
    directory: Path
    declared: int                 # the points its checks declare
    stubs: list[Stub] = field(default_factory=list)
    run: ChapterRun | None = None
    changed_since: bool = False   # a file changed after the last recorded run

    @property
    def state(self) -> str:
        if self.run is not None and self.run.checks:
            statuses = {check.status for check in self.run.checks}
            if statuses == {PASSED} and not self.stubs and not self.changed_since:
                return DONE
            if statuses == {NOT_IMPLEMENTED}:
                return NOT_STARTED
            return IN_PROGRESS
        return NOT_STARTED if self.stubs else IN_PROGRESS


def stubs_in(directory: Path) -> list[Stub]:
    """The tasks still to write, in file order."""
    found = []
    for path in sorted(directory.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = STUB.search(line)
            if match and "raise NotImplementedError" in line:
                found.append(Stub(match["task"], path, number))
    return found


def chapters_of(tree: Path) -> list[Path]:
    return sorted(p for p in tree.glob("ch[0-9][0-9]") if (p / "__init__.py").is_file())


def progress(root: Path, tree: Path) -> list[ChapterProgress]:
    found = []
    for directory in chapters_of(tree):
        run = last_run(root, label(root, directory))
        newest = max((p.stat().st_mtime for p in directory.rglob("*.py")), default=0.0)
        found.append(ChapterProgress(directory.name, directory,
                                     sum(c.points for c in declared_checks(directory.name)),
                                     stubs_in(directory), run,
                                     run is not None and newest > run.finished))
    return found


def label(root: Path, directory: Path) -> str:
    """How a run from `root` names the chapter, e.g. "exercises/ch03"."""
    try:
        return directory.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return directory.name


def bar(fraction: float) -> str:
    filled = round(BAR_WIDTH * max(0.0, min(1.0, fraction)))
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def row(chapter: ChapterProgress) -> str:
    points = chapter.declared
    run = chapter.run
    if run is not None and run.checks:
        got, total = run.points, run.max_points
        passed = sum(c.status == PASSED for c in run.checks)
        counted = tr("{passed}/{checks} checks", passed=passed, checks=len(run.checks))
    else:
        got, total = 0, points
        counted = tr("not graded yet")
    note = tr(" (changed since the last grading)") if chapter.changed_since else ""
    return "  ".join([chapter.name, bar(got / total if total else 0),
                      pad(tr("{got}/{total} pts", got=got, total=total), 12),
                      pad(counted, 18, left=True), tr(chapter.state) + note])


def next_step(chapters: list[ChapterProgress], root: Path) -> str:
    """One line: the first thing still to do, where to do it."""
    for chapter in chapters:
        if chapter.state == DONE:
            continue
        if chapter.changed_since or chapter.run is None:
            graded = chapter.run is not None
            if not chapter.stubs or graded:
                return tr("next: grade your changes: pytest {path}",
                          path=_shown(chapter.directory, root))
        failing = [c for c in (chapter.run.checks if chapter.run else [])
                   if c.status not in (PASSED, NOT_IMPLEMENTED)]
        if failing:
            return tr("next: fix {check} in {chapter}: {message}\n      "
                      "(a hint: python -m grader hint {chapter})", check=failing[0].name,
                      chapter=chapter.name, message=failing[0].message)
        if chapter.stubs:
            stub = chapter.stubs[0]
            return tr("next: write task '{task}' of {chapter} in {path}:{line}", task=stub.task,
                      chapter=chapter.name, path=_shown(stub.path, root), line=stub.line)
    return tr("every chapter is done: well done!")


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def report(root: Path, tree: Path, only_next: bool = False) -> str:
    chapters = progress(root, tree)
    if not chapters:
        return tr("no chapters in {tree}", tree=tree)
    if only_next:
        return next_step(chapters, root)
    lines = [row(chapter) for chapter in chapters]
    done = sum(chapter.state == DONE for chapter in chapters)
    lines.append(tr("{done} of {total} chapters done", done=done, total=len(chapters)))
    lines.append(next_step(chapters, root))
    return "\n".join(lines)


def chapter_names(tree: Path) -> list[str]:
    return [directory.name for directory in chapters_of(tree)]


def unknown_chapter(name: str, tree: Path) -> str:
    return tr("no chapter {name}: the chapters are {chapters}", name=name,
              chapters=", ".join(chapter_names(tree)))

