from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.grading import ROOT, grade, grade_isolated, make_submission
from tests.variants import (GRADER_TIMEOUT, all_variants, graded_in_public, graded_under_a_secret,
                            selection)

CHAPTERS = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.name.startswith("ch"))
VARIANT_SECRET = "another course, another secret"
REFERENCE_SECRET = "the course secret of spring"


@pytest.fixture(scope="session")
def reference_answers(tmp_path_factory):
    """Where graded_reference records the reference's answers on the public inputs
    (tests.attacks.recorder): what the replay attacks of test_integrity replay."""
    return tmp_path_factory.mktemp("reference_answers") / "table.pkl"


@pytest.fixture(scope="session")
def graded_reference(reference_answers):
    """solutions/ and exercises/ of every chapter, graded in one run each (side by side).
    The run of solutions/ also records its answers into reference_answers."""
    recording = ("-p", "tests.attacks.recorder", f"--attack-table={reference_answers}")
    with ThreadPoolExecutor(max_workers=2) as pool:
        solutions = pool.submit(grade, "solutions", args=recording)
        exercises = pool.submit(grade, "exercises")
        return solutions.result(), exercises.result()


@pytest.fixture(scope="session")
def variant_gradings(tmp_path_factory):
    """The variants of tests/variants, built into one tree and graded two ways, side by side
    (the machine's cores are the suite's budget): in-process with the public inputs, as a
    learner grades ("public"), and isolated with a course secret, as a course grades
    ("secret"). Each variant is graded one way (tests.variants.graded_under_a_secret); of a
    mistake only the checks it names run: what misjudged() looks at. A correct alternative
    runs its whole chapter, thresholds included. Beside them, the whole reference is graded
    isolated under another secret, as course grading runs ("reference"): three gradings on
    two cores, so that none waits for the slowest with a core idle."""
    tree = tmp_path_factory.mktemp("variants")
    variants = all_variants()
    for variant in variants:
        variant.build(ROOT / "solutions", tree)
    under_secret, public = graded_under_a_secret(variants), graded_in_public(variants)
    secret = tmp_path_factory.mktemp("variant_secret") / "course.secret"
    secret.write_text(VARIANT_SECRET + "\n")
    options = (GRADER_TIMEOUT, "--grader-figures=none")
    ways = {"public": (sorted({v.id for v in public}), (*options, "-k", selection(public))),
            "secret": (sorted({v.id for v in under_secret}),
                       (*options, "-k", selection(under_secret), "--grader-isolate",
                        f"--grader-secret-file={secret}"))}
    reference = tmp_path_factory.mktemp("reference_secret")
    submission = make_submission(reference / "sub", {c: ROOT / "solutions" / c for c in CHAPTERS})
    (reference / "course.secret").write_text(REFERENCE_SECRET + "\n")
    with ThreadPoolExecutor(max_workers=len(ways) + 1) as pool:
        futures = {way: pool.submit(grade, *trees, cwd=tree, args=args)
                   for way, (trees, args) in ways.items()}
        futures["reference"] = pool.submit(
            grade_isolated, submission, extra=("--secret-file", str(reference / "course.secret")))
        return {way: future.result() for way, future in futures.items()}


@pytest.fixture(scope="session")
def graded_variants(variant_gradings):
    """The variants graded in-process with the public inputs, as a learner grades."""
    return variant_gradings["public"]
