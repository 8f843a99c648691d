"""`python -m grader watch ch05`: grade a chapter again whenever one of its files changes.

Each change clears the screen and shows the new result; Ctrl-C ends it. File-change
notifications come from watchfiles; where they are unreliable (network drives, folders
shared into a container or a VM) it polls instead: always with --poll, and on its own for
the file systems known not to deliver them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from grader.i18n import tr

POLL_MS = 300
# File systems whose changes made elsewhere (another machine, the host) send no events here.
UNRELIABLE = ("nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "virtiofs", "vboxsf", "drvfs",
              "fuse", "sshfs", "afs")
CLEAR = "\033[2J\033[H"


def file_system_of(path: Path) -> str:
    """The type of the file system that holds `path` (Linux; "" where unknown)."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return ""
    path, best, kind = str(path.resolve()), "", ""
    for mount in mounts:
        fields = mount.split()
        if len(fields) > 2 and (path == fields[1] or path.startswith(fields[1].rstrip("/") + "/")) \
                and len(fields[1]) >= len(best):
            best, kind = fields[1], fields[2]
    return kind


def must_poll(directory: Path) -> bool:
    kind = file_system_of(directory)
    return kind.split(".")[0] in UNRELIABLE


def grade(directory: Path, pytest_args: list[str]) -> int:
    """`pytest exercises/chNN` from the kit's root, as a learner runs it: the results are
    recorded where `status` and `hint` look for them."""
    root = directory.resolve().parents[1]
    command = [sys.executable, "-m", "pytest", str(directory), "-q", "-p", "no:cacheprovider",
               "--rootdir", str(root), *pytest_args]
    return subprocess.call(command, cwd=root)


def is_source(change, path: str) -> bool:
    return path.endswith(".py") and "__pycache__" not in path


def watch(directory: Path, pytest_args: list[str], poll: bool = False) -> int:
    from watchfiles import watch as file_changes

    poll = poll or must_poll(directory)
    clear = sys.stdout.isatty()
    how = tr("polling every {ms} ms", ms=POLL_MS) if poll else tr("on file-change notifications")
    # Watching starts before the first grading and goes on during each one, so a file saved
    # while pytest runs is graded next; empty batches (timeouts) keep Ctrl-C responsive.
    changes = file_changes(directory, watch_filter=is_source, force_polling=poll,
                           poll_delay_ms=POLL_MS, debounce=200, rust_timeout=POLL_MS,
                           yield_on_timeout=True, raise_interrupt=True)
    try:
        next(changes)
        while True:
            if clear:
                print(CLEAR, end="", flush=True)
            grade(directory, pytest_args)
            print(tr("watching {path} ({how}): save a file to grade again, Ctrl-C to stop",
                     path=directory, how=how), flush=True)
            while not next(changes):
                pass
    except KeyboardInterrupt:
        print("\n" + tr("watch ended"), flush=True)
        return 0
