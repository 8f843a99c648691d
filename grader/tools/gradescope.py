"""`python -m grader gradescope OUT.zip`: a Gradescope autograder bundle.

The zip holds, at its root, the two scripts Gradescope runs (from grader/templates/gradescope/)
and the student release (grader.tools.release) under source/, which Gradescope unpacks into
/autograder/source:

    setup.sh         run once when Gradescope builds the image: installs the kit
    run_autograder   run per submission: `python3 -m grader grade /autograder/submission
                     --out /autograder/results/results.json`, from /autograder/source
    source/...       exercises/, grader/ (checks and recorded reference outputs), courselib/,
                     data/, pyproject.toml: no solutions/; unlike the student release, the
                     hidden checks (grader/hidden/) and, given --secret-file, the course
                     secret as source/course.secret, which run_autograder passes to `grade`
                     (the learner's process can read neither: see grader.isolation.protected)

The bundle is reproducible: entries sorted, fixed timestamps, file modes kept (both scripts
executable).
"""

from __future__ import annotations

import shutil
import stat
import sys
import tempfile
import zipfile
from pathlib import Path

from grader.tools.release import CACHES, HIDDEN, TEMPLATES, build_release

SCRIPTS = ("setup.sh", "run_autograder")
SECRET_NAME = "course.secret"  # in source/; run_autograder grades with it when it is there
EPOCH = (1980, 1, 1, 0, 0, 0)


def build_bundle(root: Path, out: Path, secret_file: Path | None = None) -> int:
    from grader.inputs import SecretError, read_secret

    out = Path(out).resolve()
    try:
        secret = read_secret(secret_file) if secret_file is not None else None
    except SecretError as error:
        print(error, file=sys.stderr)
        return 2
    if out.suffix != ".zip":
        print(f"{out}: the bundle is a zip file: give a name ending in .zip", file=sys.stderr)
        return 2
    if out.exists():
        print(f"{out} exists: remove it or give another name (nothing was written)",
              file=sys.stderr)
        return 2
    if not out.parent.is_dir():
        print(f"{out.parent} does not exist", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="gradescope-") as tmp:
        source = Path(tmp) / "source"
        status = build_release(root, source, announce=False)
        if status:
            return status
        stale = _hidden_recordings_stale(root)
        if stale:
            print(stale, file=sys.stderr)
            return 1
        if (root / HIDDEN).is_dir():
            shutil.copytree(root / HIDDEN, source / HIDDEN, ignore=shutil.ignore_patterns(*CACHES))
        if secret is not None:
            (source / SECRET_NAME).write_bytes(secret + b"\n")
        files = write_bundle(source, out)
    print(f"wrote the Gradescope autograder bundle {out}: setup.sh, run_autograder and "
          f"{files} files under source/")
    print("upload it in the assignment's Configure Autograder page (Zip file upload); learners "
          "submit their repository (GitHub or a zip of it), which holds exercises/")
    return 0


def _hidden_recordings_stale(root: Path) -> str | None:
    from grader.tools.recording import compute_all, stale

    problems = stale(root / "grader" / "hidden" / "recorded", compute_all(root / "solutions",
                                                                          hidden=True))
    if not problems:
        return None
    chapters = "\n".join(f"  grader/hidden/recorded/{c}.pt: {why}"
                         for c, why in sorted(problems.items()))
    return (f"the recorded reference outputs of the hidden checks are out of date:\n{chapters}\n"
            "run `python -m grader record` (and commit), then build the bundle again")


def write_bundle(source: Path, out: Path) -> int:
    """Zip the scripts and the release tree `source` into `out`; the number of source files."""
    partial = out.with_name(out.name + ".partial")
    files = sorted(p for p in source.rglob("*") if p.is_file())
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as bundle:
            for name in SCRIPTS:
                _add(bundle, TEMPLATES / "gradescope" / name, name, 0o755)
            for path in files:
                mode = 0o755 if path.stat().st_mode & stat.S_IXUSR else 0o644
                if path.name == SECRET_NAME:
                    mode = 0o600
                _add(bundle, path, f"source/{path.relative_to(source).as_posix()}", mode)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return len(files)


def _add(bundle: zipfile.ZipFile, path: Path, name: str, mode: int) -> None:
    info = zipfile.ZipInfo(name, date_time=EPOCH)
    info.external_attr = (stat.S_IFREG | mode) << 16
    info.create_system = 3  # Unix, so that unzip honours the mode
    info.compress_type = zipfile.ZIP_DEFLATED
    bundle.writestr(info, path.read_bytes())
