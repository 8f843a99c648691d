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
