"""Chapter 2 variants: the mistakes of CURRICULUM.md, a few more, and other correct code."""

from tests.variants import alternative, mistake

T = "tensors.py"
A = "autograd.py"
QUADRATIC_LEAF = ("    x = torch.tensor(x_np, dtype=torch.float32, requires_grad=True)\n"
                  "    y = 2 * x**2 + 2\n")
TWO_PASSES = ("    quadratic = x.grad.clone()\n"
              "    x.grad.zero_()\n")
WALK = """    leaves = []
    seen = set()
    stack = [output.grad_fn]
    while stack:
        node = stack.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        if hasattr(node, "variable"):
            leaves.append(node.variable)
        stack.extend(child for child, _ in node.next_functions)
    return leaves
"""

VARIANTS = [
    # -- the mistakes of CURRICULUM.md
    mistake("ch02", "float64_left_from_numpy",
            (T, "    return torch.tensor(data).float()\n", "    return torch.tensor(data)\n"),
            fails="check_numpy_float64_becomes_float32", says="NumPy arrays are float64"),
    mistake("ch02", "int64_left_from_int_list",
            (T, "    return torch.tensor(data).float()\n", "    return torch.tensor(data)\n"),
            fails="check_float_tensors_of_every_rank", says="int64 tensor: convert with .float()"),
    mistake("ch02", "float64_leaf_from_numpy",
            (A, QUADRATIC_LEAF,
             "    x = torch.tensor(x_np, requires_grad=True)\n    y = 2 * x**2 + 2\n"),
            fails="check_quadratic_gradient", says="x_np is a float64 NumPy array"),
    mistake("ch02", "float_after_requires_grad_is_not_a_leaf",
            (A, QUADRATIC_LEAF,
             "    x = torch.tensor(x_np, requires_grad=True).float()\n    y = 2 * x**2 + 2\n"),
            fails="check_quadratic_gradient", says="x.grad is None"),
    mistake("ch02", "gradients_not_zeroed_between_passes",
            (A, TWO_PASSES, "    quadratic = x.grad.clone()\n"),
            fails="check_gradients_zeroed_between_passes",
            says="gradients accumulate in .grad: call x.grad.zero_() between backward passes"),
    mistake("ch02", "gradients_neither_zeroed_nor_copied",
            (A, TWO_PASSES, "    quadratic = x.grad\n"),
            fails="check_gradients_zeroed_between_passes",
            says="gradients accumulate in .grad: call x.grad.zero_() between backward passes"),
    mistake("ch02", "backward_on_non_scalar",
            (A, "    y.sum().backward()\n", "    y.backward()\n"),
            fails="check_quadratic_gradient",
            says="backward() was called on a non-scalar tensor"),
    mistake("ch02", "item_on_non_scalar",
            (T, "    return t.sum().item()\n", "    return t.item()\n"),
            fails="check_total_is_a_python_float",
            says="item() was called on a tensor with more than one element"),
    # -- more mistakes a learner makes here
    mistake("ch02", "total_returns_a_tensor",
            (T, "    return t.sum().item()\n", "    return t.sum()\n"),
            fails="check_total_is_a_python_float", says="still a tensor: .item()"),
    mistake("ch02", "labels_as_int32",
            (T, "    return t.long()\n", "    return t.int()\n"),
            fails="check_integer_labels", says="convert with .long()"),
    mistake("ch02", "view_with_fixed_row_count",
            (T, "    return t.view(t.shape[0], -1)\n", "    return t.view(3, -1)\n"),
            fails="check_view_with_minus_one", says="take it from t.shape[0]"),
    mistake("ch02", "view_with_rows_last",
            (T, "    return t.view(t.shape[0], -1)\n", "    return t.view(-1, t.shape[0])\n"),
            fails="check_view_with_minus_one", says="the first dimension must stay first"),
    mistake("ch02", "max_down_the_columns",
            (T, "    values, indices = torch.max(scores, 1)\n",
             "    values, indices = torch.max(scores, 0)\n"),
            fails="check_row_max", says="use dim=1"),
    mistake("ch02", "max_without_dimension",
            (T, "    values, indices = torch.max(scores, 1)\n    return values, indices\n",
             "    return torch.max(scores)\n"),
            fails="check_row_max", says="without a dimension"),
    mistake("ch02", "predicted_values_not_indices",
            (T, "    return torch.max(scores, 1)[1]\n", "    return torch.max(scores, 1)[0]\n"),
            fails="check_predicted_labels", says="the index of the maximum"),
    mistake("ch02", "argmax_down_the_columns",
            (T, "    return torch.max(scores, 1)[1]\n", "    return torch.argmax(scores, 0)\n"),
            fails="check_predicted_labels", says="along dim=1"),
    mistake("ch02", "shared_numpy_is_a_copy",
            (T, "    return t.detach().numpy()\n", "    return t.detach().numpy().copy()\n"),
            fails="check_numpy_shares_memory", says="the array is a copy"),
    mistake("ch02", "numpy_on_tensor_that_requires_grad",
            (T, "    return t.detach().numpy()\n", "    return t.numpy()\n"),
            fails="check_numpy_shares_memory", says="use .detach().numpy()"),
    mistake("ch02", "numpy_copy_shares_memory",
            (T, "    return t.detach().numpy().copy()\n", "    return t.detach().numpy()\n"),
            fails="check_numpy_copy_is_independent", says="shares memory with the tensor"),
    mistake("ch02", "mean_instead_of_sum",
            (A, "    y.sum().backward()\n", "    y.mean().backward()\n"),
            fails="check_quadratic_gradient", says="sum(), not mean()"),
    mistake("ch02", "sigmoid_returns_y",
            (A, "    s.sum().backward()\n    return x.grad\n",
             "    s.sum().backward()\n    return s\n"),
            fails="check_sigmoid_gradient", says="the sigmoid itself"),
    mistake("ch02", "accumulation_zeroed",
            (A, "        z.backward()\n",
             "        if x.grad is not None:\n            x.grad.zero_()\n        z.backward()\n"),
            fails="check_gradients_accumulate", says="x.grad holds one gradient only"),
    mistake("ch02", "backward_twice_through_one_graph",
            (A, "    for _ in range(2):\n        z = (2 * x**2 + 2).sum()\n        z.backward()\n",
             "    z = (2 * x**2 + 2).sum()\n    z.backward()\n    z.backward()\n"),
            fails="check_gradients_accumulate", says="backward() ran twice over the same graph"),
    mistake("ch02", "first_gradient_not_copied",
            (A, TWO_PASSES, "    quadratic = x.grad\n    x.grad.zero_()\n"),
            fails="check_gradients_zeroed_between_passes", says="x.grad.clone()"),
    mistake("ch02", "grad_fn_as_text",
            (A, "    return type(t.grad_fn).__name__\n", "    return str(t.grad_fn)\n"),
            fails="check_grad_fn_names", says="return the name only"),
    mistake("ch02", "grad_fn_name_of_leaf_not_none",
            (A, "    if t.grad_fn is None:\n        return None\n", ""),
            fails="check_grad_fn_names", says="has grad_fn None"),
    mistake("ch02", "total_returns_numpy",
            (T, "    return t.sum().item()\n", "    return t.sum().numpy()\n"),
            fails="check_total_is_a_python_float", says="NumPy number"),
    mistake("ch02", "leaves_of_first_level_only",
            (A, WALK, "    return [node.variable for node, _ in output.grad_fn.next_functions\n"
                      "            if node is not None and hasattr(node, 'variable')]\n"),
            fails="check_find_leaves", says="walk the whole graph"),
    mistake("ch02", "leaves_listed_per_path",
            (A, "        if node is None or node in seen:\n", "        if node is None:\n"),
            fails="check_find_leaves", says="more than once"),
    mistake("ch02", "leaves_walk_into_none",
            (A, WALK, """    leaves = []

    def walk(node):
        if hasattr(node, "variable"):
            leaves.append(node.variable)
        for child, _ in node.next_functions:
            walk(child)

    walk(output.grad_fn)
    return leaves
"""),
            fails="check_find_leaves", says="skip None nodes"),
    # -- caught by the hidden checks only
    mistake("ch02", "sigmoid_derivative_by_hand",
            (A, "    s = torch.sigmoid(x)\n    s.sum().backward()\n    return x.grad\n",
             "    s = torch.sigmoid(x)\n    return s * (1 - s)\n"),
            fails="check_gradients_come_from_backward", says="not by autograd"),
    mistake("ch02", "quadratic_derivative_by_hand",
            (A, "    y.sum().backward()\n    return x.grad\n", "    return 4 * x\n"),
            fails="check_gradients_come_from_backward", says="not by autograd"),
    # -- other correct ways
    alternative("ch02", "gradient_by_autograd_grad",
                (A, "    y.sum().backward()\n    return x.grad\n",
                 "    return torch.autograd.grad(y.sum(), x)[0]\n")),
    alternative("ch02", "as_tensor_and_to_dtypes",
                (T, "    return torch.tensor(data).float()\n",
                 "    return torch.as_tensor(data, dtype=torch.float32)\n"),
                (T, "    return t.long()\n", "    return t.to(torch.int64)\n"),
                (T, "    return t.sum().item()\n", "    return float(t.sum())\n")),
    alternative("ch02", "reshape_and_flatten",
                (T, "    return t.view(t.shape[0], -1)\n", "    return t.reshape(len(t), -1)\n"),
                (T, "    return t.view(-1)\n", "    return t.flatten()\n")),
    alternative("ch02", "argmax_and_max_method",
                (T, "    values, indices = torch.max(scores, 1)\n    return values, indices\n",
                 "    return scores.max(dim=1)\n"),
                (T, "    return torch.max(scores, 1)[1]\n",
                 "    return torch.argmax(scores, dim=1)\n")),
    alternative("ch02", "max_indices_by_name",
                (T, "    return torch.max(scores, 1)[1]\n", "    return scores.max(1).indices\n")),
    alternative("ch02", "numpy_via_data_and_clone",
                (T, "    return t.detach().numpy()\n", "    return t.data.numpy()\n"),
                (T, "    return t.detach().numpy().copy()\n",
                 "    return t.detach().clone().numpy()\n")),
    alternative("ch02", "through_numpy_arrays",
                (T, "import torch\n", "import numpy as np\nimport torch\n"),
                (T, "    return torch.tensor(data).float()\n",
                 "    return torch.tensor(np.array(data), dtype=torch.float32)\n"),
                (T, "    return t.detach().numpy()\n", "    return np.asarray(t.detach())\n"),
                (T, "    return t.detach().numpy().copy()\n",
                 "    return np.array(t.detach())\n")),
    alternative("ch02", "leaf_from_numpy_and_backward_with_ones",
                (A, QUADRATIC_LEAF + "    y.sum().backward()\n",
                 "    x = torch.from_numpy(x_np).float().requires_grad_()\n"
                 "    y = 2 * x**2 + 2\n    y.backward(torch.ones_like(y))\n")),
    alternative("ch02", "sigmoid_module_and_formula",
                (A, "    s = torch.sigmoid(x)\n", "    s = torch.nn.Sigmoid()(x)\n"),
                (A, "    torch.sigmoid(x).sum().backward()\n",
                 "    (1 / (1 + torch.exp(-x))).sum().backward()\n")),
    alternative("ch02", "accumulate_with_retained_graph",
                (A, "    for _ in range(2):\n        z = (2 * x**2 + 2).sum()\n        z.backward()\n",
                 "    z = (2 * x**2 + 2).sum()\n    z.backward(retain_graph=True)\n"
                 "    z.backward()\n")),
    alternative("ch02", "grad_set_to_none_instead_of_zeroed",
                (A, TWO_PASSES, "    quadratic = x.grad\n    x.grad = None\n")),
    alternative("ch02", "grad_fn_name_method",
                (A, "    return type(t.grad_fn).__name__\n", "    return t.grad_fn.name()\n")),
    alternative("ch02", "leaves_by_recursion_as_a_set",
                (A, WALK, """    leaves = set()

    def walk(node):
        if node is None:
            return
        if hasattr(node, "variable"):
            leaves.add(node.variable)
        for child, _ in node.next_functions:
            walk(child)

    walk(output.grad_fn)
    return leaves
""")),
    alternative("ch02", "leaves_by_type_name_breadth_first",
                (A, WALK, """    from collections import deque

    leaves, seen, queue = [], set(), deque([output.grad_fn])
    while queue:
        node = queue.popleft()
        if node is None or node in seen:
            continue
        seen.add(node)
        if type(node).__name__ == "AccumulateGrad":
            if not any(leaf is node.variable for leaf in leaves):
                leaves.append(node.variable)
        else:
            queue.extend(child for child, _ in node.next_functions)
    return tuple(leaves)
""")),
]
