"""What the course's training loops share: the signal that training diverged."""

from __future__ import annotations

import math


class TrainingDiverged(ArithmeticError):
    """The loss became nan or inf: raised by a training loop that watches for it.

    A learning rate too high for the scale of the inputs makes gradient descent overshoot
    further at every step (chapter 5: two features at lr 0.01); the loss grows to inf, then
    nan, and every later epoch is wasted.
    """

    def __init__(self, epoch: int, loss: float, lr: float):
        self.epoch, self.loss, self.lr = int(epoch), float(loss), float(lr)
        super().__init__(f"training diverged at epoch {self.epoch}: the loss is {self.loss} "
                         f"with learning rate {self.lr:g}; lower the learning rate (or scale "
                         "the inputs)")


def is_finite(loss: float) -> bool:
    """Whether a loss value is a real number (not nan, not inf)."""
    return math.isfinite(float(loss))


# ---- the course's shared helpers (chapter 9 has learners write them; 10-12 use these) ----

def eval_loss(loader, device, net, criterion):
    """The loss of `net` on the first batch of `loader`, with its computation graph: the
    value to inspect the graph of (torchviz's make_dot) before training."""
    inputs, labels = next(iter(loader))
    inputs, labels = inputs.to(device), labels.to(device)
    return criterion(net(inputs), labels)


def fit(net, optimizer, criterion, num_epochs, train_loader, test_loader, device, history):
    """Train `net` for `num_epochs` epochs and return `history` with one row per epoch added:
    [epoch, train loss, train acc, val loss, val acc] (a NumPy array [len(history) +
    num_epochs, 5]). The epochs are numbered on from the history given, so calling fit again
    continues the same run.

    Each epoch trains on every batch of train_loader (training mode, a progress bar), then
    evaluates every batch of test_loader (evaluation mode, no gradients). Losses and
    accuracies are averages over the items, each batch weighted by its size.
    """
    import numpy as np
    import torch
    from tqdm.auto import tqdm

    first = len(history)
    rows = []
    for epoch in range(first + 1, first + num_epochs + 1):
        net.train()
        train = _Totals()
        for inputs, labels in tqdm(train_loader, desc=f"epoch {epoch}", leave=False):
            inputs, labels = inputs.to(device), labels.to(device)
            optimizer.zero_grad()
            outputs = net(inputs)
            loss = criterion(outputs, labels)
            loss.backward()
            optimizer.step()
            train.add(loss, outputs, labels)
        net.eval()
        test = _Totals()
        with torch.no_grad():
            for inputs, labels in test_loader:
                inputs, labels = inputs.to(device), labels.to(device)
                outputs = net(inputs)
                test.add(criterion(outputs, labels), outputs, labels)
        row = [epoch, *train.averages(), *test.averages()]
        print(f"Epoch [{epoch}/{first + num_epochs}], loss: {row[1]:.5f} acc: {row[2]:.5f} "
              f"val_loss: {row[3]:.5f}, val_acc: {row[4]:.5f}")
        rows.append(row)
    return np.vstack([np.asarray(history, dtype=float).reshape(-1, 5),
                      np.asarray(rows, dtype=float).reshape(-1, 5)])


class _Totals:
    """An epoch's running sums: loss times batch size, correct predictions, items."""

    def __init__(self):
        self.loss, self.correct, self.items = 0.0, 0, 0

    def add(self, loss, outputs, labels) -> None:
        self.loss += loss.item() * len(labels)
        self.correct += (outputs.argmax(dim=1) == labels).sum().item()
        self.items += len(labels)

    def averages(self) -> tuple[float, float]:
        return self.loss / self.items, self.correct / self.items
