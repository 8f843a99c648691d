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

from grader.i18n import N_, tr
from grader.inputs import secret_in_use

DEFAULT_TIMEOUT_S = 30
_MISSING = object()
REDACTED = N_("(not shown in course grading: it depends on the course's secret inputs)")
WITHHELD_TEXT = N_("(what your code reported is not shown in course grading)")
DIVERGED = N_("the values became nan or inf: training diverged (learning rate too high, an update "
            "with the wrong sign) or something was divided by zero")


def check(points: int, timeout: float = DEFAULT_TIMEOUT_S, course_data: bool = False,
          relies_on: tuple[str, ...] = ()) -> Callable:
    """Mark a function as a graded check worth `points`, failing after `timeout` seconds.

    `relies_on` names earlier checks of the chapter whose tasks this one uses: when one of
    them failed, this check's failure is blamed on it (grader.plugin), since a guess at a
    cause of its own would point at a task that may well be right.

    `course_data=True` declares a check that can only use the course's fixed data (its data
    set, its published numbers, inputs the task itself fixes), so a secret cannot change
    what it feeds the learner's code: answers hard-coded for it still pass. Such checks
    should be few and worth few points; the README lists them.
    """
    if points <= 0:
        raise ValueError("a check must be worth at least one point")  # i18n: internal

    def mark(fn: Callable) -> Callable:
        fn = pytest.mark.timeout(timeout)(fn)
        fn = pytest.mark.grader(points=points, course_data=course_data,
                                relies_on=tuple(relies_on))(fn)
        fn._grader_check = True
        return fn

    return mark


class CheckFailed(AssertionError):
    """A check's verdict with its explanation; raised by fail() and the expect_* helpers."""

    def __init__(self, what: str, expected: Any = _MISSING, got: Any = _MISSING,
                 cause: str | None = None):
        # tr() again here: texts marked N_() (DIVERGED, ...) arrive untranslated.
        lines = [tr(what)]
        if expected is not _MISSING:
            lines.append(EXPECTED_LINE.format(label=tr("expected:"), value=_show(expected)))
        if got is not _MISSING:
            lines.append(EXPECTED_LINE.format(label=tr("got:"), value=_show(got)))
        if cause:
            lines.append(cause_line(cause))
        super().__init__("\n".join(lines))


EXPECTED_LINE = "  {label:<9} {value}"


def cause_line(cause: str) -> str:
    """The "likely cause" line of a failure (the plugin finds it by its label)."""
    return "  " + tr("likely cause:") + " " + tr(cause)


def is_cause_line(line: str) -> bool:
    return line.startswith("  " + tr("likely cause:") + " ")


def fail(what: str, *, expected: Any = _MISSING, got: Any = _MISSING,
         cause: str | None = None) -> NoReturn:
    raise CheckFailed(what, expected, got, cause)


def shape_text(shape) -> str:
    """A shape as text, e.g. "[5, 3]": shown even in course grading, unlike values."""
    return str([int(size) for size in shape])


def _show(value: Any) -> str:
    if secret_in_use() and not isinstance(value, (str, bool, torch.dtype, np.dtype, type(None))):
        return tr(REDACTED)
    value = plain_numbers(value)
    if isinstance(value, torch.Tensor):
        value = value.detach()
        if value.numel() <= 20:
            values = np.array2string(value.cpu().numpy(), precision=5)
            return f"tensor({values}, dtype={value.dtype})"
        return tr("tensor of shape {shape}, dtype={dtype}", shape=list(value.shape),
                  dtype=value.dtype)
    if isinstance(value, np.ndarray):
        if value.size <= 20:
            return f"array({np.array2string(value, precision=5)}, dtype={value.dtype})"
        return tr("array of shape {shape}, dtype={dtype}", shape=list(value.shape),
                  dtype=value.dtype)
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, str):
        return tr(value)
    text = repr(value)
    return text if len(text) <= 200 else text[:200] + "..."


def learner_text(text: str) -> str:
    """Text the learner's process reported (an error message, a repr), for feedback: under a
    secret it could carry anything, the secret inputs included, so it is withheld."""
    return tr(WITHHELD_TEXT) if secret_in_use() else text


def describe_type(value: Any) -> str:
    if type(value).__name__ == "Opaque":  # grader.learner.Opaque: already a description
        return learner_text(str(value))  # its text is the learner's repr
    if isinstance(value, torch.Tensor):
        return tr("a tensor of shape {shape} and dtype {dtype}", shape=list(value.shape),
                  dtype=value.dtype)
    if isinstance(value, np.ndarray):
        return tr("a NumPy array of shape {shape} and dtype {dtype}", shape=list(value.shape),
                  dtype=value.dtype)
    return f"{type(value).__name__} {_show(value)}"


def expect_tensor(value: Any, name: str, *, shape: tuple | None = None,
                  dtype: torch.dtype | None = None) -> torch.Tensor:
    """Return `value` if it is a tensor of the given shape and dtype, else fail saying why."""
    if not isinstance(value, torch.Tensor):
        fail(tr("{name} should be a torch.Tensor", name=name), got=describe_type(value),
             cause=tr("return the tensor itself, not a NumPy array, list or Python number"))
    if shape is not None and tuple(value.shape) != tuple(shape):
        fail(tr("{name} has the wrong shape", name=name), expected=shape_text(shape),
             got=shape_text(value.shape))
    if dtype is not None and value.dtype != dtype:
        cause = None
        if dtype == torch.float32 and value.dtype == torch.float64:
            cause = tr("NumPy arrays are float64: make the tensor with dtype=torch.float32 "
                       "(or convert it with .float() before setting requires_grad)")
        elif dtype == torch.int64:
            cause = tr("class labels must be int64: convert with .long()")
        fail(tr("{name} has the wrong dtype", name=name), expected=dtype, got=value.dtype, cause=cause)
    return value


def expect_items(value: Any, count: int, name: str, cause: str | None = None) -> tuple:
    """`value` as a tuple of `count` items, e.g. the results a function should return."""
    if not isinstance(value, (tuple, list)) or len(value) != count:
        fail(tr("{name} should return {count} values", name=name, count=count),
             got=describe_type(value), cause=cause)
    return tuple(value)


def expect_array(value: Any, name: str, *, shape: tuple | None = None) -> np.ndarray:
    """Return `value` as a NumPy array (tensors and lists are accepted) of the given shape."""
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        fail(tr("{name} should be an array of numbers", name=name), got=describe_type(value))
    if shape is not None and array.shape != tuple(shape):
        fail(tr("{name} has the wrong shape", name=name), expected=shape_text(shape),
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
        expected = tr("{value} at index {index}", value=f"{expected_array[index]:.6g}",
                      index=list(index))
        got = tr("{value} at index {index}", value=f"{got_array[index]:.6g}", index=list(index))
    fail(tr("{name}: not the expected value", name=name), expected=expected, got=got,
         cause=cause)



def plain_numbers(value: Any) -> Any:
    """`value` with NumPy scalars as Python numbers, so that it prints as 0.5, not as
    np.float64(0.5), in lists and tuples too."""
    if isinstance(value, np.generic):
        return value.item()
    if type(value) in (list, tuple):
        return type(value)(plain_numbers(item) for item in value)
    return value
