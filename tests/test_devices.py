"""Device handling is judged on a CPU-only machine: moves to the stand-in device are
recorded (and served on the CPU, so training still runs); what was not moved is named."""

import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

from grader import devices
from grader.check import CheckFailed
from grader.scoring import SKIPPED, CheckResult, by_chapter, gradescope_results, score_table

PARTS = {"train inputs": "the inputs", "train labels": "the labels"}


def train_one_epoch(net, loader, device, move_labels=True):
    """A course-style loop; `move_labels=False` is the curriculum's mistake."""
    optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
    losses = []
    for inputs, labels in loader:
        inputs = inputs.to(device)
        labels = labels.to(device) if move_labels else labels
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(inputs), labels)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def tracked_run(**kwargs):
    moves = []
    torch.manual_seed(0)
    data = TensorDataset(torch.randn(20, 3), torch.arange(20) % 2)
    loader = devices.TrackedLoader(DataLoader(data, batch_size=5), "train", moves)
    net = devices.track_model(torch.nn.Linear(3, 2), moves)
    losses = train_one_epoch(net.to(devices.STAND_IN), loader, devices.STAND_IN, **kwargs)
    return moves, losses


def test_moves_to_the_stand_in_are_recorded_and_training_still_runs():
    moves, losses = tracked_run()
    assert devices.moved(moves, "model") and devices.moved(moves, "train labels")
    assert len(losses) == 4 and all(isinstance(loss, float) for loss in losses)
    devices.expect_moved(moves, PARTS, "the loop")  # passes


def test_labels_left_behind_are_named():
    moves, _ = tracked_run(move_labels=False)
    with pytest.raises(CheckFailed, match="did not move the labels") as failure:
        devices.expect_moved(moves, PARTS, "the loop")
    assert "never moved" in str(failure.value)


def test_a_device_written_into_the_code_is_named():
    moves = []
    loader = devices.TrackedLoader(DataLoader(TensorDataset(torch.ones(4, 2), torch.zeros(4)),
                                              batch_size=2), "train", moves)
    for inputs, labels in loader:
        inputs.to("cpu"), labels.to("cpu")
    with pytest.raises(CheckFailed, match="moved to cpu"):
        devices.expect_moved(moves, PARTS, "the loop")


def test_dtype_conversions_keep_tracking():
    moves = []
    x = devices._tracked(torch.zeros(2), "train labels", moves)
    x.to(torch.int64).to(devices.STAND_IN)
    assert moves == [("train labels", "meta")]


def test_a_skipped_check_counts_neither_way():
    results = [CheckResult("x/ch08", "a", 3, "passed"),
               CheckResult("x/ch08", "gpu", 2, SKIPPED, "no CUDA GPU on this machine")]
    (row,) = by_chapter(results)
    assert (row.points, row.max_points, row.checks, row.skipped) == (3, 3, 1, 1)
    assert "1 check skipped on this machine, counting neither way" in score_table(results)
    report = gradescope_results(results, 1.0)
    assert report["max_score"] == 3
    assert report["tests"][1]["max_score"] == 0 and "skipped" in report["tests"][1]["tags"]


def test_the_gpu_check_says_why_it_is_skipped_or_runs(graded_reference):
    solutions, _ = graded_reference
    gpu = solutions.checks("solutions/ch08")["check_fit_on_gpu"]
    if torch.cuda.is_available():
        assert gpu["status"] == "passed" and gpu["max_score"] > 0
    else:
        assert "skipped" in gpu["tags"] and gpu["max_score"] == gpu["score"] == 0
        assert "no CUDA GPU on this machine" in gpu["output"]
        assert "counting neither way" in solutions.stdout.split("grader score")[-1]
