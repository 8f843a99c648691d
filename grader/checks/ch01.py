"""Checks for chapter 1: the Python a deep-learning course relies on.

Oracles are exact: copies are compared with their inputs value by value and memory by memory
(np.shares_memory, the tensors' storages), drawings are read back from the matplotlib axes
(lines and scatter offsets for markers, Ellipse patches for circles), and h(x) = 2x^2 + 2 is
computed in closed form. Whether Circle reuses Point (super().__init__, super().draw) is seen
by spying on Point's methods while a Circle is built and drawn.

Everything that needs the learner's objects (making copies and comparing their memory with
the input, building Points and Circles, drawing them on headless axes, spying on Point's
methods) happens in the probes below, which return what they saw as plain data: facts
(same object, shared memory, calls seen), values, and each drawing as its lines, scatter
offsets and circles. The checks judge those facts only (see grader.learner).
"""

import functools

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.patches import Ellipse

from grader.check import check, describe_type, expect_close, fail
from grader.learner import Opaque, tensor_facts

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


# (x's values, its kind, index, value, x expected afterwards)
ALIAS_CASES = [([5, 7, 9], "array", 1, -1, [5, -1, 9]),
               ([1.0, 2.0, 3.0], "tensor", 0, 10.0, [10.0, 2.0, 3.0])]


def snapshot(value):
    """A copy of an array or tensor as it is now (anything else is returned as it is).

    Not plain(): the runner makes the probe's result plain, and plain() of a value that is
    already an Opaque description would describe the description.
    """
    if isinstance(value, torch.Tensor):
        return value.detach().clone()
    if isinstance(value, np.ndarray):
        return value.copy()
    return value


def same_storage(a: torch.Tensor, b: torch.Tensor) -> bool:
    return a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()


# Probes: they run beside the learner's code and return what they saw (grader.learner).

def copied_array(code, description):
    """copy_array(x) for one of array_inputs(), then a write into x; what each step showed."""
    x = dict(array_inputs())[description]
    before = x.copy()
    y = code.containers.copy_array(x)
    is_array = isinstance(y, np.ndarray)
    facts = {"same_object": y is x, "is_array": is_array, "copy": snapshot(y),
             "before": before, "x_after_call": x.copy(),
             "shares_memory": bool(np.shares_memory(y, x)) if is_array else None,
             "base_is_x": y.base is x if is_array else None}
    x[...] = -7
    facts["copy_after_write"] = y
    return facts


def copied_tensor(code, description):
    """copy_tensor(t) for one of tensor_inputs(), then a write into t; what each step showed."""
    t = dict(tensor_inputs())[description]
    before = t.clone()
    c = code.containers.copy_tensor(t)
    is_tensor = isinstance(c, torch.Tensor)
    facts = {"same_object": c is t, "is_tensor": is_tensor, "copy": snapshot(c),
             "before": before, "t_after_call": t.clone(),
             "device": tensor_facts(c)["device"], "t_device": str(t.device),
             "same_storage": same_storage(c, t) if is_tensor else None}
    t.fill_(-7)
    facts["copy_after_write"] = c
    return facts


def changed_through_alias(code, values, kind, index, value):
    x = np.array(values) if kind == "array" else torch.tensor(values)
    got = code.containers.change_through_alias(x, index, value)
    return {"returned_x": got is x, "got": got, "x_after": x.tolist()}


# ---------------------------------------------------------------- containers: the checks

def expect_same_contents(copy, original, call):
    if tuple(copy.shape) != tuple(original.shape):
        fail(f"{call} has the wrong shape", expected=list(original.shape), got=list(copy.shape))
    if copy.dtype != original.dtype:
        fail(f"{call} has the wrong dtype", expected=original.dtype, got=copy.dtype,
             cause="a copy keeps the dtype of the original: do not convert it")


@check(points=2)
def check_copy_array(chapter):
    for description, _ in array_inputs():
        call = f"copy_array(x) for x = {description}"
        seen = chapter.run(copied_array, description)
        y, x = seen["copy"], seen["x_after_call"]
        if seen["same_object"]:
            fail(f"{call} is x itself", expected="a new array with the same values",
                 got="the very object that was passed in", cause=SAME_OBJECT)
        if not seen["is_array"]:
            fail(f"{call} should be a NumPy array", got=describe_type(y),
                 cause="return a NumPy array (x.copy()), not a list or a tensor")
        if isinstance(y, Opaque):  # an array of Python objects
            fail(f"{call} has the wrong dtype", expected=x.dtype, got=describe_type(y),
                 cause="a copy keeps the dtype of the original: do not convert it")
        if not np.array_equal(x, seen["before"]):
            fail(f"{call} changed x", expected=seen["before"], got=x,
                 cause="copying must leave the original as it was")
        expect_same_contents(y, x, call)
        expect_close(y, x, call, atol=0, rtol=0)
        if seen["shares_memory"]:
            fail(f"{call} shares memory with x", expected="an array with memory of its own",
                 got=f"a view of x (y.base is x: {seen['base_is_x']})", cause=SHARED_MEMORY)
        if np.any(seen["copy_after_write"] == -7):
            fail(f"writing into x after {call} changed the copy too",
                 expected="the copy keeps the old values", got=seen["copy_after_write"],
                 cause=SHARED_MEMORY)


@check(points=2)
def check_copy_tensor(chapter):
    for description, _ in tensor_inputs():
        call = f"copy_tensor(t) for t = {description}"
        seen = chapter.run(copied_tensor, description)
        c, t = seen["copy"], seen["t_after_call"]
        if seen["same_object"]:
            fail(f"{call} is t itself", expected="a new tensor with the same values",
                 got="the very object that was passed in", cause=SAME_OBJECT)
        if not seen["is_tensor"]:
            fail(f"{call} should be a torch.Tensor", got=describe_type(c),
                 cause="return a tensor (t.clone()), not a NumPy array or a list")
        if not torch.equal(t, seen["before"]):
            fail(f"{call} changed t", expected=seen["before"], got=t,
                 cause="copying must leave the original as it was")
        expect_same_contents(c, t, call)
        if seen["device"] != seen["t_device"]:
            fail(f"{call} is on another device", expected=seen["t_device"], got=seen["device"])
        expect_close(c, t, call, atol=0, rtol=0)
        if seen["same_storage"]:
            fail(f"{call} shares memory with t", expected="a tensor with memory of its own",
                 got="a tensor on the same storage as t", cause=SHARED_MEMORY)
        if bool((seen["copy_after_write"] == -7).any()):
            fail(f"writing into t after {call} changed the copy too",
                 expected="the copy keeps the old values", got=seen["copy_after_write"],
                 cause=SHARED_MEMORY)


@check(points=1)
def check_change_through_alias(chapter):
    for values, kind, index, value, expected in ALIAS_CASES:
        call = f"change_through_alias(x, {index}, {value}) for x = {values}"
        seen = chapter.run(changed_through_alias, values, kind, index, value)
        x = seen["x_after"]
        if not seen["returned_x"] and not np.array_equal(np.asarray(x), expected):
            fail(f"after {call} the caller's x did not change", expected=expected, got=x,
                 cause="y = x.copy() (or .clone()) makes an independent copy, so a change "
                       "through y does not reach x; plain assignment y = x shares the object")
        if not seen["returned_x"]:
            fail(f"{call} should return x itself", expected="the object that was passed in",
                 got=describe_type(seen["got"]), cause="return x, not y's copy or a new array")
        expect_close(x, expected, f"x after {call}",
                     cause="set y[index] = value after y = x: x sees the change")


# ---------------------------------------------------------------- shapes: probes

def figure_with_two_axes():
    """(fig, ax, other): draw on ax while `other`, beside it, is pyplot's current axes."""
    fig, (ax, other) = plt.subplots(1, 2)
    plt.sca(other)
    return fig, ax, other


def has_marker(line) -> bool:
    marker = line.get_marker()
    return not (marker is None or (isinstance(marker, str) and marker.strip().lower()
                                   in ("", "none")))


def as_floats(data) -> np.ndarray:
    try:
        return np.atleast_1d(np.asarray(data, dtype=float))
    except (TypeError, ValueError):  # not numbers: nothing drawn at a point
        return np.zeros(0)


def drawn_elsewhere(ax):
    """Axes, in any open pyplot figure, other than ax that hold something drawn."""
    current = plt.gcf()
    figures = [plt.figure(number) for number in plt.get_fignums()]
    plt.figure(current)  # looking must not change pyplot's current figure
    return [other for figure in figures for other in figure.axes
            if other is not ax and (other.lines or other.collections or other.patches)]


def drawing(ax) -> dict:
    """What ax shows, as plain data, and where else something was drawn.

    lines: their data and whether they have a marker; scatter: each collection's offsets;
    circles: (centre, radius) of each circle patch; elsewhere: for each other axes holding a
    drawing, "same figure" (pyplot's current axes beside ax) or "new figure".
    """
    return {
        "lines": [{"x": as_floats(line.get_xdata()), "y": as_floats(line.get_ydata()),
                   "marker": has_marker(line)} for line in ax.lines],
        "scatter": [as_floats(collection.get_offsets()).reshape(-1, 2)
                    for collection in ax.collections],
        "circles": [((float(p.center[0]), float(p.center[1])), float(p.width / 2))
                    for p in ax.patches
                    if isinstance(p, Ellipse) and np.isclose(p.width, p.height)],
        "elsewhere": ["same figure" if other.figure is ax.figure else "new figure"
                      for other in drawn_elsewhere(ax)],
    }


def attributes(obj, *names) -> dict:
    """The values of those of `names` that obj has as attributes."""
    return {name: getattr(obj, name) for name in names if hasattr(obj, name)}


def has_centre(obj) -> bool:
    return hasattr(obj, "x") and hasattr(obj, "y")


_UNSET = object()


class Spy:
    """Replaces cls.name, until restore(), with a wrapper that runs it and records each call.

    Patched and restored by hand (a probe has no monkeypatch fixture), as monkeypatch does:
    what cls itself held is put back, or the attribute removed if cls only inherited it.
    """

    def __init__(self, cls, name):
        self.cls, self.name, self.calls = cls, name, []
        self.saved = cls.__dict__.get(name, _UNSET)
        original = getattr(cls, name)

        @functools.wraps(original)
        def spy(self_, *args, **kwargs):
            self.calls.append((args, kwargs))
            return original(self_, *args, **kwargs)

        setattr(cls, name, spy)

    def restore(self):
        if self.saved is _UNSET:
            delattr(self.cls, self.name)
        else:
            setattr(self.cls, self.name, self.saved)


def point_attributes(code, x, y):
    return attributes(code.shapes.Point(x, y), "x", "y")


def point_drawing(code, x, y):
    fig, ax, _ = figure_with_two_axes()
    try:
        code.shapes.Point(x, y).draw(ax)
        return drawing(ax)
    finally:
        plt.close(fig)


def circle_facts(code, x, y, r):
    Point, Circle = code.shapes.Point, code.shapes.Circle
    circle = Circle(x, y, r)
    return {"attributes": attributes(circle, "x", "y", "r"),
            "is_point": isinstance(circle, Point),
            "bases": [base.__name__ for base in Circle.__bases__]}


def circle_init_calls(code, x, y, r):
    spy = Spy(code.shapes.Point, "__init__")
    try:
        circle = code.shapes.Circle(x, y, r)
        return {"point_init_calls": len(spy.calls), "attributes": attributes(circle, "x", "y", "r")}
    finally:
        spy.restore()


def circle_drawing(code, x, y, r):
    """The drawing of Circle(x, y, r) on fresh axes; None when the circle has no x and y."""
    circle = code.shapes.Circle(x, y, r)
    if not has_centre(circle):
        return {"has_centre": False, "drawing": None}
    fig, ax, _ = figure_with_two_axes()
    try:
        circle.draw(ax)
        return {"has_centre": True, "drawing": drawing(ax)}
    finally:
        plt.close(fig)


def circle_draw_calls(code, x, y, r):
    """How Circle(x, y, r).draw(ax) called Point.draw, and what it drew."""
    spy = Spy(code.shapes.Point, "draw")
    try:
        circle = code.shapes.Circle(x, y, r)
        if not has_centre(circle):
            return {"has_centre": False}
        fig, ax, _ = figure_with_two_axes()
        try:
            circle.draw(ax)
            passed = [kwargs.get("ax", args[0] if args else None) for args, kwargs in spy.calls]
            return {"has_centre": True, "point_draw_calls": len(spy.calls),
                    "ax_passed_on": any(given is ax for given in passed),
                    "drawing": drawing(ax)}
        finally:
            plt.close(fig)
    finally:
        spy.restore()


# ---------------------------------------------------------------- shapes: the checks

def lines_at(drawing, x, y):
    """The lines of a drawing that pass through (x, y)."""
    return [line for line in drawing["lines"]
            if line["x"].shape == line["y"].shape
            and np.any(np.isclose(line["x"], x) & np.isclose(line["y"], y))]


def markers_at(drawing, x, y) -> int:
    """How many markers a drawing shows at (x, y): lines with a marker, or scatter points."""
    count = sum(line["marker"] for line in lines_at(drawing, x, y))
    for offsets in drawing["scatter"]:
        count += int(np.any(np.isclose(offsets[:, 0], x) & np.isclose(offsets[:, 1], y)))
    return count


def expect_only_on(drawing, call):
    if "same figure" in drawing["elsewhere"]:
        fail(f"{call} drew on other axes than the one it was given",
             expected="everything drawn on ax", got="lines or patches on pyplot's current axes",
             cause=GLOBAL_STATE)
    if drawing["elsewhere"]:
        fail(f"{call} drew on a figure of its own", expected="everything drawn on ax",
             got="lines or patches on a new figure", cause=NEW_FIGURE)


def expect_marker(drawing, x, y, call, what="the point", cause=None):
    if markers_at(drawing, x, y):
        return
    expect_only_on(drawing, call)
    if lines_at(drawing, x, y):
        fail(f"{call} plotted ({x}, {y}) without a marker, so nothing shows",
             cause="a single point is only visible as a marker: ax.plot(x, y, marker='o')")
    fail(f"{call} drew no marker at {what}", expected=f"a marker at ({x}, {y})",
         got=f"{len(drawing['lines'])} line(s) and {len(drawing['scatter'])} scatter "
             "collection(s) on ax, none at that point",
         cause=cause or "plot the point's own coordinates: ax.plot(self.x, self.y, marker='o')")


def expect_coordinates(found, name, **expected):
    """`found`: the attributes an object has (see attributes()), against the expected ones."""
    for attribute, value in expected.items():
        if attribute not in found:
            fail(f"{name} has no attribute {attribute}",
                 cause=f"store it in __init__: self.{attribute} = {attribute}")
        got = found[attribute]
        if isinstance(got, Opaque) or not np.all(np.asarray(got) == value):
            fail(f"{name}.{attribute} is not the value passed in", expected=value,
                 got=describe_type(got) if isinstance(got, Opaque) else got)


def expect_centre(has_centre, x, y, r):
    """Fail with the likely cause when Circle(x, y, r) did not get its x and y."""
    if not has_centre:
        fail(f"Circle({x}, {y}, {r}) has no attributes x and y", cause=SUPER_INIT)


@check(points=1)
def check_point_attributes(chapter):
    for x, y in ((2, 3), (-1, -2)):
        expect_coordinates(chapter.run(point_attributes, x, y), f"Point({x}, {y})", x=x, y=y)


@check(points=2)
def check_point_draws_on_given_axes(chapter):
    for x, y in ((2, 3), (-1, -2)):
        call = f"Point({x}, {y}).draw(ax)"
        drawn = chapter.run(point_drawing, x, y)
        expect_marker(drawn, x, y, call)
        expect_only_on(drawn, call)


@check(points=1)
def check_circle_attributes(chapter):
    seen = chapter.run(circle_facts, 1, 0, 2)
    expect_centre("x" in seen["attributes"] and "y" in seen["attributes"], 1, 0, 2)
    if not seen["is_point"]:
        fail("a Circle should be a Point", expected="class Circle(Point)",
             got=f"Circle's bases: {seen['bases']}",
             cause="keep Point as Circle's parent class")
    expect_coordinates(seen["attributes"], "Circle(1, 0, 2)", x=1, y=0, r=2)


@check(points=2)
def check_circle_init_reuses_point_init(chapter):
    seen = chapter.run(circle_init_calls, 1, 0, 2)
    if not seen["point_init_calls"]:
        fail("Circle(1, 0, 2) did not run Point.__init__",
             expected="Point.__init__ called with x=1, y=0",
             got="x and y set by Circle itself" if "x" in seen["attributes"] else "no call",
             cause=SUPER_INIT)
    expect_coordinates(seen["attributes"], "Circle(1, 0, 2)", x=1, y=0, r=2)


@check(points=2)
def check_circle_draws_centre_and_circle(chapter):
    for x, y, r in ((1, 0, 2), (-1.5, 2.5, 0.5)):
        call = f"Circle({x}, {y}, {r}).draw(ax)"
        seen = chapter.run(circle_drawing, x, y, r)
        expect_centre(seen["has_centre"], x, y, r)
        drawn = seen["drawing"]
        circles = [c for c in drawn["circles"] if np.allclose(c[0], (x, y))]
        if not circles:
            expect_only_on(drawn, call)
            fail(f"{call} added no circle centred at ({x}, {y}) to ax",
                 expected=f"a matplotlib.patches.Circle at ({x}, {y}) in ax.patches",
                 got=f"circles (centre, radius) on ax: {drawn['circles']}",
                 cause="ax.add_patch(patches.Circle(xy=(self.x, self.y), radius=self.r))")
        radius = circles[-1][1]
        if not np.isclose(radius, r):
            fail(f"the circle drawn by {call} has the wrong radius", expected=r, got=radius,
                 cause="radius=self.r: the patch takes the radius, not the diameter"
                 if np.isclose(radius, 2 * r) else None)
        expect_marker(drawn, x, y, call, what="the centre", cause=SUPER_DRAW + (
            " (and Point.draw must draw a marker at the point's own x and y)"))
        expect_only_on(drawn, call)


@check(points=2)
def check_circle_draw_reuses_point_draw(chapter):
    seen = chapter.run(circle_draw_calls, 1, 0, 2)
    expect_centre(seen["has_centre"], 1, 0, 2)
    if not seen["point_draw_calls"]:
        fail("Circle.draw did not call Point.draw",
             expected="the centre drawn by Point.draw",
             got="a centre drawn by Circle.draw itself" if markers_at(seen["drawing"], 1, 0)
             else "no centre at all",
             cause=SUPER_DRAW)
    if not seen["ax_passed_on"]:
        fail("Circle.draw called Point.draw without the axes it was given",
             cause="pass the axes on: super().draw(ax)")


# ---------------------------------------------------------------- callables

def quadratic(code, x):
    """h(x) with h = Quadratic(), and x afterwards; a TypeError of `^` is reported as such."""
    h = code.callables.Quadratic()
    try:
        y = h(x)
    except TypeError as error:
        if "bitwise_xor" in str(error) or "^" in str(error):
            return {"xor_error": str(error)}
        raise
    return {"xor_error": None, "y": y, "x_after": x}


def call_quadratic(chapter, x):
    """What the probe saw of h(x), failing with the likely cause when ^ was used."""
    seen = chapter.run(quadratic, x)
    if seen["xor_error"] is not None:
        fail(f"h(x) raised TypeError: {seen['xor_error']}", cause=XOR)
    return seen


def expected_quadratic(x):
    return 2 * np.asarray(x, dtype=float) ** 2 + 2


@check(points=2)
def check_quadratic_values(chapter):
    inputs = [("np.arange(-2, 2.1, 0.25)", np.arange(-2, 2.1, 0.25)),
              ("an array of shape [2, 3]", np.array([[-3.0, -0.5, 0.0], [0.1, 1.0, 4.0]]))]
    for description, x in inputs:
        call = f"h(x) for x = {description}"
        y = call_quadratic(chapter, x)["y"]
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
    after = call_quadratic(chapter, x)["x_after"]
    if not np.array_equal(after, x):
        fail("h(x) modified the array x it was given", expected=x, got=after,
             cause="an in-place operation (x **= 2, x *= 2, x += 2) changes the caller's "
                   "array: compute a new one (2 * x**2 + 2)")
