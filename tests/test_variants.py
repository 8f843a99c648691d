"""Buggy variants lose points with feedback naming the cause; correct alternatives pass.
Graded as a learner grades; the others (tests.variants.graded_under_a_secret) are judged
under a course secret in test_integrity."""

import pytest

from tests.variants import all_variants, graded_in_public, graded_under_a_secret, misjudged

UNDER_A_SECRET = graded_under_a_secret(all_variants())
MISTAKES = [v for v in graded_in_public(all_variants()) if v.is_mistake]
ALTERNATIVES = [v for v in graded_in_public(all_variants()) if not v.is_mistake]


def variant_checks(graded, variant) -> dict[str, dict]:
    return graded.checks(f"{variant.id}/{variant.chapter}")


@pytest.mark.parametrize("variant", MISTAKES, ids=lambda v: v.id)
def test_mistake_loses_points_and_names_its_cause(graded_variants, variant):
    assert not misjudged(variant, variant_checks(graded_variants, variant))


@pytest.mark.parametrize("variant", ALTERNATIVES, ids=lambda v: v.id)
def test_correct_alternative_scores_full_marks(graded_variants, variant):
    assert not misjudged(variant, variant_checks(graded_variants, variant))
