"""Grading from a notebook (Jupyter, Colab): one call grades a chapter and shows the result.

    from grader.notebook import grade
    grade("ch05")          # the last line of a cell: the table shows below it

The tasks a notebook defines in its cells (functions and classes named as in the exercise
files) are graded in place of the files' versions; a task the notebook does not define is
graded as the files have it (a stub there is "not implemented"). A notebook that only
imports the learner's modules grades the files themselves. Grading runs in a fresh Python
process, as `pytest exercises/ch05` does, so a notebook's state never leaks into it.
"""

from __future__ import annotations

import ast
import html
import inspect
import json
import linecache
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from courselib import language
from grader import KIT_ROOT
from grader.i18n import tr
from grader.scoring import PASSED, CheckResult, results_from_report, score_table
from grader.status import chapter_names, unknown_chapter

CELL_MODULE = "__main__"  # where Jupyter and Colab define a notebook's cells


@dataclass
class NotebookResult:
    chapter: str
    results: list[CheckResult]
    output: str  # what pytest printed, for a failure of the run itself

    @property
    def points(self) -> tuple[int, int]:
        return (sum(r.points for r in self.results), sum(r.max_points for r in self.results))

    def __repr__(self) -> str:
        if not self.results:
            return self.output
        failures = [f"{r.name.rsplit('::', 1)[-1]}: {r.output}" for r in self.results
                    if r.status != PASSED]
        return "\n\n".join([score_table(self.results), *failures])

    def _repr_html_(self) -> str:
        if not self.results:
            return f"<pre>{html.escape(self.output)}</pre>"
        got, total = self.points
        rows = "".join(
            f"<tr><td>{'✅' if r.status == PASSED else '❌'}</td>"
            f"<td><code>{html.escape(r.name.rsplit('::', 1)[-1])}</code></td>"
            f"<td>{r.points}/{r.max_points}</td><td>{html.escape(tr(r.status))}</td>"
            f"<td><pre style='white-space:pre-wrap;margin:0'>{html.escape(r.output)}</pre></td>"
            "</tr>" for r in self.results)
        head = "".join(f"<th>{html.escape(h)}</th>" for h in (
            "", tr("check"), tr("points"), tr("result"), tr("why")))
        title = tr("{chapter}: {got}/{total} points", chapter=self.chapter, got=got, total=total)
        return f"<h4>{html.escape(title)}</h4><table><tr>{head}</tr>{rows}</table>"


def task_names(chapter_dir: Path) -> dict[str, str]:
    """task name -> the module file (relative) that defines it, from the exercise files."""
    found = {}
    for path in sorted(chapter_dir.glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
                found.setdefault(node.name, path.name)
    return found


def cell_source(obj) -> str | None:
    """The source of a function or class defined in a notebook cell, from the cell itself
    (the cells' text is in linecache, where IPython registers it)."""
    code = getattr(obj, "__code__", None)
    if code is None and inspect.isclass(obj):
        code = next((f.__code__ for f in vars(obj).values() if hasattr(f, "__code__")), None)
    if code is None:
        return None
    text = "".join(linecache.getlines(code.co_filename))
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == obj.__name__:
            imports = [ast.get_source_segment(text, n) for n in tree.body
                       if isinstance(n, (ast.Import, ast.ImportFrom))]
            return "\n".join([*imports, ast.get_source_segment(text, node)])
    return None


def notebook_tasks(namespace: dict, tasks: dict[str, str]) -> dict[str, list[str]]:
    """module file -> the sources of the tasks (and the cells' other functions and
    classes, which tasks may call) that `namespace` defines in its cells."""
    defined = {name: obj for name, obj in namespace.items()
               if (inspect.isfunction(obj) or inspect.isclass(obj))
               and getattr(obj, "__module__", None) == CELL_MODULE}
    if not any(name in tasks for name in defined):
        return {}
    helpers = [cell_source(obj) for name, obj in defined.items() if name not in tasks]
    by_module: dict[str, list[str]] = {}
    for name, obj in defined.items():
        if name in tasks:
            source = cell_source(obj)
            if source:
                by_module.setdefault(tasks[name], list(filter(None, helpers))).append(source)
    return by_module


def grade(chapter: str, namespace: dict | None = None, *, lang: str | None = None,
          tree: str = "exercises", timeout: float = 1800) -> NotebookResult:
    """Grade `chapter` (e.g. "ch05"): the tasks the notebook's cells define, the rest from the
    files. `namespace` defaults to the caller's globals (the notebook's)."""
    language.choose(lang)
    tree_dir = KIT_ROOT / tree
    chapter_dir = tree_dir / chapter
    if chapter not in chapter_names(tree_dir):
        raise ValueError(unknown_chapter(chapter, tree_dir))
    if namespace is None:
        namespace = inspect.currentframe().f_back.f_globals
    overrides = notebook_tasks(namespace, task_names(chapter_dir))
    with tempfile.TemporaryDirectory(prefix="grader-notebook-") as scratch:
        scratch = Path(scratch)
        graded, cwd = chapter_dir, KIT_ROOT
        if overrides:
            graded, cwd = scratch / tree / chapter, scratch
            shutil.copytree(chapter_dir, graded, ignore=shutil.ignore_patterns("__pycache__"))
            for module, sources in overrides.items():
                with (graded / module).open("a", encoding="utf-8") as file:
                    file.write("\n\n# ---- defined in the notebook ----\n")  # i18n: internal
                    file.write("\n\n".join(sources) + "\n")
        report = scratch / "results.json"
        command = [sys.executable, "-m", "pytest", str(graded), "-q", "-p", "no:cacheprovider",
                   f"--grader-report={report}", f"--rootdir={cwd}"]
        environment = {"PYTHONPATH": str(KIT_ROOT), language.VARIABLE: language.current()}

        run = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                             env=os.environ | environment)
        results = (results_from_report(json.loads(report.read_text(encoding="utf-8")))
                   if report.is_file() else [])
    return NotebookResult(chapter, results, run.stdout + run.stderr)
