"""Chapter 1 variants: the mistakes of CURRICULUM.md and other correct ways to write chapter 1."""

from tests.variants import alternative, mistake

C, S, Q = "containers.py", "shapes.py", "callables.py"
ALIAS = "    y = x\n    y[index] = value\n    return x\n"
SUPER_INIT = "        super().__init__(x, y)\n"
SUPER_DRAW = "        super().draw(ax)\n"
POINT_PLOT = '        ax.plot(self.x, self.y, marker="o", markersize=10, color="k")\n'
CIRCLE = '        circle = patches.Circle(xy=(self.x, self.y), radius=self.r, fc="b", ec="k")\n'
ADD_PATCH = "        ax.add_patch(circle)\n"
IMPORTS = "import matplotlib.patches as patches\n"
WITH_PYPLOT = IMPORTS + "import matplotlib.pyplot as plt\n"
SQUARE = "        return 2 * x**2 + 2\n"

VARIANTS = [
    # containers: the same object or a view instead of a copy
    mistake("ch01", "copy_array_returns_input", (C, "    return x.copy()\n", "    return x\n"),
            fails="check_copy_array", says="returned the same object"),
    mistake("ch01", "copy_array_returns_view", (C, "    return x.copy()\n", "    return x[:]\n"),
            fails="check_copy_array", says="shares memory"),
    mistake("ch01", "copy_tensor_returns_input", (C, "    return t.clone()\n", "    return t\n"),
            fails="check_copy_tensor", says="return a copy"),
    mistake("ch01", "copy_tensor_detach", (C, "    return t.clone()\n", "    return t.detach()\n"),
            fails="check_copy_tensor", says="shares memory"),
    mistake("ch01", "copy_tensor_view", (C, "    return t.clone()\n", "    return t.view(t.shape)\n"),
            fails="check_copy_tensor", says="shares memory"),
    mistake("ch01", "copy_tensor_from_numpy",
            (C, "    return t.clone()\n", "    return torch.from_numpy(t.numpy())\n"),
            fails="check_copy_tensor", says="(.copy() / .clone())"),
    mistake("ch01", "copy_tensor_contiguous",  # a copy only when t is not contiguous already
            (C, "    return t.clone()\n", "    return t.contiguous()\n"),
            fails="check_copy_tensor", says="returned the same object"),
    mistake("ch01", "copy_tensor_as_array",
            (C, "    return t.clone()\n", "    return t.numpy().copy()\n"),
            fails="check_copy_tensor", says="should be a torch.Tensor"),
    mistake("ch01", "alias_made_a_copy",
            (C, ALIAS, "    y = x.copy() if hasattr(x, 'copy') else x.clone()\n"
                       "    y[index] = value\n    return y\n"),
            fails="check_change_through_alias", says="makes an independent copy"),
    # shapes: Circle not reusing Point, drawing on pyplot's current axes
    mistake("ch01", "circle_init_without_super", (S, SUPER_INIT, ""),
            fails=("check_circle_attributes", "check_circle_init_reuses_point_init"),
            says="super().__init__(x, y)"),
    mistake("ch01", "circle_init_sets_centre_itself",
            (S, SUPER_INIT, "        self.x = x\n        self.y = y\n"),
            fails="check_circle_init_reuses_point_init", says="super().__init__(x, y)"),
    mistake("ch01", "circle_draw_without_super", (S, SUPER_DRAW, ""),
            fails=("check_circle_draws_centre_and_circle", "check_circle_draw_reuses_point_draw"),
            says="super().draw(ax)"),
    mistake("ch01", "circle_draw_repeats_centre",
            (S, SUPER_DRAW, '        ax.plot(self.x, self.y, "ko")\n'),
            fails="check_circle_draw_reuses_point_draw", says="super().draw(ax)"),
    mistake("ch01", "point_draws_on_pyplot",
            (S, IMPORTS, WITH_PYPLOT),
            (S, POINT_PLOT, '        plt.plot(self.x, self.y, marker="o", markersize=10)\n'),
            fails=("check_point_draws_on_given_axes", "check_circle_draws_centre_and_circle"),
            says="drew on other axes than the one it was given"),
    mistake("ch01", "circle_patch_on_current_axes",
            (S, IMPORTS, WITH_PYPLOT), (S, ADD_PATCH, "        plt.gca().add_patch(circle)\n"),
            fails="check_circle_draws_centre_and_circle", says="instead of the axes passed in"),
    mistake("ch01", "point_draws_on_new_figure",
            (S, IMPORTS, WITH_PYPLOT),
            (S, POINT_PLOT, "        fig, ax = plt.subplots()\n" + POINT_PLOT),
            fails="check_point_draws_on_given_axes", says="use ax.plot / ax.add_patch"),
    mistake("ch01", "point_without_marker",
            (S, POINT_PLOT, "        ax.plot(self.x, self.y)\n"),
            fails="check_point_draws_on_given_axes", says="marker='o'"),
    mistake("ch01", "circle_radius_as_diameter",
            (S, "radius=self.r,", "radius=2 * self.r,"),
            fails="check_circle_draws_centre_and_circle", says="not the diameter"),
    # callables
    mistake("ch01", "quadratic_with_xor", (Q, SQUARE, "        return 2 * x^2 + 2\n"),
            fails=("check_quadratic_values", "check_quadratic_leaves_input_unchanged"),
            says="bitwise XOR"),
    mistake("ch01", "quadratic_in_place",
            (Q, SQUARE, "        x **= 2\n        x *= 2\n        x += 2\n        return x\n"),
            fails="check_quadratic_leaves_input_unchanged", says="in-place operation"),
    mistake("ch01", "quadratic_returns_list",
            (Q, SQUARE, "        return [2 * v**2 + 2 for v in x]\n"),
            fails="check_quadratic_values", says="np.array(...)"),
    mistake("ch01", "quadratic_squares_twice_x",
            (Q, SQUARE, "        return (2 * x)**2 + 2\n"),
            fails="check_quadratic_values", says="2 * x**2 + 2"),
    # caught only by the hidden checks (grader/hidden/ch01.py)
    mistake("ch01", "copy_tensor_through_list",  # float64 becomes float32, int32 int64
            (C, "    return t.clone()\n", "    return torch.tensor(t.tolist())\n"),
            fails="check_copies_keep_any_dtype", says="a copy keeps the dtype of the original"),
    mistake("ch01", "point_coordinates_on_the_class",
            (S, "        self.x = x\n        self.y = y\n",
             "        Point.x = x\n        Point.y = y\n"),
            fails="check_shapes_keep_their_own_coordinates", says="not on the class"),

    alternative("ch01", "copies_by_construction",
                (C, "import numpy as np\n", "import copy\n\nimport numpy as np\n"),
                (C, "    return x.copy()\n", "    return np.array(x)\n"),
                (C, "    return t.clone()\n", "    return torch.tensor(t.numpy())\n")),
    alternative("ch01", "copies_by_deepcopy",
                (C, "import numpy as np\n", "import copy\n\nimport numpy as np\n"),
                (C, "    return x.copy()\n", "    return copy.deepcopy(x)\n"),
                (C, "    return t.clone()\n", "    return copy.deepcopy(t)\n")),
    alternative("ch01", "copies_by_functions",
                (C, "    return x.copy()\n", "    return np.copy(x)\n"),
                (C, "    return t.clone()\n", "    return t.detach().clone()\n"),
                (C, ALIAS, "    x[index] = value\n    return x\n")),
    alternative("ch01", "parent_called_by_name",
                (S, SUPER_INIT, "        Point.__init__(self, x, y)\n"),
                (S, SUPER_DRAW, "        Point.draw(self, ax)\n")),
    alternative("ch01", "scatter_and_add_artist",
                (S, IMPORTS, WITH_PYPLOT),
                (S, POINT_PLOT, "        ax.scatter([self.x], [self.y], s=100, c='k')\n"),
                (S, SUPER_DRAW + CIRCLE + ADD_PATCH,  # the circle first, then the centre
                 "        ax.add_artist(plt.Circle((self.x, self.y), self.r, color='b'))\n"
                 + SUPER_DRAW)),
    alternative("ch01", "quadratic_by_loop",
                (Q, SQUARE, "        return np.array([2 * v**2 + 2 for v in x])\n")),
    alternative("ch01", "quadratic_with_numpy_functions",
                (Q, SQUARE, "        return np.add(np.multiply(2, np.square(x)), 2)\n")),
]
