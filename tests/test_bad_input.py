"""Broken learner code fails its own checks with a message naming the cause; the rest grades."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from grader.tools.sync import copy_chapter
from tests.grading import ROOT, Graded, grade
from tests.variants import Variant

F = "descent.py"
OTHERS = ("ch02",)  # an intact chapter graded beside the broken ch03
TRAIN = "def train_manual(X, Y, lr=0.001, num_epochs=500, log_every=10):\n"
PREDICT_BODY = "    return W * X + B\n"
# Where failing_import's line lands: right after `import numpy as np`.
IMPORT_LINE = (ROOT / "solutions/ch03/descent.py").read_text().splitlines().index(
    "import numpy as np") + 2
BROKEN = {
    "syntax_error": ((F, PREDICT_BODY, "    return W * X +\n"),),
    "failing_import": ((F, "import numpy as np\n", "import numpy as np\nimport not_a_module\n"),),
    "hangs_when_called": ((F, TRAIN, TRAIN + "    while True:\n        pass\n"),),
    "hangs_on_import": ((F, "import numpy as np\n", "import numpy as np\nwhile True:\n    pass\n"),),
    "exits_when_called": ((F, PREDICT_BODY, "    raise SystemExit(3)\n"),),
    "returns_a_list": ((F, PREDICT_BODY, "    return [1.0, 2.0]\n"),),
    "returns_nothing": ((F, "    return W, B, np.array(history)\n    # END SOLUTION\n\n\ndef train_with",
                             "    return None\n    # END SOLUTION\n\n\ndef train_with"),),
    "diverges_to_nan": ((F, TRAIN, TRAIN + "    lr = lr * 1e6\n"),),
}


@pytest.fixture(scope="module")
def graded_broken(tmp_path_factory):
    tree = tmp_path_factory.mktemp("broken")
    for name, patches in BROKEN.items():
        Variant("ch03", name, patches).build(ROOT / "solutions", tree)
    # Intact copies of other chapters beside the broken syntax one.
    for chapter in OTHERS:
        copy_chapter(ROOT / "solutions" / chapter, tree / "ch03__syntax_error" / chapter)
    # Two gradings side by side, one core each, read as one.
    trees = sorted(p.name for p in tree.iterdir())
    with ThreadPoolExecutor(max_workers=2) as pool:
        halves = [pool.submit(grade, *trees[i::2], cwd=tree, args=("--grader-timeout=3",))
                  for i in range(2)]
        first, second = (half.result() for half in halves)
    return Graded(max(first.returncode, second.returncode), first.stdout + second.stdout,
                  {"tests": first.report["tests"] + second.report["tests"]}, tree)


def outputs(graded, name):
    checks = graded.checks(f"ch03__{name}/ch03")
    assert checks, graded.stdout[-2000:]
    return checks


def test_syntax_error_names_file_and_line_and_other_chapters_still_grade(graded_broken):
    for check in outputs(graded_broken, "syntax_error").values():
        assert check["status"] == "failed"
        assert "ch03/descent.py, line " in check["output"] and "SyntaxError" in check["output"]
    for chapter in OTHERS:
        score, total = graded_broken.score(f"ch03__syntax_error/{chapter}")
        assert score == total > 0, chapter


def test_failing_import_names_the_module_and_line(graded_broken):
    for check in outputs(graded_broken, "failing_import").values():
        assert "not_a_module" in check["output"]
        assert f"ch03/descent.py, line {IMPORT_LINE}" in check["output"]


def test_hanging_function_fails_its_checks_by_timeout_and_the_run_goes_on(graded_broken):
    checks = outputs(graded_broken, "hangs_when_called")
    assert "did not finish within 3 s" in checks["check_manual_training"]["output"]
    assert checks["check_prediction"]["status"] == "passed"
    assert checks["check_training_with_sgd"]["status"] == "passed"


def test_module_hanging_on_import_is_imported_once(graded_broken):
    checks = outputs(graded_broken, "hangs_on_import").values()
    assert all(c["status"] == "failed" for c in checks)
    # The first check runs out of time; the others get the remembered reason at once.
    assert sum("importing" in c["output"] and "did not finish" in c["output"]
               for c in checks) >= len(checks) - 1


def test_exit_in_learner_code_fails_the_check_only(graded_broken):
    checks = outputs(graded_broken, "exits_when_called")
    assert "SystemExit" in checks["check_prediction"]["output"]
    assert checks["check_centred_data"]["status"] == "passed"


def test_wrong_return_types_get_a_message_not_a_crash(graded_broken):
    checks = outputs(graded_broken, "returns_a_list")
    assert "should be a torch.Tensor" in checks["check_prediction"]["output"]
    checks = outputs(graded_broken, "returns_nothing")
    assert "could not use what your code returned" in checks["check_manual_training"]["output"]
    assert checks["check_training_with_sgd"]["status"] == "passed"


def test_nan_from_divergence_is_named(graded_broken):
    checks = outputs(graded_broken, "diverges_to_nan")
    assert "nan or inf" in checks["check_manual_training"]["output"]
