"""Checks for chapter 1: the Python a deep-learning course relies on.

Every input the learner's code is given is drawn here, in the check, from grader.inputs
(public in a learner's run, secret in course grading): the arrays and tensors to copy, their
shapes, the index and value of the alias experiment, the coordinates and radii of the shapes,
the x of h(x). The oracles hold for whatever was drawn: copies are compared with their inputs
value by value and memory by memory (np.shares_memory, the tensors' storages), drawings are
read back from the matplotlib axes (lines and scatter offsets for markers, Ellipse patches
for circles), and h(x) = 2x^2 + 2 is computed in closed form. Whether Circle reuses Point
(super().__init__, super().draw) is seen by spying on Point's methods while a Circle is built
and drawn.

Everything that needs the learner's objects (making copies and comparing their memory with
the input, building Points and Circles, drawing them on headless axes, spying on Point's
methods) happens in the probes below, which return what they saw as plain data: facts
(same object, shared memory, calls seen), values, and each drawing as its lines, scatter
offsets and circles. The checks judge those facts only (see grader.learner). Drawn values
appear only as "expected" and "got" (hidden in course grading), never in the check's text.
"""

import functools

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.patches import Ellipse

from grader import inputs
from grader.check import check, describe_type, expect_close, fail, learner_text, shape_text
from grader.i18n import tr
from grader.learner import Opaque, tensor_facts

SAME_OBJECT = tr("it returned the same object it was given (return x): both names now share "
                 "one array, so a change through one shows through the other; return a copy "
                 "(x.copy() for an array, t.clone() for a tensor)")
SHARED_MEMORY = tr("it returned a view that shares memory with its input (x[:], .view(), "
                   ".detach(), torch.from_numpy(...)): return a copy, which has memory of its "
                   "own (.copy() / .clone())")
KEEP_DTYPE = tr("a copy keeps the dtype of the original: do not convert it")
GLOBAL_STATE = tr("drew on the current pyplot axes (plt.plot / plt.gca()) instead of the axes "
                  "passed in: use ax.plot / ax.add_patch")
NEW_FIGURE = tr("drew on a new figure (plt.figure / plt.subplots) instead of the axes passed "
                "in: use ax.plot / ax.add_patch")
SUPER_INIT = tr("Circle.__init__ should let Point store x and y: call super().__init__(x, y) "
                "and set only self.r yourself")
SUPER_DRAW = tr("Circle.draw should draw the centre by calling the parent's draw: "
                "super().draw(ax)")
XOR = tr("^ is bitwise XOR in Python, not a power: write the square as x**2")


# ---------------------------------------------------------------- containers: inputs
# Sizes are drawn as well as values; each kind of input keeps its dtype, so a learner's run
# and course grading test the same kinds of array (the hidden checks try other dtypes).

def drawn_size(g: np.random.Generator, low: int, high: int) -> int:
    return int(g.integers(low, high + 1))


def drawn_arrays():
    """(description, x, step) for copy_array: x itself when step is 0, else the probe copies
    x[:, ::step], a non-contiguous view (arguments reach a probe as contiguous copies)."""
    g = inputs.rng("ch01/arrays to copy")  # i18n: internal
    ints = g.integers(0, 100, drawn_size(g, 3, 8))
    floats = g.uniform(-5, 5, (drawn_size(g, 2, 4), drawn_size(g, 2, 5))).astype(np.float32)
    grid = g.uniform(-5, 5, (drawn_size(g, 2, 4), drawn_size(g, 5, 8)))
    step = drawn_size(g, 2, 3)
    sliced = grid[:, ::step].shape
    return [(tr("an int64 array of shape {shape}", shape=shape_text(ints.shape)), ints, 0),
            (tr("a float32 array of shape {shape}", shape=shape_text(floats.shape)), floats, 0),
            (tr("a non-contiguous float64 slice grid[:, ::step] of shape {shape}",
                shape=shape_text(sliced)), grid, step)]


def drawn_tensors():
    """(description, t, transpose) for copy_tensor: with transpose the probe copies t.t(),
    a non-contiguous view (both sizes are at least 2, so it is never contiguous)."""
    g = inputs.generator("ch01/tensors to copy")  # i18n: internal

    def size(low, high):
        return int(torch.randint(low, high + 1, (), generator=g))

    ints = torch.randint(0, 100, (size(3, 8),), generator=g)
    floats = torch.empty(size(2, 4), size(2, 5)).uniform_(-5, 5, generator=g)
    grid = torch.empty(size(2, 4), size(3, 6)).uniform_(-5, 5, generator=g)
    return [(tr("an int64 tensor of shape {shape}", shape=shape_text(ints.shape)), ints, False),
            (tr("a float32 tensor of shape {shape}", shape=shape_text(floats.shape)), floats,
             False),
            (tr("a transposed (non-contiguous) float32 tensor of shape {shape}",
                shape=shape_text(grid.t().shape)), grid, True)]


def drawn_alias_cases():
    """(description, x, index, value): an int64 array and a float32 tensor; value differs
    from x[index], so a change that never reaches x cannot go unseen."""
    g = inputs.rng("ch01/alias")
    array = g.integers(0, 100, drawn_size(g, 3, 6))
    tensor = torch.from_numpy(g.uniform(0, 10, drawn_size(g, 3, 6)).astype(np.float32))
    cases = []
    for x, is_array in ((array, True), (tensor, False)):
        index = drawn_size(g, 0, len(x) - 1)
        value = -drawn_size(g, 1, 99)  # x holds no negative values
        value = value if is_array else float(value) / 4
        shape = shape_text(x.shape)
        description = (tr("an int64 array of shape {shape}", shape=shape) if is_array
                       else tr("a float32 tensor of shape {shape}", shape=shape))
        cases.append((description, x, index, value))
    return cases


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
# After the call each writes into the original a value that differs from every element
# (1 where it held 0, else 0), so a copy that shares its memory shows the write.

def copied_array(code, x, step=0):
    """copy_array(x) (of x[:, ::step] when step), then a write into x; what each step showed."""
    x = x[:, ::step] if step else x
    y = code.containers.copy_array(x)
    is_array = isinstance(y, np.ndarray)
    facts = {"same_object": y is x, "is_array": is_array, "copy": snapshot(y),
             "x_after_call": x.copy(),
             "shares_memory": bool(np.shares_memory(y, x)) if is_array else None,
             "base_is_x": y.base is x if is_array else None}
    x[...] = (x == 0).astype(x.dtype)
    facts["copy_after_write"] = y
    return facts


def copied_tensor(code, t, transpose=False):
    """copy_tensor(t) (of t.t() when transpose), then a write into t; what each step showed."""
    t = t.t() if transpose else t
    c = code.containers.copy_tensor(t)
    is_tensor = isinstance(c, torch.Tensor)
    facts = {"same_object": c is t, "is_tensor": is_tensor, "copy": snapshot(c),
             "t_after_call": t.clone(),
             "device": tensor_facts(c)["device"], "t_device": str(t.device),
             "same_storage": same_storage(c, t) if is_tensor else None}
    t.copy_((t == 0).to(t.dtype))
    facts["copy_after_write"] = c
    return facts


def changed_through_alias(code, x, index, value):
    got = code.containers.change_through_alias(x, index, value)
    return {"returned_x": got is x, "got": got, "x_after": x.tolist()}


# ---------------------------------------------------------------- containers: the checks

def expect_same_contents(copy, original, call):
    if tuple(copy.shape) != tuple(original.shape):
        fail(tr("{call} has the wrong shape", call=call), expected=shape_text(original.shape),
             got=shape_text(copy.shape))
    if copy.dtype != original.dtype:
        fail(tr("{call} has the wrong dtype", call=call), expected=original.dtype,
             got=copy.dtype, cause=KEEP_DTYPE)


def expect_array_copy(seen, original, call):
    """Judge what copied_array saw: a new array, equal to the original (as the check drew
    it, not as the probe reports it), with memory of its own."""
    y, x = seen["copy"], seen["x_after_call"]
    if seen["same_object"]:
        fail(tr("{call} is x itself", call=call),
             expected=tr("a new array with the same values"),
             got=tr("the very object that was passed in"), cause=SAME_OBJECT)
    if not seen["is_array"]:
        fail(tr("{call} should be a NumPy array", call=call), got=describe_type(y),
             cause=tr("return a NumPy array (x.copy()), not a list or a tensor"))
    if isinstance(y, Opaque):  # an array of Python objects
        fail(tr("{call} has the wrong dtype", call=call), expected=x.dtype,
             got=describe_type(y), cause=KEEP_DTYPE)
    if not np.array_equal(x, original):
        fail(tr("{call} changed x", call=call), expected=original, got=x,
             cause=tr("copying must leave the original as it was"))
    expect_same_contents(y, original, call)
    expect_close(y, original, call, atol=0, rtol=0)
    if seen["shares_memory"]:
        fail(tr("{call} shares memory with x", call=call),
             expected=tr("an array with memory of its own"),
             got=tr("a view of x (y.base is x: {base_is_x})", base_is_x=seen["base_is_x"]),
             cause=SHARED_MEMORY)
    if not np.array_equal(seen["copy_after_write"], original):
        fail(tr("writing into x after {call} changed the copy too", call=call),
             expected=original, got=seen["copy_after_write"], cause=SHARED_MEMORY)


def expect_tensor_copy(seen, original, call):
    """Judge what copied_tensor saw: a new tensor, equal to the original (as the check drew
    it), with memory of its own."""
    c, t = seen["copy"], seen["t_after_call"]
    if seen["same_object"]:
        fail(tr("{call} is t itself", call=call),
             expected=tr("a new tensor with the same values"),
             got=tr("the very object that was passed in"), cause=SAME_OBJECT)
    if not seen["is_tensor"]:
        fail(tr("{call} should be a torch.Tensor", call=call), got=describe_type(c),
             cause=tr("return a tensor (t.clone()), not a NumPy array or a list"))
    if not torch.equal(t, original):
        fail(tr("{call} changed t", call=call), expected=original, got=t,
             cause=tr("copying must leave the original as it was"))
    expect_same_contents(c, original, call)
    if seen["device"] != seen["t_device"]:
        fail(tr("{call} is on another device", call=call), expected=seen["t_device"],
             got=seen["device"])
    expect_close(c, original, call, atol=0, rtol=0)
    if seen["same_storage"]:
        fail(tr("{call} shares memory with t", call=call),
             expected=tr("a tensor with memory of its own"),
             got=tr("a tensor on the same storage as t"), cause=SHARED_MEMORY)
    if not torch.equal(seen["copy_after_write"], original):
        fail(tr("writing into t after {call} changed the copy too", call=call),
             expected=original, got=seen["copy_after_write"], cause=SHARED_MEMORY)


@check(points=2)
def check_copy_array(chapter):
    for description, x, step in drawn_arrays():
        seen = chapter.run(copied_array, x, step)
        expect_array_copy(seen, x[:, ::step] if step else x,
                          tr("copy_array(x) for x {description}", description=description))


@check(points=2)
def check_copy_tensor(chapter):
    for description, t, transpose in drawn_tensors():
        seen = chapter.run(copied_tensor, t, transpose)
        expect_tensor_copy(seen, t.t() if transpose else t,
                           tr("copy_tensor(t) for t {description}", description=description))


@check(points=1)
def check_change_through_alias(chapter):
    for description, x, index, value in drawn_alias_cases():
        call = tr("change_through_alias(x, index, value) for x {description}",
                  description=description)
        expected = x.clone() if isinstance(x, torch.Tensor) else x.copy()
        expected[index] = value
        expected = expected.tolist()
        seen = chapter.run(changed_through_alias, x, index, value)
        x_after = seen["x_after"]
        if not seen["returned_x"] and not np.array_equal(np.asarray(x_after), expected):
            fail(tr("after {call} the caller's x did not change", call=call),
                 expected=expected, got=x_after,
                 cause=tr("y = x.copy() (or .clone()) makes an independent copy, so a change "
                          "through y does not reach x; plain assignment y = x shares the "
                          "object"))
        if not seen["returned_x"]:
            fail(tr("{call} should return x itself", call=call),
                 expected=tr("the object that was passed in"), got=describe_type(seen["got"]),
                 cause=tr("return x, not y's copy or a new array"))
        expect_close(x_after, expected, tr("x after {call}", call=call),
                     cause=tr("set y[index] = value after y = x: x sees the change"))


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
        fail(tr("{call} drew on other axes than the one it was given", call=call),
             expected=tr("everything drawn on ax"),
             got=tr("lines or patches on pyplot's current axes"), cause=GLOBAL_STATE)
    if drawing["elsewhere"]:
        fail(tr("{call} drew on a figure of its own", call=call),
             expected=tr("everything drawn on ax"), got=tr("lines or patches on a new figure"),
             cause=NEW_FIGURE)


def marker_positions(drawing) -> list:
    """Where a drawing shows markers: the points of lines with a marker, and scatter points."""
    points = [[float(x), float(y)] for line in drawing["lines"] if line["marker"]
              and line["x"].shape == line["y"].shape for x, y in zip(line["x"], line["y"])]
    return points + [[float(x), float(y)] for offsets in drawing["scatter"]
                     for x, y in offsets]


def expect_marker(drawing, x, y, call, what=None, cause=None):
    """`what`: where the marker should be, as the feedback says it (the point by default)."""
    if markers_at(drawing, x, y):
        return
    what = what or tr("the point")
    expect_only_on(drawing, call)
    if lines_at(drawing, x, y):
        fail(tr("{call} plotted {what} without a marker, so nothing shows", call=call, what=what),
             cause=tr("a single point is only visible as a marker: ax.plot(x, y, marker='o')"))
    fail(tr("{call} drew no marker at {what}", call=call, what=what), expected=[x, y],
         got=marker_positions(drawing) or tr("no marker on ax"),
         cause=cause or tr("plot the point's own coordinates: "
                           "ax.plot(self.x, self.y, marker='o')"))


def expect_coordinates(found, name, **expected):
    """`found`: the attributes an object has (see attributes()), against the expected ones."""
    for attribute, value in expected.items():
        if attribute not in found:
            fail(tr("{name} has no attribute {attribute}", name=name, attribute=attribute),
                 cause=tr("store it in __init__: self.{attribute} = {attribute}",
                          attribute=attribute))
        got = found[attribute]
        if isinstance(got, Opaque) or not np.all(np.asarray(got) == value):
            fail(tr("{name}.{attribute} is not the value passed in", name=name,
                    attribute=attribute), expected=value,
                 got=describe_type(got) if isinstance(got, Opaque) else got)


def expect_centre(has_centre):
    """Fail with the likely cause when Circle(x, y, r) did not get its x and y."""
    if not has_centre:
        fail(tr("Circle(x, y, r) has no attributes x and y"), cause=SUPER_INIT)


def drawn_shapes(stream: str, count: int, radius: bool = False) -> list:
    """`count` tuples (x, y) or (x, y, r) of halves between -9 and 9, none zero.

    Within a tuple the sizes differ (x != +-y, r > 0 differs from |x| and |y|), so swapping
    or dropping a coordinate cannot give the right answer by chance.
    """
    g = inputs.rng(f"ch01/{stream}")
    sizes = np.arange(1, 19) / 2
    shapes = []
    for _ in range(count):
        values = g.choice(sizes, size=3 if radius else 2, replace=False)
        signs = g.choice([-1.0, 1.0], size=2)
        shapes.append(tuple(float(v) for v in (*(values[:2] * signs), *values[2:])))
    return shapes


@check(points=1)
def check_point_attributes(chapter):
    for x, y in drawn_shapes("point attributes", 2):
        expect_coordinates(chapter.run(point_attributes, x, y), "Point(x, y)", x=x, y=y)


@check(points=2, relies_on=("check_point_attributes",))
def check_point_draws_on_given_axes(chapter):
    for x, y in drawn_shapes("point drawing", 2):
        call = "Point(x, y).draw(ax)"
        drawn = chapter.run(point_drawing, x, y)
        expect_marker(drawn, x, y, call)
        expect_only_on(drawn, call)


@check(points=1, relies_on=("check_point_attributes",))
def check_circle_attributes(chapter):
    (x, y, r), = drawn_shapes("circle attributes", 1, radius=True)
    seen = chapter.run(circle_facts, x, y, r)
    expect_centre("x" in seen["attributes"] and "y" in seen["attributes"])
    if not seen["is_point"]:
        fail(tr("a Circle should be a Point"), expected="class Circle(Point)",
             got=learner_text(tr("Circle's bases: {bases}", bases=seen["bases"])),
             cause=tr("keep Point as Circle's parent class"))
    expect_coordinates(seen["attributes"], "Circle(x, y, r)", x=x, y=y, r=r)


@check(points=2, relies_on=("check_point_attributes",))
def check_circle_init_reuses_point_init(chapter):
    (x, y, r), = drawn_shapes("circle init", 1, radius=True)
    seen = chapter.run(circle_init_calls, x, y, r)
    if not seen["point_init_calls"]:
        fail(tr("Circle(x, y, r) did not run Point.__init__"),
             expected=tr("Point.__init__ called with the circle's x and y"),
             got=tr("x and y set by Circle itself") if "x" in seen["attributes"]
             else tr("no call"),
             cause=SUPER_INIT)
    expect_coordinates(seen["attributes"], "Circle(x, y, r)", x=x, y=y, r=r)


@check(points=2, relies_on=("check_point_attributes", "check_point_draws_on_given_axes",
                            "check_circle_attributes"))
def check_circle_draws_centre_and_circle(chapter):
    for x, y, r in drawn_shapes("circle drawing", 2, radius=True):
        call = "Circle(x, y, r).draw(ax)"
        seen = chapter.run(circle_drawing, x, y, r)
        expect_centre(seen["has_centre"])
        drawn = seen["drawing"]
        circles = [c for c in drawn["circles"] if np.allclose(c[0], (x, y))]
        if not circles:
            expect_only_on(drawn, call)
            fail(tr("{call} added no circle centred at (x, y) to ax", call=call),
                 expected=[[x, y], r], got=drawn["circles"] or tr("no circle on ax"),
                 cause="ax.add_patch(patches.Circle(xy=(self.x, self.y), radius=self.r))")
        radius = circles[-1][1]
        if not np.isclose(radius, r):
            fail(tr("the circle drawn by {call} has the wrong radius", call=call), expected=r,
                 got=radius,
                 cause=tr("radius=self.r: the patch takes the radius, not the diameter")
                 if np.isclose(radius, 2 * r) else None)
        expect_marker(drawn, x, y, call, what=tr("the centre"), cause=SUPER_DRAW + tr(
            " (and Point.draw must draw a marker at the point's own x and y)"))
        expect_only_on(drawn, call)


@check(points=2, relies_on=("check_point_attributes", "check_point_draws_on_given_axes",
                            "check_circle_attributes"))
def check_circle_draw_reuses_point_draw(chapter):
    (x, y, r), = drawn_shapes("circle draw calls", 1, radius=True)  # i18n: internal
    seen = chapter.run(circle_draw_calls, x, y, r)
    expect_centre(seen["has_centre"])
    if not seen["point_draw_calls"]:
        fail(tr("Circle.draw did not call Point.draw"),
             expected=tr("the centre drawn by Point.draw"),
             got=tr("a centre drawn by Circle.draw itself") if markers_at(seen["drawing"], x, y)
             else tr("no centre at all"),
             cause=SUPER_DRAW)
    if not seen["ax_passed_on"]:
        fail(tr("Circle.draw called Point.draw without the axes it was given"),
             cause=tr("pass the axes on: super().draw(ax)"))
    expect_marker(seen["drawing"], x, y, "Circle(x, y, r).draw(ax)", what=tr("the centre"),
                  cause=tr("Point.draw, called by super().draw(ax), must draw a marker at the "
                           "circle's own x and y"))


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
        fail(tr("h(x) raised TypeError: {error}", error=learner_text(seen["xor_error"])),
             cause=XOR)
    return seen


def expected_quadratic(x):
    return 2 * np.asarray(x, dtype=float) ** 2 + 2


def drawn_floats(g: np.random.Generator, shape) -> np.ndarray:
    """float64 values between -3 and 3, none closer to 0 than 0.1."""
    return g.uniform(0.1, 3.0, shape) * g.choice([-1.0, 1.0], shape)


def drawn_quadratic_inputs():
    """(description, x): a float64 vector and matrix of drawn sizes (^ on floats raises)."""
    g = inputs.rng("ch01/quadratic values")
    vector = drawn_floats(g, drawn_size(g, 5, 17))
    matrix = drawn_floats(g, (drawn_size(g, 2, 4), drawn_size(g, 2, 5)))
    return [(tr("a float64 array of shape {shape}", shape=shape_text(x.shape)), x)
            for x in (vector, matrix)]


@check(points=2)
def check_quadratic_values(chapter):
    for description, x in drawn_quadratic_inputs():
        call = tr("h(x) for x {description}", description=description)
        y = call_quadratic(chapter, x)["y"]
        if not isinstance(y, np.ndarray):
            fail(tr("{call} should be a NumPy array", call=call), got=describe_type(y),
                 cause=tr("compute on the array itself (2 * x**2 + 2), or wrap a loop's list "
                          "in np.array(...)"))
        if y.shape != x.shape:
            fail(tr("{call} has the wrong shape", call=call), expected=shape_text(x.shape),
                 got=shape_text(y.shape),
                 cause=tr("h works elementwise: one output per element of x, in x's shape"))
        expect_close(y, expected_quadratic(x), call, atol=1e-9, rtol=1e-9,
                     cause=tr("h(x) = 2 * x**2 + 2 for every element"))


@check(points=1)
def check_quadratic_leaves_input_unchanged(chapter):
    g = inputs.rng("ch01/quadratic input")
    x = drawn_floats(g, drawn_size(g, 5, 17))
    seen = call_quadratic(chapter, x)
    if not np.array_equal(seen["x_after"], x):
        fail(tr("h(x) modified the array x it was given"), expected=x, got=seen["x_after"],
             cause=tr("an in-place operation (x **= 2, x *= 2, x += 2) changes the caller's "
                      "array: compute a new one (2 * x**2 + 2)"))
    # and a result of this x: leaving x alone is only half of the job
    expect_close(seen["y"], expected_quadratic(x), tr("h(x), with x left as it was"),
                 atol=1e-9, rtol=1e-9, cause=tr("h(x) = 2 * x**2 + 2 for every element"))
