import pytest

from tests.grading import ROOT, grade
from tests.variants import all_variants

CHAPTERS = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.name.startswith("ch"))


@pytest.fixture(scope="session")
def graded_reference():
    """solutions/ and exercises/ of every chapter, graded in one run each."""
    return grade("solutions"), grade("exercises")


@pytest.fixture(scope="session")
def graded_variants(tmp_path_factory):
    """Every variant of tests/variants, built into one tree and graded in one run."""
    tree = tmp_path_factory.mktemp("variants")
    for variant in all_variants():
        variant.build(ROOT / "solutions", tree)
    return grade(*sorted(p.name for p in tree.iterdir()), cwd=tree,
                 args=("--grader-timeout=20",))
