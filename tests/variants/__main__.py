"""`python -m tests.variants ch03 [pytest options]`: grade one chapter's variants and say
which ones the grader judges wrongly (a quicker loop than the whole test suite).

Pytest options pass through, e.g. `--grader-secret-file course.secret` to judge them on
secret inputs (in the instructor's repository).
"""

import sys
import tempfile
from pathlib import Path

from tests.grading import ROOT, grade
from tests.variants import GRADER_TIMEOUT, all_variants, misjudged, selection


def main(chapter: str, *options: str) -> int:
    variants = [v for v in all_variants() if v.chapter == chapter]
    with tempfile.TemporaryDirectory() as tree:
        for variant in variants:
            variant.build(ROOT / "solutions", Path(tree))
        graded = grade(*sorted(v.id for v in variants), cwd=Path(tree),
                       args=(GRADER_TIMEOUT, "-k", selection(variants), *options))
    wrong = 0
    for variant in variants:
        problems = misjudged(variant, graded.checks(f"{variant.id}/{chapter}"))
        wrong += bool(problems)
        for problem in problems:
            print(f"{variant.id}: {problem}\n")
    print(f"{len(variants)} variants of {chapter}, {wrong} judged wrongly")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
