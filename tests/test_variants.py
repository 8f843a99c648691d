"""Buggy variants lose points with feedback naming the cause; correct alternatives pass.
Graded as a learner grades; the first alternative of each chapter is judged instead under
a course secret, with the mistakes again, in test_integrity."""

import pytest

from tests.variants import all_variants, alternatives_under_a_secret, misjudged

MISTAKES = [v for v in all_variants() if v.is_mistake]
UNDER_A_SECRET = alternatives_under_a_secret(all_variants())
ALTERNATIVES = [v for v in all_variants() if not v.is_mistake and v not in UNDER_A_SECRET]


def variant_checks(graded, variant) -> dict[str, dict]:
    return graded.checks(f"{variant.id}/{variant.chapter}")


@pytest.mark.parametrize("variant", MISTAKES, ids=lambda v: v.id)
def test_mistake_loses_points_and_names_its_cause(graded_variants, variant):
    assert not misjudged(variant, variant_checks(graded_variants, variant))


@pytest.mark.parametrize("variant", ALTERNATIVES, ids=lambda v: v.id)
def test_correct_alternative_scores_full_marks(graded_variants, variant):
    assert not misjudged(variant, variant_checks(graded_variants, variant))
