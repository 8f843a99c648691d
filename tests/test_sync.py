"""exercises/ is generated from solutions/: stubs keep the interface, drift is reported."""

import shutil
import subprocess
import sys

import pytest

from grader.stubs import stub_task
from grader.tools.sync import MarkerError, make_exercise, plan, sync
from tests.grading import ROOT

REFERENCE = '''"""A module."""
import torch


class Circle:
    """A circle."""

    def area(self):
        """Its area."""
        # Hint: pi r^2
        # BEGIN SOLUTION
        return 3.14159 * self.r ** 2
        # END SOLUTION


def train(X, lr=0.1):
    """Train on X."""
    # BEGIN SOLUTION
    W = torch.zeros(3)
    return W
    # END SOLUTION
'''


def test_solution_blocks_become_stubs_naming_chapter_and_task():
    exercise = make_exercise(REFERENCE, "ch07")
    assert "3.14159" not in exercise and "torch.zeros" not in exercise
    assert ('        raise NotImplementedError("ch07 task \'Circle.area\': not implemented'
            in exercise)
    assert '    raise NotImplementedError("ch07 task \'train\': not implemented' in exercise
    for kept in ('"""Its area."""', "# Hint: pi r^2", "def train(X, lr=0.1):", '"""Train on X."""'):
        assert kept in exercise
    compile(exercise, "exercise.py", "exec")


def test_stub_message_names_its_task():
    exercise = make_exercise(REFERENCE, "ch07")
    assert stub_task(exercise) == "Circle.area"


def test_file_without_markers_is_unchanged():
    text = "def f():\n    return 1\n"
    assert make_exercise(text, "ch01") == text


@pytest.mark.parametrize("source, problem", [
    ("def f():\n    # BEGIN SOLUTION\n    return 1\n", "without END"),
    ("def f():\n    return 1\n    # END SOLUTION\n", "without BEGIN"),
    ("def f():\n    # BEGIN SOLUTION\n    # BEGIN SOLUTION\n    # END SOLUTION\n", "inside another"),
    ("# BEGIN SOLUTION\nx = 1\n# END SOLUTION\n", "inside a function"),
])
def test_malformed_markers_are_refused_with_the_line(source, problem):
    with pytest.raises(MarkerError, match=problem) as error:
        make_exercise(source, "ch01", "ref.py")
    assert "ref.py:" in str(error.value)


def test_repository_is_in_sync():
    done = subprocess.run([sys.executable, "-m", "grader", "sync", "--check"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture
def kit_copy(tmp_path):
    for tree in ("solutions", "exercises"):
        shutil.copytree(ROOT / tree, tmp_path / tree, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def test_check_names_each_drifted_file_and_sync_repairs_it(kit_copy):
    edited = kit_copy / "exercises" / "ch03" / "descent.py"
    edited.write_text(edited.read_text() + "\n# my change\n")
    (kit_copy / "exercises" / "ch03" / "__init__.py").unlink()
    (kit_copy / "exercises" / "ch03" / "extra.py").write_text("x = 1\n")

    command = [sys.executable, "-m", "grader", "--root", str(kit_copy), "sync"]
    done = subprocess.run(command + ["--check"], capture_output=True, text=True)
    assert done.returncode == 1
    assert "exercises/ch03/descent.py: differs" in done.stdout
    assert "exercises/ch03/__init__.py: missing" in done.stdout
    assert "exercises/ch03/extra.py: not in solutions/" in done.stdout

    assert len(sync(kit_copy / "solutions", kit_copy / "exercises")) == 3
    assert plan(kit_copy / "solutions", kit_copy / "exercises") == []


def test_sync_without_solutions_explains_itself(tmp_path):
    done = subprocess.run([sys.executable, "-m", "grader", "--root", str(tmp_path), "sync"],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "reference solutions" in done.stderr


def test_sync_can_be_limited_to_chapters(kit_copy):
    edited = kit_copy / "exercises" / "ch03" / "descent.py"
    edited.write_text(edited.read_text() + "\n# my change\n")
    command = [sys.executable, "-m", "grader", "--root", str(kit_copy), "sync", "--check"]
    others = [c.name for c in (kit_copy / "solutions").iterdir() if c.name != "ch03"]
    assert subprocess.run(command + others, capture_output=True).returncode == 0
    assert subprocess.run(command + ["ch03"], capture_output=True).returncode == 1
    assert subprocess.run(command + ["ch99"], capture_output=True).returncode == 2
