"""`python -m grader grade`: only the learner's sources are taken, bad submissions are graded
as far as they can be, runs are reproducible, and isolation changes no verdict."""

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from grader.isolation import grading, sandbox
from tests.grading import ROOT, grade_isolated, make_submission

FORCE_PASS = '''import pytest

@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    report.outcome = "passed"
    return report
'''


@pytest.fixture(scope="module")
def solutions_submission(tmp_path_factory):
    root = tmp_path_factory.mktemp("solutions_submission")
    return make_submission(root, {c: ROOT / "solutions" / c for c in ("ch01", "ch03")})


def test_only_exercise_sources_are_taken(tmp_path):
    submission = make_submission(tmp_path, {"ch03": ROOT / "exercises" / "ch03"})
    (submission / "exercises" / "conftest.py").write_text(FORCE_PASS)
    (submission / "exercises" / "ch03" / "conftest.py").write_text(FORCE_PASS)
    (submission / "exercises" / "ch03" / "sitecustomize.py").write_text("import os; os._exit(0)\n")
    (submission / "exercises" / "ch03" / "test_forged.py").write_text("def test_x(): pass\n")
    (submission / "exercises" / "ch03" / "evil.pth").write_text("import os; os._exit(0)\n")
    (submission / "pytest.ini").write_text("[pytest]\naddopts = -p no:grader\n")
    (submission / "exercises" / "ch03" / "link.py").symlink_to(ROOT / "solutions/ch03/descent.py")

    graded = grade_isolated(submission, "ch03")
    assert graded.report["score"] == 0
    assert all("not implemented" in t["tags"] for t in graded.report["tests"])
    notes = "\n".join(graded.report["extra_data"]["notes"])
    for ignored in ("exercises/ch03/conftest.py", "exercises/ch03/sitecustomize.py",
                    "exercises/ch03/test_forged.py", "exercises/ch03/evil.pth",
                    "exercises/ch03/link.py"):
        assert ignored in notes


def test_missing_submission_scores_zero_with_the_reason(tmp_path):
    graded = grade_isolated(tmp_path / "nothing-here", "ch03")
    assert graded.returncode == 0
    assert graded.report["score"] == 0 and graded.report["max_score"] > 0
    assert "does not exist" in graded.report["extra_data"]["notes"][0]
    assert all("is missing" in t["output"] for t in graded.report["tests"])


def test_submission_without_exercises_dir(tmp_path):
    (tmp_path / "README.md").write_text("hello\n")
    graded = grade_isolated(tmp_path, "ch03")
    assert graded.report["score"] == 0
    assert "no exercises/ directory" in graded.report["extra_data"]["notes"][0]


def test_broken_files_fail_their_checks_and_the_rest_is_graded(tmp_path):
    submission = make_submission(tmp_path, {c: ROOT / "solutions" / c
                                            for c in ("ch01", "ch03", "ch04")})
    descent = submission / "exercises" / "ch03" / "descent.py"
    descent.write_bytes(descent.read_bytes().replace(b"by hand", "by h\u00e4nd".encode("latin-1")))
    (submission / "exercises" / "ch04" / "layers.py").write_bytes(b"\x00\x01binary\xff")
    (submission / "exercises" / "ch01" / "shapes.py").unlink()

    graded = grade_isolated(submission, "ch01", "ch03", "ch04")
    notes = "\n".join(graded.report["extra_data"]["notes"])
    assert "exercises/ch03/descent.py is not valid UTF-8" in notes
    assert "exercises/ch04/layers.py is a binary file" in notes
    for test in graded.checks("exercises/ch03").values():
        assert "exercises/ch03/descent.py, line" in test["output"]
    assert all(t["score"] == 0 for t in graded.checks("exercises/ch04").values())
    ch01 = graded.checks("exercises/ch01")
    assert "exercises/ch01/shapes.py is missing" in ch01["check_point_attributes"]["output"]
    assert ch01["check_copy_array"]["status"] == "passed"
    assert ch01["check_quadratic_values"]["status"] == "passed"


def test_same_submission_graded_twice_gives_identical_results(solutions_submission):
    with ThreadPoolExecutor(max_workers=2) as pool:  # side by side, in two sandbox slots
        runs = [pool.submit(grade_isolated, solutions_submission, "ch01", "ch03", slot=slot)
                for slot in (0, 1)]
        first, second = (run.result().report for run in runs)
    for report in (first, second):
        report.pop("execution_time")
    assert first == second
    assert first["score"] == first["max_score"] > 0


def test_report_says_how_to_replay_the_run(solutions_submission):
    extra = grade_isolated(solutions_submission, "ch03", extra=("--timeout", "20")).report[
        "extra_data"]
    assert extra["seeds"] == {"check": 0, "reference": 0}
    assert extra["kit_version"] and extra["torch_version"] and extra["python"]
    assert extra["reproduce"] == (f"python -m grader grade {solutions_submission} --out "
                                  "results.json --chapters ch03 --timeout 20")
    assert extra["sandbox"]["memory_mb"] > 0
    if os.geteuid() == 0:
        assert extra["sandbox"]["user"].startswith("an unprivileged uid of its own")
        assert extra["sandbox"]["network"].startswith("isolated")


def test_junit_and_markdown_outputs(solutions_submission, tmp_path):
    out = tmp_path / "results.json"
    subprocess.run([sys.executable, "-m", "grader", "grade", str(solutions_submission),
                    "--chapters", "ch03", "--out", str(out), "--junit", str(tmp_path / "j.xml"),
                    "--markdown", str(tmp_path / "s.md")], cwd=ROOT, check=True,
                   capture_output=True)
    assert '<testcase classname="exercises.ch03.checks"' in (tmp_path / "j.xml").read_text()
    summary = (tmp_path / "s.md").read_text()
    score = json.loads(out.read_text())["score"]
    assert f"## Grade: {score} / {score} points" in summary


def test_isolation_changes_no_verdict(variant_gradings):
    """The mistakes graded both ways (the first of each chapter), with their code in the
    sandboxed process and inputs drawn from a course secret: the same statuses as
    in-process with the public inputs."""
    statuses = {way: {t["name"]: (t["status"], "not implemented" in t["tags"])
                      for t in variant_gradings[way].report["tests"]}
                for way in ("public", "secret")}
    both = statuses["public"].keys() & statuses["secret"].keys()
    assert both
    assert {name: statuses["public"][name] for name in both} == \
        {name: statuses["secret"][name] for name in both}


def test_concurrent_gradings_never_share_a_sandbox_slot():
    first, first_lock = sandbox.claim_slot(500)
    second, second_lock = sandbox.claim_slot(500)
    assert (first, second) == (500, 501)
    first_lock.close()  # released: free again
    third, third_lock = sandbox.claim_slot(500)
    assert third == 500
    second_lock.close()
    third_lock.close()


def test_a_run_stopped_by_its_time_limit_fails_closed(tmp_path):
    submission = make_submission(tmp_path, {"ch03": ROOT / "solutions" / "ch03"})
    descent = submission / "exercises" / "ch03" / "descent.py"
    descent.write_text(descent.read_text().replace(
        "    W, B = init_params()\n    optimizer", "    while True:\n        pass\n    optimizer"))
    report = grading.grade(submission, ["ch03"], run_limit_s=12)
    checks = {t["name"].rsplit("::", 1)[-1]: t for t in report["tests"]}
    assert checks["check_centred_data"]["status"] == "passed"  # seen before the stop
    stopped = checks["check_training_with_sgd"]
    assert stopped["score"] == 0
    assert stopped["output"] == "the run ended early at check check_training_with_sgd"
    later = checks["check_momentum_converges_faster"]
    assert later["score"] == 0 and "ended early at check check_training_with_sgd" in later["output"]
    assert any("stopped after 12 s" in note for note in report["extra_data"]["notes"])
