"""Every accuracy threshold is calibrated, holds for the reference with its margin, and its
written calibration agrees with what the reference measures.

`python -m grader calibrate` measures every calibration key of each threshold (10 or 20:
minutes for the CNN chapters); the suite re-measures the first SUITE_KEYS of them, each of
which must clear the pass mark by the margin and be no worse than the written worst (a
calibration out of date shows there first). The reference is also graded in full under the
public key and a course secret elsewhere in the suite, and its course-style alternatives
under another secret."""

import pytest

from grader import thresholds
from tests.conftest import CHAPTERS

thresholds.load_checks(CHAPTERS)
ALL = thresholds.registered()
SUITE_KEYS = 1


def test_every_threshold_chapter_has_one_calibrated():
    assert ALL, "no threshold is declared"
    for threshold in ALL:
        assert threshold.measure is not None, f"{threshold.what} has no measurement"
        written = threshold.calibration
        assert written.seeds >= thresholds.CALIBRATION_SEEDS
        assert threshold.at_least <= written.worst - thresholds.MARGIN <= written.median


@pytest.mark.parametrize("threshold", ALL, ids=lambda t: f"{t.chapter}-{t.what}")
def test_no_threshold_check_flips_on_the_calibration_keys(threshold):
    values = thresholds.measure_reference(threshold, SUITE_KEYS)
    assert min(values) >= threshold.at_least + thresholds.MARGIN, values
    # These keys are among the calibration's: none can be below its written worst.
    assert min(values) >= threshold.calibration.worst - thresholds.DRIFT, values
