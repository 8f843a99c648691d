"""Checks for chapter 1: the Python a deep-learning course relies on.

Oracles are exact: copies are compared with their inputs value by value and memory by memory
(np.shares_memory, the tensors' storages), drawings are read back from the matplotlib axes
(lines and scatter offsets for markers, Ellipse patches for circles), and h(x) = 2x^2 + 2 is
computed in closed form. Whether Circle reuses Point (super().__init__, super().draw) is seen
by spying on Point's methods while a Circle is built and drawn.
"""

import functools

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.patches import Ellipse

from grader.check import check, describe_type, expect_close, fail

SAME_OBJECT = ("it returned the same object it was given (return x): both names now share "
               "one array, so a change through one shows through the other; return a copy "
               "(x.copy() for an array, t.clone() for a tensor)")
SHARED_MEMORY = ("it returned a view that shares memory with its input (x[:], .view(), "
                 ".detach(), torch.from_numpy(...)): return a copy, which has memory of its "
                 "own (.copy() / .clone())")
GLOBAL_STATE = ("drew on the current pyplot axes (plt.plot / plt.gca()) instead of the axes "
                "passed in: use ax.plot / ax.add_patch")
NEW_FIGURE = ("drew on a new figure (plt.figure / plt.subplots) instead of the axes passed in: "
              "use ax.plot / ax.add_patch")
SUPER_INIT = ("Circle.__init__ should let Point store x and y: call super().__init__(x, y) and "
              "set only self.r yourself")
SUPER_DRAW = "Circle.draw should draw the centre by calling the parent's draw: super().draw(ax)"
XOR = "^ is bitwise XOR in Python, not a power: write the square as x**2"


# ---------------------------------------------------------------- containers

def array_inputs():
    """(description, array) pairs: the course's example, a float32 matrix, a strided view."""
    grid = np.arange(24, dtype=np.float64).reshape(4, 6) / 4
    return [("np.array([5, 7, 9])", np.array([5, 7, 9])),
            ("a float32 array of shape [2, 3]",
             np.array([[0.5, -1.0, 2.0], [3.5, 0.0, -4.25]], dtype=np.float32)),
            ("a non-contiguous slice grid[:, ::2]", grid[:, ::2])]


def tensor_inputs():
    grid = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    return [("torch.tensor([5, 7, 9])", torch.tensor([5, 7, 9])),
            ("a float32 tensor of shape [2, 3]",
             torch.tensor([[0.5, -1.0, 2.0], [3.5, 0.0, -4.25]])),
            ("a transposed (non-contiguous) tensor of shape [4, 3]", grid.t())]


def expect_same_contents(copy, original, call):
    if tuple(copy.shape) != tuple(original.shape):
        fail(f"{call} has the wrong shape", expected=list(original.shape), got=list(copy.shape))
    if copy.dtype != original.dtype:
        fail(f"{call} has the wrong dtype", expected=original.dtype, got=copy.dtype,
             cause="a copy keeps the dtype of the original: do not convert it")


@check(points=2)
def check_copy_array(chapter):
    for description, x in array_inputs():
        call = f"copy_array(x) for x = {description}"
        before = x.copy()
        y = chapter.containers.copy_array(x)
        if y is x:
            fail(f"{call} is x itself", expected="a new array with the same values",
                 got="the very object that was passed in", cause=SAME_OBJECT)
        if not isinstance(y, np.ndarray):
            fail(f"{call} should be a NumPy array", got=describe_type(y),
                 cause="return a NumPy array (x.copy()), not a list or a tensor")
        if not np.array_equal(x, before):
            fail(f"{call} changed x", expected=before, got=x,
                 cause="copying must leave the original as it was")
        expect_same_contents(y, x, call)
        expect_close(y, x, call, atol=0, rtol=0)
        if np.shares_memory(y, x):
            fail(f"{call} shares memory with x", expected="an array with memory of its own",
                 got=f"a view of x (y.base is x: {y.base is x})", cause=SHARED_MEMORY)
        x[...] = -7
        if np.any(y == -7):
            fail(f"writing into x after {call} changed the copy too",
                 expected="the copy keeps the old values", got=y, cause=SHARED_MEMORY)


def same_storage(a: torch.Tensor, b: torch.Tensor) -> bool:
    return a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()


@check(points=2)
def check_copy_tensor(chapter):
    for description, t in tensor_inputs():
        call = f"copy_tensor(t) for t = {description}"
        before = t.clone()
        c = chapter.containers.copy_tensor(t)
        if c is t:
            fail(f"{call} is t itself", expected="a new tensor with the same values",
                 got="the very object that was passed in", cause=SAME_OBJECT)
        if not isinstance(c, torch.Tensor):
            fail(f"{call} should be a torch.Tensor", got=describe_type(c),
                 cause="return a tensor (t.clone()), not a NumPy array or a list")
        if not torch.equal(t, before):
            fail(f"{call} changed t", expected=before, got=t,
                 cause="copying must leave the original as it was")
        expect_same_contents(c, t, call)
        if c.device != t.device:
            fail(f"{call} is on another device", expected=t.device, got=c.device)
        expect_close(c, t, call, atol=0, rtol=0)
        if same_storage(c, t):
            fail(f"{call} shares memory with t", expected="a tensor with memory of its own",
                 got="a tensor on the same storage as t", cause=SHARED_MEMORY)
        t.fill_(-7)
        if bool((c == -7).any()):
            fail(f"writing into t after {call} changed the copy too",
                 expected="the copy keeps the old values", got=c, cause=SHARED_MEMORY)


@check(points=1)
def check_change_through_alias(chapter):
    cases = [(np.array([5, 7, 9]), 1, -1, [5, -1, 9]),
             (torch.tensor([1.0, 2.0, 3.0]), 0, 10.0, [10.0, 2.0, 3.0])]
    for x, index, value, expected in cases:
        call = f"change_through_alias(x, {index}, {value}) for x = {x.tolist()}"
        got = chapter.containers.change_through_alias(x, index, value)
        if got is not x and not np.array_equal(np.asarray(x.tolist()), expected):
            fail(f"after {call} the caller's x did not change", expected=expected,
                 got=x.tolist(),
                 cause="y = x.copy() (or .clone()) makes an independent copy, so a change "
                       "through y does not reach x; plain assignment y = x shares the object")
        if got is not x:
            fail(f"{call} should return x itself", expected="the object that was passed in",
                 got=describe_type(got), cause="return x, not y's copy or a new array")
        expect_close(x, expected, f"x after {call}",
                     cause="set y[index] = value after y = x: x sees the change")


# ---------------------------------------------------------------- shapes

def figure_with_two_axes():
    """(fig, ax, other): draw on ax while `other`, beside it, is pyplot's current axes."""
    fig, (ax, other) = plt.subplots(1, 2)
    plt.sca(other)
    return fig, ax, other


def has_marker(line) -> bool:
    marker = line.get_marker()
    return not (marker is None or (isinstance(marker, str) and marker.strip().lower()
                                   in ("", "none")))


def lines_at(ax, x, y):
    """The Line2D objects of ax that pass through (x, y)."""
    found = []
    for line in ax.lines:
        xs = np.atleast_1d(np.asarray(line.get_xdata(), dtype=float))
        ys = np.atleast_1d(np.asarray(line.get_ydata(), dtype=float))
        if xs.shape == ys.shape and np.any(np.isclose(xs, x) & np.isclose(ys, y)):
            found.append(line)
    return found


def markers_at(ax, x, y) -> int:
    """How many markers ax shows at (x, y): plotted lines with a marker, or scatter points."""
    count = sum(has_marker(line) for line in lines_at(ax, x, y))
    for collection in ax.collections:
        offsets = np.asarray(collection.get_offsets(), dtype=float).reshape(-1, 2)
        count += int(np.any(np.isclose(offsets[:, 0], x) & np.isclose(offsets[:, 1], y)))
    return count


def circles_on(ax):
    """(centre, radius) of each circle patch of ax."""
    return [((float(p.center[0]), float(p.center[1])), p.width / 2) for p in ax.patches
            if isinstance(p, Ellipse) and np.isclose(p.width, p.height)]


def drawn_elsewhere(ax):
    """Axes, in any open pyplot figure, other than ax that hold something drawn."""
    current = plt.gcf()
    figures = [plt.figure(number) for number in plt.get_fignums()]
    plt.figure(current)  # looking must not change pyplot's current figure
    return [other for figure in figures for other in figure.axes
            if other is not ax and (other.lines or other.collections or other.patches)]


def expect_only_on(ax, call):
    elsewhere = drawn_elsewhere(ax)
    if any(other.figure is ax.figure for other in elsewhere):
        fail(f"{call} drew on other axes than the one it was given",
             expected="everything drawn on ax", got="lines or patches on pyplot's current axes",
             cause=GLOBAL_STATE)
    if elsewhere:
        fail(f"{call} drew on a figure of its own", expected="everything drawn on ax",
             got="lines or patches on a new figure", cause=NEW_FIGURE)


def expect_marker(ax, x, y, call, what="the point", cause=None):
    if markers_at(ax, x, y):
        return
    expect_only_on(ax, call)
    if lines_at(ax, x, y):
        fail(f"{call} plotted ({x}, {y}) without a marker, so nothing shows",
             cause="a single point is only visible as a marker: ax.plot(x, y, marker='o')")
    fail(f"{call} drew no marker at {what}", expected=f"a marker at ({x}, {y})",
         got=f"{len(ax.lines)} line(s) and {len(ax.collections)} scatter collection(s) on ax, "
             "none at that point",
         cause=cause or "plot the point's own coordinates: ax.plot(self.x, self.y, marker='o')")


def expect_coordinates(obj, name, **expected):
    for attribute, value in expected.items():
        if not hasattr(obj, attribute):
            fail(f"{name} has no attribute {attribute}",
                 cause=f"store it in __init__: self.{attribute} = {attribute}")
        if not np.all(np.asarray(getattr(obj, attribute)) == value):
            fail(f"{name}.{attribute} is not the value passed in", expected=value,
                 got=getattr(obj, attribute))


@check(points=1)
def check_point_attributes(chapter):
    for x, y in ((2, 3), (-1, -2)):
        expect_coordinates(chapter.shapes.Point(x, y), f"Point({x}, {y})", x=x, y=y)


@check(points=2)
def check_point_draws_on_given_axes(chapter):
    fig, ax, _ = figure_with_two_axes()
    try:
        for x, y in ((2, 3), (-1, -2)):
            call = f"Point({x}, {y}).draw(ax)"
            chapter.shapes.Point(x, y).draw(ax)
            expect_marker(ax, x, y, call)
            expect_only_on(ax, call)
    finally:
        plt.close(fig)


def make_circle(chapter, x, y, r):
    """Circle(x, y, r), failing with the likely cause when it did not get its x and y."""
    circle = chapter.shapes.Circle(x, y, r)
    if not (hasattr(circle, "x") and hasattr(circle, "y")):
        fail(f"Circle({x}, {y}, {r}) has no attributes x and y", cause=SUPER_INIT)
    return circle


@check(points=1)
def check_circle_attributes(chapter):
    Point, Circle = chapter.shapes.Point, chapter.shapes.Circle
    circle = make_circle(chapter, 1, 0, 2)
    if not isinstance(circle, Point):
        fail("a Circle should be a Point", expected="class Circle(Point)",
             got=f"Circle's bases: {[base.__name__ for base in Circle.__bases__]}",
             cause="keep Point as Circle's parent class")
    expect_coordinates(circle, "Circle(1, 0, 2)", x=1, y=0, r=2)


def spy_on(monkeypatch, cls, name):
    """Replace cls.name with a wrapper that still runs it and records each call's arguments."""
    original = getattr(cls, name)
    calls = []

    @functools.wraps(original)
    def spy(self, *args, **kwargs):
        calls.append((args, kwargs))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, spy)
    return calls


@check(points=2)
def check_circle_init_reuses_point_init(chapter, monkeypatch):
    calls = spy_on(monkeypatch, chapter.shapes.Point, "__init__")
    circle = chapter.shapes.Circle(1, 0, 2)
    if not calls:
        fail("Circle(1, 0, 2) did not run Point.__init__",
             expected="Point.__init__ called with x=1, y=0",
             got="x and y set by Circle itself" if hasattr(circle, "x") else "no call",
             cause=SUPER_INIT)
    expect_coordinates(circle, "Circle(1, 0, 2)", x=1, y=0, r=2)


@check(points=2)
def check_circle_draws_centre_and_circle(chapter):
    fig, ax, _ = figure_with_two_axes()
    try:
        for x, y, r in ((1, 0, 2), (-1.5, 2.5, 0.5)):
            call = f"Circle({x}, {y}, {r}).draw(ax)"
            make_circle(chapter, x, y, r).draw(ax)
            circles = [c for c in circles_on(ax) if np.allclose(c[0], (x, y))]
            if not circles:
                expect_only_on(ax, call)
                fail(f"{call} added no circle centred at ({x}, {y}) to ax",
                     expected=f"a matplotlib.patches.Circle at ({x}, {y}) in ax.patches",
                     got=f"circles (centre, radius) on ax: {circles_on(ax)}",
                     cause="ax.add_patch(patches.Circle(xy=(self.x, self.y), radius=self.r))")
            radius = circles[-1][1]
            if not np.isclose(radius, r):
                fail(f"the circle drawn by {call} has the wrong radius", expected=r, got=radius,
                     cause="radius=self.r: the patch takes the radius, not the diameter"
                     if np.isclose(radius, 2 * r) else None)
            expect_marker(ax, x, y, call, what="the centre", cause=SUPER_DRAW + (
                " (and Point.draw must draw a marker at the point's own x and y)"))
            expect_only_on(ax, call)
    finally:
        plt.close(fig)


@check(points=2)
def check_circle_draw_reuses_point_draw(chapter, monkeypatch):
    calls = spy_on(monkeypatch, chapter.shapes.Point, "draw")
    circle = make_circle(chapter, 1, 0, 2)
    fig, ax, _ = figure_with_two_axes()
    try:
        circle.draw(ax)
        if not calls:
            fail("Circle.draw did not call Point.draw",
                 expected="the centre drawn by Point.draw",
                 got="a centre drawn by Circle.draw itself" if markers_at(ax, 1, 0)
                 else "no centre at all",
                 cause=SUPER_DRAW)
        passed = [kwargs.get("ax", args[0] if args else None) for args, kwargs in calls]
        if not any(given is ax for given in passed):
            fail("Circle.draw called Point.draw without the axes it was given",
                 cause="pass the axes on: super().draw(ax)")
    finally:
        plt.close(fig)


# ---------------------------------------------------------------- callables

def call_quadratic(chapter, x):
    h = chapter.callables.Quadratic()
    try:
        return h(x)
    except TypeError as error:
        if "bitwise_xor" in str(error) or "^" in str(error):
            fail(f"h(x) raised TypeError: {error}", cause=XOR)
        raise


def expected_quadratic(x):
    return 2 * np.asarray(x, dtype=float) ** 2 + 2


@check(points=2)
def check_quadratic_values(chapter):
    inputs = [("np.arange(-2, 2.1, 0.25)", np.arange(-2, 2.1, 0.25)),
              ("an array of shape [2, 3]", np.array([[-3.0, -0.5, 0.0], [0.1, 1.0, 4.0]]))]
    for description, x in inputs:
        call = f"h(x) for x = {description}"
        y = call_quadratic(chapter, x.copy())
        if not isinstance(y, np.ndarray):
            fail(f"{call} should be a NumPy array", got=describe_type(y),
                 cause="compute on the array itself (2 * x**2 + 2), or wrap a loop's list "
                       "in np.array(...)")
        if y.shape != x.shape:
            fail(f"{call} has the wrong shape", expected=list(x.shape), got=list(y.shape),
                 cause="h works elementwise: one output per element of x, in x's shape")
        expect_close(y, expected_quadratic(x), call, atol=1e-9, rtol=1e-9,
                     cause="h(x) = 2 * x**2 + 2 for every element")


@check(points=1)
def check_quadratic_leaves_input_unchanged(chapter):
    x = np.arange(-2, 2.1, 0.25)
    before = x.copy()
    call_quadratic(chapter, x)
    if not np.array_equal(x, before):
        fail("h(x) modified the array x it was given", expected=before, got=x,
             cause="an in-place operation (x **= 2, x *= 2, x += 2) changes the caller's "
                   "array: compute a new one (2 * x**2 + 2)")
