"""Instances that behave like functions: a class with __call__.

Defining __call__ makes every instance callable: `h = Quadratic()` then `h(x)` runs
`h.__call__(x)`. PyTorch's layers and models are used exactly this way.
"""

import numpy as np


class Quadratic:
    """The function h(x) = 2x^2 + 2, as a callable object."""

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """Return 2 * x**2 + 2 for every element of the NumPy array x.

        The result is a new NumPy array of the same shape as x; x itself is left unchanged.
        Hint: in Python, x**2 is the square; x^2 is a bitwise XOR.
        """
        # BEGIN SOLUTION
        return 2 * x**2 + 2
        # END SOLUTION
