"""What a stub says: the message that exercises raise where the learner's code goes.

grader.tools.sync writes it; the grader recognises it, to report "not implemented" instead
of an error, and to list the tasks still to write.
"""

from __future__ import annotations

import re

STUB = re.compile(r"ch\d\d task '(?P<task>[\w.]+)': not implemented yet")  # i18n: internal


def stub_message(chapter: str, task: str) -> str:
    """In both languages: the exercise files are the same for every learner."""
    return (f"{chapter} task '{task}': not implemented yet (replace this line with your code)"  # i18n: internal
            f" / {chapter} 課題 '{task}': 未実装です（この行を自分のコードに置き換えてください）")


def is_stub_message(text: str) -> bool:
    return bool(STUB.match(text))


def stub_task(text: str) -> str | None:
    """The task named by a stub's message found in `text`."""
    match = STUB.search(text)
    return match["task"] if match else None
