"""Tensors: making them, their dtype and shape, reading values out, back to NumPy."""

import torch


def to_float_tensor(data):
    """Return `data` as a float32 tensor of the same shape and values.

    `data` is a Python number (rank 0), a nested list of numbers (rank 1, 2, 3, ...) or a
    NumPy array of any rank and dtype. Almost all computations in PyTorch use float32, so
    force the dtype whatever `data` holds.
    Hint: NumPy arrays of floats are float64 and Python lists of ints give int64 tensors;
    torch.tensor(...).float() converts either to float32.
    """
    raise NotImplementedError("ch02 task 'to_float_tensor': not implemented yet (replace this line with your code)")


def to_labels(t):
    """Return the float tensor `t` of class numbers (e.g. [0., 2., 1.]) as class labels.

    Loss functions for multiclass classification (nn.CrossEntropyLoss, nn.NLLLoss) want
    labels as int64 tensors.
    """
    raise NotImplementedError("ch02 task 'to_labels': not implemented yet (replace this line with your code)")


def rows(t):
    """Return `t` (rank 2 or more) reshaped with view to rank 2, one row per first index.

    A [3, 2, 2] tensor becomes [3, 4]; a [2, 3, 4] one becomes [2, 12]. Keep the first
    dimension as it is and let view work out the second one: pass -1 for it.
    """
    raise NotImplementedError("ch02 task 'rows': not implemented yet (replace this line with your code)")


def flatten(t):
    """Return `t` reshaped with view to rank 1: a [3, 2, 2] tensor becomes [12]."""
    raise NotImplementedError("ch02 task 'flatten': not implemented yet (replace this line with your code)")


def total(t):
    """Return the sum of all elements of the float tensor `t`, as a Python float.

    `t` may have any shape: a scalar, a vector, a [3, 2, 2] tensor...
    Hint: item() turns a tensor with exactly one element into a Python number.
    """
    raise NotImplementedError("ch02 task 'total': not implemented yet (replace this line with your code)")


def row_max(scores):
    """Return (values, indices): the largest value of each row of `scores` and its column.

    `scores` is a [N, C] tensor; both results have shape [N]. For [[1, 5, 6], [4, 3, 2]] the
    values are [6, 4] and the indices [2, 0].
    Hint: torch.max with a dimension returns both; dimension 1 runs along a row.
    """
    raise NotImplementedError("ch02 task 'row_max': not implemented yet (replace this line with your code)")


def predicted_labels(scores):
    """Return the predicted label of each row of `scores`: the column of its largest score.

    `scores` is a [N, C] tensor of what C predictors output for N samples; the result is an
    int64 tensor of shape [N]. This is how a multiclass classifier picks its answer.
    """
    raise NotImplementedError("ch02 task 'predicted_labels': not implemented yet (replace this line with your code)")


def to_numpy_shared(t):
    """Return a NumPy array that shares its memory with the tensor `t`.

    Changing an element of `t` changes the array too, and the other way round. `t` may
    require grad.
    """
    raise NotImplementedError("ch02 task 'to_numpy_shared': not implemented yet (replace this line with your code)")


def to_numpy_copy(t):
    """Return a NumPy array with the values of the tensor `t`, independent of it.

    Changing `t` afterwards must not change the array. `t` may require grad.
    """
    raise NotImplementedError("ch02 task 'to_numpy_copy': not implemented yet (replace this line with your code)")
