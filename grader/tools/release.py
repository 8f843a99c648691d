"""`python -m grader release OUT`: the repository a course hands to its learners.

OUT receives the learner's side of the kit and nothing else:

    exercises/                    the stubs (checked to be in sync with solutions/ first)
    grader/                       the grader, its checks and grader/recorded/ (the reference
                                  outputs, recorded by `python -m grader record`); not the
                                  hidden checks (grader/hidden/), which only course grading runs
    courselib/  data/             the course's helper library and data sets
    pyproject.toml  Makefile  .gitignore
    README.md                     for learners (grader/templates/README.md)
    .github/workflows/grade.yml   grades every push and pull request (grader/templates/grade.yml)

No solutions/, no tests/, no hidden checks. The release is built only from a repository whose exercises/
match solutions/ and whose recordings are current: otherwise it refuses (exit 1) and says
which command fixes it, rather than changing the instructor's working tree behind their back.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "templates"
WORKFLOW = Path(".github") / "workflows" / "grade.yml"
CACHES = ("__pycache__", ".pytest_cache", ".ipynb_checkpoints", "*.pyc", "*.pyo", "*.egg-info",
          ".DS_Store")
TREES = ("exercises", "grader", "courselib", "data")
HIDDEN = Path("grader") / "hidden"  # hidden checks: course grading only, never released
# Full data sets fetched into data/ (python -m grader data fetch), and what the kit builds
# there on first use (its backbone, its image folder): each machine has its own.
FETCHED_DATA = ("MNIST", "cifar-10-batches-py", "hymenoptera_data", "backbones",
                "shapes_folder")
FILES = ("pyproject.toml", "Makefile", ".gitignore")
# Reports that grading writes in the learner's repository: never committed.
IGNORED_REPORTS = ("/results.json", "/junit.xml")


def build_release(root: Path, out: Path, announce: bool = True) -> int:
    root, out = Path(root).resolve(), Path(out).resolve()
    problem = _refusal(root, out)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    stale = _not_ready(root)
    if stale:
        print(stale, file=sys.stderr)
        return 1
    write_release(root, out)
    if not announce:
        return 0
    chapters = _chapters(out / "exercises")
    files = sum(1 for p in out.rglob("*") if p.is_file())
    print(f"built the student release in {out}: {files} files, chapters {', '.join(chapters)}")
    print("next: make it a git repository and push it to GitHub (a template repository, for "
          "GitHub Classroom); .github/workflows/grade.yml grades every push")
    return 0


def _refusal(root: Path, out: Path) -> str | None:
    if not (root / "solutions").is_dir():
        return (f"no {root / 'solutions'}: a release is built from the instructor's repository, "
                "the one with the reference solutions")
    if out.exists() and not out.is_dir():
        return f"{out} exists and is not a directory: give a new or empty directory"
    if out.is_dir() and any(out.iterdir()):
        return (f"{out} exists and is not empty: give a new or empty directory (nothing was "
                "written)")
    inside = [root / tree for tree in (*TREES, "solutions", "tests")]
    if out == root or any(out == tree or tree in out.parents for tree in inside):
        return f"{out} would overwrite or be copied into the release: build it elsewhere"
    return None


def _not_ready(root: Path) -> str | None:
    """Why root cannot be released as it is (exercises/ drifted, recordings stale), if so."""
    from grader.tools.recording import compute_all, stale
    from grader.tools.sync import MarkerError, plan

    try:
        drift = plan(root / "solutions", root / "exercises")
    except MarkerError as error:
        return f"malformed solution markers: {error}"
    if drift:
        files = "\n".join(f"  {d.path.relative_to(root)}: {d.reason}" for d in drift)
        return (f"exercises/ has drifted from solutions/:\n{files}\n"
                "run `python -m grader sync` (and commit), then build the release again")
    try:
        problems = stale(root / "grader" / "recorded", compute_all(root / "solutions"))
    except FileNotFoundError as error:
        return str(error)
    if problems:
        chapters = "\n".join(f"  grader/recorded/{c}.pt: {why}" for c, why in
                             sorted(problems.items()))
        return (f"the recorded reference outputs are out of date:\n{chapters}\n"
                "run `python -m grader record` (and commit), then build the release again")
    return None


def write_release(root: Path, out: Path) -> None:
    """Copy the learner's side of `root` into `out` (new or empty) and add README, workflow."""
    out.mkdir(parents=True, exist_ok=True)
    caches = shutil.ignore_patterns(*CACHES)
    left_alone = {(root / HIDDEN).resolve()} | {(root / "data" / name).resolve()
                                               for name in FETCHED_DATA}

    def ignore(directory: str, names: list[str]) -> set[str]:
        left_out = {name for name in names if (Path(directory) / name).resolve() in left_alone}
        return caches(directory, names) | left_out

    for tree in TREES:
        shutil.copytree(root / tree, out / tree, ignore=ignore)
    for name in FILES:
        shutil.copy2(root / name, out / name)
    _for_learners(out)


def _for_learners(out: Path) -> None:
    chapters = "\n".join(f"- `exercises/{c}`: {_title(out / 'exercises' / c)}"
                         for c in _chapters(out / "exercises"))
    readme = (TEMPLATES / "README.md").read_text(encoding="utf-8")
    (out / "README.md").write_text(readme.replace("{{chapters}}", chapters), encoding="utf-8")
    (out / WORKFLOW).parent.mkdir(parents=True)
    shutil.copyfile(TEMPLATES / "grade.yml", out / WORKFLOW)
    # `pytest` with no arguments grades the exercises (the kit's tests/ is not shipped).
    pyproject = out / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace(
        'testpaths = ["tests"]', 'testpaths = ["exercises"]'), encoding="utf-8")
    gitignore = out / ".gitignore"
    lines = gitignore.read_text(encoding="utf-8").splitlines()
    lines += [entry for entry in IGNORED_REPORTS if entry not in lines]
    gitignore.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _chapters(exercises: Path) -> list[str]:
    return sorted(p.name for p in exercises.iterdir() if (p / "__init__.py").is_file())


def _title(chapter: Path) -> str:
    """The first line of the chapter package's docstring, without 'Chapter N: '."""
    import ast

    try:
        doc = ast.get_docstring(ast.parse((chapter / "__init__.py").read_text(encoding="utf-8")))
    except (SyntaxError, UnicodeDecodeError):
        doc = None
    first = (doc or chapter.name).strip().splitlines()[0].rstrip(".")
    return first.split(": ", 1)[1] if first.startswith("Chapter ") and ": " in first else first
