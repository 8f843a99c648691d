"""Variants of the reference solutions that the grader must judge right.

A Mistake is a reference with one typical learner error patched in: the checks it names must
fail, with feedback that names the cause. An Alternative is another correct way to write the
same thing: it must score 100%. Each chapter lists its variants in tests/variants/chNN.py as
VARIANTS. A patch replaces text that must occur exactly once in the reference file, so a
variant cannot silently stop applying when the reference changes.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from pathlib import Path

from grader.tools.sync import copy_chapter

Patch = tuple[str, str, str]  # (file in the chapter, old text, new text)


@dataclass(frozen=True)
class Variant:
    chapter: str
    name: str
    patches: tuple[Patch, ...]
    fails: tuple[str, ...] = ()   # checks that must fail; empty for a correct alternative
    says: str = ""                # text the feedback of each failing check must contain

    @property
    def id(self) -> str:
        return f"{self.chapter}__{self.name}"

    @property
    def is_mistake(self) -> bool:
        return bool(self.fails)

    def build(self, solutions: Path, into: Path) -> Path:
        """Write the patched chapter to into/<id>/<chapter> and return that directory."""
        target = into / self.id / self.chapter
        copy_chapter(solutions / self.chapter, target)
        for filename, old, new in self.patches:
            path = target / filename
            text = path.read_text(encoding="utf-8")
            if text.count(old) != 1:
                raise ValueError(f"{self.id}: the text to replace occurs {text.count(old)} "
                                 f"times in {self.chapter}/{filename}, not once:\n{old}")
            path.write_text(text.replace(old, new), encoding="utf-8")
        return target


def misjudged(variant: Variant, checks: dict[str, dict]) -> list[str]:
    """What the grader got wrong about `variant`, given its chapter's report entries by check
    name: a named check that did not fail or did not name the cause, a failing alternative."""
    if not checks:
        return [f"{variant.id} was not graded"]
    if not variant.is_mistake:
        return [f"{name} failed a correct alternative:\n{c['output']}"
                for name, c in checks.items() if c["status"] != "passed"]
    problems = []
    for name in variant.fails:
        result = checks.get(name)
        if result is None:
            problems.append(f"no check named {name} in {variant.chapter}")
        elif result["status"] != "failed":
            problems.append(f"{name} passed a wrong solution")
        elif variant.says not in result["output"]:
            problems.append(f"{name} does not say {variant.says!r}:\n{result['output']}")
    return problems


def graded_under_a_secret(variants: list[Variant]) -> list[Variant]:
    """The variants the suite grades isolated under a course secret: the first correct
    alternative and the first mistake of each chapter, and every second mistake. The suite
    grades the others in-process with the public inputs (graded_in_public), the first
    mistake of each chapter too, to compare the two ways. So the two gradings, run side by
    side, carry about half of the variants each, and every chapter's are judged both ways.
    (`python -m tests.variants chNN` grades all of a chapter's variants either way.)"""
    chosen, seen = [], {}
    for variant in variants:
        kind = (variant.chapter, variant.is_mistake)
        seen[kind] = seen.get(kind, 0) + 1
        if seen[kind] == 1 or (variant.is_mistake and seen[kind] % 2 == 0):
            chosen.append(variant)
    return chosen


def graded_in_public(variants: list[Variant]) -> list[Variant]:
    """The variants the suite grades in-process with the public inputs: those not graded
    under a secret, and the first mistake of each chapter (graded both ways)."""
    secret = graded_under_a_secret(variants)
    first_mistakes = {v.chapter: v for v in reversed(variants) if v.is_mistake}.values()
    return [v for v in variants if v not in secret or v in first_mistakes]


# Each check's time limit when variants are graded: two gradings share 2 cores in the suite.
GRADER_TIMEOUT = "--grader-timeout=45"


def selection(variants: list[Variant]) -> str:
    """A pytest -k expression that grades, of a tree of built variants, what `misjudged`
    looks at: the named checks of each mistake, every check of each alternative."""
    parts = [f"({v.id} and ({' or '.join(v.fails)}))" if v.is_mistake else v.id
             for v in variants]
    return " or ".join(parts)


def mistake(chapter: str, name: str, *patches: Patch, fails: str | tuple[str, ...],
            says: str) -> Variant:
    return Variant(chapter, name, patches, (fails,) if isinstance(fails, str) else fails, says)


def alternative(chapter: str, name: str, *patches: Patch) -> Variant:
    return Variant(chapter, name, patches)


def all_variants() -> list[Variant]:
    variants = []
    for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if not module.name.startswith("ch"):
            continue
        variants += importlib.import_module(f"{__name__}.{module.name}").VARIANTS
    return variants
