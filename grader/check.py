"""What a chapter's checks are written with: the @check decorator and feedback helpers.

A check is a plain function taking the ``chapter`` fixture, through which it runs probes
against the learner's code (see grader.learner), and judging the plain data they return. It
fails by raising CheckFailed, whose message says what was expected, what was got and the
likely cause; the plugin shows that message without a traceback.

In course grading with a secret (grader.inputs) the values of "expected" and "got" are not
shown, since they would tell the learner about the secret inputs; the check's description and
likely cause still are, and shapes, dtypes and other text. Shapes are given as text for that.
"""

from __future__ import annotations

from typing import Any, Callable, NoReturn

import numpy as np
import pytest
import torch

from grader.inputs import secret_in_use

DEFAULT_TIMEOUT_S = 30
_MISSING = object()
REDACTED = "(not shown in course grading: it depends on the course's secret inputs)"
WITHHELD_TEXT = "(what your code reported is not shown in course grading)"
DIVERGED = ("the values became nan or inf: training diverged (learning rate too high, an update "
            "with the wrong sign) or something was divided by zero")


def check(points: int, timeout: float = DEFAULT_TIMEOUT_S, course_data: bool = False) -> Callable:
    """Mark a function as a graded check worth `points`, failing after `timeout` seconds.

    `course_data=True` declares a check that can only use the course's fixed data (its data
    set, its published numbers, inputs the task itself fixes), so a secret cannot change
    what it feeds the learner's code: answers hard-coded for it still pass. Such checks
    should be few and worth few points; the README lists them.
    """
    if points <= 0:
        raise ValueError("a check must be worth at least one point")

    def mark(fn: Callable) -> Callable:
        fn = pytest.mark.timeout(timeout)(fn)
        fn = pytest.mark.grader(points=points, course_data=course_data)(fn)
        fn._grader_check = True
        return fn

    return mark


class CheckFailed(AssertionError):
    """A check's verdict with its explanation; raised by fail() and the expect_* helpers."""

    def __init__(self, what: str, expected: Any = _MISSING, got: Any = _MISSING,
                 cause: str | None = None):
        lines = [what]
        if expected is not _MISSING:
            lines.append(f"  expected: {_show(expected)}")
        if got is not _MISSING:
            lines.append(f"  got:      {_show(got)}")
        if cause:
            lines.append(f"  likely cause: {cause}")
        super().__init__("\n".join(lines))


def fail(what: str, *, expected: Any = _MISSING, got: Any = _MISSING,
         cause: str | None = None) -> NoReturn:
    raise CheckFailed(what, expected, got, cause)


def shape_text(shape) -> str:
    """A shape as text, e.g. "[5, 3]": shown even in course grading, unlike values."""
    return str([int(size) for size in shape])


def _show(value: Any) -> str:
    if secret_in_use() and not isinstance(value, (str, bool, torch.dtype, np.dtype, type(None))):
        return REDACTED
    if isinstance(value, torch.Tensor):
        value = value.detach()
        if value.numel() <= 20:
            values = np.array2string(value.cpu().numpy(), precision=5)
            return f"tensor({values}, dtype={value.dtype})"
        return f"tensor of shape {list(value.shape)}, dtype={value.dtype}"
    if isinstance(value, np.ndarray):
        if value.size <= 20:
            return f"array({np.array2string(value, precision=5)}, dtype={value.dtype})"
        return f"array of shape {list(value.shape)}, dtype={value.dtype}"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, str):
        return value
    text = repr(value)
    return text if len(text) <= 200 else text[:200] + "..."


def learner_text(text: str) -> str:
    """Text the learner's process reported (an error message, a repr), for feedback: under a
    secret it could carry anything, the secret inputs included, so it is withheld."""
    return WITHHELD_TEXT if secret_in_use() else text


def describe_type(value: Any) -> str:
    if type(value).__name__ == "Opaque":  # grader.learner.Opaque: already a description
        return learner_text(str(value))  # its text is the learner's repr
    if isinstance(value, torch.Tensor):
        return f"a tensor of shape {list(value.shape)} and dtype {value.dtype}"
    if isinstance(value, np.ndarray):
        return f"a NumPy array of shape {list(value.shape)} and dtype {value.dtype}"
    return f"{type(value).__name__} {_show(value)}"


def expect_tensor(value: Any, name: str, *, shape: tuple | None = None,
                  dtype: torch.dtype | None = None) -> torch.Tensor:
    """Return `value` if it is a tensor of the given shape and dtype, else fail saying why."""
    if not isinstance(value, torch.Tensor):
        fail(f"{name} should be a torch.Tensor", got=describe_type(value),
             cause="return the tensor itself, not a NumPy array, list or Python number")
    if shape is not None and tuple(value.shape) != tuple(shape):
        fail(f"{name} has the wrong shape", expected=shape_text(shape),
             got=shape_text(value.shape))
    if dtype is not None and value.dtype != dtype:
        cause = None
        if dtype == torch.float32 and value.dtype == torch.float64:
            cause = ("NumPy arrays are float64: make the tensor with dtype=torch.float32 "
                     "(or convert it with .float() before setting requires_grad)")
        elif dtype == torch.int64:
            cause = "class labels must be int64: convert with .long()"
        fail(f"{name} has the wrong dtype", expected=dtype, got=value.dtype, cause=cause)
    return value


def expect_items(value: Any, count: int, name: str, cause: str | None = None) -> tuple:
    """`value` as a tuple of `count` items, e.g. the results a function should return."""
    if not isinstance(value, (tuple, list)) or len(value) != count:
        fail(f"{name} should return {count} values", got=describe_type(value), cause=cause)
    return tuple(value)


def expect_array(value: Any, name: str, *, shape: tuple | None = None) -> np.ndarray:
    """Return `value` as a NumPy array (tensors and lists are accepted) of the given shape."""
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        fail(f"{name} should be an array of numbers", got=describe_type(value))
    if shape is not None and array.shape != tuple(shape):
        fail(f"{name} has the wrong shape", expected=shape_text(shape),
             got=shape_text(array.shape))
    return array


def expect_close(got: Any, expected: Any, name: str, *, atol: float = 1e-4,
                 rtol: float = 1e-4, cause: str | None = None) -> None:
    """Fail unless `got` matches `expected` elementwise (tensors, arrays or numbers)."""
    expected_array = np.asarray(expected, dtype=float)
    got_array = expect_array(got, name, shape=expected_array.shape)
    close = np.isclose(got_array, expected_array, atol=atol, rtol=rtol)
    if close.all():
        return
    cause = cause if np.isfinite(got_array).all() else DIVERGED
    if expected_array.size > 20 and not secret_in_use():  # too long to print: where they part
        index = tuple(int(i) for i in np.argwhere(~close)[0])
        expected = f"{expected_array[index]:.6g} at index {list(index)}"
        got = f"{got_array[index]:.6g} at index {list(index)}"
    fail(f"{name}: not the expected value", expected=expected, got=got, cause=cause)

