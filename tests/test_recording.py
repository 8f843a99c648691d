"""`python -m grader record`: the reference outputs a student release needs, and their use."""

import shutil
import subprocess
import sys

import pytest

from grader import reference
from grader.tools import recording
from grader.transport import encode
from tests.grading import ROOT

RECORDED = ROOT / "grader" / "recorded"


def test_recordings_in_the_repository_are_current():
    done = subprocess.run([sys.executable, "-m", "grader", "record", "--check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "current" in done.stdout


@pytest.fixture(scope="module")
def live():
    """{chapter: {name: value}} computed now from solutions/."""
    return recording.compute_all(ROOT / "solutions")


def test_every_registered_output_is_recorded(live):
    assert ("ch03", "manual_history") in reference.registered()
    assert sorted(p.stem for p in RECORDED.glob("*.pt")) == sorted(live)
    for chapter, values in live.items():
        recorded = reference.load_recording(RECORDED / f"{chapter}.pt")
        assert recorded.keys() == values.keys()
        assert all(recording.same(recorded[k], values[k]) for k in values)


@pytest.fixture
def kit(tmp_path):
    """A root with the real solutions/ and a copy of grader/recorded/ to spoil."""
    (tmp_path / "grader").mkdir()
    (tmp_path / "solutions").symlink_to(ROOT / "solutions")
    shutil.copytree(RECORDED, tmp_path / "grader" / "recorded")
    return tmp_path


def check(root, capsys):
    status = recording.record(root, check=True)
    out = capsys.readouterr()
    return status, out.out + out.err


def test_a_tampered_recording_is_detected_and_rerecorded(kit, capsys, live):
    path = kit / "grader" / "recorded" / "ch03.pt"
    before = path.read_bytes()
    values = reference.load_recording(path)
    history = values["manual_history"].copy()
    history[-1, 1] += 1e-3
    path.write_bytes(encode({"manual_history": history}))
    status, out = check(kit, capsys)
    assert status == 1
    assert "ch03.pt: differs: manual_history" in out and "python -m grader record" in out
    assert recording.record(kit, check=False) == 0
    assert "ch03.pt: written" in capsys.readouterr().out
    assert path.read_bytes() == before  # deterministic: the same bytes as the committed file
    assert check(kit, capsys)[0] == 0


@pytest.mark.parametrize("spoil, reason", [
    (lambda path: path.unlink(), "not recorded"),
    (lambda path: path.write_bytes(b"not a recording"), "unreadable"),
    (lambda path: path.write_bytes(encode({"other": 1.0})), "missing: manual_history"),
    (lambda path: path.with_name("ch99.pt").write_bytes(encode({})), "ch99.pt: left over"),
])
def test_a_missing_or_broken_recording_is_detected(kit, capsys, spoil, reason):
    spoil(kit / "grader" / "recorded" / "ch03.pt")
    before = sorted((p.name, p.read_bytes()) for p in (kit / "grader" / "recorded").iterdir())
    status, out = check(kit, capsys)
    assert status == 1 and reason in out, out
    after = sorted((p.name, p.read_bytes()) for p in (kit / "grader" / "recorded").iterdir())
    assert after == before  # --check changes nothing
    assert recording.record(kit, check=False) == 0
    assert check(kit, capsys)[0] == 0
    assert sorted(p.name for p in (kit / "grader" / "recorded").iterdir()) == ["ch03.pt"]


def test_record_needs_the_solutions(tmp_path, capsys):
    assert recording.record(tmp_path, check=True) == 2
    assert "solutions" in capsys.readouterr().err


@pytest.fixture
def fresh_reference(monkeypatch):
    """reference.output with empty caches, restored afterwards."""
    monkeypatch.setattr(reference, "_cache", {})
    monkeypatch.setattr(reference, "_recordings", {})
    recording.load_checks()
    return reference


def test_output_is_live_where_the_solutions_are(fresh_reference, live):
    value = fresh_reference.output("ch03", "manual_history")
    assert recording.same(value, live["ch03"]["manual_history"])


def test_output_falls_back_to_the_recording_without_solutions(fresh_reference, monkeypatch,
                                                              tmp_path, live):
    monkeypatch.setattr(reference, "SOLUTIONS", tmp_path / "solutions")  # absent
    calls = []
    monkeypatch.setattr(reference, "compute", lambda *args: calls.append(args))
    value = fresh_reference.output("ch03", "manual_history")
    assert not calls, "the reference code ran although there are no solutions"
    assert recording.same(value, live["ch03"]["manual_history"])
    assert value.dtype == live["ch03"]["manual_history"].dtype


def test_without_solutions_or_recording_the_error_says_what_to_run(fresh_reference,
                                                                   monkeypatch, tmp_path):
    monkeypatch.setattr(reference, "SOLUTIONS", tmp_path / "solutions")
    monkeypatch.setattr(reference, "RECORDED", tmp_path / "recorded")
    with pytest.raises(reference.MissingReference, match="python -m grader record"):
        fresh_reference.output("ch03", "manual_history")


def test_values_are_compared_as_data():
    import numpy as np
    import torch

    same = recording.same
    assert same(np.array([1.0, np.nan]), np.array([1.0 + 1e-9, np.nan]))
    assert not same(np.array([1.0]), np.array([1.001]))
    assert not same(np.array([1.0]), np.array([1.0], dtype=np.float32))
    assert not same(torch.zeros(2), torch.zeros(3))
    assert not same(torch.zeros(2), np.zeros(2, dtype=np.float32))
    assert same({"a": [1, (2.0, "x")]}, {"a": [1, (2.0, "x")]})
    assert not same({"a": [1]}, {"a": (1,)})
