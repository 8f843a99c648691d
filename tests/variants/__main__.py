"""`python -m tests.variants ch03 [pytest options]`: grade one chapter's variants and say
which ones the grader judges wrongly (a quicker loop than the whole test suite).

Pytest options pass through, e.g. `--grader-secret-file course.secret` to judge them on
secret inputs (in the instructor's repository).
"""

import sys
import tempfile
from pathlib import Path

from tests.grading import ROOT, grade
from tests.variants import all_variants


def main(chapter: str, *options: str) -> int:
    variants = [v for v in all_variants() if v.chapter == chapter]
    with tempfile.TemporaryDirectory() as tree:
        for variant in variants:
            variant.build(ROOT / "solutions", Path(tree))
        graded = grade(*sorted(v.id for v in variants), cwd=Path(tree),
                       args=("--grader-timeout=20", *options))
    wrong = 0
    for variant in variants:
        checks = graded.checks(f"{variant.id}/{chapter}")
        if variant.is_mistake:
            for name in variant.fails:
                result = checks.get(name)
                if result is None or result["status"] != "failed" or \
                        variant.says not in result["output"]:
                    wrong += 1
                    print(f"MISTAKE NOT CAUGHT {variant.id}: {name}: "
                          f"{result and result['status']}\n{result and result['output']}\n")
        else:
            failed = {n: c["output"] for n, c in checks.items() if c["status"] != "passed"}
            if failed or not checks:
                wrong += 1
                print(f"ALTERNATIVE FAILED {variant.id}: {failed or 'not graded'}\n")
    print(f"{len(variants)} variants of {chapter}, {wrong} judged wrongly")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
