"""Which language the kit speaks to the learner: English or Japanese.

The course library needs it for the labels of the figures it draws, the grader for its
feedback; both read it here, so the two always agree. `COURSE_LANG` (set by the grader's
`--lang`) wins; otherwise the locale decides (LANG=ja_JP.UTF-8 gives Japanese).
"""

from __future__ import annotations

import os

SUPPORTED = ("en", "ja")
DEFAULT = "en"
VARIABLE = "COURSE_LANG"
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


class UnknownLanguage(ValueError):
    def __init__(self, name: str):
        super().__init__(f"unknown language {name!r}: the kit speaks "
                         + " or ".join(SUPPORTED))


def current() -> str:
    chosen = os.environ.get(VARIABLE, "").strip()
    if chosen:
        return chosen if chosen in SUPPORTED else DEFAULT
    # The first locale variable that is set decides, as in the C library.
    for name in _LOCALE_VARIABLES:
        value = os.environ.get(name, "")
        if value:
            return "ja" if value.lower().startswith("ja") else DEFAULT
    return DEFAULT


def choose(name: str | None) -> str:
    """Use `name` (one of SUPPORTED) from now on, in this process and its children;
    None keeps the locale's choice."""
    if name is None:
        return current()
    if name not in SUPPORTED:
        raise UnknownLanguage(name)
    os.environ[VARIABLE] = name
    return name
