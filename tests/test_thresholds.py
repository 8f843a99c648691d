"""Every accuracy threshold holds for the reference under each calibration seed, with its
margin, and its written calibration is what `python -m grader calibrate` measures."""

import pytest

from grader import thresholds
from tests.conftest import CHAPTERS

thresholds.load_checks(CHAPTERS)
ALL = thresholds.registered()


def test_every_threshold_chapter_has_one_calibrated():
    assert ALL, "no threshold is declared"
    for threshold in ALL:
        assert threshold.measure is not None, f"{threshold.what} has no measurement"
        assert threshold.calibration.seeds >= thresholds.CALIBRATION_SEEDS


@pytest.mark.parametrize("threshold", ALL, ids=lambda t: f"{t.chapter}-{t.what}")
def test_no_threshold_check_flips_across_the_calibration_seeds(threshold):
    values = thresholds.measure_reference(threshold, threshold.calibration.seeds)
    assert not thresholds.problems(threshold, values), values
    assert min(values) >= threshold.at_least + thresholds.MARGIN
