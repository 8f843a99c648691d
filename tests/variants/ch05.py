"""Chapter 5 variants: the mistakes of CURRICULUM.md and the issue's bad input, the course's
own way of writing the chapter, and another correct one."""

from tests.variants import alternative, mistake

L, R = "linear.py", "regression.py"
NET_INIT = ("        super().__init__()\n"
            "        self.l1 = nn.Linear(n_input, n_output)\n"
            "        nn.init.constant_(self.l1.weight, 1.0)\n"
            "        nn.init.constant_(self.l1.bias, 1.0)\n")
LABELS = "    return torch.tensor(yt).float().view(-1, 1)\n"
LOSS = "        loss = criterion(outputs, labels) / 2.0\n"
DETECT = ("        if not is_finite(loss.item()):\n"
          "            raise TrainingDiverged(epoch, loss.item(), lr)\n")
SELECT = ("    columns = [x_org[:, feature_names == name] for name in names]\n"
          "    return torch.tensor(np.hstack(columns)).float()\n")
LOOP = ("    criterion = nn.MSELoss()\n"
        "    optimizer = optim.SGD(net.parameters(), lr=lr)\n"
        "    history = []\n"
        "    for epoch in range(num_epochs):\n"
        "        optimizer.zero_grad()\n"
        "        outputs = net(inputs)\n" + LOSS + DETECT +
        "        loss.backward()\n"
        "        optimizer.step()\n"
        "        if epoch % log_every == 0:\n"
        "            history.append([epoch, loss.item()])\n"
        "    return np.array(history)\n")
THREE_OUT = ("    nn.init.constant_(layer.weight[0, :], 1.0)\n"
             "    nn.init.constant_(layer.weight[1, :], 2.0)\n"
             "    nn.init.constant_(layer.weight[2, :], 3.0)\n")

VARIANTS = [
    # labels [N] instead of [N, 1]: MSELoss broadcasts them silently
    mistake("ch05", "labels_not_a_column",
            (R, LABELS, "    return torch.tensor(yt).float()\n"),
            fails=("check_labels", "check_course_first_step", "check_course_multiple_regression"),
            says="broadcasts them to [N, N]"),
    mistake("ch05", "labels_left_float64",
            (R, LABELS, "    return torch.tensor(yt).view(-1, 1)\n"),
            fails="check_labels", says="dtype=torch.float32"),
    mistake("ch05", "net_without_super_init",
            (L, NET_INIT, NET_INIT.replace("        super().__init__()\n", "")),
            fails=("check_net_layer", "check_net_forward", "check_course_linear_layers"),
            says="call super().__init__() first"),
    mistake("ch05", "net_layer_sizes_swapped",
            (L, "        self.l1 = nn.Linear(n_input, n_output)\n",
             "        self.l1 = nn.Linear(n_output, n_input)\n"),
            fails="check_net_layer", says="the sizes are swapped"),
    mistake("ch05", "net_weights_left_random",
            (L, NET_INIT, NET_INIT.replace("        nn.init.constant_(self.l1.weight, 1.0)\n", "")),
            fails=("check_net_layer", "check_course_first_step",
                   "check_trained_net_on_held_out_inputs"),
            says="start at 1.0"),
    mistake("ch05", "three_out_weights_set_by_column",
            (L, THREE_OUT, "    nn.init.constant_(layer.weight[:, 0], 1.0)\n"
                           "    nn.init.constant_(layer.weight[:, 1], 2.0)\n"),
            fails=("check_layer_two_in_three_out", "check_course_linear_layers"),
            says="row i of the weight holds the weights of output i"),
    mistake("ch05", "zero_grad_missing",
            (R, "        optimizer.zero_grad()\n", ""),
            fails=("check_training", "check_course_multiple_regression"),
            says="gradients are never reset"),
    mistake("ch05", "loss_not_halved",
            (R, LOSS, "        loss = criterion(outputs, labels)\n"),
            fails=("check_first_epoch", "check_training", "check_course_multiple_regression"),
            says="half the mean squared error"),
    mistake("ch05", "learning_rate_written_into_the_loop",
            (R, "    optimizer = optim.SGD(net.parameters(), lr=lr)\n",
             "    optimizer = optim.SGD(net.parameters(), lr=0.01)\n"),
            fails=("check_first_epoch", "check_training"), says="lr was not passed on"),
    # a nan or inf loss must be reported as divergence, with the learning rate
    mistake("ch05", "divergence_not_detected",
            (R, DETECT, ""),
            fails=("check_divergence_detected", "check_course_multiple_regression"),
            says="raise courselib.training.TrainingDiverged(epoch, loss, lr)"),
    mistake("ch05", "only_nan_detected",
            (R, "        if not is_finite(loss.item()):\n",
             "        if np.isnan(loss.item()):\n"),
            fails=("check_divergence_detected", "check_course_multiple_regression"),
            says="inf is a diverged loss too"),
    # caught by the hidden check only: the public ones log every 100 epochs
    mistake("ch05", "log_every_written_into_the_loop",
            (R, "        if epoch % log_every == 0:\n", "        if epoch % 100 == 0:\n"),
            fails="check_training_follows_log_every", says="log_every was not used as given"),
    # the course's own code, adapted to the stubs' signatures
    alternative("ch05", "written_as_in_the_course",
                (L, NET_INIT,
                 "        # initialise the parent class nn.Module\n"
                 "        super().__init__()\n"
                 "        # the output layer\n"
                 "        self.l1 = nn.Linear(n_input, n_output)\n"
                 "        # every initial value 1\n"
                 "        nn.init.constant_(self.l1.weight, 1.0)\n"
                 "        nn.init.constant_(self.l1.bias, 1.0)\n"),
                (L, "        return self.l1(x)\n",
                 "        x1 = self.l1(x)  # linear regression\n        return x1\n"),
                (R, SELECT,
                 "    x = x_org[:, feature_names == names[0]]\n"
                 "    for name in names[1:]:\n"
                 "        x_add = x_org[:, feature_names == name]\n"
                 "        x = np.hstack((x, x_add))\n"
                 "    inputs = torch.tensor(x).float()\n"
                 "    return inputs\n"),
                (R, LABELS,
                 "    labels = torch.tensor(yt).float()\n"
                 "    labels1 = labels.view((-1, 1))\n"
                 "    return labels1\n"),
                (R, LOOP,
                 "    criterion = nn.MSELoss()\n"
                 "    optimizer = optim.SGD(net.parameters(), lr=lr)\n"
                 "    history = np.zeros((0, 2))\n"
                 "    for epoch in range(num_epochs):\n"
                 "        optimizer.zero_grad()\n"
                 "        outputs = net(inputs)\n"
                 "        loss = criterion(outputs, labels) / 2.0\n"
                 "        if not is_finite(loss.item()):\n"
                 "            raise TrainingDiverged(epoch, loss.item(), lr)\n"
                 "        loss.backward()\n"
                 "        optimizer.step()\n"
                 "        if (epoch % log_every == 0):\n"
                 "            history = np.vstack((history, np.array([epoch, loss.item()])))\n"
                 "            print(f'Epoch {epoch} loss: {loss.item():.5f}')\n"
                 "    return history\n"),
                (R, "    x_ends = torch.stack([inputs.min(), inputs.max()]).view(-1, 1)\n"
                    "    with torch.no_grad():\n"
                    "        y_ends = net(x_ends)\n"
                    "    return x_ends, y_ends\n",
                 "    x = inputs.numpy()\n"
                 "    xse = np.array((x.min(), x.max())).reshape(-1, 1)\n"
                 "    Xse = torch.tensor(xse).float()\n"
                 "    with torch.no_grad():\n"
                 "        Yse = net(Xse)\n"
                 "    return Xse, Yse\n")),
    alternative("ch05", "functional_loss_and_filled_weights",
                (L, NET_INIT,
                 "        super().__init__()\n"
                 "        self.l1 = nn.Linear(n_input, n_output)\n"
                 "        with torch.no_grad():\n"
                 "            self.l1.weight.fill_(1.0)\n"
                 "            self.l1.bias.fill_(1.0)\n"),
                (L, THREE_OUT,
                 "    with torch.no_grad():\n"
                 "        layer.weight.copy_(torch.tensor([[1.0], [2.0], [3.0]]).expand(3, 2))\n"),
                (R, SELECT,
                 "    index = [list(feature_names).index(name) for name in names]\n"
                 "    return torch.from_numpy(x_org[:, index]).to(torch.float32)\n"),
                (R, LOOP,
                 "    optimizer = optim.SGD(net.parameters(), lr=lr)\n"
                 "    rows = []\n"
                 "    for epoch in range(num_epochs):\n"
                 "        loss = 0.5 * torch.nn.functional.mse_loss(net(inputs), labels)\n"
                 "        value = loss.item()\n"
                 "        if math.isnan(value) or math.isinf(value):\n"
                 "            raise TrainingDiverged(epoch=epoch, loss=value, lr=lr)\n"
                 "        optimizer.zero_grad()\n"
                 "        loss.backward()\n"
                 "        optimizer.step()\n"
                 "        if epoch % log_every == 0:\n"
                 "            rows.append((epoch, value))\n"
                 "    return np.array(rows)\n"),
                (R, "import numpy as np\n", "import math\n\nimport numpy as np\n")),
]
