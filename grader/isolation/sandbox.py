"""The limits a worker process puts on itself before it imports any learner code.

Applied by grader.isolation.worker at start-up, in this order:
  - die with the grading process (PR_SET_PDEATHSIG), never dump core;
  - an address-space limit (RLIMIT_AS) and a file-size limit;
  - no network: a fresh network namespace, which has no interface up (needs root);
  - what it must not read (solutions, tests, hidden data, the course secret: see
    protected.py) hidden in a private mount namespace: an empty read-only tmpfs over each
    directory, /dev/null over each file (needs root);
  - when started as root: become an unprivileged user (a uid of its own per grading slot),
    so learner code can neither write the kit's files nor signal the grading process, and
    every process it starts can be found and killed by that uid afterwards. Where the
    Python installation is not readable by other users (a pyenv under /root, say), the
    worker keeps only the capability to read files (CAP_DAC_READ_SEARCH): still no writing,
    no signals, no other privilege;
  - no_new_privs, so nothing it runs can gain privileges back.
What could not be applied is reported, never silently skipped.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import os
import resource
import signal
import stat
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from grader import KIT_ROOT

UID_BASE = 61000            # sandbox uids: UID_BASE + grading slot
CLONE_NEWNET, CLONE_NEWNS = 0x40000000, 0x00020000
MS_RDONLY, MS_BIND, MS_REC, MS_PRIVATE = 1, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_KEEPCAPS, PR_SET_NO_NEW_PRIVS = 1, 8, 38
PR_SET_CHILD_SUBREAPER = 36
CAP_DAC_READ_SEARCH = 2
_CAPABILITY_VERSION_3 = 0x20080522

_libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)


@dataclass
class Limits:
    memory_mb: int = 6144
    file_size_mb: int = 512
    isolate_network: bool = True
    uid: int | None = None          # None: keep the current user (not root)
    hide: tuple[str, ...] = ()      # paths covered in a private mount namespace

    @classmethod
    def for_slot(cls, slot: int, **settings) -> "Limits":
        return cls(uid=UID_BASE + slot if os.geteuid() == 0 else None, **settings)


def claim_slot(first: int = 0, slots: int = 1000):
    """The first free grading slot from `first` on, and the open lock file that holds it.

    Two gradings must never share a sandbox uid, or the clean-up of one would kill the
    other's processes; the lock (released when this process ends) makes that so, even for
    gradings started independently on one machine.
    """
    directory = Path(tempfile.gettempdir()) / "grader-slots"
    directory.mkdir(mode=0o755, exist_ok=True)
    for slot in range(first, first + slots):
        handle = open(directory / f"{slot}.lock", "a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return slot, handle
        except BlockingIOError:
            handle.close()
    raise RuntimeError(f"no free grading slot among {first}..{first + slots - 1}")


@dataclass
class Applied:
    """What the sandbox really achieved, for the report."""

    memory_mb: int | None = None
    network: str = "not isolated"
    hidden: str = "nothing hidden"
    user: str = "unchanged"
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def enter(limits: Limits) -> Applied:
    """Apply `limits` to this process (the worker, before any learner code runs)."""
    applied = Applied()
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    size = limits.file_size_mb * 2**20
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    memory = limits.memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    applied.memory_mb = limits.memory_mb
    if limits.isolate_network:
        if _libc.unshare(CLONE_NEWNET) == 0:
            applied.network = "isolated (empty network namespace)"
        else:
            applied.notes.append("network not isolated: " + os.strerror(ctypes.get_errno()))
    if limits.hide:
        applied.hidden = _hide(limits.hide, applied.notes)
    if limits.uid is not None:
        applied.user = _become(limits.uid)
    _prctl(PR_SET_NO_NEW_PRIVS, 1)
    return applied


def _hide(paths: tuple[str, ...], notes: list[str]) -> str:
    """Cover `paths` in a mount namespace of this process's own (changes nothing outside)."""
    if _libc.unshare(CLONE_NEWNS) != 0 or _libc.mount(b"none", b"/", None,
                                                        MS_REC | MS_PRIVATE, None) != 0:
        notes.append("no private mount namespace: " + os.strerror(ctypes.get_errno()))
        return "nothing hidden"
    for path in paths:
        if os.path.isdir(path):
            done = _libc.mount(b"tmpfs", path.encode(), b"tmpfs", MS_RDONLY,
                               b"size=4k,mode=0555")
        else:
            done = _libc.mount(b"/dev/null", path.encode(), None, MS_BIND, None)
        if done != 0:
            notes.append(f"could not hide {path}: {os.strerror(ctypes.get_errno())}")
    return f"{len(paths)} path(s) of the kit hidden in a private mount namespace"


def readable(paths) -> list[str]:
    """Those of `paths` whose content this process can read."""
    found = []
    for path in paths:
        try:
            if os.path.isdir(path):
                if os.listdir(path):
                    found.append(str(path))
            else:
                with open(path, "rb") as handle:
                    if handle.read(1):
                        found.append(str(path))
        except OSError:
            pass
    return found


def _become(uid: int) -> str:
    keep_reading = not python_readable_by_others()
    if keep_reading:
        _prctl(PR_SET_KEEPCAPS, 1)
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    if keep_reading:
        _set_capabilities([CAP_DAC_READ_SEARCH])
        return ("an unprivileged uid of its own, keeping only the capability to read files "
                "(CAP_DAC_READ_SEARCH)")
    return "an unprivileged uid of its own"


def python_readable_by_others() -> bool:
    """Whether a user with no rights of its own can run this Python and import the kit."""
    places = {Path(sys.executable).resolve(), Path(sys.prefix), Path(sys.base_prefix),
              KIT_ROOT, Path(os.__file__).resolve()}
    for place in places:
        for directory in [place, *place.parents]:
            if not directory.exists():
                continue
            mode = directory.stat().st_mode
            needed = stat.S_IXOTH if directory.is_dir() else stat.S_IROTH
            if not mode & needed:
                return False
    return True


def _set_capabilities(capabilities: list[int]) -> None:
    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                    ("inheritable", ctypes.c_uint32)]

    mask = sum(1 << cap for cap in capabilities)
    data = (Data * 2)(Data(mask, mask, 0), Data(0, 0, 0))
    if _libc.capset(ctypes.byref(Header(_CAPABILITY_VERSION_3, 0)), data) != 0:
        raise OSError(ctypes.get_errno(), "capset failed")


def _prctl(option: int, value: int) -> None:
    if _libc.prctl(option, ctypes.c_ulong(value), 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), f"prctl({option}) failed")


def become_subreaper() -> None:
    """Orphans of our children become ours, so none escapes the clean-up."""
    _prctl(PR_SET_CHILD_SUBREAPER, 1)


def kill_leftovers(uid: int | None) -> int:
    """Kill every process of the sandbox uid and every process that is our child (orphans
    re-parented to us as subreaper included); returns how many were killed."""
    killed = 0
    me = os.getpid()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        owner = int(fields.get("Uid", "-1").split()[0])
        parent = int(fields.get("PPid", "0").strip())
        if (uid is not None and owner == uid) or parent == me:
            try:
                os.kill(int(entry.name), signal.SIGKILL)
                killed += 1
            except OSError:
                pass
    return killed
