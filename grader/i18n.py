"""The grader's words in the learner's language (see courselib.language for which one).

Every learner-facing text is written in English inside tr() (or N_() where it is defined
before the language is known and translated later), with {named} fields:

    fail(tr("{name} has the wrong shape", name=name), ...)

Translations live in gettext catalogs, grader/locale/<language>/*.po, one per chapter
plus core.po (those of hidden checks in grader/hidden/locale/, which a student release
leaves out with the checks), keyed by the English text; tests/test_translations.py fails when one is
missing, or when a catalog keeps a text the code no longer says. English needs no catalog.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from courselib import language

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
HIDDEN_LOCALE_DIR = Path(__file__).resolve().parent / "hidden" / "locale"
FIELD = re.compile(r"(?<!\{)\{(\w+)[^{}]*\}(?!\})")


def N_(message: str) -> str:
    """Mark `message` for translation without translating it yet: for texts defined at import
    time, before the learner's language is set; tr() translates them where they are used."""
    return message


def tr(message: str, /, **fields) -> str:
    """`message` in the learner's language, its {fields} filled in."""
    text = _catalog(language.current()).get(message) or message
    return text.format(**fields) if fields else text


def trn(singular: str, plural: str, count: int, /, **fields) -> str:
    """tr() for a text about `count` things: "after 1 epoch", "after 3 epochs"."""
    translated = _catalog(language.current()).get((singular, plural))
    text = translated or (singular if count == 1 else plural)
    return text.format(count=count, **fields)


def fields_of(message: str) -> set[str]:
    """The {fields} a text fills in, for checking that a translation keeps them all."""
    return set(FIELD.findall(message))


@functools.cache
def _catalog(name: str) -> dict:
    """English text (or (singular, plural)) -> translation, from every catalog of `name`."""
    if name == language.DEFAULT:
        return {}
    from babel.messages.pofile import read_po

    translations: dict = {}
    paths = [*sorted((LOCALE_DIR / name).glob("*.po")),
             *sorted((HIDDEN_LOCALE_DIR / name).glob("*.po"))]
    for path in paths:
        with path.open("rb") as po:
            for message in read_po(po, locale=name):
                if not message.id or message.fuzzy:
                    continue
                string = message.string
                if isinstance(message.id, tuple):  # one form serves every count in Japanese
                    string = string[0] if string else ""
                if string:
                    translations[message.id] = string
    return translations

