"""`python -m grader gradescope OUT.zip`: the bundle, run as Gradescope runs it."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from grader.tools.sync import copy_chapter
from tests.grading import ROOT, declared_checks

PROVIDED = ("ch03", "ch04")  # chapters the test submission holds, with the reference's code
VENV_BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    done = subprocess.run([sys.executable, "-m", "grader", "gradescope", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def unzip(bundle: Path, target: Path) -> None:
    """Extract like unzip(1) does, keeping each entry's Unix mode."""
    with zipfile.ZipFile(bundle) as archive:
        for info in archive.infolist():
            path = Path(archive.extract(info, target))
            mode = info.external_attr >> 16 & 0o777
            if mode:
                path.chmod(mode)


def autograder_root(bundle: Path, base: Path) -> Path:
    """/autograder as Gradescope lays it out: source/ from the bundle, submission/, results/."""
    root = base / "autograder"
    unzip(bundle, root)
    (root / "results").mkdir()
    (root / "submission").mkdir()
    return root


def run_autograder(root: Path, path_first: Path = VENV_BIN) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "PYTHON"))}
    env.update(AUTOGRADER_ROOT=str(root), PATH=f"{path_first}{os.pathsep}{env['PATH']}",
               PYTHONPATH=str(root / "source"))  # what setup.sh's `pip install -e .` does
    return subprocess.run([str(root / "run_autograder")], cwd=root, env=env,
                          capture_output=True, text=True, timeout=900)


def test_bundle_layout_and_modes(bundle):
    with zipfile.ZipFile(bundle) as archive:
        infos = {info.filename: info for info in archive.infolist()}
        setup = archive.read("setup.sh").decode()
    for script in ("setup.sh", "run_autograder"):
        assert infos[script].external_attr >> 16 & 0o777 == 0o755, script
    names = set(infos)
    assert {"source/pyproject.toml", "source/grader/checks/ch03.py",
            "source/grader/recorded/ch03.pt", "source/exercises/ch03/descent.py"} <= names
    assert not [n for n in names if n.startswith(("source/solutions/", "source/tests/"))]
    assert "source/grader/hidden/ch03.py" in names  # course grading runs the hidden checks
    assert "source/course.secret" not in names      # none was given
    assert not [n for n in names if "__pycache__" in n]
    assert "cd /autograder/source" in setup and "python3 -m pip install -e ." in setup
    for script in ("setup.sh", "run_autograder"):
        with zipfile.ZipFile(bundle) as archive:
            text = archive.read(script).decode()
        assert subprocess.run(["bash", "-n"], input=text, text=True).returncode == 0, script


def test_bundle_is_reproducible(bundle, tmp_path):
    again = tmp_path / "again.zip"
    done = subprocess.run([sys.executable, "-m", "grader", "gradescope", str(again)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert again.read_bytes() == bundle.read_bytes()
    refused = subprocess.run([sys.executable, "-m", "grader", "gradescope", str(again)],
                             cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert refused.returncode == 2 and "exists" in refused.stderr


def points_of(chapter: str) -> int:
    """The points of a chapter's checks, public and hidden, from their @check marks."""
    return sum(check.points for check in declared_checks(chapter))


@pytest.fixture(scope="module")
def secret_bundle(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("secret-bundle")
    secret = base / "course.secret"
    secret.write_text("the course's own secret\n")
    bundle = base / "secret-autograder.zip"
    done = subprocess.run([sys.executable, "-m", "grader", "gradescope", str(bundle),
                           "--secret-file", str(secret)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return bundle


def test_the_secret_is_bundled_readable_by_its_owner_only(secret_bundle):
    with zipfile.ZipFile(secret_bundle) as archive:
        infos = {info.filename: info for info in archive.infolist()}
    assert infos["source/course.secret"].external_attr >> 16 & 0o777 == 0o600
    assert any(name.startswith("source/grader/hidden/ch") for name in infos)


def test_run_autograder_grades_the_submission(secret_bundle, tmp_path):
    """One run of the bundle's run_autograder, as Gradescope starts it (the course's
    bundle, with its secret: the public one differs only by not passing one on)."""
    root = autograder_root(secret_bundle, tmp_path)
    for chapter in PROVIDED:
        copy_chapter(ROOT / "solutions" / chapter, root / "submission" / "exercises" / chapter)
    done = run_autograder(root)
    results = root / "results" / "results.json"
    assert results.is_file(), done.stdout + done.stderr
    report = json.loads(results.read_text())
    assert {"score", "max_score", "execution_time", "tests"} <= report.keys()
    for test in report["tests"]:
        assert {"name", "score", "max_score", "status", "output"} <= test.keys()
    assert report["extra_data"]["inputs"] == "secret"
    provided = [t for t in report["tests"]
                if t["name"].split("::")[0].removeprefix("exercises/") in PROVIDED]
    assert report["score"] == sum(points_of(c) for c in PROVIDED) > 0, done.stdout
    assert any(t.get("visibility") == "after_published" for t in provided)  # hidden checks
    for test in report["tests"]:
        if test in provided:
            assert test["status"] == "passed" and test["score"] == test["max_score"], test
        else:  # a chapter the submission does not hold scores 0, with the reason
            assert test["score"] == 0 and test["output"], test
    graded = {t["name"].split("::")[0] for t in report["tests"]}
    assert {f"exercises/{c}" for c in PROVIDED} <= graded


def test_a_bad_secret_builds_no_bundle(tmp_path):
    done = subprocess.run([sys.executable, "-m", "grader", "gradescope",
                           str(tmp_path / "b.zip"), "--secret-file", str(tmp_path / "none")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "does not exist" in done.stderr
    assert not (tmp_path / "b.zip").exists()


FAKE_PYTHON = """#!/bin/sh
{ pwd; for arg in "$@"; do echo "$arg"; done; } > "$AUTOGRADER_ROOT/called"
"""


@pytest.mark.parametrize("nested", [False, True])
def test_run_autograder_finds_the_repository(bundle, tmp_path, nested):
    """The command it runs, seen through a fake python3: a zip of the repository's folder
    arrives one level down in submission/."""
    root = autograder_root(bundle, tmp_path)
    repository = root / "submission" / ("course-main" if nested else "")
    (repository / "exercises" / "ch03").mkdir(parents=True)
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "python3").write_text(FAKE_PYTHON)
    (fake / "python3").chmod(0o755)
    done = run_autograder(root, path_first=fake)
    assert done.returncode == 0, done.stderr
    cwd, *args = (root / "called").read_text().splitlines()
    assert Path(cwd).resolve() == (root / "source").resolve()
    assert args == ["-m", "grader", "grade", str(repository).rstrip("/"), "--out",
                    str(root / "results" / "results.json")]
