"""What the learner's process must never read, and the check that it cannot.

Course grading keeps from the learner's code: the reference solutions, the kit's tests, the
recorded outputs of hidden checks (grader/hidden/recorded/) and the course secret. The
sandbox (sandbox.py) hides them in a private mount namespace where the machine allows one
(root); elsewhere they may still be out of reach through file permissions (a sandbox user
of its own that cannot read them). Which of the two holds is not assumed: before the
grading starts, `unreadable_from_sandbox` starts the sandbox exactly as the learner's process
will be started, without any learner code, and tries to read each protected path. Grading
goes ahead only if none can be read; otherwise it stops with `refusal`, before any learner
code has run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from grader import KIT_ROOT

HIDDEN_RECORDED = KIT_ROOT / "grader" / "hidden" / "recorded"
# What the learner's process needs of the kit: everything else at its top level is hidden
# where a mount namespace allows it (solutions/, tests/, .git with its history, notes...).
NEEDED_AT_TOP = {"grader", "courselib", "data", "pyproject.toml"}


def must_protect(graded: list[Path], secret_file: Path | None = None) -> list[Path]:
    """The paths that exist here and that the learner's process must not read (a graded
    chapter inside one of them, as when an instructor grades solutions/, keeps it open)."""
    paths = [KIT_ROOT / "solutions", KIT_ROOT / "tests", HIDDEN_RECORDED]
    if secret_file is not None:
        paths.append(Path(secret_file).resolve())
    return [path for path in paths if path.exists() and not _holds(path, graded)]


def to_hide(graded: list[Path], secret_file: Path | None = None) -> list[Path]:
    """What the mount namespace covers: the protected paths and the rest of the kit's top
    level that the learner's process does not need (never the Python it runs on, nor the
    graded chapters)."""
    needed = [Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.executable)]
    extra = [entry for entry in sorted(KIT_ROOT.iterdir())
             if entry.name not in NEEDED_AT_TOP and not _holds(entry, needed + list(graded))]
    return list(dict.fromkeys(must_protect(graded, secret_file) + extra))


def _holds(directory: Path, paths: list[Path]) -> bool:
    directory = directory.resolve()
    return any(directory == p or directory in Path(p).resolve().parents for p in paths)


def unreadable_from_sandbox(protect: list[Path], hide: list[Path], uid: int | None) -> list[str]:
    """Start the sandbox as the learner's process would be (no learner code) and return the
    protected paths it could still read; [] when everything is out of reach."""
    if not protect:
        return []
    boot = ("import sys; sys.path.insert(0, sys.argv.pop(1)); "
            "from grader.isolation.worker import preflight; preflight()")
    command = [sys.executable, "-I", "-c", boot, str(KIT_ROOT),
               *[arg for path in protect for arg in ("--protect", str(path))],
               *[arg for path in hide for arg in ("--hide", str(path))]]
    if uid is not None:
        command += ["--uid", str(uid)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd="/")
    try:
        return json.loads(done.stdout)["readable"]
    except (ValueError, KeyError, TypeError):
        return [f"(the sandbox could not be checked: {done.stderr.strip()[-500:]})"]


def refusal(readable: list[str]) -> str:
    listed = "\n".join(f"  {path}" for path in readable)
    return ("course grading stopped before running any learner code: the learner's process "
            f"could read\n{listed}\n"
            "The grader hides these in a private mount namespace, which needs root (or, in a "
            "container, the SYS_ADMIN capability), or keeps them out of reach of the sandbox "
            "user by file permissions (mode 0700, owned by root). Run `grade` as root, or "
            "grade from a student release (`python -m grader release OUT`), which holds no "
            "solutions/ or tests/, and give the secret only where it can be hidden.")
