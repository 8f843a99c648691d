"""Command line of the kit: `python -m grader sync [--check]`, `python -m grader bench`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cmd_sync(args: argparse.Namespace) -> int:
    from grader.sync import MarkerError, plan, sync

    solutions, exercises = args.root / "solutions", args.root / "exercises"
    if not solutions.is_dir():
        print(f"no {solutions}: sync generates exercises/ from the reference solutions, "
              "which this copy of the kit does not have", file=sys.stderr)
        return 2
    try:
        unknown = [c for c in args.chapters if not (solutions / c).is_dir()]
        if unknown:
            print(f"no such chapter in solutions/: {', '.join(unknown)}", file=sys.stderr)
            return 2
        changes = (plan if args.check else sync)(solutions, exercises, args.chapters)
    except MarkerError as error:
        print(f"malformed solution markers: {error}", file=sys.stderr)
        return 2
    for change in changes:
        print(f"{change.path.relative_to(args.root)}: {change.reason}")
    if args.check and changes:
        print(f"exercises/ has drifted from solutions/ in {len(changes)} file(s): "
              "run `python -m grader sync`", file=sys.stderr)
        return 1
    if not changes:
        print("exercises/ is in sync with solutions/")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from grader.bench import run_benchmark

    return run_benchmark(args.root, args.chapters, args.runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader", description=__doc__)
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True)

    sync = commands.add_parser("sync", help="regenerate exercises/ from solutions/")
    sync.add_argument("chapters", nargs="*", help="chapters to sync, e.g. ch03 (default: all)")
    sync.add_argument("--check", action="store_true",
                      help="change nothing; exit 1 and name each file that has drifted")
    sync.set_defaults(run=cmd_sync)

    bench = commands.add_parser("bench", help="time grading each chapter against `import torch`")
    bench.add_argument("chapters", nargs="*", help="chapters to time (default: all)")
    bench.add_argument("--runs", type=int, default=5, help="runs per command (median is shown)")
    bench.set_defaults(run=cmd_bench)

    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
