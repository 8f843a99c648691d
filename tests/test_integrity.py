"""Grades that can't be gamed, graded from the instructor's repository (this one).

- Solutions out of reach: importing or reading the reference, the kit's tests, hidden data
  or the course secret from a submission gets nothing.
- Secret inputs: answers replayed from the reference's run on the public inputs (functions
  that look their arguments up in a table, or probes patched to return recorded
  observations) pass with the public inputs, and earn only the course-data checks under a
  secret; the reference (under one secret) and the variants (under another) are judged as
  with the public inputs, and no report shows a value drawn from the secret.
- Hidden checks: in every chapter, reported with Gradescope's visibility.
"""

import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from grader import inputs
from grader.check import REDACTED, describe_type, learner_text
from grader.learner import Opaque
from grader.isolation import protected, sandbox
from tests.attacks.submissions import lookup_submission, probe_patching_submission
from tests.conftest import CHAPTERS
from tests.grading import ROOT, declared_checks, grade, grade_isolated, make_submission
from tests.conftest import REFERENCE_SECRET
from tests.test_variants import UNDER_A_SECRET, variant_checks
from tests.variants import misjudged

SECRETS = ("the course secret of spring", "another course, another secret", "3")
AS_ROOT = os.geteuid() == 0
DECIMAL = re.compile(r"-?\d+\.\d+")


def secret_file(directory: Path, secret: str = SECRETS[0], name: str = "course.secret") -> Path:
    path = directory / name
    path.write_text(secret + "\n")
    return path


def course_data_checks() -> set[str]:
    return {c.name for chapter in CHAPTERS for c in declared_checks(chapter) if c.course_data}


def passed(graded) -> set[str]:
    return {t["name"].rsplit("::", 1)[-1] for t in graded.report["tests"]
            if t["status"] == "passed"}


# ---------------------------------------------------------------- replayed answers

# The lookup cannot stand in for classes (Point, Circle, the models from ch04 on) nor for
# functions that take a model: it is graded on the chapters of plain functions, where it
# earns most points with the public inputs. The patched probes stand in everywhere: they are
# graded under a secret on every chapter, and shown to be real (public inputs) on a few.
LOOKUP_CHAPTERS = ["ch01", "ch02", "ch03"]
PATCHED_SHOWN_REAL = ["ch03", "ch05", "ch08"]


@pytest.fixture(scope="module")
def replays(tmp_path_factory, graded_reference, reference_answers):
    """The two replay attacks on every chapter, graded with public inputs and with a secret,
    from the answers the reference gave when graded_reference graded it."""
    base = tmp_path_factory.mktemp("replays")
    base.chmod(0o755)  # the table must be readable by the sandboxed learner process
    assert reference_answers.is_file(), graded_reference[0].stdout[-3000:]
    table = base / "table.pkl"
    shutil.copyfile(reference_answers, table)
    table.chmod(0o644)
    secret = secret_file(base)
    patched = probe_patching_submission(base / "patched", table, CHAPTERS)
    patched_few = probe_patching_submission(base / "patched-few", table, PATCHED_SHOWN_REAL)
    submissions = {("lookup", "public"): lookup_submission(base / "lookup-public", table,
                                                           LOOKUP_CHAPTERS),
                   ("lookup", "secret"): lookup_submission(base / "lookup", table,
                                                           LOOKUP_CHAPTERS),
                   ("patched_probes", "public"): patched_few,
                   ("patched_probes", "secret"): patched}
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {(name, mode): pool.submit(
            grade_isolated, submission, slot=i % 2,
            extra=("--secret-file", str(secret)) if mode == "secret" else ())
            for i, ((name, mode), submission) in enumerate(submissions.items())}
        return {key: future.result() for key, future in futures.items()}


@pytest.mark.parametrize("attack", ["lookup", "patched_probes"])
def test_replayed_answers_pass_with_the_public_inputs(replays, attack):
    """The attacks are real: on the inputs they were recorded on, they earn most points."""
    graded = replays[(attack, "public")]
    assert graded.report["extra_data"]["inputs"] == "public"
    chapters = PATCHED_SHOWN_REAL if attack == "patched_probes" else LOOKUP_CHAPTERS
    score, total = (sum(points) for points in zip(*(graded.score(f"exercises/{c}")
                                                   for c in chapters)))
    assert score >= 0.6 * total, (score, total)


@pytest.mark.parametrize("attack", ["lookup", "patched_probes"])
def test_replayed_answers_earn_only_course_data_checks_under_a_secret(replays, attack):
    graded = replays[(attack, "secret")]
    assert graded.report["extra_data"]["inputs"] == "secret"
    assert passed(graded) <= course_data_checks()
    chapters = CHAPTERS if attack == "patched_probes" else LOOKUP_CHAPTERS
    course_points = sum(c.points for chapter in chapters for c in declared_checks(chapter)
                        if c.course_data)
    assert graded.report["score"] <= course_points


def test_course_data_checks_are_few_cheap_and_listed_in_the_readme():
    checks = [c for chapter in CHAPTERS for c in declared_checks(chapter)]
    fixed = [c for c in checks if c.course_data]
    assert sum(c.points for c in fixed) <= 0.15 * sum(c.points for c in checks)
    assert all(c.points <= 2 for c in fixed)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for check in fixed:
        assert f"`{check.name}`" in readme, f"{check.chapter} {check.name} is not listed"


# ---------------------------------------------------------------- solutions out of reach

def test_importing_the_solutions_gets_nothing(tmp_path):
    """The issue's first attack: modules that only re-export the reference."""
    submission = make_submission(tmp_path, {c: ROOT / "exercises" / c for c in ("ch01", "ch02")})
    for chapter in ("ch01", "ch02"):
        for module in (ROOT / "solutions" / chapter).glob("*.py"):
            if module.stem != "__init__":
                (submission / "exercises" / chapter / module.name).write_text(
                    f"from solutions.{chapter}.{module.stem} import *\n")
    graded = grade_isolated(submission, "ch01", "ch02")
    assert graded.report["score"] == 0
    assert all("No module named 'solutions" in t["output"] for t in graded.report["tests"])


PROTECTED_READER = '''
import os
_readable = []
for _path in {paths!r}:
    try:
        if os.path.isdir(_path):
            if os.listdir(_path):
                _readable.append(_path)
        else:
            with open(_path, "rb") as _file:
                if _file.read(1):
                    _readable.append(_path)
    except OSError:
        pass
if os.environ.get("GRADER_SECRET"):
    _readable.append("GRADER_SECRET in the environment")
try:
    with open(f"/proc/{{os.getppid()}}/environ", "rb") as _file:
        if b"GRADER_SECRET" in _file.read():
            _readable.append("the grading process's environment")
except OSError:
    pass
# Under a secret the grader shows none of this process's own words, only a stub's task:
# the one channel left, used here to say how many things it could read.
_task = f"readable_{{len(_readable)}}" if _readable else "nothing_readable"


def __getattr__(name):  # every function of the exercise reports it
    def report(*args, **kwargs):
        raise NotImplementedError(f"ch03 task '{{_task}}': not implemented yet")
    return report
'''


@pytest.mark.skipif(not AS_ROOT, reason="without root, course grading refuses to run at all")
def test_solutions_tests_history_and_secret_are_out_of_reach(tmp_path):
    secret = secret_file(tmp_path)
    paths = [str(ROOT / "solutions" / "ch03" / "descent.py"), str(ROOT / "solutions"),
             str(ROOT / "tests" / "test_integrity.py"), str(ROOT / ".git"), str(secret),
             str(protected.HIDDEN_RECORDED)]
    submission = make_submission(tmp_path / "sub", {"ch03": ROOT / "exercises" / "ch03"})
    (submission / "exercises" / "ch03" / "descent.py").write_text(
        PROTECTED_READER.format(paths=paths))
    os.environ["GRADER_SECRET"] = "also in the environment"
    try:
        graded = grade_isolated(submission, "ch03", extra=("--secret-file", str(secret)))
    finally:
        del os.environ["GRADER_SECRET"]
    outputs = {t["output"] for t in graded.report["tests"]}
    assert all("task 'nothing_readable'" in output for output in outputs), outputs
    # The same code run in-process, with no sandbox, does read them: the probe is real.
    plain = grade(submission / "exercises" / "ch03", cwd=submission)
    assert "task 'readable_" in plain.report["tests"][0]["output"]


def test_the_sandbox_is_tried_before_any_learner_code_runs():
    """Without the mount namespace the sandbox user could read solutions/ (it is readable
    by others); with it, nothing. Course grading starts only in the second case."""
    solutions = [ROOT / "solutions"]
    uid = sandbox.Limits.for_slot(900).uid
    if AS_ROOT:
        assert protected.unreadable_from_sandbox(solutions, [], uid) == [str(ROOT / "solutions")]
        assert protected.unreadable_from_sandbox(solutions, solutions, uid) == []
    else:  # same user, no namespace: readable, and so refused
        assert protected.unreadable_from_sandbox(solutions, [], uid)
    message = protected.refusal([str(ROOT / "solutions")])
    assert "before running any learner code" in message and "release" in message


@pytest.mark.parametrize("problem, says", [
    ("missing", "does not exist"), ("empty", "is empty"), ("directory", "is a directory"),
    ("empty variable", "set but empty")])
def test_a_bad_secret_stops_grading_before_any_learner_code(tmp_path, problem, says):
    marker = tmp_path / "learner code ran"
    submission = make_submission(tmp_path / "sub", {"ch03": ROOT / "exercises" / "ch03"})
    (submission / "exercises" / "ch03" / "descent.py").write_text(
        f"open({str(marker)!r}, 'w').close()\n")
    path = {"missing": tmp_path / "nothing", "empty": tmp_path / "empty",
            "directory": tmp_path}.get(problem)
    if problem == "empty":
        path.write_text("\n")
    env = os.environ | ({"GRADER_SECRET": " "} if problem == "empty variable" else {})
    out = tmp_path / "results.json"
    done = subprocess.run([sys.executable, "-m", "grader", "grade", str(submission), "--out",
                           str(out), "--chapters", "ch03",
                           *(["--secret-file", str(path)] if path else [])],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and says in done.stderr, done.stderr
    assert not out.exists() and not marker.exists()


LEAKING_PREDICT = ("    raise ValueError('LEAK ' + repr(X.tolist()))\n"
                   "    return W * X + B\n")


def test_the_learners_own_messages_cannot_carry_secret_inputs_out(tmp_path):
    """Learner code that puts its inputs into an error message: shown in a learner's own
    run, withheld in course grading, where only the grader's words remain."""
    submission = make_submission(tmp_path, {"ch03": ROOT / "solutions" / "ch03"})
    descent = submission / "exercises" / "ch03" / "descent.py"
    descent.write_text(descent.read_text().replace("    return W * X + B\n", LEAKING_PREDICT))
    public = grade_isolated(submission, "ch03").checks("exercises/ch03")
    assert "LEAK [" in public["check_prediction"]["output"]
    graded = grade_isolated(submission, "ch03", extra=("--secret-file",
                                                       str(secret_file(tmp_path))))
    checks = graded.checks("exercises/ch03")
    assert checks["check_prediction"]["status"] == "failed"
    assert not any("LEAK" in t["output"] for t in graded.report["tests"])
    assert "is not shown" in checks["check_prediction"]["output"]


def test_text_the_learners_process_reports_is_withheld_under_a_secret():
    """Error messages and reprs that probes bring back reach feedback through learner_text
    and describe_type: shown with public inputs, withheld with a secret."""
    reported = Opaque("Leak", "[0.123, 4.567]")
    try:
        assert learner_text("x = [0.123]") == "x = [0.123]"
        assert "0.123" in describe_type(reported)
        inputs.use_secret(b"a secret")
        assert "0.123" not in learner_text("x = [0.123]")
        assert "0.123" not in describe_type(reported)
    finally:
        inputs.use_secret(None)


# ---------------------------------------------------------------- oracles under a secret

@pytest.fixture(scope="module")
def reference_under_secrets(variant_gradings):
    """The reference graded isolated under SECRETS[0] (beside the variants, see
    variant_gradings); its course-style alternatives are graded under another secret, every
    threshold over its calibration keys (test_thresholds, `python -m grader calibrate`)."""
    assert REFERENCE_SECRET == SECRETS[0]
    return [variant_gradings["reference"]]


def test_reference_scores_full_marks_under_a_secret(reference_under_secrets):
    for graded in reference_under_secrets:
        failed = {t["name"]: t["output"] for t in graded.report["tests"]
                  if t["status"] != "passed"}
        assert not failed
        assert graded.report["score"] == graded.report["max_score"] > 0
        assert graded.report["extra_data"]["inputs"] == "secret"


@pytest.fixture(scope="module")
def variants_under_a_secret(variant_gradings):
    return variant_gradings["secret"]


@pytest.mark.parametrize("variant", UNDER_A_SECRET, ids=lambda v: v.id)
def test_variant_is_judged_rightly_under_a_secret(variants_under_a_secret, variant):
    assert not misjudged(variant, variant_checks(variants_under_a_secret, variant))


def test_reports_never_show_values_drawn_from_the_secret(variants_under_a_secret):
    """Expected and got values are withheld; the description and the cause remain."""
    lines = [line for t in variants_under_a_secret.report["tests"]
             for line in t["output"].splitlines()
             if line.strip().startswith(("expected:", "got:"))]
    assert any(REDACTED in line for line in lines)
    leaking = [line for line in lines if DECIMAL.search(line)]
    assert not leaking, leaking[:10]


# ---------------------------------------------------------------- hidden checks

@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_has_a_hidden_check(chapter):
    assert any(c.hidden for c in declared_checks(chapter))


def test_hidden_checks_carry_their_visibility(reference_under_secrets):
    report = reference_under_secrets[0].report
    hidden = [t for t in report["tests"] if "::hidden::" in t["name"]]
    assert {t["name"].split("::")[0] for t in hidden} == {f"exercises/{c}" for c in CHAPTERS}
    assert all(t["visibility"] == "after_published" for t in hidden)
    assert not any("visibility" in t for t in report["tests"] if t not in hidden)
    points = sum(t["max_score"] for t in hidden)
    assert (f"{points} of these {report['max_score']} points come from {len(hidden)} hidden "
            "checks") in report["output"]


def test_hidden_visibility_is_configurable(tmp_path):
    submission = make_submission(tmp_path, {"ch03": ROOT / "solutions" / "ch03"})
    report = grade_isolated(submission, "ch03",
                            extra=("--hidden-visibility", "after_due_date")).report
    hidden = [t for t in report["tests"] if "::hidden::" in t["name"]]
    assert hidden and all(t["visibility"] == "after_due_date" for t in hidden)
