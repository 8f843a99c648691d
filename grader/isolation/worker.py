"""The sandboxed process that runs a chapter's learner code for the isolated grader.

Started by grader.isolation.remote with the staging directory as its working directory. It locks
itself in (grader.isolation.sandbox), imports every module of the chapters once, then answers probe
requests on a private pipe: run the named probe on the learner's code from a fresh state,
send back its plain data or the explanation of its failure. It decides no verdict: whatever
it sends is judged by the grading process, so a forged reply can only lose points.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
from pathlib import Path

IMPORT_LIMIT_S = 20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("chapters", type=Path, nargs="+")
    parser.add_argument("--requests", type=int, required=True)
    parser.add_argument("--replies", type=int, required=True)
    parser.add_argument("--memory-mb", type=int, required=True)
    parser.add_argument("--uid", type=int, default=None)
    parser.add_argument("--network", action="store_true", help="do not isolate the network")
    _protection_arguments(parser)
    args = parser.parse_args()

    from grader.isolation import sandbox

    applied = sandbox.enter(sandbox.Limits(memory_mb=args.memory_mb, uid=args.uid,
                                           isolate_network=not args.network,
                                           hide=tuple(args.hide)))
    from grader import transport  # imports torch: after the limits, like learner code

    requests = os.fdopen(args.requests, "rb")
    replies = os.fdopen(args.replies, "wb")
    exposed = sandbox.readable(args.protect)
    if exposed:  # `grade` tried this out before; direct pytest --grader-isolate relies on it
        from grader.isolation.protected import refusal

        transport.send(replies, {"refused": refusal(exposed)})
        return

    from grader.loader import ChapterCode

    chapters = {str(path): ChapterCode(path) for path in args.chapters}
    for code in chapters.values():
        import_all(code)
    transport.send(replies, {"ready": True, "sandbox": applied.as_dict()})
    while (request := transport.receive(requests)) is not None:
        transport.send(replies, answer(chapters[request["chapter"]], request))


def _protection_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--protect", action="append", default=[],
                        help="a path this process must not be able to read")
    parser.add_argument("--hide", action="append", default=[],
                        help="a path to cover in a private mount namespace")


def preflight() -> None:
    """Enter the sandbox as a learner's process would, import nothing of the learner's, and
    print which protected paths can still be read (see grader.isolation.protected)."""
    import json

    parser = argparse.ArgumentParser()
    parser.add_argument("--uid", type=int, default=None)
    _protection_arguments(parser)
    args = parser.parse_args()
    from grader.isolation import sandbox

    applied = sandbox.enter(sandbox.Limits(uid=args.uid, isolate_network=False,
                                           hide=tuple(args.hide)))
    print(json.dumps({"readable": sandbox.readable(args.protect), "sandbox": applied.as_dict()}))


def import_all(code) -> None:
    """Import each module once, each within IMPORT_LIMIT_S; failures are remembered."""
    from grader.loader import ImportTimeout

    def alarm(signum, frame):
        raise ImportTimeout()

    signal.signal(signal.SIGALRM, alarm)
    for path in sorted(code.path.glob("*.py")):
        if path.stem == "__init__":
            continue
        signal.alarm(IMPORT_LIMIT_S)
        try:
            code.module(path.stem)
        except BaseException:  # remembered by ChapterCode, reported when a probe needs it
            pass
        finally:
            signal.alarm(0)


def answer(code, request: dict) -> dict:
    from grader.diagnose import explain_failure
    from grader.learner import check_probe, fresh_state, plain

    try:
        module_name, name = request["probe"].split(":")
        if not module_name.startswith(("grader.checks.", "grader.hidden.")):
            raise ValueError(f"{request['probe']} is not a probe of the kit's checks")  # i18n: internal
        probe = getattr(importlib.import_module(module_name), name)
        check_probe(probe)
        fresh_state(request["seed"])
        return {"ok": True, "value": plain(probe(code, *request["args"], **request["kwargs"]))}
    except BaseException as error:  # the learner's code may raise anything, even exit
        status, message = explain_failure(error, code.path)
        return {"ok": False, "status": status, "message": message}


if __name__ == "__main__":
    sys.exit(main())
