"""Command line of the kit.

  status [--refresh]           every chapter's progress at a glance, and what to do next
  hint CHAPTER                 the next hint for the first check of CHAPTER to fix
  watch CHAPTER [--poll]       grade CHAPTER again whenever one of its files changes
  (these three take --lang ja|en; the locale decides otherwise)

  sync [--check] [chapters]    regenerate exercises/ from solutions/ (instructors)
  record [--check]             record the reference outputs a student release needs
  release OUT                  build the student repository (no solutions)
  gradescope OUT.zip           build a Gradescope autograder bundle
  grade SUBMISSION --out F     grade one submission in isolation (CI)
  grade-batch DIR --out D      grade many submissions in parallel, with a gradebook
  bench                        time grading against `import torch`
  calibrate [chapters]         re-run the calibration of accuracy thresholds (instructors)
  translations check|update    keep the Japanese catalogs in step with the code
  data [fetch NAME | lessons | backbone | folder]
                               where course data comes from; fetch a full data set or
                               pretrained weights; measure chapters 9-10's lessons on the
                               offline image set; build the kit's pretrained backbone or
                               write its image folder (chapters 11-12)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from courselib import language
from grader import KIT_ROOT

ROOT = KIT_ROOT


def cmd_sync(args: argparse.Namespace) -> int:
    from grader.tools.sync import MarkerError, plan, sync

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
    from grader.tools.bench import run_benchmark

    return run_benchmark(args.root, args.chapters, args.runs, grading=args.grading,
                         course=args.course, learner=args.learner)


def cmd_record(args: argparse.Namespace) -> int:
    from grader.tools.recording import record

    return record(args.root, check=args.check)


def cmd_release(args: argparse.Namespace) -> int:
    from grader.tools.release import build_release

    return build_release(args.root, args.out)


def cmd_gradescope(args: argparse.Namespace) -> int:
    from grader.tools.gradescope import build_bundle

    return build_bundle(args.root, args.out, secret_file=args.secret_file)


def cmd_grade(args: argparse.Namespace) -> int:
    from grader.isolation.grading import grade_command

    return grade_command(args)


def cmd_grade_batch(args: argparse.Namespace) -> int:
    from grader.isolation.batch import grade_batch

    return grade_batch(args.submissions, args.out, jobs=args.jobs, chapters=args.chapters,
                       secret_file=args.secret_file, hidden_visibility=args.hidden_visibility)


def cmd_calibrate(args: argparse.Namespace) -> int:
    from grader.thresholds import calibrate

    chapters = args.chapters or sorted(p.name for p in (args.root / "solutions").iterdir()
                                       if p.name.startswith("ch"))
    return calibrate(chapters, args.seeds)


def cmd_data(args: argparse.Namespace) -> int:
    from courselib.datasets import DATA_DIR
    from grader.tools import data

    if args.action == "fetch":
        return data.fetch(args.name, DATA_DIR)
    if args.action == "lessons":
        from grader.tools.lessons import run_lessons

        return run_lessons(args.seeds)
    if args.action == "backbone":
        return data.build_backbone(DATA_DIR, rebuild=args.rebuild)
    if args.action == "folder":
        return data.write_folder(DATA_DIR)
    return data.status(DATA_DIR)


def cmd_translations(args: argparse.Namespace) -> int:
    from grader.tools.translations import main as translations

    return translations(args.action, args.catalogs)


def learner_tree(args: argparse.Namespace) -> Path:
    return args.root / "exercises"


def known_chapter(args: argparse.Namespace) -> bool:
    from grader.status import chapter_names, unknown_chapter

    if args.chapter in chapter_names(learner_tree(args)):
        return True
    print(unknown_chapter(args.chapter, learner_tree(args)), file=sys.stderr)
    return False


def cmd_status(args: argparse.Namespace) -> int:
    from grader.status import report

    if args.refresh:
        import subprocess

        targets = [str(learner_tree(args) / c) for c in args.chapters] or [str(learner_tree(args))]
        subprocess.call([sys.executable, "-m", "pytest", *targets, "-q", "-p", "no:cacheprovider",
                         "--no-header", "--tb=no"], cwd=args.root)
    print(report(args.root, learner_tree(args), only_next=args.next))
    return 0


def cmd_hint(args: argparse.Namespace) -> int:
    from grader.hints import show_next_hint

    if not known_chapter(args):
        return 2
    print(show_next_hint(args.root, learner_tree(args) / args.chapter, args.check))
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    from grader.watch import watch

    if not known_chapter(args):
        return 2
    return watch(learner_tree(args) / args.chapter, args.pytest_args, poll=args.poll)


def course_grading_options(parser: argparse.ArgumentParser) -> None:
    from grader.inputs import SECRET_VARIABLE
    from grader.scoring import VISIBILITIES

    parser.add_argument("--secret-file", type=Path, default=None,
                        help="draw the checks' inputs from the course secret in this file "
                             f"(or set {SECRET_VARIABLE}); without one they are public")
    parser.add_argument("--hidden-visibility", choices=VISIBILITIES, default=None,
                        help="Gradescope visibility of hidden checks (default: after_published)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True)
    # Learners' commands speak their language: the locale's, or --lang.
    speaks = argparse.ArgumentParser(add_help=False)
    speaks.add_argument("--lang", choices=language.SUPPORTED, default=None,
                        help="the language to answer in (default: from the locale, LANG)")

    status = commands.add_parser("status", parents=[speaks],
                                 help="every chapter's progress, and what to do next")
    status.add_argument("chapters", nargs="*", help="with --refresh: chapters to grade first")
    status.add_argument("--refresh", action="store_true", help="grade first (all chapters, "
                                                                "or those named)")
    status.add_argument("--next", action="store_true", help="print only the next step")
    status.set_defaults(run=cmd_status)

    hint = commands.add_parser("hint", parents=[speaks],
                               help="the next hint for the first check of a chapter to fix")
    hint.add_argument("chapter", help="e.g. ch05")
    hint.add_argument("--check", default=None, help="a hint for this check instead")
    hint.set_defaults(run=cmd_hint)

    watch = commands.add_parser("watch", parents=[speaks],
                                help="grade a chapter again whenever one of its files changes")
    watch.add_argument("chapter", help="e.g. ch05")
    watch.add_argument("--poll", action="store_true",
                       help="look for changes every 0.3 s instead of waiting for the system's "
                            "notifications (network drives, folders shared into a container)")
    watch.epilog = "Anything after -- is passed on to pytest, e.g. -- -k loss."
    watch.set_defaults(run=cmd_watch)

    sync = commands.add_parser("sync", help="regenerate exercises/ from solutions/")
    sync.add_argument("chapters", nargs="*", help="chapters to sync, e.g. ch03 (default: all)")
    sync.add_argument("--check", action="store_true",
                      help="change nothing; exit 1 and name each file that has drifted")
    sync.set_defaults(run=cmd_sync)

    record = commands.add_parser("record", help="record reference outputs into grader/recorded/")
    record.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if the recorded outputs are out of date")
    record.set_defaults(run=cmd_record)

    release = commands.add_parser("release", help="build the student repository into OUT")
    release.add_argument("out", type=Path)
    release.set_defaults(run=cmd_release)

    gradescope = commands.add_parser("gradescope", help="build a Gradescope autograder zip")
    gradescope.add_argument("out", type=Path)
    gradescope.add_argument("--secret-file", type=Path, default=None,
                            help="bundle this course secret: Gradescope then grades with "
                                 "secret inputs")
    gradescope.set_defaults(run=cmd_gradescope)

    grade = commands.add_parser("grade", help="grade one submission, isolated")
    grade.add_argument("submission", type=Path, help="a directory holding exercises/")
    grade.add_argument("--out", type=Path, required=True, help="results.json to write")
    grade.add_argument("--chapters", nargs="+", default=None, help="e.g. ch03 ch04")
    grade.add_argument("--junit", type=Path, help="also write JUnit XML here")
    grade.add_argument("--markdown", type=Path, help="also write a Markdown summary here")
    grade.add_argument("--timeout", type=float, default=None,
                       help="give every check at most this many seconds")
    grade.add_argument("--slot", type=int, default=0, help=argparse.SUPPRESS)
    course_grading_options(grade)
    grade.set_defaults(run=cmd_grade)

    batch = commands.add_parser("grade-batch", help="grade every submission in a directory")
    batch.add_argument("submissions", type=Path, help="one sub-directory per submission")
    batch.add_argument("--out", type=Path, required=True, help="results and gradebook.csv")
    batch.add_argument("--jobs", type=int, default=2, help="submissions graded at once")
    batch.add_argument("--chapters", nargs="+", default=None, help="e.g. ch03 ch04")
    course_grading_options(batch)
    batch.set_defaults(run=cmd_grade_batch)

    bench = commands.add_parser("bench", help="time grading each chapter against `import torch`")
    bench.add_argument("chapters", nargs="*", help="chapters to time (default: all)")
    bench.add_argument("--runs", type=int, default=5, help="runs per command (median is shown)")
    bench.add_argument("--grading", action="store_true",
                       help="time `grade` against in-process pytest, and `grade-batch --jobs 2`")
    bench.add_argument("--course", action="store_true",
                       help="time `grade` with a secret and hidden checks against without")
    bench.add_argument("--learner", action="store_true",
                       help="time status and hint against the floor, and watch's latency")
    bench.set_defaults(run=cmd_bench)

    calibrate = commands.add_parser("calibrate",
                                    help="measure the reference over seeds for each threshold")
    calibrate.add_argument("chapters", nargs="*", help="e.g. ch08 (default: all)")
    calibrate.add_argument("--seeds", type=int, default=None,
                           help="course keys to measure (default: as many as each threshold's "
                                "written calibration, at least 10)")
    calibrate.set_defaults(run=cmd_calibrate)

    data = commands.add_parser("data", help="where course data comes from; fetch full sets")
    data.add_argument("action", nargs="?",
                      choices=("status", "fetch", "lessons", "backbone", "folder"),
                      default="status", help="lessons: measure chapters 9-10's lessons on "
                                             "Shapes-10 with the reference (minutes); "
                                             "backbone: build the kit's pretrained backbone; "
                                             "folder: write the kit's image folder")
    data.add_argument("name", nargs="?", default=None,
                      help="with fetch: mnist, cifar10, resnet18 or vgg19_bn")
    data.add_argument("--rebuild", action="store_true",
                      help="with backbone: build it again even if the cached one is intact")
    data.add_argument("--seeds", type=int, default=3, help="with lessons: seeds to measure")
    data.set_defaults(run=cmd_data)

    translations = commands.add_parser(
        "translations", help="update or check the Japanese catalogs (grader/locale)")
    translations.add_argument("action", choices=("check", "update", "unify"))
    translations.add_argument("catalogs", nargs="*", help="e.g. ch05 core (default: all)")
    translations.set_defaults(run=cmd_translations)

    argv = list(sys.argv[1:] if argv is None else argv)
    passed_on = argv[argv.index("--") + 1:] if "--" in argv else []
    args = parser.parse_args(argv[:len(argv) - len(passed_on) - bool(passed_on or "--" in argv)])
    args.pytest_args = passed_on
    language.choose(getattr(args, "lang", None))
    if args.command == "data" and args.action == "fetch" and not args.name:
        parser.error("data fetch needs a data set's name, e.g. mnist")
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
