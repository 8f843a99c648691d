"""Attacks on the grader: each submission scores no more than the honest work inside it.

Every attack is added to a submission whose honest score is known: the pristine chapter 3
(0 points) or chapter 3 with only load_centered_data written (check_centred_data's points), next to an
intact chapter 1 that must keep its full score whatever chapter 3 does.
"""

import hashlib
import os
import re
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.grading import ROOT, declared_checks, grade_isolated, make_submission

DESCENT = "exercises/ch03/descent.py"
MARKER_SECONDS = "86401"  # a sleep no one else runs: finds leftover processes
AS_ROOT = os.geteuid() == 0


def stub(task: str) -> re.Pattern:
    return re.compile(rf'^(\s*)raise NotImplementedError\("ch03 task \'{task}\'.*$', re.M)


def at_import(code: str):
    return lambda text: text.replace("from courselib.datasets import height_weight\n",
                                     "from courselib.datasets import height_weight\n" + code, 1)


def in_function(task: str, code: str):
    return lambda text: stub(task).sub(lambda m: "\n".join(
        m.group(1) + line for line in code.splitlines()), text, count=1)


FORGED = '{"score": 1000, "max_score": 21, "tests": []}'
ATTACKS = {
    "exit_at_import": at_import("import sys\nsys.exit(0)\n"),
    "os_exit_when_called": in_function("predict", "import os\nos._exit(0)"),
    "signal_the_grader": at_import(
        "import os, signal\ntry:\n    os.kill(os.getppid(), signal.SIGKILL)\n"
        "except OSError:\n    pass\n"),
    "fake_pytest_summary": at_import(
        "import sys\nprint('=' * 20 + ' 21 passed in 0.01s ' + '=' * 20)\n"
        "sys.stderr.write('grader score: 21/21 100%\\n')\n"),
    "fake_results_files": at_import(
        "import os, pathlib\n"
        f"for place in (os.getcwd(), os.path.dirname(os.getcwd()), os.environ.get('HOME', '.')):\n"
        "    for name in ('results.json', 'results.json.partial'):\n"
        "        try:\n"
        f"            pathlib.Path(place, name).write_text({FORGED!r})\n"
        "        except OSError:\n            pass\n"),
    "monkeypatch_helpers_and_torch": at_import(
        "import numpy, torch\nimport grader.check as check\n"
        "check.fail = lambda *a, **k: None\ncheck.expect_close = lambda *a, **k: None\n"
        "check.expect_tensor = lambda value, *a, **k: value\n"
        "numpy.allclose = numpy.isclose = lambda *a, **k: True\n"
        "torch.allclose = torch.equal = lambda *a, **k: True\n"),
    "crash_the_process": in_function("load_centered_data", "import ctypes\nctypes.string_at(0)"),
    "endless_loop_when_called": in_function("train_manual", "while True:\n    pass"),
    "allocate_too_much_memory": in_function("predict", "return torch.empty(2 ** 32)"),
    "leave_processes_behind": at_import(
        "import os, subprocess\n"
        f"subprocess.Popen(['sleep', '{MARKER_SECONDS}'], start_new_session=True)\n"
        "if os.fork() == 0:\n    os.setsid()\n"
        f"    os.execvp('sleep', ['sleep', '{MARKER_SECONDS}'])\n"),
}
ROOT_ONLY_ATTACKS = {
    "write_the_kit": at_import(
        f"open({str(ROOT / 'grader' / 'checks' / 'ch03.py')!r}, 'a').write('# owned\\n')\n"),
}


def honest_partial(text: str) -> str:
    """Chapter 3 with only load_centered_data written: worth check_centred_data's points."""
    body = ("data = height_weight()\nX = torch.tensor(data[:, 0] - data[:, 0].mean()).float()\n"
            "Y = torch.tensor(data[:, 1] - data[:, 1].mean()).float()\nreturn X, Y")
    return in_function("load_centered_data", body)(text)


def keep(text: str) -> str:
    return text


# Attacks on the process, which could cost another chapter its checks: graded beside an
# intact ch01, which must keep every point. The others are graded on ch03 alone.
REACH_FURTHER = {"exit_at_import", "os_exit_when_called", "signal_the_grader",
                 "monkeypatch_helpers_and_torch", "crash_the_process",
                 "endless_loop_when_called", "allocate_too_much_memory", "leave_processes_behind"}


def build(root: Path, name: str, attack, honest=keep) -> Path:
    chapters = {"ch03": ROOT / "exercises" / "ch03"}
    if name in REACH_FURTHER:
        chapters["ch01"] = ROOT / "solutions" / "ch01"
    submission = make_submission(root / name, chapters)
    descent = submission / DESCENT
    original = descent.read_text()
    attacked = attack(honest(original))
    assert attacked not in (original, honest(original)) or attack is keep, \
        f"{name}: the attack did not apply"
    descent.write_text(attacked)
    return submission


@pytest.fixture(scope="module")
def graded_attacks(tmp_path_factory):
    root = tmp_path_factory.mktemp("attacks")
    attacks = ATTACKS | (ROOT_ONLY_ATTACKS if AS_ROOT else {})
    kit_file = ROOT / "grader" / "checks" / "ch03.py"
    kit_before = hashlib.sha256(kit_file.read_bytes()).hexdigest()
    jobs = [(name, build(root, name, attack)) for name, attack in attacks.items()]
    jobs.append(("honest_partial", build(root, "honest_partial", keep, honest_partial)))
    jobs.append(("partial_with_monkeypatch", build(
        root, "partial_with_monkeypatch", ATTACKS["monkeypatch_helpers_and_torch"],
        honest_partial)))
    # The longest gradings first (they wait out time limits), so the two workers end together.
    jobs.sort(key=lambda job: job[0] not in SLOWEST)
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(grade_isolated, sub,
                                     *(["ch01"] if name in REACH_FURTHER else []), "ch03",
                                     slot=i % 2, extra=("--timeout", str(timeout_of(name))))
                   for i, (name, sub) in enumerate(jobs)}
        graded = {name: future.result() for name, future in futures.items()}
    graded["kit unchanged"] = kit_before == hashlib.sha256(kit_file.read_bytes()).hexdigest()
    return graded


def timeout_of(attack: str) -> int:
    """Each check's time limit: short where every check that trains runs into the endless
    loop (each waits out its limit), 10 s elsewhere (the memory attack needs it)."""
    return ENDLESS_LOOP_TIMEOUT if attack == "endless_loop_when_called" else 10


ENDLESS_LOOP_TIMEOUT = 4
SLOWEST = ("endless_loop_when_called", "allocate_too_much_memory")


def ch03_score(graded) -> int:
    return graded.score("exercises/ch03")[0]


@pytest.mark.parametrize("attack", sorted(ATTACKS | (ROOT_ONLY_ATTACKS if AS_ROOT else {})))
def test_attack_scores_no_more_than_honest_work(graded_attacks, attack):
    graded = graded_attacks[attack]
    assert graded.returncode == 0, graded.stdout[-2000:]
    assert graded.report["score"] <= graded.report["max_score"]
    assert ch03_score(graded) == 0, graded.checks("exercises/ch03")
    if attack == "signal_the_grader" and not AS_ROOT:
        return  # same user: it can end the whole run, which then fails closed
    if attack not in REACH_FURTHER:
        return
    # One chapter's attack, crash or endless loop costs another chapter nothing.
    ch01 = graded.checks("exercises/ch01")
    assert ch01 and all(c["status"] == "passed" for c in ch01.values()), ch01


def test_monkeypatching_adds_nothing_to_partial_work(graded_attacks):
    honest = ch03_score(graded_attacks["honest_partial"])
    assert honest == next(c.points for c in declared_checks("ch03")
                          if c.name == "check_centred_data")
    assert ch03_score(graded_attacks["partial_with_monkeypatch"]) == honest


def test_a_crash_fails_its_check_with_a_clear_message(graded_attacks):
    checks = graded_attacks["crash_the_process"].checks("exercises/ch03")
    output = checks["check_centred_data"]["output"]
    assert "the process running your code ended during this check" in output
    assert "SIGSEGV" in output


def test_an_endless_loop_fails_by_timeout_and_the_run_goes_on(graded_attacks):
    checks = graded_attacks["endless_loop_when_called"].checks("exercises/ch03")
    assert (f"did not finish within {ENDLESS_LOOP_TIMEOUT} s"
            in checks["check_manual_training"]["output"])


def test_memory_beyond_the_limit_fails_the_check_with_the_cause(graded_attacks):
    checks = graded_attacks["allocate_too_much_memory"].checks("exercises/ch03")
    assert "more memory than it may use" in checks["check_prediction"]["output"]


def test_exit_at_import_is_reported_as_such(graded_attacks):
    checks = graded_attacks["exit_at_import"].checks("exercises/ch03")
    assert all("called exit()" in c["output"] for c in checks.values())


def test_nothing_the_learner_started_outlives_the_run(graded_attacks):
    leftovers = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if command[:2] == [b"sleep", MARKER_SECONDS.encode()]:
            leftovers.append(entry.name)
    assert not leftovers


@pytest.mark.skipif(not AS_ROOT, reason="learner code runs as another user only under root")
def test_learner_code_cannot_write_the_kit(graded_attacks):
    assert graded_attacks["kit unchanged"]
    checks = graded_attacks["write_the_kit"].checks("exercises/ch03")
    assert any("Permission denied" in c["output"] for c in checks.values())


@pytest.mark.skipif(not AS_ROOT, reason="a network namespace of its own needs root")
def test_learner_code_has_no_network(tmp_path):
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    connections = []
    server.settimeout(60)

    def accept():
        try:
            connections.append(server.accept())
        except OSError:
            pass

    listener = threading.Thread(target=accept, daemon=True)
    listener.start()
    attack = at_import(f"import socket\nsocket.create_connection(('127.0.0.1', {port}), 5)\n")
    graded = grade_isolated(build(tmp_path, "network", attack), "ch03")
    server.close()
    listener.join(5)
    assert not connections
    output = next(iter(graded.checks("exercises/ch03").values()))["output"]
    assert "Network is unreachable" in output or "OSError" in output
