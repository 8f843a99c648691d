"""Buggy variants lose points with feedback naming the cause, graded as a learner grades.
Correct alternatives score full marks: judged, with the mistakes again, under a course
secret in test_integrity (test_variant_is_judged_rightly_under_a_secret)."""

import pytest

from tests.variants import all_variants, misjudged

MISTAKES = [v for v in all_variants() if v.is_mistake]


def variant_checks(graded, variant) -> dict[str, dict]:
    return graded.checks(f"{variant.id}/{variant.chapter}")


@pytest.mark.parametrize("variant", MISTAKES, ids=lambda v: v.id)
def test_mistake_loses_points_and_names_its_cause(graded_variants, variant):
    assert not misjudged(variant, variant_checks(graded_variants, variant))
