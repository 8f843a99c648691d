"""Buggy variants lose points with feedback naming the cause; correct alternatives pass."""

import pytest

from tests.variants import all_variants

MISTAKES = [v for v in all_variants() if v.is_mistake]
ALTERNATIVES = [v for v in all_variants() if not v.is_mistake]


def chapter_checks(graded, variant):
    checks = graded.checks(f"{variant.id}/{variant.chapter}")
    assert checks, f"{variant.id} was not graded:\n{graded.stdout[-3000:]}"
    return checks


@pytest.mark.parametrize("variant", MISTAKES, ids=lambda v: v.id)
def test_mistake_loses_points_and_names_its_cause(graded_variants, variant):
    checks = chapter_checks(graded_variants, variant)
    for name in variant.fails:
        assert name in checks, f"no check named {name} in {variant.chapter}"
        result = checks[name]
        assert result["status"] == "failed", f"{name} passed a wrong solution"
        assert variant.says in result["output"], result["output"]


@pytest.mark.parametrize("variant", ALTERNATIVES, ids=lambda v: v.id)
def test_correct_alternative_scores_full_marks(graded_variants, variant):
    checks = chapter_checks(graded_variants, variant)
    failed = {name: c["output"] for name, c in checks.items() if c["status"] != "passed"}
    assert not failed
