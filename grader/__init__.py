"""The course's autograder: a pytest plugin, its checks, and the tools around them."""

__version__ = "0.1.0"
