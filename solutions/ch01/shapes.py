"""Classes, inheritance and overriding: a Point and a Circle that draw themselves.

Each draw method draws on the matplotlib axes it is given (ax.plot, ax.add_patch), never on
pyplot's current axes (plt.plot, plt.gca()): the caller decides where the drawing goes, e.g.

    fig, ax = plt.subplots()
    Point(2, 3).draw(ax)
    Circle(1, 0, 2).draw(ax)
"""

import matplotlib.patches as patches


class Point:
    """A point of the plane, with attributes x and y (its coordinates)."""

    def __init__(self, x, y):
        """Store the coordinates as the attributes self.x and self.y."""
        # BEGIN SOLUTION
        self.x = x
        self.y = y
        # END SOLUTION

    def draw(self, ax):
        """Draw the point as a marker at (x, y) on the axes `ax`.

        For instance a black round marker of size 10: ax.plot(x, y, marker='o', ...).
        A single point with no marker is invisible, so do give it one.
        """
        # BEGIN SOLUTION
        ax.plot(self.x, self.y, marker="o", markersize=10, color="k")
        # END SOLUTION


class Circle(Point):
    """A circle: a Point (its centre, x and y) with a radius r.

    Circle inherits from Point: let Point do what Point already does (store x and y, draw the
    centre) and add only what is new.
    """

    def __init__(self, x, y, r):
        """Let the parent class store x and y (super().__init__), then store the radius r."""
        # BEGIN SOLUTION
        super().__init__(x, y)
        self.r = r
        # END SOLUTION

    def draw(self, ax):
        """Override Point.draw: draw the centre as Point does, then the circle itself.

        Call the parent's draw (super().draw(ax)) for the centre, then add a
        matplotlib.patches.Circle with centre (x, y) and radius r to ax with ax.add_patch,
        for instance with a blue face and a black edge (fc='b', ec='k').
        """
        # BEGIN SOLUTION
        super().draw(ax)
        circle = patches.Circle(xy=(self.x, self.y), radius=self.r, fc="b", ec="k")
        ax.add_patch(circle)
        # END SOLUTION
