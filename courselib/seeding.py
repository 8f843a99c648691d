"""Making runs reproducible."""

from __future__ import annotations

import random

import numpy as np
import torch


def seed_all(seed: int = 123) -> None:
    """Seed every random generator a course program draws from: Python, NumPy, torch (CPU and
    every GPU)."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # seeds the GPUs too


def seed_everything(seed: int = 123, deterministic: bool = True) -> None:
    """seed_all, and ask torch and cuDNN for deterministic kernels.

    The course text's version assigns to `torch.use_deterministic_algorithms` instead of
    calling it, which silently does nothing; this one calls it. `warn_only` keeps operations
    that have no deterministic kernel usable (they warn instead of raising). The first call
    in a process costs about a second.
    """
    seed_all(seed)
    torch.backends.cudnn.deterministic = deterministic
    torch.backends.cudnn.benchmark = not deterministic
    torch.use_deterministic_algorithms(deterministic, warn_only=True)


def torch_seed(seed: int = 123) -> None:
    """The course's torch_seed, done right: every generator seeded and deterministic
    algorithms switched on (by calling torch.use_deterministic_algorithms, which the course
    text assigns to instead)."""
    seed_everything(seed, deterministic=True)
