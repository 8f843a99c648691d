"""The kit's reference versions of the course's shared helpers (courselib), which chapters
10-12 use: seeding that makes a run reproducible, fit that continues a history, figures
saved headless."""

import numpy as np
import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from courselib import plots, seeding, training


@pytest.fixture
def deterministic_state():
    """Leave torch's global determinism switch as the test found it."""
    before = torch.are_deterministic_algorithms_enabled()
    yield
    torch.use_deterministic_algorithms(before)


def drawn_run(seed):
    seeding.torch_seed(seed)
    layer = nn.Linear(4, 3)
    return torch.cat([layer.weight.flatten(), nn.functional.dropout(torch.ones(20), 0.5)])


def test_torch_seed_makes_a_run_reproducible(deterministic_state):
    torch.use_deterministic_algorithms(False)
    assert torch.equal(drawn_run(7), drawn_run(7))
    assert not torch.equal(drawn_run(7), drawn_run(8))
    assert torch.are_deterministic_algorithms_enabled()  # called, not assigned to
    assert callable(torch.use_deterministic_algorithms)


def loaders(g):
    x, y = torch.randn(23, 4, generator=g), torch.randint(0, 3, (23,), generator=g)
    return (DataLoader(TensorDataset(x, y), batch_size=5, shuffle=False),
            DataLoader(TensorDataset(x[:11], y[:11]), batch_size=5, shuffle=False))


def test_fit_continues_the_history_it_is_given(capsys):
    g = torch.Generator().manual_seed(0)
    train_loader, test_loader = loaders(g)
    torch.manual_seed(0)
    net = nn.Linear(4, 3)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
    history = training.fit(net, optimizer, nn.CrossEntropyLoss(), 2, train_loader,
                           test_loader, "cpu", np.zeros((0, 5)))
    history = training.fit(net, optimizer, nn.CrossEntropyLoss(), 3, train_loader,
                           test_loader, "cpu", history)
    assert history.shape == (5, 5) and history[:, 0].tolist() == [1, 2, 3, 4, 5]
    assert ((0 <= history[:, [2, 4]]) & (history[:, [2, 4]] <= 1)).all()
    assert history[-1, 1] < history[0, 1]  # it learned
    out = capsys.readouterr()
    assert "Epoch [5/5]" in out.out and "epoch 5:" in out.err  # the line and the progress bar
    # The validation columns are the evaluation of the trained net, weighted by batch size.
    with torch.no_grad():
        x, y = test_loader.dataset.tensors
        loss = nn.functional.cross_entropy(net(x), y).item()
    assert history[-1, 3] == pytest.approx(loss, rel=1e-5)
    first = training.eval_loss(test_loader, "cpu", net, nn.CrossEntropyLoss())
    assert first.grad_fn is not None  # its graph is there to inspect


def test_figures_are_saved_headless(tmp_path, capsys):
    history = np.column_stack([np.arange(1, 5), np.random.default_rng(0).random((4, 4))])
    figure = plots.evaluate_history(history, tmp_path / "curves.png")
    assert f"{history[0, 3]:.5f}" in capsys.readouterr().out
    assert len(figure.axes) == 2 and (tmp_path / "curves.png").read_bytes()[:4] == b"\x89PNG"

    images = torch.rand(12, 3, 32, 32) * 2 - 1
    labels = torch.arange(12) % 3
    net = nn.Sequential(nn.Flatten(), nn.Linear(3072, 3))
    with torch.no_grad():
        predicted = net(images).argmax(1)
    loader = DataLoader(TensorDataset(images, labels), batch_size=12)
    figure = plots.show_images_labels(loader, ["a", "b", "c"], net, "cpu",
                                      tmp_path / "grid.png")
    titles = [axes.get_title() for axes in figure.axes]
    assert titles == [f"{'abc'[l]}:{'abc'[p]}" for l, p in zip(labels, predicted)]
    shown = figure.axes[0].images[0].get_array()
    assert np.allclose(shown, (images[0].permute(1, 2, 0).numpy() + 1) / 2)
    assert (tmp_path / "grid.png").read_bytes()[:4] == b"\x89PNG"
