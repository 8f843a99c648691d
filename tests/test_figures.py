"""Checks that draw save their figures as PNG files, headless, and say where."""

import re

from tests.grading import ROOT


def test_figures_are_saved_and_named_in_the_check_output(graded_reference):
    solutions, _ = graded_reference
    saved = {}
    for chapter in ("ch05", "ch06", "ch07", "ch08"):
        for check in solutions.checks(f"solutions/{chapter}").values():
            for path in re.findall(r"figure saved: (\S+\.png)", check["output"]):
                saved[path] = chapter
    assert set(saved.values()) == {"ch05", "ch06", "ch07", "ch08"}, saved
    for path, chapter in saved.items():
        png = (ROOT / path).read_bytes()
        assert path.startswith(f"grader-figures/{chapter}/")
        assert png.startswith(b"\x89PNG") and len(png) > 5000
    summary = solutions.stdout.split("figures saved")[-1]
    assert all(path in summary for path in saved)
