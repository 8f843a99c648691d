"""Chapter 4 variants: the mistakes of CURRICULUM.md and other correct ways to compose layers."""

from tests.variants import alternative, mistake

F = "layers.py"
NET_LAYERS = ("        self.l1 = nn.Linear(784, 128)\n"
              "        self.relu = nn.ReLU()\n"
              "        self.l2 = nn.Linear(128, 10)\n")
NET_FORWARD = "        return self.l2(self.relu(self.l1(x)))\n"
SEQUENTIAL = ("    return nn.Sequential(\n"
              "        nn.Linear(784, 128),\n"
              "        nn.ReLU(),\n"
              "        nn.Linear(128, 10),\n"
              "    )\n")
BATCH = "    return torch.tensor(images, dtype=torch.float32).reshape(len(images), -1)\n"
COLLAPSE = ("        layer.weight.copy_(l2.weight @ l1.weight)\n"
            "        layer.bias.copy_(l2.weight @ l1.bias + l2.bias)\n")

VARIANTS = [
    # wrong in/out sizes
    mistake("ch04", "hidden_size_100",
            (F, NET_LAYERS, NET_LAYERS.replace("128", "100")),
            fails=("check_net_layer_sizes", "check_net_parameter_count"),
            says="Linear(784, 128)"),
    mistake("ch04", "input_size_typo_748",
            (F, "        nn.Linear(784, 128),\n", "        nn.Linear(748, 128),\n"),
            fails=("check_sequential_layers", "check_sequential_parameter_count"),
            says="Linear(784, 128)"),
    mistake("ch04", "input_size_typo_748_fed_784",
            (F, "        nn.Linear(784, 128),\n", "        nn.Linear(748, 128),\n"),
            fails="check_sequential_output_shape", says="does not match a layer's in_features"),
    mistake("ch04", "hidden_sizes_disagree",
            (F, "        self.l2 = nn.Linear(128, 10)\n", "        self.l2 = nn.Linear(100, 10)\n"),
            fails="check_net_layer_sizes", says="takes the first layer's 128 hidden values"),
    mistake("ch04", "ten_outputs_missing",
            (F, "        nn.Linear(128, 10),\n", "        nn.Linear(128, 1),\n"),
            fails=("check_sequential_layers", "check_sequential_output_shape"),
            says="one score per digit"),
    mistake("ch04", "layers_in_a_plain_list",
            (F, NET_LAYERS, "        self.layers = [nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10)]\n"),
            (F, NET_FORWARD, "        for layer in self.layers:\n            x = layer(x)\n        return x\n"),
            fails=("check_net_layer_sizes", "check_net_parameter_count"),
            says="not in a plain list"),
    # missing activation
    mistake("ch04", "net_without_relu",
            (F, NET_FORWARD, "        return self.l2(self.l1(x))\n"),
            fails=("check_net_forward", "check_net_has_activation"),
            says="an activation (ReLU) between the layers is missing"),
    mistake("ch04", "sequential_without_relu",
            (F, "        nn.ReLU(),\n", ""),
            fails=("check_sequential_forward", "check_sequential_has_activation"),
            says="without it two Linear layers collapse into one"),
    mistake("ch04", "relu_after_the_last_layer",
            (F, NET_FORWARD, "        return self.relu(self.l2(self.l1(x)))\n"),
            fails="check_net_forward", says="the ReLU comes after the second layer"),
    # transposed input
    mistake("ch04", "batch_transposed",
            (F, BATCH, "    return torch.tensor(images, dtype=torch.float32).reshape(len(images), -1).T\n"),
            fails=("check_batch_shape", "check_batch_values"),
            says="batch dimension must come first"),
    mistake("ch04", "batch_reshaped_features_first",
            (F, BATCH, "    return torch.tensor(images, dtype=torch.float32).reshape(-1, len(images))\n"),
            fails=("check_batch_shape", "check_batch_values"),
            says="batch dimension must come first"),
    mistake("ch04", "batch_regrouped_across_images",
            (F, BATCH, "    return torch.tensor(images, dtype=torch.float32).reshape(784, -1).T\n"),
            fails="check_batch_values", says="pixels of different images were mixed"),
    mistake("ch04", "batch_left_uint8",
            (F, BATCH, "    return torch.from_numpy(images).reshape(len(images), -1)\n"),
            fails="check_batch_shape", says="convert with .float()"),
    # counting and collapsing
    mistake("ch04", "count_parameter_tensors",
            (F, "    return sum(p.numel() for p in model.parameters())\n",
             "    return len(list(model.parameters()))\n"),
            fails="check_count_parameters", says="number of parameter tensors"),
    mistake("ch04", "collapse_in_wrong_order",
            (F, COLLAPSE, COLLAPSE.replace("l2.weight @ l1.weight", "l1.weight @ l2.weight")),
            fails=("check_collapse_shape", "check_collapse_matches_stack"),
            says="multiplied in the wrong order"),
    mistake("ch04", "collapse_drops_first_bias",
            (F, COLLAPSE, COLLAPSE.replace("l2.weight @ l1.bias + l2.bias", "l2.bias")),
            fails="check_collapse_matches_stack", says="bias = W2 @ b1 + b2"),
    # caught by the hidden checks only: the public ones run without gradients, on batches
    # of at least two rows
    mistake("ch04", "forward_detaches_output",
            (F, NET_FORWARD, "        return self.l2(self.relu(self.l1(x))).detach()\n"),
            fails="check_gradients_reach_every_parameter", says="cut off from autograd"),
    mistake("ch04", "forward_squeezes_output",
            (F, NET_FORWARD, "        return self.l2(self.relu(self.l1(x))).squeeze()\n"),
            fails="check_batch_of_one", says="do not transpose, reshape or squeeze it"),
    alternative("ch04", "functional_relu_in_forward",
                (F, NET_LAYERS, NET_LAYERS.replace("        self.relu = nn.ReLU()\n", "")),
                (F, NET_FORWARD, "        return self.l2(torch.relu(self.l1(x)))\n")),
    alternative("ch04", "inplace_relu",
                (F, NET_LAYERS, NET_LAYERS.replace("nn.ReLU()", "nn.ReLU(inplace=True)")),
                (F, "        nn.ReLU(),\n", "        nn.ReLU(inplace=True),\n")),
    alternative("ch04", "sequential_from_ordered_dict",
                (F, SEQUENTIAL,
                 "    from collections import OrderedDict\n"
                 "    return nn.Sequential(OrderedDict([\n"
                 "        ('hidden', nn.Linear(784, 128)),\n"
                 "        ('act', nn.ReLU()),\n"
                 "        ('out', nn.Linear(128, 10)),\n"
                 "    ]))\n")),
    alternative("ch04", "layers_named_and_created_in_another_order",
                (F, NET_LAYERS,
                 "        self.output = nn.Linear(128, 10)\n"
                 "        self.activation = nn.ReLU()\n"
                 "        self.hidden = nn.Linear(784, 128)\n"),
                (F, NET_FORWARD,
                 "        h = self.hidden(x)\n"
                 "        h = self.activation(h)\n"
                 "        return self.output(h)\n")),
    alternative("ch04", "sequential_from_the_text_layer_variables",
                (F, SEQUENTIAL,
                 "    l1 = nn.Linear(784, 128)\n"
                 "    l2 = nn.Linear(128, 10)\n"
                 "    relu = nn.ReLU(inplace=True)\n"
                 "    return nn.Sequential(l1, relu, l2)\n")),
    alternative("ch04", "batch_from_numpy_and_flatten",
                (F, BATCH, "    return torch.flatten(torch.from_numpy(images).float(), start_dim=1)\n")),
    alternative("ch04", "batch_reshaped_in_numpy",
                (F, BATCH, "    return torch.tensor(images.reshape(-1, 784)).float()\n")),
    alternative("ch04", "count_with_numel_of_shapes",
                (F, "    return sum(p.numel() for p in model.parameters())\n",
                 "    total = 0\n"
                 "    for name, p in model.named_parameters():\n"
                 "        total += int(torch.tensor(p.shape).prod())\n"
                 "    return total\n")),
    alternative("ch04", "collapse_with_new_parameters",
                (F, "    layer = nn.Linear(l1.in_features, l2.out_features)\n"
                    "    with torch.no_grad():\n" + COLLAPSE,
                 "    layer = nn.Linear(l1.in_features, l2.out_features)\n"
                 "    layer.weight = nn.Parameter(torch.matmul(l2.weight, l1.weight).detach())\n"
                 "    layer.bias = nn.Parameter(l2(l1.bias).detach())\n")),
]
