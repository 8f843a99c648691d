"""Hidden checks for chapter 1: what the public checks leave open.

The public checks copy arrays and tensors of three fixed kinds (int64, float32, a
non-contiguous float view), so a copy that converts some other dtype on the way, e.g. through
a list (torch.tensor(t.tolist()) makes float64 into float32), passes them all. And each
public check builds one Point or Circle at a time, so coordinates stored on the class
(Point.x = x), which every instance shares, go unseen. Here copies are made of arrays and
tensors of other dtypes, and several shapes live side by side; all inputs come from
grader.inputs.
"""

import numpy as np
import torch

from grader import inputs
from grader.check import check, fail, shape_text
from grader.checks.ch01 import (attributes, copied_array, copied_tensor, drawn_shapes,
                                drawn_size, expect_array_copy, expect_coordinates,
                                expect_tensor_copy)
from grader.i18n import tr
from grader.learner import Opaque

SHARED_COORDINATES = tr("each object must keep its own coordinates: store them on the "
                        "instance (self.x = x), not on the class (Point.x = x), which all "
                        "Points share")


def article(word: str) -> str:
    return "an" if word[0] in "aeio" else "a"  # a uint8, an int32


def described_array(dtype: str, shape: str) -> str:
    """An array of `dtype` and `shape` as the feedback names it, its article in English."""
    if article(dtype) == "an":
        return tr("an {dtype} array of shape {shape}", dtype=dtype, shape=shape)
    return tr("a {dtype} array of shape {shape}", dtype=dtype, shape=shape)


def described_tensor(dtype: str, shape: str) -> str:
    """A tensor of `dtype` and `shape` as the feedback names it, its article in English."""
    if article(dtype) == "an":
        return tr("an {dtype} tensor of shape {shape}", dtype=dtype, shape=shape)
    return tr("a {dtype} tensor of shape {shape}", dtype=dtype, shape=shape)


def drawn_arrays_of_other_dtypes():
    """(description, x): arrays of dtypes the public checks do not copy, drawn sizes."""
    g = inputs.rng("ch01/hidden arrays of other dtypes")  # i18n: internal

    def shape():
        return drawn_size(g, 2, 4), drawn_size(g, 2, 5)

    arrays = [g.integers(-100, 100, shape(), dtype=np.int32),
              g.integers(0, 256, shape(), dtype=np.uint8),
              g.uniform(-5, 5, shape()).astype(np.float16),
              g.random(shape()) < 0.5]
    return [(described_array(str(x.dtype), shape_text(x.shape)), x) for x in arrays]


def drawn_tensors_of_other_dtypes():
    """(description, t): tensors of dtypes the public checks do not copy, drawn sizes."""
    g = inputs.generator("ch01/hidden tensors of other dtypes")  # i18n: internal

    def shape():
        return tuple(int(size) for size in torch.randint(2, 6, (2,), generator=g))

    tensors = [torch.empty(shape(), dtype=torch.float64).uniform_(-5, 5, generator=g),
               torch.randint(-100, 100, shape(), dtype=torch.int32, generator=g),
               torch.randint(-100, 100, shape(), dtype=torch.int16, generator=g),
               torch.rand(shape(), generator=g) < 0.5]
    names = [str(t.dtype).removeprefix("torch.") for t in tensors]
    return [(described_tensor(name, shape_text(t.shape)), t) for name, t in zip(names, tensors)]


# Probes: module-level, as in the public checks; they run beside the learner's code.

def copied_array_of_dtype(code, x):
    return copied_array(code, x)


def copied_tensor_of_dtype(code, t):
    return copied_tensor(code, t)


def shapes_side_by_side(code, points, circle):
    """Several Points and a Circle built one after the other, then read back together."""
    Point, Circle = code.shapes.Point, code.shapes.Circle
    built = [Point(x, y) for x, y in points] + [Circle(*circle)]
    return [attributes(shape, "x", "y", "r") for shape in built]


@check(points=2, relies_on=("check_copy_array", "check_copy_tensor"))
def check_copies_keep_any_dtype(chapter):
    for description, x in drawn_arrays_of_other_dtypes():
        expect_array_copy(chapter.run(copied_array_of_dtype, x), x,
                          tr("copy_array(x) for x {description}", description=description))
    for description, t in drawn_tensors_of_other_dtypes():
        expect_tensor_copy(chapter.run(copied_tensor_of_dtype, t), t,
                           tr("copy_tensor(t) for t {description}", description=description))


@check(points=1, relies_on=("check_point_attributes", "check_circle_attributes"))
def check_shapes_keep_their_own_coordinates(chapter):
    points = drawn_shapes("hidden points side by side", 2)  # i18n: internal
    (circle,) = drawn_shapes("hidden circle side by side", 1, radius=True)  # i18n: internal
    found = chapter.run(shapes_side_by_side, points, circle)
    names = [tr("the first of two Points"), tr("the second of two Points"),
             tr("a Circle built after them")]
    expected = [dict(x=x, y=y) for x, y in points] + [dict(zip("xyr", circle))]
    for name, seen, values in zip(names, found, expected):
        if any(a not in seen or isinstance(seen[a], Opaque) for a in values):
            expect_coordinates(seen, name, **values)  # missing: the public checks' causes
        if any(not np.all(np.asarray(seen[a]) == value) for a, value in values.items()):
            fail(tr("{name} does not keep its own coordinates when other shapes are built",
                    name=name),
                 expected=list(values.values()), got=[seen[a] for a in values],
                 cause=SHARED_COORDINATES)
