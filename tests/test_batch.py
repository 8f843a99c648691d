"""`python -m grader grade-batch`: many submissions, one results.json each and a gradebook."""

import csv
import json
import re
import shutil
import subprocess
import sys

import pytest

from tests.grading import ROOT

CHAPTERS = ("ch01", "ch03")  # a quick one and one with training


def grade_batch(*args, timeout=600):
    return subprocess.run([sys.executable, "-m", "grader", "grade-batch", *map(str, args)],
                          cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def gradebook(out):
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as file:
        return {row["submission"]: row for row in csv.DictReader(file)}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Three submissions: the reference solutions, the stubs, and solutions with ch03 broken."""
    subs, out = tmp_path_factory.mktemp("submissions"), tmp_path_factory.mktemp("batch")
    shutil.copytree(ROOT / "solutions", subs / "full" / "exercises")
    shutil.copytree(ROOT / "exercises", subs / "pristine" / "exercises")
    shutil.copytree(ROOT / "solutions", subs / "partial" / "exercises")
    broken = subs / "partial" / "exercises" / "ch03" / "descent.py"
    broken.write_text(broken.read_text() + "\ndef oops(:\n")
    done = grade_batch(subs, "--jobs", 2, "--out", out, "--chapters", *CHAPTERS)
    return done, out


def test_every_submission_gets_results_and_the_batch_succeeds(batch):
    done, out = batch
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ("full", "partial", "pristine"):
        report = json.loads((out / name / "results.json").read_text())
        assert {t["tags"][0] for t in report["tests"]} == {f"exercises/{c}" for c in CHAPTERS}
        assert (out / name / "grading.log").read_text().strip()
        assert (out / name / "summary.md").read_text().startswith("## Grade:")
    assert re.search(r"graded 3 of 3 submission\(s\) .* submissions per minute", done.stdout)
    assert len(re.findall(r"^\[\d/3\] (full|partial|pristine): ", done.stdout, re.M)) == 3


def test_gradebook_scores_full_zero_and_partial(batch):
    _, out = batch
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as file:
        header = next(csv.reader(file))
    assert header == ["submission", "score", "max_score", "percent", *CHAPTERS, "status", "notes"]
    rows = gradebook(out)
    assert list(rows) == ["full", "partial", "pristine"]  # sorted by name
    full, partial, pristine = rows["full"], rows["partial"], rows["pristine"]
    total = int(full["max_score"])
    assert total > 0 and full["score"] == full["max_score"] and full["percent"] == "100"
    assert pristine["score"] == "0" and pristine["max_score"] == str(total)
    assert all(pristine[c] == "0" for c in CHAPTERS)
    # ch03 does not even import: it scores 0, and ch01 still scores in full.
    assert partial["ch03"] == "0" and partial["ch01"] == full["ch01"] != "0"
    assert int(partial["score"]) == int(full["ch01"]) < total
    assert int(full["ch01"]) + int(full["ch03"]) == total
    assert {row["status"] for row in rows.values()} == {"graded"}


def test_a_job_that_writes_no_results_gets_a_row_and_exit_1(tmp_path):
    for name in ("a", "b"):
        shutil.copytree(ROOT / "exercises" / "ch01", tmp_path / "subs" / name / "exercises" / "ch01")
    done = grade_batch(tmp_path / "subs", "--jobs", 2, "--out", tmp_path / "out",
                       "--chapters", "ch99")  # `grade` refuses it: no results.json
    assert done.returncode == 1, done.stdout + done.stderr
    rows = gradebook(tmp_path / "out")
    assert list(rows) == ["a", "b"]
    for name, row in rows.items():
        assert row["score"] == "" and "no results.json" in row["status"]
        assert "ch99" in (tmp_path / "out" / name / "grading.log").read_text()
    assert "not graded: a" in done.stdout and "graded 0 of 2" in done.stdout


def test_missing_or_empty_submissions_dir_is_exit_2_with_a_message(tmp_path):
    done = grade_batch(tmp_path / "nowhere", "--out", tmp_path / "out")
    assert done.returncode == 2 and "does not exist" in done.stderr
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "stray.txt").write_text("not a submission")
    done = grade_batch(tmp_path / "empty", "--out", tmp_path / "out")
    assert done.returncode == 2 and "holds no sub-directories" in done.stderr
    assert not (tmp_path / "out" / "gradebook.csv").exists()
