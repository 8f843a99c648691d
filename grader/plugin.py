"""The grader as a pytest plugin (registered by the pytest11 entry point, see pyproject.toml).

It collects chapter directories (grader.collect), gives each check a fresh random state,
turns each failure into feedback without traceback noise (a stub is "not implemented", a
learner's exception names its file, line and likely cause), and ends the run with the score
table; `--grader-report PATH` also writes Gradescope's results.json, kept current after every
check. With --grader-isolate, learner code runs in a sandboxed process (grader.isolation).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from courselib import language
from grader import figures, inputs, progress
from grader.check import cause_line, is_cause_line
from grader.collect import ChapterDir, chapter_of, is_chapter_dir, is_hidden
from grader.diagnose import explain_failure, withheld_details
from grader.hints import hints_for
from grader.i18n import tr
from grader.learner import ChapterRunner, ProbeTimeout, RemoteFailure, fresh_state
from grader.reference import REFERENCE_SEED, SOLUTIONS
from grader.scoring import (FAILED, NOT_IMPLEMENTED, PASSED, SKIPPED, VISIBILITIES, CheckResult,
                            score_table, write_report)
from grader.stubs import stub_task

_results = pytest.StashKey[dict]()
_learner = pytest.StashKey["LearnerProcess"]()
_slot_lock = pytest.StashKey[object]()  # held while this run uses its sandbox uid
_started = pytest.StashKey[float]()
_checks = pytest.StashKey[list]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("grader")
    group.addoption("--grader-report", metavar="PATH", default=None,
                    help="also write the scores as Gradescope's results.json to PATH")
    group.addoption("--grader-timeout", metavar="SECONDS", type=float, default=None,
                    help="give every check at most SECONDS (checks have their own limits)")
    group.addoption("--grader-isolate", action="store_true",
                    help="run learner code in a sandboxed child process "
                         "(see grader.isolation.remote)")
    group.addoption("--grader-slot", type=int, default=0,
                    help="first sandbox slot (uid) to try; a free one is taken from there on")
    group.addoption("--grader-memory-mb", type=int, default=None,
                    help="memory the learner's process may use, in isolated mode "
                         "(default: 6144)")
    group.addoption("--grader-secret-file", metavar="PATH", default=None,
                    help="course grading: draw the checks' inputs from this secret "
                         f"(or from ${inputs.SECRET_VARIABLE}); without one they are public")
    group.addoption("--grader-figures", metavar="DIR", default=str(figures.DEFAULT_DIRECTORY),
                    help="save the figures checks draw (learning curves, ...) under DIR "
                         "(default: grader-figures); 'none' saves none")
    group.addoption("--lang", dest="grader_lang", default=None, choices=language.SUPPORTED,
                    help="the language of the feedback (default: from the locale, LANG)")
    group.addoption("--grader-hidden-visibility", default="after_published",
                    choices=VISIBILITIES,
                    help="Gradescope visibility of hidden checks (default: after_published)")


def pytest_configure(config: pytest.Config) -> None:
    os.environ["MPLBACKEND"] = "Agg"  # checks draw headless, even on a desktop
    # Before any chapter's checks are imported: their texts are translated as they load.
    language.choose(config.getoption("grader_lang"))
    config.addinivalue_line("markers", "grader(points): a graded check (see grader.check)")
    config.stash[_results] = {}
    config.stash[_started] = time.perf_counter()
    isolate = config.getoption("grader_isolate")
    secret_file = config.getoption("grader_secret_file")
    try:
        secret = inputs.read_secret(secret_file)
    except inputs.SecretError as error:
        raise pytest.UsageError(str(error)) from None
    if secret is not None and not isolate and not SOLUTIONS.is_dir():
        raise pytest.UsageError(tr(
            "a course secret is only used by course grading (`python -m grader grade`), "
            "where the learner's code runs apart from it: in this run it would share a "
            "process with the code being graded. Unset it to grade with the public inputs."))
    inputs.use_secret(secret)
    directory = config.getoption("grader_figures")
    figures.configure(None if directory == "none" else directory)
    if isolate:
        start_learner_process(config, secret_file)


def start_learner_process(config: pytest.Config, secret_file: str | None) -> None:
    # Linux only, so imported only here: learners on any system grade in-process.
    from grader.isolation import protected, sandbox
    from grader.isolation.remote import LearnerProcess

    sandbox.become_subreaper()
    slot, config.stash[_slot_lock] = sandbox.claim_slot(config.getoption("grader_slot"))
    memory_mb = config.getoption("grader_memory_mb") or sandbox.Limits.memory_mb
    graded = chapter_dirs(config.args)
    protect = protected.must_protect(graded, secret_file)
    hide = protected.to_hide(graded, secret_file) if os.geteuid() == 0 else []
    limits = sandbox.Limits.for_slot(slot, memory_mb=memory_mb, hide=tuple(map(str, hide)))
    # `grade` has tried the sandbox out already; the learner's process checks again itself
    # that it can read none of `protect` before it imports any learner code (worker.py).
    # Started now, so that it imports torch while this process collects.
    config.stash[_learner] = LearnerProcess(graded, Path.cwd(), limits, protect)


def chapter_dirs(args: list[str]) -> list[Path]:
    """The chapter directories named by the command line, or found directly inside it."""
    found = []
    for arg in args:
        path = Path(arg.split("::")[0]).resolve()
        candidates = [path] if is_chapter_dir(path) else sorted(path.glob("ch[0-9][0-9]"))
        found += [p for p in candidates if is_chapter_dir(p) and p not in found]
    return found


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    # Before the final report is written, so nothing of the learner's can touch it.
    if _learner in session.config.stash:
        session.config.stash[_learner].close()


@pytest.hookimpl(tryfirst=True)
def pytest_collect_directory(path: Path, parent: pytest.Collector):
    if is_chapter_dir(path):
        return ChapterDir.from_parent(parent, path=path)
    return None


@pytest.fixture
def chapter(request: pytest.FixtureRequest):
    """Runs probes against the graded chapter's code (see grader.learner), here or, with
    --grader-isolate, in the sandboxed learner process (see grader.isolation.remote)."""
    chapter_dir = chapter_of(request.node)
    if _learner in request.config.stash:
        deadline = time.monotonic() + timeout_of(request.node) - 0.5
        from grader.isolation.remote import RemoteChapterRunner

        return RemoteChapterRunner(request.config.stash[_learner], chapter_dir.path, deadline)
    return ChapterRunner(chapter_dir.code)


def is_check(item: pytest.Item) -> bool:
    return item.get_closest_marker("grader") is not None and chapter_of(item) is not None


def pytest_runtest_setup(item: pytest.Item) -> None:
    if is_check(item):
        figures.start_check()
        fresh_state(inputs.state_seed())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if not is_check(item):
        return report
    report.grader_status = PASSED if report.passed else FAILED
    if report.skipped:  # e.g. a GPU check without a GPU: counts neither way
        report.grader_status = SKIPPED
    elif call.excinfo is not None:
        status, output = verdict(item, call.excinfo.value)
        if status == FAILED:
            output = with_hint_note(item, blamed_on_earlier_failure(item, output))
        report.grader_status, report.longrepr = status, output
        report.outcome = "failed"
    if report.when == "call" or report.grader_status != PASSED:
        output = {PASSED: "", SKIPPED: skip_reason(report)}.get(report.grader_status,
                                                                  str(report.longrepr))
        output = "\n".join(filter(None, [output, *figures.notes()]))
        item.config.stash[_results][item.nodeid] = CheckResult(
            chapter_of(item).label, item.nodeid, points_of(item), report.grader_status, output,
            visibility_of(item))
    return report


def skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return reason.removeprefix("Skipped: ")


def points_of(item: pytest.Item) -> int:
    return item.get_closest_marker("grader").kwargs["points"]


def visibility_of(item: pytest.Item) -> str | None:
    """Gradescope's visibility for a hidden check; None for a check learners see."""
    return item.config.getoption("grader_hidden_visibility") if is_hidden(item) else None


def verdict(item: pytest.Item, error: BaseException) -> tuple[str, str]:
    """The status and feedback for a check that raised `error`."""
    if isinstance(error, RemoteFailure):  # already explained beside the learner's code
        if error.relayed and inputs.secret_in_use():
            return error.status, withheld_details(error.status, error.message)
        return error.status, error.message
    timed_out = isinstance(error, (ProbeTimeout, pytest.fail.Exception))
    if timed_out and str(error).startswith("Timeout"):
        return FAILED, (tr("the check did not finish within {seconds} s",
                           seconds=f"{timeout_of(item):g}") + "\n"
                        + cause_line(tr("an endless loop, or far more work than the task asks "
                                        "(epochs, data size)")))
    return explain_failure(error, chapter_of(item).path)


def blamed_on_earlier_failure(item: pytest.Item, output: str) -> str:
    """`output` of a failed check that relies on a check which failed before it: the cause
    is that earlier failure, not the one this check would guess."""
    relies_on = item.get_closest_marker("grader").kwargs.get("relies_on", ())
    chapter = item.nodeid.split("::", 1)[0]
    # A hidden check may rely on public ones: both kinds of the chapter are looked at.
    failed = [result for result in item.config.stash[_results].values()
              if result.status == FAILED and result.name.startswith(f"{chapter}::")
              and result.name.rsplit("::", 1)[-1] in relies_on]
    if not failed:
        return output
    kept = [line for line in output.splitlines() if not is_cause_line(line)]
    return "\n".join(kept + [cause_line(tr(
        "this check uses the task that {check} checks, and {check} failed ({message}): "
        "fix that first, this one may then pass too",
        check=failed[0].name.rsplit("::", 1)[-1], message=failed[0].output.splitlines()[0]))])


def with_hint_note(item: pytest.Item, output: str) -> str:
    chapter = chapter_of(item).path.name
    if not hints_for(chapter, item.name):
        return output
    return output + "\n  " + tr("a hint: python -m grader hint {chapter}", chapter=chapter)


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


def collected_results(config: pytest.Config, running: str | None = None) -> list[CheckResult]:
    """Every collected check's result; one that never reported counts as failed."""
    results = config.stash[_results]
    unreported = (tr("the check did not run: the run ended before it") if running is None else
                  tr("the run ended early at check {check}", check=running.rsplit("::", 1)[-1]))
    return [results.get(item.nodeid) or CheckResult(
                chapter_of(item).label, item.nodeid, points_of(item), FAILED, unreported,
                visibility_of(item))
            for item in config.stash.get(_checks, [])]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem) -> None:
    """Keep the report current, so a run that is killed still leaves a fail-closed one."""
    if is_check(item) and item.config.getoption("grader_report"):
        save_report(item.config, running=item.nodeid)


def save_report(config: pytest.Config, running: str | None = None) -> None:
    # Never the secret, nor anything drawn from it: only that one was used.
    extra = {"inputs": "secret" if inputs.secret_in_use() else "public",
             "seeds": {"check": "secret" if inputs.secret_in_use() else inputs.state_seed(),
                       "reference": REFERENCE_SEED}}
    if _learner in config.stash:
        extra["sandbox"] = config.stash[_learner].sandbox_facts
        extra["learner_process_restarts"] = config.stash[_learner].restarts
    write_report(Path(config.getoption("grader_report")), collected_results(config, running),
                 time.perf_counter() - config.stash[_started], extra)


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
        terminalreporter.write_sep("-", tr("not implemented yet"))
        for chapter_label, tasks in todo.items():
            terminalreporter.write_line(f"{chapter_label}: {', '.join(tasks)}")
    if figures.saved():
        terminalreporter.write_sep("-", tr("figures saved"))
        for path in figures.saved():
            terminalreporter.write_line(str(path))
    terminalreporter.write_sep("=", "grader score")  # i18n: internal (tools split on it)
    terminalreporter.write_line(score_table(results))
    progress.record(config.rootpath, results)
    report_path = config.getoption("grader_report")
    if report_path:
        save_report(config)
        terminalreporter.write_line(tr("results written to {path}", path=report_path))
