"""Container types: assignment shares the data, a copy does not.

A NumPy array or a tensor is reached through its name. `y = x` does not copy anything: it gives
the same object a second name, so a change made through one name shows through the other.
When you need values that nothing else can change, make a copy.
"""

import numpy as np
import torch


def change_through_alias(x, index, value):
    """Reproduce the course's experiment: after `y = x`, a change made through y is seen in x.

    Bind a second name to x with plain assignment (y = x), set y[index] = value, and return x.
    x may be a NumPy array or a tensor. Because y and x are the same object, the returned x
    holds the new value, and so does the caller's array.
    """
    raise NotImplementedError("ch01 task 'change_through_alias': not implemented yet (replace this line with your code)")


def copy_array(x: np.ndarray) -> np.ndarray:
    """Return an independent copy of the NumPy array x.

    The copy has the same shape, dtype and values as x but its own memory: writing into x
    afterwards must not change the copy, and writing into the copy must not change x.
    Hint: returning x itself, or a view of it (x[:], x.view()), shares x's data.
    """
    raise NotImplementedError("ch01 task 'copy_array': not implemented yet (replace this line with your code)")


def copy_tensor(t: torch.Tensor) -> torch.Tensor:
    """Return an independent copy of the tensor t (a CPU tensor that does not require grad).

    The copy has the same shape, dtype and values as t but its own memory, like copy_array.
    Hint: t.view(...), t.detach() and torch.from_numpy(t.numpy()) all share t's data.
    """
    raise NotImplementedError("ch01 task 'copy_tensor': not implemented yet (replace this line with your code)")
