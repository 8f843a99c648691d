"""Making runs reproducible."""

from __future__ import annotations

import random

import numpy as np
import torch


def seed_everything(seed: int = 123, deterministic: bool = True) -> None:
    """Seed Python, NumPy and torch (CPU and every GPU), and ask torch for deterministic kernels.

    The course text's version assigns to `torch.use_deterministic_algorithms` instead of
    calling it, which silently does nothing; this one calls it. `warn_only` keeps operations
    that have no deterministic kernel usable (they warn instead of raising).
    """
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)
    torch.backends.cudnn.deterministic = deterministic
    torch.backends.cudnn.benchmark = not deterministic
    torch.use_deterministic_algorithms(deterministic, warn_only=True)
