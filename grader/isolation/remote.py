"""The grading process's side of isolated grading: one sandboxed learner process per run.

`LearnerProcess` starts the worker (which locks itself in, see sandbox.py) over the
staged chapters, sends it probe requests and reads its replies within each check's deadline.
A reply that is late, unreadable or missing (the process exited, crashed or was killed)
fails that check only: the process is killed and a fresh one serves the next check, so one
chapter's crash or endless loop costs no other chapter anything. `RemoteChapterRunner` is
what checks receive as `chapter` in this mode; it behaves like grader.learner.ChapterRunner.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

from grader import KIT_ROOT, transport
from grader.check import cause_line
from grader.i18n import tr
from grader.isolation import sandbox
from grader.inputs import state_seed
from grader.learner import ProbeTimeout, RemoteFailure, check_probe, plain
from grader.scoring import FAILED

STARTUP_LIMIT_S = 120   # torch import plus every chapter's modules (each at most 20 s)
_BOOT = ("import sys; sys.path.insert(0, sys.argv.pop(1)); "  # i18n: internal
         "from grader.isolation.worker import main; main()")


class LearnerProcess:
    def __init__(self, chapters: list[Path], cwd: Path, limits: sandbox.Limits,
                 protect: list[Path] = ()):
        self.chapters, self.cwd, self.limits = chapters, cwd, limits
        self.protect = list(protect)  # what the worker must verify it cannot read
        self.refused: str | None = None
        self.sandbox_facts: dict = {}
        self.restarts = 0
        self._process: subprocess.Popen | None = None
        self._home = Path(tempfile.mkdtemp(prefix="grader-learner-"))
        if limits.uid is not None:
            os.chown(self._home, limits.uid, limits.uid)
        self._start()

    def _start(self) -> None:
        requests_in, self._requests = os.pipe()
        self._replies, replies_out = os.pipe()
        command = [sys.executable, "-I", "-c", _BOOT, str(KIT_ROOT),
                   *map(str, self.chapters), "--requests", str(requests_in),
                   "--replies", str(replies_out), "--memory-mb", str(self.limits.memory_mb)]
        if self.limits.uid is not None:
            command += ["--uid", str(self.limits.uid)]
        if not self.limits.isolate_network:
            command.append("--network")
        command += [arg for path in self.limits.hide for arg in ("--hide", str(path))]
        command += [arg for path in self.protect for arg in ("--protect", str(path))]
        log = open(self._home / "output.log", "ab")
        self._process = subprocess.Popen(
            command, cwd=self.cwd, env=self._environment(), stdin=subprocess.DEVNULL,
            stdout=log, stderr=subprocess.STDOUT, pass_fds=(requests_in, replies_out),
            start_new_session=True)
        log.close()
        os.close(requests_in)
        os.close(replies_out)
        self._ready = False

    def _environment(self) -> dict:
        home = str(self._home)
        keep = {name: os.environ[name] for name in ("PATH", "LANG", "LC_ALL", "TZ", "COURSE_LANG",
                                                    "CUDA_VISIBLE_DEVICES") if name in os.environ}
        return keep | {"HOME": home, "TMPDIR": home, "MPLCONFIGDIR": home, "MPLBACKEND": "Agg",
                       "OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY", "PASSIVE"),
                       "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0"}

    def _await_ready(self) -> None:
        hello = self._read(time.monotonic() + STARTUP_LIMIT_S)
        if isinstance(hello, dict) and "refused" in hello:
            self.refused = str(hello["refused"])
            raise RemoteFailure(FAILED, self.refused)
        self.sandbox_facts = hello.get("sandbox", {}) if isinstance(hello, dict) else {}
        self._ready = True

    def call(self, chapter: Path, probe: str, args: tuple, kwargs: dict, deadline: float) -> Any:
        if self.refused:  # the sandbox could read what it must not: no learner code runs
            raise RemoteFailure(FAILED, self.refused)
        if self._process is None:
            self.restarts += 1
            self._start()
        try:
            if not self._ready:
                self._await_ready()
            _write_all(self._requests, _frame({"chapter": str(chapter), "probe": probe,
                                               "args": args, "kwargs": kwargs,
                                               "seed": state_seed()}))
            reply = self._read(deadline)
        except ProbeTimeout:
            self.kill()
            raise
        except transport.TransportError as error:
            self.kill()
            raise RemoteFailure(FAILED, tr("the learner's process sent a reply that is not "
                                           "plain data ({error})", error=error)) from None
        except (EOFError, BrokenPipeError):
            how = self.kill(grace_s=2.0)  # it is ending: let it, to learn how it ended
            raise RemoteFailure(FAILED, ended_early(how, self.limits.memory_mb)) from None
        except BaseException:  # e.g. the check's own timeout: a reply may still be in flight
            self.kill()
            raise
        if not isinstance(reply, dict) or "ok" not in reply:
            self.kill()
            raise RemoteFailure(FAILED, tr("the learner's process sent something that is not "
                                           "a reply"))
        if reply["ok"]:
            return reply.get("value")
        raise RemoteFailure(str(reply.get("status", FAILED)), str(reply.get("message", "")),
                            relayed=True)

    def _read(self, deadline: float) -> Any:
        header = self._read_exactly(8, deadline)
        size = int.from_bytes(header, "big")
        if size > transport.MAX_MESSAGE:
            raise transport.TransportError(tr("a reply of {size} bytes is larger than allowed",
                                              size=size))
        return transport.decode(self._read_exactly(size, deadline))

    def _read_exactly(self, size: int, deadline: float) -> bytes:
        chunks, remaining = [], size
        while remaining:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._replies], [], [], left)[0]:
                # "Timeout" first: grader.plugin recognises a time-out by it.
                raise ProbeTimeout("Timeout: the learner's process did not answer in time")  # i18n: internal
            chunk = os.read(self._replies, min(remaining, 1 << 20))
            if not chunk:
                raise EOFError("the learner's process closed its end")  # i18n: internal
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    def kill(self, grace_s: float = 0.0) -> str:
        """Stop the process and everything it started; describe how it had ended."""
        if self._process is None:
            return "not running"
        process, self._process = self._process, None
        try:
            ended = process.wait(timeout=grace_s) if grace_s else process.poll()
        except subprocess.TimeoutExpired:
            ended = None
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()
        sandbox.kill_leftovers(self.limits.uid)
        for fd in (self._requests, self._replies):
            os.close(fd)
        return describe_exit(ended)

    def close(self) -> None:
        self.kill()
        shutil.rmtree(self._home, ignore_errors=True)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _frame(value: Any) -> bytes:
    data = transport.encode(value)
    return len(data).to_bytes(8, "big") + data


def describe_exit(code: int | None) -> str:
    if code is None:
        return tr("it was still running")
    if code < 0:
        return tr("it was killed by signal {signal}", signal=signal.Signals(-code).name)
    return tr("it exited with status {code}", code=code)


def ended_early(how: str, memory_mb: int) -> str:
    return (tr("the process running your code ended during this check ({how})", how=how) + "\n"
            + cause_line(tr("your code called exit() or os._exit(), crashed, or used more than "
                            "the {memory_mb} MB of memory it may use", memory_mb=memory_mb)))


class RemoteChapterRunner:
    """`chapter` in isolated mode: probes run in the learner's process, data comes back."""

    def __init__(self, process: LearnerProcess, chapter_dir: Path, deadline: float):
        self.process, self.chapter_dir, self.deadline = process, chapter_dir, deadline

    def run(self, probe: Callable, *args: Any, **kwargs: Any) -> Any:
        check_probe(probe)
        return self.process.call(self.chapter_dir, f"{probe.__module__}:{probe.__qualname__}",
                                 plain(args), plain(kwargs), self.deadline)
