"""Every learner-facing text exists in English and Japanese.

The grader says its texts through tr() (grader.i18n); these tests fail when a text has no
Japanese translation, when a module shows learners English prose that bypasses tr(), when a
check has no hint in both languages, or when an exercise's docstring is English only.
"""

from __future__ import annotations

import ast
import re

import pytest

from grader.tools import translations
from tests.grading import ROOT

PROSE = re.compile(r"[A-Za-z]{2,}[,:]? [A-Za-z]{2,}[,:]? [A-Za-z]{2,}")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
INTERNAL = "# i18n: internal"  # a line whose text learners never read (input stream names...)
TRANSLATING = {"tr", "trn", "N_"}
MODULES = [path for paths in translations.sources().values() for path in paths]


def test_every_text_has_a_japanese_translation():
    assert translations.problems("ja") == []


def test_a_text_said_in_several_chapters_has_one_translation():
    assert translations.disagreements("ja") == []


def called_name(node: ast.Call) -> str:
    return getattr(node.func, "id", None) or getattr(node.func, "attr", "")


def untranslated_prose(path) -> list[str]:
    """Prose in `path` that reaches learners without tr(): string literals outside
    docstrings and outside tr()'s own text."""
    text = path.read_text(encoding="utf-8")
    tree, lines = ast.parse(text), text.splitlines()
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                skip.add(id(body[0].value))
        if isinstance(node, ast.Call) and called_name(node) in TRANSLATING:
            for argument in node.args[:2]:
                skip.update(id(inner) for inner in ast.walk(argument))
        if isinstance(node, ast.keyword) and node.arg == "help":  # command-line help
            skip.update(id(inner) for inner in ast.walk(node.value))
    found = []
    for node in ast.walk(tree):
        if id(node) in skip or not isinstance(node, (ast.Constant, ast.JoinedStr)):
            continue
        if isinstance(node, ast.Constant) and not isinstance(node.value, str):
            continue
        if lines[node.lineno - 1][node.col_offset:][:1] in "rR":
            continue  # a regular expression: what to recognise, not what to say
        if isinstance(node, ast.JoinedStr):  # its words, not the code in its {fields}
            skip.update(id(inner) for inner in ast.walk(node))
            words = "".join(part.value for part in node.values
                            if isinstance(part, ast.Constant))
        else:
            words = node.value
        if PROSE.search(words) and INTERNAL not in lines[node.lineno - 1]:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {words[:70]}")
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_learner_facing_prose_goes_through_tr(path):
    assert untranslated_prose(path) == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_tr_is_given_text_it_can_look_up(path):
    """tr()'s text is a literal, or a name holding one marked with N_(): an f-string or a
    sum of texts cannot be looked up in a catalog, and N_() marks only literals."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    wrong = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and called_name(node) in TRANSLATING and node.args):
            continue
        texts = node.args[:2 if called_name(node) == "trn" else 1]
        allowed = (ast.Constant,) if called_name(node) == "N_" else (
            ast.Constant, ast.Name, ast.Attribute)
        if not all(isinstance(text, allowed) and (not isinstance(text, ast.Constant)
                                                  or isinstance(text.value, str))
                   for text in texts):
            wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert wrong == []


CHAPTERS = sorted(p.name for p in (ROOT / "exercises").glob("ch[0-9][0-9]"))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_check_has_hints_in_both_languages(chapter):
    from grader.declared import declared_checks
    from grader.hints import chapter_hints

    hints = chapter_hints(chapter)
    checks = {check.name for check in declared_checks(chapter)}
    for name in sorted(checks):
        entry = hints.get(name, {})
        english, japanese = entry.get("en", []), entry.get("ja", [])
        assert english and len(english) == len(japanese), f"{chapter} {name}: {entry}"
        assert all(JAPANESE.search(hint) for hint in japanese), f"{chapter} {name}"
        assert not any(JAPANESE.search(hint) for hint in english), f"{chapter} {name}"
    assert set(hints) <= checks, f"hints for checks that do not exist: {set(hints) - checks}"


def docstrings(path):
    """(where, docstring) of the module and of every public function, class and method."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = [tree] + [node for node in ast.walk(tree)
                      if isinstance(node, (ast.FunctionDef, ast.ClassDef))
                      and not node.name.startswith("_")]
    for node in nodes:
        text = ast.get_docstring(node)
        if text:
            yield f"{path.relative_to(ROOT)}:{getattr(node, 'name', 'module')}", text


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_exercise_docstrings_are_in_both_languages(chapter):
    english_only = [where for path in sorted((ROOT / "exercises" / chapter).glob("*.py"))
                    for where, text in docstrings(path) if not JAPANESE.search(text)]
    assert english_only == []
