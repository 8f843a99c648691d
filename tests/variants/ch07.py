"""Chapter 7 variants: the mistakes of CURRICULUM.md and the issue's bad input, a model that
learned nothing, and correct code written other ways (the course's own loop among them)."""

from tests.variants import alternative, mistake

F = "multiclass.py"
LOOP = '    for epoch in tqdm(range(num_epochs), desc="training", leave=False):\n'
TENSORS = "    return torch.tensor(x).float(), torch.tensor(y).long()\n"
DIVERGED = ("        if not math.isfinite(train_loss):\n"
            "            raise TrainingDiverged(epoch, train_loss, lr)\n")
VALIDATION = ("        with torch.no_grad():\n"
              "            outputs_test = net(inputs_test)\n"
              "            val_loss = criterion(outputs_test, labels_test).item()\n")
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
        train_acc = accuracy(outputs, labels)
""", """        val_acc = accuracy(outputs_test, labels_test)
        history.append([epoch, train_loss, train_acc, val_loss, val_acc])
    return np.array(history).reshape(-1, 5)
"""))

# The course's loop (its names, its printout, its np.vstack history) in train()'s signature;
# validation under torch.no_grad(), which CURRICULUM.md requires of chapter 6's loop.
COURSE_TRAIN = """    optimizer = optim.SGD(net.parameters(), lr=lr)
    history = np.zeros((0, 5))
    for epoch in range(num_epochs):
        optimizer.zero_grad()
        outputs = net(inputs)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()
        predicted = torch.max(outputs, 1)[1]
        train_loss = loss.item()
        if not math.isfinite(train_loss):
            raise TrainingDiverged(epoch, train_loss, lr)
        train_acc = (predicted == labels).sum() / len(labels)
        with torch.no_grad():
            outputs_test = net(inputs_test)
            loss_test = criterion(outputs_test, labels_test)
        predicted_test = torch.max(outputs_test, 1)[1]
        val_loss = loss_test.item()
        val_acc = (predicted_test == labels_test).sum() / len(labels_test)
        if (epoch) % log_every == 0:
            print(f'Epoch [{epoch}/{num_epochs}], loss: {train_loss:.5f} acc: {train_acc:.5f} '
                  f'val_loss: {val_loss:.5f}, val_acc: {val_acc:.5f}')
            item = np.array([epoch, train_loss, train_acc, val_loss, val_acc])
            history = np.vstack((history, item))
    return history
"""
COURSE_DATA = """    iris = load_iris()
    x_org, y_org = iris.data, iris.target
    x_select = x_org[:, columns]
    x_train, x_test, y_train, y_test = train_test_split(
        x_select, y_org, train_size=75, test_size=75, random_state=123)
    return x_train, x_test, y_train, y_test
"""
COURSE_TENSORS = """    inputs = torch.tensor(x).float()
    labels = torch.tensor(y).long()
    return inputs, labels
"""

VARIANTS = [
    mistake("ch07", "softmax_in_forward",
            (F, "        return self.l1(x)\n", "        return torch.softmax(self.l1(x), dim=1)\n"),
            fails="check_net", says="applied before CrossEntropyLoss"),
    mistake("ch07", "softmax_before_cross_entropy_in_train",
            (F, "        loss = criterion(outputs, labels)\n",
             "        loss = criterion(torch.softmax(outputs, dim=1), labels)\n"),
            fails="check_training", says="applied before CrossEntropyLoss"),
    mistake("ch07", "float_labels", (F, TENSORS, TENSORS.replace(".long()", ".float()")),
            fails=("check_tensors", "check_course_run_on_all_features"), says="int64"),
    mistake("ch07", "argmax_over_dim_0",
            (F, "    return torch.max(outputs, 1)[1]\n", "    return torch.max(outputs, 0)[1]\n"),
            fails="check_predicted_labels", says="argmax over dim 1"),
    mistake("ch07", "softmax_over_dim_0",
            (F, "    return torch.softmax(outputs, dim=1)\n",
             "    return torch.softmax(outputs, dim=0)\n"),
            fails="check_probabilities", says="dim 1"),
    mistake("ch07", "zero_grad_missing", (F, "        optimizer.zero_grad()\n", ""),
            fails="check_training", says="gradients are never reset"),
    mistake("ch07", "validation_with_gradients",
            (F, VALIDATION, "        outputs_test = net(inputs_test)\n"
                            "        val_loss = criterion(outputs_test, labels_test).item()\n"),
            fails="check_validation_without_gradients", says="torch.no_grad()"),
    mistake("ch07", "nan_loss_not_reported", (F, DIVERGED, ""),
            fails="check_divergence_is_reported", says="TrainingDiverged(epoch, loss, lr)"),
    mistake("ch07", "trained_one_epoch",
            (F, LOOP, '    for epoch in tqdm(range(1), desc="training", leave=False):\n'),
            fails="check_held_out_accuracy", says="did not learn"),
    mistake("ch07", "labels_shuffled",
            (F, TENSORS, "    labels = torch.tensor(y).long()\n"
                         "    return torch.tensor(x).float(), labels[torch.randperm(len(labels))]\n"),
            fails="check_held_out_accuracy", says="did not learn"),
    mistake("ch07", "log_every_written_into_the_loop",
            (F, "        if epoch % log_every != 0:", "        if epoch % 10 != 0:"),
            fails="check_training_follows_given_settings", says="not used as given"),
    alternative("ch07", "written_as_the_course_writes_it",
                (F, TRAIN_BODY, COURSE_TRAIN),
                (F, TENSORS, COURSE_TENSORS),
                (F, """    iris = load_iris()
    x_select = iris.data[:, list(columns)]
    return train_test_split(x_select, iris.target, train_size=75, test_size=75,
                            random_state=123)
""", COURSE_DATA.replace("x_org[:, columns]", "x_org[:, list(columns)]"))),
    alternative("ch07", "argmax_softmax_functions_tensor_accuracy_list_history",
                (F, "    return torch.max(outputs, 1)[1]\n", "    return outputs.argmax(dim=-1)\n"),
                (F, "    return torch.softmax(outputs, dim=1)\n",
                 "    return nn.functional.softmax(outputs, dim=-1)\n"),
                (F, "    return (predicted_labels(outputs) == labels).float().mean().item()\n",
                 "    return (predicted_labels(outputs) == labels).double().mean()\n"),
                (F, "    return np.array(history).reshape(-1, 5)\n", "    return history\n")),
]
