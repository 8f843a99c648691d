"""`python -m grader release OUT`: the learners' repository, built and graded in a tmp dir."""

import filecmp
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from grader.tools import release as release_module
from grader.tools.sync import copy_chapter
from tests.conftest import CHAPTERS
from tests.grading import ROOT, Graded

GRADE_COMMAND = ('python -m grader grade . --out results.json --junit junit.xml '
                 '--markdown "$GITHUB_STEP_SUMMARY"')


def run_in(tree: Path, *command: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run `command` in `tree` the way a learner does there: the tree's own packages first."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "PYTHON"))}
    env.update(PYTHONPATH=str(tree), PYTHONDONTWRITEBYTECODE="1",
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}")
    return subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True,
                          timeout=timeout)


def grade_in(tree: Path, *paths: str) -> Graded:
    """`python -m pytest PATHS` inside `tree`, with the report; checks the plugin is tree's."""
    handle, name = tempfile.mkstemp(prefix="grader-report-", suffix=".json")
    os.close(handle)
    report = Path(name)
    try:
        done = run_in(tree, sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
                      "--trace-config", f"--grader-report={report}", *paths)
        text = report.read_text()
        assert text, f"no report was written\n{done.stdout}\n{done.stderr}"
        output = done.stdout + done.stderr
    finally:
        report.unlink()
    # The release's own grader ran, not the instructor's (installed editable from ROOT).
    assert f"<module 'grader.plugin' from '{tree / 'grader' / 'plugin.py'}'>" in output, output
    assert str(ROOT / "grader") not in output
    return Graded(done.returncode, output, json.loads(text))


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("release") / "course"
    done = subprocess.run([sys.executable, "-m", "grader", "release", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "built the student release" in done.stdout
    return out


def test_release_holds_the_learners_side_only(release):
    assert not (release / "solutions").exists()
    assert not (release / "tests").exists()
    assert not (release / "grader" / "hidden").exists()  # hidden checks: course grading only
    for path in ("exercises", "grader/checks", "courselib", "data", "pyproject.toml",
                 "Makefile", ".gitignore", "README.md", ".github/workflows/grade.yml"):
        assert (release / path).exists(), path
    recorded = sorted(p.name for p in (ROOT / "grader" / "recorded").glob("*.pt"))
    assert recorded and sorted(p.name for p in (release / "grader/recorded").iterdir()) == recorded
    assert not [p for p in release.rglob("*") if p.name == "__pycache__" or p.suffix == ".pyc"]
    for chapter in CHAPTERS:
        compared = filecmp.dircmp(ROOT / "exercises" / chapter, release / "exercises" / chapter,
                                  ignore=["__pycache__"])
        assert not (compared.left_only or compared.right_only or compared.diff_files), chapter
    assert 'testpaths = ["exercises"]' in (release / "pyproject.toml").read_text()


def test_release_has_no_hidden_checks_to_run(release):
    graded = grade_in(release, "exercises/ch03")
    assert graded.report["tests"] and not any("::hidden::" in t["name"]
                                              for t in graded.report["tests"])


def test_a_secret_in_the_releases_own_runs_is_a_clear_error(release):
    """The learner's code would share the process with the secret: refused, before it runs."""
    env_run = run_in(release, "env", "GRADER_SECRET=course secret", sys.executable, "-m",
                     "pytest", "-p", "no:cacheprovider", "exercises/ch03")
    assert env_run.returncode == 4
    assert "only used by course grading" in env_run.stdout + env_run.stderr
    assert "not implemented" not in env_run.stdout


def test_sync_in_the_release_explains_there_are_no_solutions(release):
    done = run_in(release, sys.executable, "-m", "grader", "sync")
    assert done.returncode == 2
    assert f"no {release / 'solutions'}" in done.stderr  # the release's grader: its own root
    assert "does not have" in done.stderr


# What the release changes for the reference: answers from grader/recorded/ instead of
# solutions/ (the chapters with recordings), and no backbone or image folder under data/
# yet (ch12 builds them on first use). The other chapters grade as in the repository
# (graded_reference).
RELEASE_GRADED = sorted({path.stem for path in (ROOT / "grader" / "recorded").glob("ch*.pt")}
                        | {"ch12"})


def reference_in_the_release(release: Path, tree: Path) -> Graded:
    """The release with the reference's code in RELEASE_GRADED, graded there."""
    shutil.copytree(release, tree)
    assert not (tree / "data" / "backbones").exists()
    for chapter in RELEASE_GRADED:
        shutil.rmtree(tree / "exercises" / chapter)
        copy_chapter(ROOT / "solutions" / chapter, tree / "exercises" / chapter)
    return grade_in(tree, *(f"exercises/{chapter}" for chapter in RELEASE_GRADED))


def workflow_grade_step(release: Path, checkout: Path, summary: Path):
    """The Grade step's own command line, run by bash in a checkout of the pristine release."""
    workflow = yaml.safe_load((release / ".github/workflows/grade.yml").read_text())
    (job,) = workflow["jobs"].values()
    (step,) = [s for s in job["steps"] if s.get("run") == GRADE_COMMAND]
    shutil.copytree(release, checkout)
    script = f"export GITHUB_STEP_SUMMARY={shlex.quote(str(summary))}\n{step['run']}"
    return run_in(checkout, "bash", "-e", "-c", script)


@pytest.fixture(scope="module")
def release_gradings(release, tmp_path_factory):
    """Both gradings of the release, side by side (each takes one core)."""
    base = tmp_path_factory.mktemp("release_gradings")
    with ThreadPoolExecutor(max_workers=2) as pool:
        reference = pool.submit(reference_in_the_release, release, base / "course")
        step = pool.submit(workflow_grade_step, release, base / "checkout", base / "summary.md")
        return {"reference": (reference.result(), base / "course"),
                "step": (step.result(), base / "checkout", base / "summary.md")}


def test_reference_solutions_score_full_marks_in_the_release(release_gradings):
    graded, tree = release_gradings["reference"]
    for chapter in RELEASE_GRADED:
        checks = graded.checks(f"exercises/{chapter}")
        failed = {name: c["output"] for name, c in checks.items() if c["status"] != "passed"}
        assert checks and not failed, chapter
    assert graded.report["score"] == graded.report["max_score"] > 0
    # ch03 compares with the reference: answered from grader/recorded/, there is no solutions/
    assert graded.checks("exercises/ch03")["check_reproduces_the_course_run"]["score"]
    where = run_in(tree, sys.executable, "-c", "import grader.reference as r; "
                   "print(r.SOLUTIONS.is_dir(), r.RECORDED)")
    assert where.stdout.split() == ["False", str(tree / "grader" / "recorded")]


def test_workflow_grades_every_push(release):
    workflow = yaml.safe_load((release / ".github/workflows/grade.yml").read_text())
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert {"push", "pull_request"} <= set(triggers)
    (job,) = workflow["jobs"].values()
    steps = job["steps"]
    setup = [s for s in steps if s.get("uses", "").startswith("actions/setup-python")]
    assert setup and str(setup[0]["with"]["python-version"]) == "3.11"
    runs = [s.get("run", "") for s in steps]
    assert "python -m pip install -e ." in runs
    assert GRADE_COMMAND in runs
    assert runs.index(GRADE_COMMAND) > runs.index("python -m pip install -e .")
    upload = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact")]
    assert upload and upload[0].get("if") == "always()"
    assert set(upload[0]["with"]["path"].split()) == {"results.json", "junit.xml"}


def test_workflow_grade_step_runs_in_the_release(release_gradings):
    """The Grade step in the pristine release: it scores 0, every check failing as not
    implemented."""
    done, checkout, summary = release_gradings["step"]
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads((checkout / "results.json").read_text())
    # The pristine release: every check of every chapter fails as not implemented.
    assert report["score"] == 0 and report["max_score"] > 0
    for chapter in CHAPTERS:
        tests = [t for t in report["tests"] if t["name"].startswith(f"exercises/{chapter}::")]
        assert tests and all(t["status"] == "failed" and "not implemented" in t["tags"]
                             for t in tests), chapter
    cases = ElementTree.parse(checkout / "junit.xml").getroot().iter("testcase")
    assert len(list(cases)) == len(report["tests"])
    text = summary.read_text()
    assert all(f"exercises/{chapter}" in text for chapter in CHAPTERS), text


def test_readme_is_for_learners(release):
    readme = (release / "README.md").read_text()
    for text in ("make grade", "pytest exercises/ch03", "python -m pip install -e .",
                 GRADE_COMMAND, "exercises/ch03`:"):
        assert text in readme, text
    assert "{{" not in readme and "solutions/" not in readme


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_test_in_the_release_says_tests_are_not_shipped(release):
    done = run_in(release, "make", "test")
    assert done.returncode != 0
    assert "the kit's own tests are not part of a student release" in done.stdout + done.stderr
    assert not (release / ".venv").exists()  # refused before creating the environment


def test_release_refuses_a_non_empty_directory(tmp_path, capsys):
    (tmp_path / "keep.txt").write_text("mine")
    assert release_module.build_release(ROOT, tmp_path) == 2
    assert "not empty" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


@pytest.fixture
def instructor_copy(tmp_path):
    """A copy of the instructor's repository, to make stale."""
    root = tmp_path / "kit"
    for tree in ("solutions", *release_module.TREES):
        shutil.copytree(ROOT / tree, root / tree,
                        ignore=shutil.ignore_patterns(*release_module.CACHES))
    for name in release_module.FILES:
        shutil.copy2(ROOT / name, root / name)
    return root


def test_release_refuses_stale_recordings(instructor_copy, tmp_path, capsys):
    (instructor_copy / "grader" / "recorded" / "ch03.pt").unlink()
    assert release_module.build_release(instructor_copy, tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert "ch03.pt: not recorded" in err and "python -m grader record" in err
    assert not (tmp_path / "out").exists()


def test_release_refuses_drifted_exercises(instructor_copy, tmp_path, capsys):
    with open(instructor_copy / "exercises" / "ch03" / "descent.py", "a") as file:
        file.write("\n# edited by hand\n")
    assert release_module.build_release(instructor_copy, tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert "exercises/ch03/descent.py" in err and "python -m grader sync" in err
    assert not (tmp_path / "out").exists()
