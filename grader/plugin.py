"""The grader as a pytest plugin (loaded by `-p grader.plugin`, see pyproject.toml).

It collects chapter directories (grader.collect), gives each check a fresh random state,
turns each failure into feedback without traceback noise (a stub is "not implemented", a
learner's exception names its file, line and likely cause), and ends the run with the score
table; `--grader-report PATH` also writes Gradescope's results.json.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path

import pytest

from grader.check import CheckFailed
from grader.collect import ChapterDir, chapter_of, is_chapter_dir
from grader.diagnose import explain_learner_error, likely_cause
from grader.learner import ChapterRunner
from grader.loader import display_path, learner_location
from grader.scoring import FAILED, NOT_IMPLEMENTED, PASSED, CheckResult, score_table, write_report
from grader.sync import is_stub_message, stub_task

CHECK_SEED = 0  # every check starts from this seed, whatever ran before it
_results = pytest.StashKey[dict]()
_started = pytest.StashKey[float]()
_checks = pytest.StashKey[list]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("grader")
    group.addoption("--grader-report", metavar="PATH", default=None,
                    help="also write the scores as Gradescope's results.json to PATH")
    group.addoption("--grader-timeout", metavar="SECONDS", type=float, default=None,
                    help="give every check at most SECONDS (checks have their own limits)")


def pytest_configure(config: pytest.Config) -> None:
    os.environ["MPLBACKEND"] = "Agg"  # checks draw headless, even on a desktop
    config.addinivalue_line("markers", "grader(points): a graded check (see grader.check)")
    config.stash[_results] = {}
    config.stash[_started] = time.perf_counter()


@pytest.hookimpl(tryfirst=True)
def pytest_collect_directory(path: Path, parent: pytest.Collector):
    if is_chapter_dir(path):
        return ChapterDir.from_parent(parent, path=path)
    return None


@pytest.fixture
def chapter(request: pytest.FixtureRequest) -> ChapterRunner:
    """Runs probes against the graded chapter's code (see grader.learner)."""
    return ChapterRunner(chapter_of(request.node).code, reset_global_state)


def is_check(item: pytest.Item) -> bool:
    return item.get_closest_marker("grader") is not None and chapter_of(item) is not None


def pytest_runtest_setup(item: pytest.Item) -> None:
    if is_check(item):
        reset_global_state()


def reset_global_state() -> None:
    """Undo what earlier code may have changed, so no check depends on another."""
    import torch
    from courselib.seeding import seed_all

    # Only the generators: CPU kernels are deterministic already, and asking for
    # deterministic algorithms costs a second per process (chapters on the GPU ask for it).
    seed_all(CHECK_SEED)
    torch.set_grad_enabled(True)
    torch.set_default_dtype(torch.float32)
    if "matplotlib.pyplot" in sys.modules:  # only chapters that draw pay for pyplot
        sys.modules["matplotlib.pyplot"].close("all")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if not is_check(item):
        return report
    report.grader_status = PASSED if report.passed else FAILED
    if call.excinfo is not None and not report.skipped:
        report.grader_status, report.longrepr = verdict(item, call.excinfo.value)
        report.outcome = "failed"
    if report.when == "call" or report.grader_status != PASSED:
        output = "" if report.grader_status == PASSED else str(report.longrepr)
        item.config.stash[_results][item.nodeid] = CheckResult(
            chapter_of(item).label, item.nodeid, points_of(item), report.grader_status, output)
    return report


def points_of(item: pytest.Item) -> int:
    return item.get_closest_marker("grader").kwargs["points"]


def verdict(item: pytest.Item, error: BaseException) -> tuple[str, str]:
    """The status and feedback for a check that raised `error`."""
    if isinstance(error, NotImplementedError) and is_stub_message(str(error)):
        return NOT_IMPLEMENTED, f"not implemented: {error}"
    if isinstance(error, CheckFailed):
        return FAILED, str(error)
    if isinstance(error, pytest.fail.Exception) and str(error).startswith("Timeout"):
        return FAILED, (f"the check did not finish within {timeout_of(item):g} s\n  likely cause: an endless "
                        "loop, or far more work than the task asks (epochs, data size)")
    chapter_root = chapter_of(item).path
    if learner_location(error, chapter_root):
        return FAILED, explain_learner_error(error, chapter_root)
    frame = traceback.extract_tb(error.__traceback__)[-1]
    cause = likely_cause(error)
    return FAILED, (f"the check could not use what your code returned: "
                    f"{type(error).__name__}: {error}\n  (in the grader at "
                    f"{display_path(frame.filename)}:{frame.lineno})"
                    + (f"\n  likely cause: {cause}" if cause else ""))


def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config):
    if getattr(report, "grader_status", None) == NOT_IMPLEMENTED:
        return "not implemented", "N", "NOT IMPLEMENTED"
    if getattr(report, "grader_status", None) == FAILED and report.when == "setup":
        return "failed", "F", "FAILED"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    cap = config.getoption("grader_timeout")
    for item in items:
        if cap and is_check(item) and timeout_of(item) > cap:
            item.add_marker(pytest.mark.timeout(cap), append=False)


def timeout_of(item: pytest.Item) -> float:
    return item.get_closest_marker("timeout").args[0]


def pytest_collection_finish(session: pytest.Session) -> None:
    session.config.stash[_checks] = [item for item in session.items if is_check(item)]


def collected_results(config: pytest.Config) -> list[CheckResult]:
    """Every collected check's result; one that never reported (the run stopped) failed."""
    results = config.stash[_results]
    return [results.get(item.nodeid) or CheckResult(
                chapter_of(item).label, item.nodeid, points_of(item), FAILED,
                "the check did not run: the run ended before it")
            for item in config.stash.get(_checks, [])]


def unfinished_tasks(results: list[CheckResult]) -> dict[str, list[str]]:
    """The stub tasks that checks ran into, per chapter, in order of first appearance."""
    todo: dict[str, list[str]] = {}
    for result in results:
        task = stub_task(result.output) if result.status == NOT_IMPLEMENTED else None
        if task and task not in todo.setdefault(result.chapter, []):
            todo[result.chapter].append(task)
    return {chapter: tasks for chapter, tasks in todo.items() if tasks}


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    results = collected_results(config)
    if not results:
        return
    todo = unfinished_tasks(results)
    if todo:
        terminalreporter.write_sep("-", "not implemented yet")
        for chapter_label, tasks in todo.items():
            terminalreporter.write_line(f"{chapter_label}: {', '.join(tasks)}")
    terminalreporter.write_sep("=", "grader score")
    terminalreporter.write_line(score_table(results))
    report_path = config.getoption("grader_report")
    if report_path:
        write_report(Path(report_path), results, time.perf_counter() - config.stash[_started])
        terminalreporter.write_line(f"results written to {report_path}")
