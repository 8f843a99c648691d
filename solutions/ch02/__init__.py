"""Chapter 2: PyTorch basics.

Tensors: making them from Python numbers, lists and NumPy arrays (always float32), integer
labels, changing their shape with view, reading numbers out of them, the row-wise maximum
that gives a predicted label, and the way back to NumPy. Autograd: gradients of 2x^2 + 2 and
of the sigmoid, how gradients accumulate until they are zeroed, and the computation graph
that backward() walks.
"""
