"""The reference scores 100% in every chapter; the pristine exercises score 0, cleanly."""

import subprocess
import sys

import pytest

from tests.conftest import CHAPTERS
from tests.grading import ROOT, grade


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_reference_scores_full_marks(graded_reference, chapter):
    solutions, _ = graded_reference
    checks = solutions.checks(f"solutions/{chapter}")
    assert checks, f"no checks ran for solutions/{chapter}"
    failed = {name: c["output"] for name, c in checks.items() if c["status"] != "passed"}
    assert not failed
    assert solutions.score(f"solutions/{chapter}")[0] == solutions.score(f"solutions/{chapter}")[1]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_pristine_exercises_score_zero_as_not_implemented(graded_reference, chapter):
    _, exercises = graded_reference
    checks = exercises.checks(f"exercises/{chapter}")
    assert checks, f"no checks ran for exercises/{chapter}"
    assert exercises.score(f"exercises/{chapter}")[0] == 0
    for name, c in checks.items():
        assert "not implemented" in c["tags"], f"{name}: {c['output']}"
        assert "Traceback" not in c["output"] and "File \"" not in c["output"]


def test_exercises_have_no_collection_error(graded_reference):
    _, exercises = graded_reference
    assert "error" not in exercises.stdout.lower().split("grader score")[-1]
    assert "ERROR" not in exercises.stdout


def test_run_ends_with_score_table(graded_reference):
    solutions, _ = graded_reference
    table = solutions.stdout.split("grader score")[-1]
    for chapter in CHAPTERS:
        assert f"solutions/{chapter}" in table
    assert "100%" in table
    assert ("total" in table) == (len(CHAPTERS) > 1)


def test_report_follows_gradescope_format(graded_reference):
    solutions, _ = graded_reference
    report = solutions.report
    assert {"score", "max_score", "execution_time", "tests"} <= report.keys()
    assert report["score"] == report["max_score"] > 0
    for test in report["tests"]:
        assert {"name", "score", "max_score", "status", "output"} <= test.keys()
        assert test["status"] in ("passed", "failed")


def test_checks_that_never_ran_count_as_failed():
    stopped = grade("exercises/ch03", args=("-x",))
    checks = stopped.checks("exercises/ch03")
    assert len(checks) > 1
    not_run = [c for c in checks.values() if "did not run" in c["output"]]
    assert len(not_run) == len(checks) - 1
    assert all(c["score"] == 0 for c in checks.values())


def test_learners_grade_without_linux_only_modules():
    """Windows has no fcntl or resource: in-process grading must not need them."""
    code = ("import sys; sys.modules['fcntl'] = sys.modules['resource'] = None; import pytest; "
            "sys.exit(pytest.main(['solutions/ch03', '-q', '-p', 'no:cacheprovider']))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
