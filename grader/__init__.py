"""The course's autograder: a pytest plugin, its checks, and the tools around them."""

import os
from pathlib import Path

# Before torch is imported: OpenMP threads that spin while they wait make every small
# operation crawl when gradings share the cores (6x slower backward() on a busy 2-core
# machine); waiting passively costs nothing measurable when the cores are free.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
# Learner code may draw with pyplot and call plt.show(): graded, it must never open a window
# (or wait for one to close); figures are saved as files instead.
os.environ.setdefault("MPLBACKEND", "Agg")

__version__ = "0.1.0"
KIT_ROOT = Path(__file__).resolve().parents[1]  # the kit: grader/, courselib/, data/, ...
