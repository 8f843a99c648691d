"""Autograd: gradients of a quadratic and of the sigmoid, accumulation, the graph."""

import torch


def quadratic_grad(x_np):
    """Return the gradient of y = 2x^2 + 2 at every point of the NumPy array `x_np`.

    1. Make x from `x_np`: a float32 leaf tensor with requires_grad=True.
    2. Compute y = 2 * x**2 + 2: autograd records the computation graph.
    3. backward() needs a scalar: add up the elements of y with sum() and call backward()
       on the sum. The sum's derivative with respect to each element is 1, so x.grad
       holds the derivative of 2x^2 + 2 at every point.
    Return x.grad: a float32 tensor of the same shape as `x_np`.
    """
    raise NotImplementedError("ch02 task 'quadratic_grad': not implemented yet (replace this line with your code)")


def sigmoid_grad(x_np):
    """Return the gradient of the sigmoid at every point of the NumPy array `x_np`.

    The same steps as quadratic_grad, with y = sigmoid(x) (torch.sigmoid or
    torch.nn.Sigmoid()). Returns a float32 tensor of the same shape as `x_np`.
    """
    raise NotImplementedError("ch02 task 'sigmoid_grad': not implemented yet (replace this line with your code)")


def accumulated_grad(x_np):
    """Return x.grad after two backward passes of 2x^2 + 2, without zeroing in between.

    Make one leaf x as in quadratic_grad, then twice: compute the sum of 2 * x**2 + 2 and
    call backward() on it. Do not reset x.grad: see what PyTorch does with the second
    gradient.
    Hint: backward() frees the graph it went through: compute the forward pass again
    before the second backward().
    """
    raise NotImplementedError("ch02 task 'accumulated_grad': not implemented yet (replace this line with your code)")


def two_gradients(x_np):
    """Return (grad of 2x^2 + 2, grad of the sigmoid), both taken on ONE leaf x.

    Make a single float32 leaf x from `x_np`. Compute the gradient of the quadratic, keep
    it, then the gradient of the sigmoid with the same x. Each result must be that function's
    gradient alone.
    Hint: x.grad.zero_() resets the gradient in place: the tensor you kept from the first
    pass is changed with it unless you kept a copy (clone()).
    """
    raise NotImplementedError("ch02 task 'two_gradients': not implemented yet (replace this line with your code)")


def grad_fn_name(t):
    """Return the name of the operation that made the tensor `t`, or None.

    Every tensor computed from tensors that require grad has a grad_fn: the node of the
    computation graph that backward() goes through, e.g. 'SumBackward0' for x.sum() or
    'MulBackward0' for 2 * x. Leaf tensors, and tensors that do not require grad, have
    grad_fn None: return None for them.
    Hint: print(t.grad_fn) shows the node and where it lies in memory: return its
    name only (a node has a name() method).
    """
    raise NotImplementedError("ch02 task 'grad_fn_name': not implemented yet (replace this line with your code)")


def find_leaves(output):
    """Return the leaf tensors the computation of `output` depends on and that require grad.

    The graph starts at output.grad_fn. Each node lists the nodes that come before it in
    node.next_functions, a tuple of (node, index) pairs where node may be None (an input
    that needs no gradient). A leaf tensor's gradient is collected by an 'AccumulateGrad'
    node, whose attribute `variable` is the leaf tensor itself.
    For loss = ((W * X + B - Y) ** 2).mean() with W and B requiring grad and X, Y not,
    return W and B: a list (or set) of the tensors themselves, each once, in any order.
    No graphviz needed: walk the graph yourself.
    """
    raise NotImplementedError("ch02 task 'find_leaves': not implemented yet (replace this line with your code)")
