"""The course's autograder: a pytest plugin, its checks, and the tools around them."""

from pathlib import Path

__version__ = "0.1.0"
KIT_ROOT = Path(__file__).resolve().parents[1]  # the kit: grader/, courselib/, data/, ...
