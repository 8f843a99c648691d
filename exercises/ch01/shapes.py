"""Classes, inheritance and overriding: a Point and a Circle that draw themselves.

Each draw method draws on the matplotlib axes it is given (ax.plot, ax.add_patch), never on
pyplot's current axes (plt.plot, plt.gca()): the caller decides where the drawing goes, e.g.

    fig, ax = plt.subplots()
    Point(2, 3).draw(ax)
    Circle(1, 0, 2).draw(ax)

クラス、継承、オーバーライド: 自分自身を描画する Point と Circle。

どの draw メソッドも、受け取った matplotlib の Axes に描画し（ax.plot、ax.add_patch）、pyplot の
現在の Axes（plt.plot、plt.gca()）には描画しません。どこに描くかは呼び出し側が決めます。例:

    fig, ax = plt.subplots()
    Point(2, 3).draw(ax)
    Circle(1, 0, 2).draw(ax)
"""

import matplotlib.patches as patches


class Point:
    """A point of the plane, with attributes x and y (its coordinates).

    平面上の点。属性 x と y（その座標）を持ちます。
    """

    def __init__(self, x, y):
        """Store the coordinates as the attributes self.x and self.y.

        座標を属性 self.x と self.y として保存します。
        """
        raise NotImplementedError("ch01 task 'Point.__init__': not implemented yet (replace this line with your code) / ch01 課題 'Point.__init__': 未実装です（この行を自分のコードに置き換えてください）")

    def draw(self, ax):
        """Draw the point as a marker at (x, y) on the axes `ax`.

        For instance a black round marker of size 10: ax.plot(x, y, marker='o', ...).
        A single point with no marker is invisible, so do give it one.

        点を Axes `ax` 上の (x, y) にマーカーとして描画します。

        たとえば、大きさ 10 の黒い丸のマーカー: ax.plot(x, y, marker='o', ...)。
        マーカーのない1つの点は見えないので、必ずマーカーを付けてください。
        """
        raise NotImplementedError("ch01 task 'Point.draw': not implemented yet (replace this line with your code) / ch01 課題 'Point.draw': 未実装です（この行を自分のコードに置き換えてください）")


class Circle(Point):
    """A circle: a Point (its centre, x and y) with a radius r.

    Circle inherits from Point: let Point do what Point already does (store x and y, draw the
    centre) and add only what is new.

    円: 半径 r を持つ Point（その中心が x と y）。

    Circle は Point を継承します。Point がすでにしていること（x と y の保存、中心点の描画）は
    Point に任せ、新しいことだけを追加します。
    """

    def __init__(self, x, y, r):
        """Let the parent class store x and y (super().__init__), then store the radius r.

        x と y の保存は親クラスに任せ（super().__init__）、そのあとで半径 r を保存します。
        """
        raise NotImplementedError("ch01 task 'Circle.__init__': not implemented yet (replace this line with your code) / ch01 課題 'Circle.__init__': 未実装です（この行を自分のコードに置き換えてください）")

    def draw(self, ax):
        """Override Point.draw: draw the centre as Point does, then the circle itself.

        Call the parent's draw (super().draw(ax)) for the centre, then add a
        matplotlib.patches.Circle with centre (x, y) and radius r to ax with ax.add_patch,
        for instance with a blue face and a black edge (fc='b', ec='k').

        Point.draw をオーバーライドします: Point と同じように中心点を描いてから、円そのものを
        描きます。

        中心点は親クラスの draw（super().draw(ax)）を呼び出して描き、そのあとで中心 (x, y)、
        半径 r の matplotlib.patches.Circle を ax.add_patch で ax に追加します。たとえば、
        塗りつぶしを青、縁を黒にします（fc='b', ec='k'）。
        """
        raise NotImplementedError("ch01 task 'Circle.draw': not implemented yet (replace this line with your code) / ch01 課題 'Circle.draw': 未実装です（この行を自分のコードに置き換えてください）")
