"""The learner's commands: status, hint, watch, the notebook call and `make grade`, in
English and Japanese, on a kit-like tree of their own (tmp_path/exercises)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader.tools.sync import copy_chapter
from tests.grading import ROOT, grade

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
CENTRED_DATA = '''    data = height_weight()
    X = torch.tensor(data[:, 0] - data[:, 0].mean()).float()
    Y = torch.tensor(data[:, 1] - data[:, 1].mean()).float()
    return X, Y
'''


def kit(tmp_path: Path, solved=("ch01",), stubs=("ch03",)) -> Path:
    """A learner's tree: some chapters solved, others still stubs."""
    for chapter in solved:
        copy_chapter(ROOT / "solutions" / chapter, tmp_path / "exercises" / chapter)
    for chapter in stubs:
        copy_chapter(ROOT / "exercises" / chapter, tmp_path / "exercises" / chapter)
    return tmp_path


def write_task(path: Path, task: str, body: str) -> None:
    """Replace a stub's raise line by `body`."""
    text = path.read_text(encoding="utf-8")
    stub = re.compile(rf"    raise NotImplementedError\(\"ch\d\d task '{task}'.*\n")
    assert stub.search(text), task
    path.write_text(stub.sub(lambda _: body, text, count=1), encoding="utf-8")


def grader(root: Path, *args: str, lang: str = "en", importtime: bool = False):
    command = [sys.executable, *(["-X", "importtime"] if importtime else []), "-m", "grader",
               "--root", str(root), *args]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=120,
                          env=os.environ | {"COURSE_LANG": lang, "PYTHONPATH": str(ROOT)})


def imported(done) -> set[str]:
    return {line.split("|")[-1].strip() for line in done.stderr.splitlines()
            if line.startswith("import time:")}


@pytest.fixture(scope="module")
def graded_kit(tmp_path_factory):
    root = kit(tmp_path_factory.mktemp("kit"))
    graded = grade("exercises/ch01", "exercises/ch03", cwd=root)
    return root, graded


def test_status_shows_each_chapter_and_the_next_task(graded_kit):
    root, _ = graded_kit
    done = grader(root, "status", importtime=True)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    ch01 = next(line for line in lines if line.startswith("ch01"))
    ch03 = next(line for line in lines if line.startswith("ch03"))
    assert "█" * 20 in ch01 and "21/21 pts" in ch01
    assert ch01.endswith("done") and "13/13 checks" in ch01
    assert ch03.endswith("not started") and "░" * 20 in ch03
    line = next(n for n, text in enumerate(
        (root / "exercises/ch03/descent.py").read_text().splitlines(), 1)
        if "task 'load_centered_data'" in text)
    assert lines[-1] == (f"next: write task 'load_centered_data' of ch03 in "
                         f"exercises/ch03/descent.py:{line}")
    assert "torch" not in imported(done)  # answers at once, not after importing torch


def test_status_in_japanese_and_after_a_change(graded_kit, tmp_path):
    root, _ = graded_kit
    changed = tmp_path / "kit"
    shutil.copytree(root, changed)
    later = time.time() + 60
    os.utime(changed / "exercises/ch01/callables.py", (later, later))
    done = grader(changed, "status", lang="ja")
    assert "完了" not in done.stdout.splitlines()[0]
    assert "前回の採点のあとで変更あり" in done.stdout
    assert done.stdout.splitlines()[-1] == "次: 変更を採点しましょう: pytest exercises/ch01"


def test_a_failure_says_that_a_hint_exists_and_hint_gives_the_next_one(tmp_path):
    root = kit(tmp_path, solved=("ch03",), stubs=())
    descent = root / "exercises/ch03/descent.py"
    descent.write_text(descent.read_text().replace("((Yp - Y) ** 2).mean()",
                                                   "((Yp - Y) ** 2).sum()"))
    graded = grade("exercises/ch03", cwd=root, args=("-k", "loss_and_its"))
    output = graded.checks("exercises/ch03")["check_loss_and_its_gradients"]["output"]
    assert "a hint: python -m grader hint ch03" in output
    first = grader(root, "hint", "ch03", importtime=True)
    assert first.stdout.startswith("hint 1 of ") and "check_loss_and_its_gradients" in first.stdout
    assert "torch" not in imported(first)
    second = grader(root, "hint", "ch03", lang="ja")
    assert second.stdout.startswith("check_loss_and_its_gradients（ch03）のヒント 2/")
    assert JAPANESE.search(second.stdout.splitlines()[1])


def test_bad_names_get_the_choices(tmp_path):
    root = kit(tmp_path, solved=(), stubs=("ch03",))
    unknown = grader(root, "hint", "ch3")
    assert unknown.returncode == 2 and "no chapter ch3: the chapters are ch03" in unknown.stderr
    watch = grader(root, "watch", "ch99")
    assert watch.returncode == 2 and "the chapters are ch03" in watch.stderr
    language = grader(root, "status", "--lang", "fr")
    assert language.returncode == 2 and "choose from 'en', 'ja'" in language.stderr


def read_until(process, text: str, timeout: float = 120) -> str:
    """What `process` prints up to and including the first line holding `text`."""
    seen, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if text in line:
            return "".join(seen)
    raise AssertionError(f"{text!r} never came:\n{''.join(seen)[-3000:]}")


@pytest.mark.parametrize("poll", [True, False], ids=["polling", "notifications"])
def test_watch_grades_again_when_a_file_changes(tmp_path, poll):
    root = kit(tmp_path, solved=(), stubs=("ch03",))
    command = [sys.executable, "-m", "grader", "--root", str(root), "watch", "ch03",
               *(["--poll"] if poll else []), "--", "-k", "centred_data"]
    process = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, text=True,
                               stderr=subprocess.STDOUT,
                               env=os.environ | {"COURSE_LANG": "en", "PYTHONPATH": str(ROOT)})
    try:
        first = read_until(process, "save a file to grade again")
        assert "1 not implemented" in first
        write_task(root / "exercises/ch03/descent.py", "load_centered_data", CENTRED_DATA)
        changed = time.monotonic()
        second = read_until(process, "save a file to grade again")
        assert "1 passed" in second, second
        # One chapter run (here one check: a few seconds, mostly importing torch) plus 1 s.
        print(f"result shown {time.monotonic() - changed:.1f} s after the change")
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0 and "watch ended" in rest and "Traceback" not in rest


def notebook_namespace(source: str) -> dict:
    """What a Jupyter kernel holds after running `source` in a cell: its functions belong
    to __main__ and their cell's text is in linecache, as IPython leaves it."""
    import linecache

    name = f"<ipython-input-{abs(hash(source))}>"
    linecache.cache[name] = (len(source), None, source.splitlines(True), name)
    namespace = {"__name__": "__main__"}
    exec(compile(source, name, "exec"), namespace)
    return namespace


def test_a_notebook_grades_the_tasks_its_cells_define():
    from grader.notebook import grade as grade_in_notebook

    cell = ("import torch\nfrom courselib.datasets import height_weight\n\n"
            "def load_centered_data():\n" + CENTRED_DATA)
    result = grade_in_notebook("ch03", notebook_namespace(cell), lang="en")
    statuses = {r.name.rsplit("::", 1)[-1]: r.status for r in result.results}
    assert statuses["check_centred_data"] == "passed"
    assert statuses["check_prediction"] == "not implemented"  # not defined: the file's stub
    html = result._repr_html_()
    assert "<table>" in html and "check_centred_data" in html and "not implemented" in html
    assert f"ch03: 1/{result.points[1]} points" in html
    assert "not implemented" in repr(result)


def test_a_notebook_in_japanese_and_without_cells_grades_the_files():
    from grader.notebook import grade as grade_in_notebook

    result = grade_in_notebook("ch01", {"__name__": "__main__"}, lang="ja")
    assert result.results and all(r.status == "not implemented" for r in result.results)
    assert "未実装" in result._repr_html_() and "点" in result._repr_html_()
    with pytest.raises(ValueError, match="the chapters are ch01"):
        grade_in_notebook("ch13", {}, lang="en")


def test_make_grade_ends_with_the_table_and_the_next_step():
    # As a learner runs it, not as a sub-make of `make test` (which would announce itself).
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    done = subprocess.run(["make", "grade", "CHAPTERS=ch01"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env=env | {"COURSE_LANG": "en"})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert "grader score" in done.stdout and lines[-1].startswith(("next:", "every chapter"))
    assert "Error" not in done.stderr


def test_one_mistake_is_named_as_the_root_of_the_failures_it_causes(tmp_path):
    """The learner of the issue: mse returns the sum, and train_manual never resets the
    gradients. Every failure that uses mse points to the check of mse, none blames predict,
    and numbers print plainly."""
    root = kit(tmp_path, solved=("ch03",), stubs=())
    descent = root / "exercises/ch03/descent.py"
    text = descent.read_text()
    for old, new in (("((Yp - Y) ** 2).mean()", "((Yp - Y) ** 2).sum()"),
                     ("            W.grad.zero_()\n            B.grad.zero_()\n", "")):
        assert old in text
        text = text.replace(old, new)
    descent.write_text(text)
    for lang, label, root_cause in (("en", "likely cause:", "fix that first"),
                                    ("ja", "考えられる原因:", "まずそちらを直してください")):
        checks = grade("exercises/ch03", cwd=root, args=("--lang", lang)).checks(
            "exercises/ch03")
        failed = {name: c["output"] for name, c in checks.items() if c["status"] == "failed"}
        assert "check_loss_and_its_gradients" in failed
        others = {name: output for name, output in failed.items()
                  if name != "check_loss_and_its_gradients"}
        assert len(others) >= 6, failed
        for name, output in others.items():
            cause = next(line for line in output.splitlines() if label in line)
            assert "check_loss_and_its_gradients" in cause and root_cause in cause, (name, output)
            assert "predict" not in cause, (name, output)
        assert not any("np.float" in output for output in failed.values())


def test_status_refresh_grades_first(tmp_path):
    root = kit(tmp_path, solved=("ch01",), stubs=())
    done = grader(root, "status", "--refresh", "ch01")
    ch01 = next(line for line in done.stdout.splitlines() if line.startswith("ch01"))
    assert ch01.endswith("done"), done.stdout[-2000:]


def test_figures_draw_japanese_labels_with_a_font_that_has_them(tmp_path):
    """Every glyph of the Japanese labels is in the font used: matplotlib warns "Glyph ...
    missing from font" otherwise."""
    code = ("import warnings, numpy as np\nwarnings.simplefilter('error')\n"
            "from courselib.plots import save_learning_curves\n"
            "history = np.array([[1, 1.0, 0.5, 1.1, 0.4], [2, 0.8, 0.6, 0.9, 0.5]])\n"
            f"save_learning_curves(history, {str(tmp_path / 'curves.png')!r})\n"
            "from matplotlib import rcParams\nprint(rcParams['font.family'])\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env=os.environ | {"COURSE_LANG": "ja"})
    assert done.returncode == 0, done.stderr
    assert "IPAexGothic" in done.stdout and (tmp_path / "curves.png").stat().st_size > 0
