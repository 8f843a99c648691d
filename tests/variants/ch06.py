"""Chapter 6 variants: the mistakes of CURRICULUM.md and the issue's bad input, a model that
learned nothing, and correct code written other ways (the course's own loop among them)."""

from tests.variants import alternative, mistake

F = "binary.py"
LABELS = "    labels = torch.tensor(y).float().view(-1, 1)\n"
LOOP = '    for epoch in tqdm(range(num_epochs), desc="training", leave=False):\n'
DIVERGED = ("        if not math.isfinite(train_loss):\n"
            "            raise TrainingDiverged(epoch, train_loss, lr)\n")
VALIDATION = ("        with torch.no_grad():\n"
              "            outputs_test = net(inputs_test)\n"
              "            val_loss = criterion(outputs_test, labels_test).item()\n")
NET_INIT = ("        super().__init__()\n        self.l1 = nn.Linear(n_input, n_output)\n"
            "        self.sigmoid = nn.Sigmoid()\n")
TRAIN_BODY = VALIDATION.join(("""    optimizer = optim.SGD(net.parameters(), lr=lr)
    history = []
""" + LOOP + """        optimizer.zero_grad()
        outputs = net(inputs)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()
        train_loss = loss.item()
""" + DIVERGED + """        if epoch % log_every != 0:  # the other epochs' numbers are never recorded
            continue
        train_acc = accuracy(outputs, labels, threshold)
""", """        val_acc = accuracy(outputs_test, labels_test, threshold)
        history.append([epoch, train_loss, train_acc, val_loss, val_acc])
    return np.array(history).reshape(-1, 5)
"""))

# The course's loop (its names, its printout, its np.vstack history) in train()'s signature;
# validation under torch.no_grad(), which CURRICULUM.md requires of this chapter.
COURSE_TRAIN = """    optimizer = optim.SGD(net.parameters(), lr=lr)
    history = np.zeros((0, 5))
    for epoch in range(num_epochs):
        optimizer.zero_grad()
        outputs = net(inputs)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()
        train_loss = loss.item()
        if not math.isfinite(train_loss):
            raise TrainingDiverged(epoch, train_loss, lr)
        predicted = torch.where(outputs < threshold, 0, 1)
        train_acc = (predicted == labels).sum() / len(labels)
        with torch.no_grad():
            outputs_test = net(inputs_test)
            loss_test = criterion(outputs_test, labels_test)
        val_loss = loss_test.item()
        predicted_test = torch.where(outputs_test < threshold, 0, 1)
        val_acc = (predicted_test == labels_test).sum() / len(labels_test)
        if epoch % log_every == 0:
            print(f'Epoch [{epoch}/{num_epochs}], loss: {train_loss:.5f} acc: {train_acc:.5f} '
                  f'val_loss: {val_loss:.5f}, val_acc: {val_acc:.5f}')
            item = np.array([epoch, train_loss, train_acc, val_loss, val_acc])
            history = np.vstack((history, item))
    return history
"""
COURSE_TENSORS = """    inputs = torch.tensor(x).float()
    labels = torch.tensor(y).float()
    labels1 = labels.view((-1, 1))
    return inputs, labels1
"""
COURSE_BOUNDARY = """    def decision(x):
        return -(bias + weight[0, 0] * x) / weight[0, 1]

    return decision(np.asarray(x))
"""

VARIANTS = [
    mistake("ch06", "sigmoid_before_bce_with_logits",
            (F, "        return self.l1(x)\n", "        return torch.sigmoid(self.l1(x))\n"),
            fails=("check_logit_net", "check_setup"), says="applied twice"),
    mistake("ch06", "labels_shaped_n", (F, LABELS, "    labels = torch.tensor(y).float()\n"),
            fails=("check_tensors", "check_course_run_with_logits"), says="[N, 1]"),
    mistake("ch06", "labels_left_integer",
            (F, LABELS, "    labels = torch.tensor(y).view(-1, 1)\n"),
            fails=("check_tensors", "check_course_run_with_logits"), says="float labels"),
    mistake("ch06", "probability_threshold_for_logits",
            (F, "nn.BCEWithLogitsLoss(), 0.0", "nn.BCEWithLogitsLoss(), 0.5"),
            fails="check_setup", says="with logits the threshold is 0.0"),
    mistake("ch06", "validation_with_gradients",
            (F, VALIDATION, "        outputs_test = net(inputs_test)\n"
                            "        val_loss = criterion(outputs_test, labels_test).item()\n"),
            fails="check_validation_without_gradients", says="torch.no_grad()"),
    mistake("ch06", "zero_grad_missing", (F, "        optimizer.zero_grad()\n", ""),
            fails=("check_training_with_bce", "check_training_with_logits"),
            says="gradients are never reset"),
    mistake("ch06", "nan_loss_not_reported", (F, DIVERGED, ""),
            fails="check_divergence_is_reported", says="TrainingDiverged(epoch, loss, lr)"),
    mistake("ch06", "super_init_missing",
            (F, NET_INIT, NET_INIT.replace("        super().__init__()\n", "")),
            fails="check_net", says="super().__init__()"),
    mistake("ch06", "trained_one_epoch",
            (F, LOOP, '    for epoch in tqdm(range(1), desc="training", leave=False):\n'),
            fails="check_held_out_accuracy", says="did not learn"),
    mistake("ch06", "labels_shuffled",
            (F, LABELS, LABELS + "    labels = labels[torch.randperm(len(labels))]\n"),
            fails="check_held_out_accuracy", says="did not learn"),
    mistake("ch06", "log_every_written_into_the_loop",
            (F, "        if epoch % log_every != 0:", "        if epoch % 10 != 0:"),
            fails="check_training_follows_given_settings", says="not used as given"),
    alternative("ch06", "written_as_the_course_writes_it",
                (F, TRAIN_BODY, COURSE_TRAIN),
                (F, "    inputs = torch.tensor(x).float()\n" + LABELS + "    return inputs, labels\n",
                 COURSE_TENSORS),
                (F, "    weight, bias = np.asarray(weight), np.asarray(bias)\n"
                    "    return -(bias[0] + weight[0, 0] * np.asarray(x)) / weight[0, 1]\n",
                 COURSE_BOUNDARY)),
    alternative("ch06", "unsqueezed_labels_tensor_accuracy_list_history",
                (F, LABELS, "    labels = torch.from_numpy(y).to(torch.float32).unsqueeze(1)\n"),
                (F, "    predicted = torch.where(outputs < threshold, 0.0, 1.0)\n"
                    "    return (predicted == labels).float().mean().item()\n",
                 "    return ((outputs >= threshold).float() == labels).float().mean()\n"),
                (F, "    return np.array(history).reshape(-1, 5)\n", "    return history\n")),
]
