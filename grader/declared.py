"""The checks each chapter declares, read from their source instead of imported, so that
`status` and `hint` know them without importing torch."""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass
from pathlib import Path

GRADER_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class DeclaredCheck:
    name: str      # the check's function name
    points: int
    hidden: bool


@functools.cache
def declared_checks(chapter: str) -> tuple[DeclaredCheck, ...]:
    """`chapter`'s checks (e.g. "ch03") in the order they run: public, then hidden."""
    found = []
    for kind in ("checks", "hidden"):
        path = GRADER_DIR / kind / f"{chapter}.py"
        if not path.is_file():
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.FunctionDef):
                continue
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", "") == "check":
                    found.append(DeclaredCheck(node.name, _points(decorator), kind == "hidden"))
    return tuple(found)


def _points(decorator: ast.Call) -> int:
    for keyword in decorator.keywords:
        if keyword.arg == "points":
            return ast.literal_eval(keyword.value)
    return ast.literal_eval(decorator.args[0])
