"""Chapter 8 variants: the mistakes of CURRICULUM.md and the issue, and other correct code,
one of them written the way the course text writes it."""

from tests.variants import alternative, mistake

D, M, T = "data.py", "models.py", "training.py"
TRAIN_MOVE = ("            inputs, labels = inputs.to(device), labels.to(device)\n"
              "            optimizer.zero_grad()\n")
TRAIN_LOSS = "            loss = criterion(outputs, labels)\n            loss.backward()\n"
ADD_LOSS = "            train_loss += loss.item() * len(labels)\n"
FIT_BODY_END = ("    return np.vstack([np.asarray(history, dtype=float).reshape(-1, 5),\n"
                "                      np.asarray(rows, dtype=float).reshape(-1, 5)])\n"
                "    # END SOLUTION\n")

# The course's fit (its chapter-9 helper, the chapter-8 loop with net.train() / net.eval()),
# adapted: tqdm.auto instead of tqdm.notebook, which needs Jupyter, and the evaluation under
# torch.no_grad(), as CURRICULUM.md asks of chapter 8.
COURSE_FIT = '''    # BEGIN SOLUTION
    from tqdm.auto import tqdm

    base_epochs = len(history)
    for epoch in range(base_epochs, num_epochs + base_epochs):
        n_train_acc, n_val_acc = 0, 0
        train_loss, val_loss = 0, 0
        n_train, n_test = 0, 0

        # training phase
        net.train()
        for inputs, labels in tqdm(train_loader):
            train_batch_size = len(labels)
            n_train += train_batch_size
            inputs = inputs.to(device)
            labels = labels.to(device)
            optimizer.zero_grad()
            outputs = net(inputs)
            loss = criterion(outputs, labels)
            loss.backward()
            optimizer.step()
            predicted = torch.max(outputs, 1)[1]
            train_loss += loss.item() * train_batch_size
            n_train_acc += (predicted == labels).sum().item()

        # prediction phase
        net.eval()
        with torch.no_grad():
            for inputs_test, labels_test in test_loader:
                test_batch_size = len(labels_test)
                n_test += test_batch_size
                inputs_test = inputs_test.to(device)
                labels_test = labels_test.to(device)
                outputs_test = net(inputs_test)
                loss_test = criterion(outputs_test, labels_test)
                predicted_test = torch.max(outputs_test, 1)[1]
                val_loss += loss_test.item() * test_batch_size
                n_val_acc += (predicted_test == labels_test).sum().item()

        train_acc = n_train_acc / n_train
        val_acc = n_val_acc / n_test
        avg_train_loss = train_loss / n_train
        avg_val_loss = val_loss / n_test
        print(f'Epoch [{(epoch+1)}/{num_epochs+base_epochs}], loss: {avg_train_loss:.5f} '
              f'acc: {train_acc:.5f} val_loss: {avg_val_loss:.5f}, val_acc: {val_acc:.5f}')
        item = np.array([epoch+1, avg_train_loss, train_acc, avg_val_loss, val_acc])
        history = np.vstack((history, item))
    return history
    # END SOLUTION
'''
COURSE_NET = '''        # BEGIN SOLUTION
        self.l1 = nn.Linear(n_input, n_hidden)
        self.l2 = nn.Linear(n_hidden, n_output)
        self.relu = nn.ReLU(inplace=True)
        # END SOLUTION

    def forward(self, x):
        # BEGIN SOLUTION
        x1 = self.l1(x)
        x2 = self.relu(x1)
        x3 = self.l2(x2)
        return x3
        # END SOLUTION
'''
COURSE_NET2 = '''        # BEGIN SOLUTION
        self.l1 = nn.Linear(n_input, n_hidden)
        self.l2 = nn.Linear(n_hidden, n_hidden)
        self.l3 = nn.Linear(n_hidden, n_output)
        self.relu = nn.ReLU(inplace=True)
        # END SOLUTION

    def forward(self, x):
        # BEGIN SOLUTION
        x1 = self.l1(x)
        x2 = self.relu(x1)
        x3 = self.l2(x2)
        x4 = self.relu(x3)
        x5 = self.l3(x4)
        return x5
        # END SOLUTION
'''
NET_BODY = '''        # BEGIN SOLUTION
        self.l1 = nn.Linear(n_input, n_hidden)
        self.l2 = nn.Linear(n_hidden, n_output)
        self.relu = nn.ReLU(inplace=True)
        # END SOLUTION

    def forward(self, x):
        # BEGIN SOLUTION
        x1 = self.l1(x)
        x2 = self.relu(x1)
        return self.l2(x2)
        # END SOLUTION
'''
NET2_BODY = '''        # BEGIN SOLUTION
        self.l1 = nn.Linear(n_input, n_hidden)
        self.l2 = nn.Linear(n_hidden, n_hidden)
        self.l3 = nn.Linear(n_hidden, n_output)
        self.relu = nn.ReLU(inplace=True)
        # END SOLUTION

    def forward(self, x):
        # BEGIN SOLUTION
        x1 = self.relu(self.l1(x))
        x2 = self.relu(self.l2(x1))
        return self.l3(x2)
        # END SOLUTION
'''

REFERENCE_FIT = '''    # BEGIN SOLUTION
    first_epoch = len(history)
    rows = []
    for epoch in range(first_epoch, first_epoch + num_epochs):
        net.train()
        train_loss, train_correct, n_train = 0.0, 0, 0
        for inputs, labels in tqdm(train_loader):
            inputs, labels = inputs.to(device), labels.to(device)
            optimizer.zero_grad()
            outputs = net(inputs)
            loss = criterion(outputs, labels)
            loss.backward()
            optimizer.step()
            train_loss += loss.item() * len(labels)
            train_correct += (outputs.argmax(dim=1) == labels).sum().item()
            n_train += len(labels)

        net.eval()
        val_loss, val_correct, n_test = 0.0, 0, 0
        with torch.no_grad():
            for inputs, labels in test_loader:
                inputs, labels = inputs.to(device), labels.to(device)
                outputs = net(inputs)
                val_loss += criterion(outputs, labels).item() * len(labels)
                val_correct += (outputs.argmax(dim=1) == labels).sum().item()
                n_test += len(labels)

        row = [epoch + 1, train_loss / n_train, train_correct / n_train,
               val_loss / n_test, val_correct / n_test]
        print(f"Epoch [{epoch + 1}/{first_epoch + num_epochs}], loss: {row[1]:.5f} "
              f"acc: {row[2]:.5f} val_loss: {row[3]:.5f}, val_acc: {row[4]:.5f}")
        rows.append(row)
    return np.vstack([np.asarray(history, dtype=float).reshape(-1, 5),
                      np.asarray(rows, dtype=float).reshape(-1, 5)])
    # END SOLUTION
'''
SEQUENTIAL_NET = '''        # BEGIN SOLUTION
        self.layers = nn.Sequential(nn.Linear(n_input, n_hidden), nn.ReLU(),
                                    nn.Linear(n_hidden, n_output))
        # END SOLUTION

    def forward(self, x):
        # BEGIN SOLUTION
        return self.layers(x)
        # END SOLUTION
'''
SEQUENTIAL_NET2 = '''        # BEGIN SOLUTION
        self.layers = nn.Sequential(nn.Linear(n_input, n_hidden), nn.ReLU(),
                                    nn.Linear(n_hidden, n_hidden), nn.ReLU(),
                                    nn.Linear(n_hidden, n_output))
        # END SOLUTION

    def forward(self, x):
        # BEGIN SOLUTION
        return self.layers(x)
        # END SOLUTION
'''
TENSOR_SUMS_FIT = '''    # BEGIN SOLUTION
    from tqdm import trange

    def run(loader, train):
        loss_sum, correct, count = torch.zeros(()), torch.zeros(()), 0
        for inputs, labels in loader:
            inputs, labels = inputs.to(device), labels.to(device)
            outputs = net(inputs)
            loss = criterion(outputs, labels)
            if train:
                loss.backward()
                optimizer.step()
                optimizer.zero_grad()
            loss_sum += loss.detach().cpu() * labels.shape[0]
            correct += (torch.max(outputs, 1)[1] == labels).sum().cpu()
            count += labels.shape[0]
        return (loss_sum / count).item(), (correct / count).item()

    rows = [list(row) for row in history]
    optimizer.zero_grad()
    for epoch in trange(len(rows) + 1, len(rows) + num_epochs + 1):
        net.train()
        train_loss, train_acc = run(train_loader, train=True)
        net.eval()
        with torch.no_grad():
            val_loss, val_acc = run(test_loader, train=False)
        rows.append([epoch, train_loss, train_acc, val_loss, val_acc])
    return rows
    # END SOLUTION
'''

VARIANTS = [
    mistake("ch08", "batch_losses_averaged_unweighted",
            (T, ADD_LOSS, "            train_loss += loss.item()\n"),
            (T, "row = [epoch + 1, train_loss / n_train,",
             "row = [epoch + 1, train_loss / len(train_loader),"),
            fails="check_fit_history", says="not over its batches"),
    mistake("ch08", "labels_left_on_the_cpu",
            (T, TRAIN_MOVE,
             "            inputs = inputs.to(device)\n            optimizer.zero_grad()\n"),
            fails="check_fit_moves_batches_to_device", says="the labels"),
    mistake("ch08", "test_loader_shuffled",
            (D, "batch_size=batch_size, shuffle=False)",
             "batch_size=batch_size, shuffle=True)"),
            fails="check_loaders", says="shuffle=False for the test loader"),
    mistake("ch08", "zero_grad_missing",
            (T, "            optimizer.zero_grad()\n", ""),
            fails="check_fit_history", says="gradients are never reset"),
    # as the course's chapter-8 loop: no net.train() / net.eval()
    mistake("ch08", "train_and_eval_modes_missing",
            (T, "        net.train()\n", ""), (T, "        net.eval()\n", ""),
            fails="check_fit_modes", says="net.train() before the training batches"),
    mistake("ch08", "evaluation_with_gradients",
            (T, "        with torch.no_grad():\n", "        if True:\n"),
            fails="check_fit_modes", says="torch.no_grad()"),
    mistake("ch08", "softmax_before_cross_entropy",
            (T, TRAIN_LOSS,
             "            loss = criterion(torch.softmax(outputs, dim=1), labels)\n"
             "            loss.backward()\n"),
            (T, "val_loss += criterion(outputs, labels)",
             "val_loss += criterion(torch.softmax(outputs, dim=1), labels)"),
            fails="check_fit_history", says="softmax was applied before CrossEntropyLoss"),
    mistake("ch08", "float_labels",
            (T, TRAIN_MOVE,
             "            inputs, labels = inputs.to(device), labels.to(device).float()\n"
             "            optimizer.zero_grad()\n"),
            fails="check_fit_history", says="int64 class indices"),
    # multiplying the loss back by the batch size before backward(): the steps are 100 times
    # too large and training diverges, which is reported with the learning rate
    mistake("ch08", "loss_scaled_by_batch_size",
            (T, TRAIN_LOSS, "            loss = criterion(outputs, labels) * len(labels)\n"
                            "            loss.backward()\n"),
            (T, ADD_LOSS, "            train_loss += loss.item()\n"),
            fails="check_held_out_accuracy", says="learning rate 0.02"),
    mistake("ch08", "optimizer_step_missing",
            (T, "            optimizer.step()\n", ""),
            fails=("check_fit_history", "check_held_out_accuracy"), says="step"),
    mistake("ch08", "no_progress_bar",
            (T, "for inputs, labels in tqdm(train_loader):",
             "for inputs, labels in train_loader:"),
            fails="check_fit_shows_progress_bar", says="tqdm(train_loader)"),
    mistake("ch08", "tqdm_notebook_outside_jupyter",
            (T, "import torch\nfrom tqdm.auto import tqdm\n",
             "import torch\nfrom tqdm.notebook import tqdm\n"),
            fails="check_fit_history", says="from tqdm.auto import tqdm"),
    mistake("ch08", "history_started_afresh",
            (T, "    first_epoch = len(history)\n", "    first_epoch = 0\n"),
            (T, FIT_BODY_END, "    return np.asarray(rows, dtype=float).reshape(-1, 5)\n"
                              "    # END SOLUTION\n"),
            fails="check_fit_continues_history", says="append the new rows"),
    mistake("ch08", "hidden_size_written_in",
            (M, "        self.l1 = nn.Linear(n_input, n_hidden)\n"
                "        self.l2 = nn.Linear(n_hidden, n_output)\n",
             "        self.l1 = nn.Linear(n_input, 128)\n"
             "        self.l2 = nn.Linear(128, n_output)\n"),
            fails="check_net", says="use the sizes given"),
    # only the hidden check gives fit a criterion other than the plain CrossEntropyLoss
    mistake("ch08", "criterion_written_into_fit",
            (T, TRAIN_LOSS,
             "            loss = torch.nn.functional.cross_entropy(outputs, labels)\n"
             "            loss.backward()\n"),
            fails="check_fit_uses_given_optimizer_and_criterion", says="criterion of its own"),
    alternative("ch08", "written_as_the_course_writes_it",
                (D, '    return torch.device("cuda:0" if torch.cuda.is_available() else "cpu")\n',
                 '    device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")\n'
                 '    return device\n'),
                (M, NET_BODY, COURSE_NET), (M, NET2_BODY, COURSE_NET2),
                (T, REFERENCE_FIT, COURSE_FIT)),
    # nn.Sequential models, a progress bar over the epochs, sums kept as tensors, the
    # gradients reset after the step, the device as a name, the history as a list of rows
    alternative("ch08", "sequential_models_and_tensor_sums",
                (D, '    return torch.device("cuda:0" if torch.cuda.is_available() else "cpu")\n',
                 '    return "cuda" if torch.cuda.is_available() else "cpu"\n'),
                (M, NET_BODY, SEQUENTIAL_NET), (M, NET2_BODY, SEQUENTIAL_NET2),
                (T, REFERENCE_FIT, TENSOR_SUMS_FIT)),
]
