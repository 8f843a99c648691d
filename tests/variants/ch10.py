"""Chapter 10 variants: the mistakes of CURRICULUM.md and the issue, and other correct code,
one of them written the way the course text writes it."""

from tests.variants import alternative, mistake

M, D, O, E = "models.py", "data.py", "optimizers.py", "evaluation.py"

V2_BODY = '''        # BEGIN SOLUTION
        self.conv1 = nn.Conv2d(3, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 32, 3, padding=1)
        self.conv3 = nn.Conv2d(32, 64, 3, padding=1)
        self.conv4 = nn.Conv2d(64, 64, 3, padding=1)
        self.conv5 = nn.Conv2d(64, 128, 3, padding=1)
        self.conv6 = nn.Conv2d(128, 128, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.l1 = nn.Linear(4 * 4 * 128, 128)
        self.l2 = nn.Linear(128, num_classes)
        # END SOLUTION

    def forward(self, x):
        # BEGIN SOLUTION
        x = self.pool(torch.relu(self.conv2(torch.relu(self.conv1(x)))))
        x = self.pool(torch.relu(self.conv4(torch.relu(self.conv3(x)))))
        x = self.pool(torch.relu(self.conv6(torch.relu(self.conv5(x)))))
        x = torch.relu(self.l1(torch.flatten(x, 1)))
        return self.l2(x)
        # END SOLUTION
'''
V3_BODY = '''        # BEGIN SOLUTION
        self.conv1 = nn.Conv2d(3, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 32, 3, padding=1)
        self.conv3 = nn.Conv2d(32, 64, 3, padding=1)
        self.conv4 = nn.Conv2d(64, 64, 3, padding=1)
        self.conv5 = nn.Conv2d(64, 128, 3, padding=1)
        self.conv6 = nn.Conv2d(128, 128, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.dropout1 = nn.Dropout(0.2)
        self.dropout2 = nn.Dropout(0.3)
        self.dropout3 = nn.Dropout(0.4)
        self.dropout4 = nn.Dropout(0.4)
        self.l1 = nn.Linear(4 * 4 * 128, 128)
        self.l2 = nn.Linear(128, num_classes)
        # END SOLUTION

    def forward(self, x):
        # BEGIN SOLUTION
        x = self.dropout1(self.pool(torch.relu(self.conv2(torch.relu(self.conv1(x))))))
        x = self.dropout2(self.pool(torch.relu(self.conv4(torch.relu(self.conv3(x))))))
        x = self.dropout3(self.pool(torch.relu(self.conv6(torch.relu(self.conv5(x))))))
        x = self.dropout4(torch.relu(self.l1(torch.flatten(x, 1))))
        return self.l2(x)
        # END SOLUTION
'''
V4_BODY = '''        # BEGIN SOLUTION
        self.conv1 = nn.Conv2d(3, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 32, 3, padding=1)
        self.conv3 = nn.Conv2d(32, 64, 3, padding=1)
        self.conv4 = nn.Conv2d(64, 64, 3, padding=1)
        self.conv5 = nn.Conv2d(64, 128, 3, padding=1)
        self.conv6 = nn.Conv2d(128, 128, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(32)
        self.bn2 = nn.BatchNorm2d(32)
        self.bn3 = nn.BatchNorm2d(64)
        self.bn4 = nn.BatchNorm2d(64)
        self.bn5 = nn.BatchNorm2d(128)
        self.bn6 = nn.BatchNorm2d(128)
        self.pool = nn.MaxPool2d(2)
        self.dropout1 = nn.Dropout(0.2)
        self.dropout2 = nn.Dropout(0.3)
        self.dropout3 = nn.Dropout(0.4)
        self.dropout4 = nn.Dropout(0.4)
        self.l1 = nn.Linear(4 * 4 * 128, 128)
        self.l2 = nn.Linear(128, num_classes)
        # END SOLUTION

    def forward(self, x):
        # BEGIN SOLUTION
        x = torch.relu(self.bn1(self.conv1(x)))
        x = torch.relu(self.bn2(self.conv2(x)))
        x = self.dropout1(self.pool(x))
        x = torch.relu(self.bn3(self.conv3(x)))
        x = torch.relu(self.bn4(self.conv4(x)))
        x = self.dropout2(self.pool(x))
        x = torch.relu(self.bn5(self.conv5(x)))
        x = torch.relu(self.bn6(self.conv6(x)))
        x = self.dropout3(self.pool(x))
        x = self.dropout4(torch.relu(self.l1(torch.flatten(x, 1))))
        return self.l2(x)
        # END SOLUTION
'''

# The course's classes, as the text writes them: the layers as attributes, then put in the
# `features` and `classifier` Sequentials (one ReLU, one MaxPool2d and dropout3 used at
# several places: they hold no state, so that is right, unlike a batch norm).
COURSE_LAYERS = '''        self.conv1 = nn.Conv2d(3, 32, 3, padding=(1,1))
        self.conv2 = nn.Conv2d(32, 32, 3, padding=(1,1))
        self.conv3 = nn.Conv2d(32, 64, 3, padding=(1,1))
        self.conv4 = nn.Conv2d(64, 64, 3, padding=(1,1))
        self.conv5 = nn.Conv2d(64, 128, 3, padding=(1,1))
        self.conv6 = nn.Conv2d(128, 128, 3, padding=(1,1))
        self.relu = nn.ReLU(inplace=True)
        self.flatten = nn.Flatten()
        self.maxpool = nn.MaxPool2d((2,2))
        self.l1 = nn.Linear(4*4*128, 128)
        self.l2 = nn.Linear(128, num_classes)
'''
COURSE_FORWARD = '''

    def forward(self, x):
        # BEGIN SOLUTION
        x1 = self.features(x)
        x2 = self.flatten(x1)
        x3 = self.classifier(x2)
        return x3
        # END SOLUTION
'''
COURSE_V2 = '''        # BEGIN SOLUTION
''' + COURSE_LAYERS + '''
        self.features = nn.Sequential(
            self.conv1,
            self.relu,
            self.conv2,
            self.relu,
            self.maxpool,
            self.conv3,
            self.relu,
            self.conv4,
            self.relu,
            self.maxpool,
            self.conv5,
            self.relu,
            self.conv6,
            self.relu,
            self.maxpool,
        )
        self.classifier = nn.Sequential(
            self.l1,
            self.relu,
            self.l2
        )
        # END SOLUTION''' + COURSE_FORWARD
COURSE_DROPOUTS = '''        self.dropout1 = nn.Dropout(0.2)
        self.dropout2 = nn.Dropout(0.3)
        self.dropout3 = nn.Dropout(0.4)
'''
COURSE_CLASSIFIER = '''        self.classifier = nn.Sequential(
            self.l1,
            self.relu,
            self.dropout3,
            self.l2
        )
        # END SOLUTION'''
COURSE_V3 = '''        # BEGIN SOLUTION
''' + COURSE_LAYERS + COURSE_DROPOUTS + '''
        self.features = nn.Sequential(
            self.conv1,
            self.relu,
            self.conv2,
            self.relu,
            self.maxpool,
            self.dropout1,
            self.conv3,
            self.relu,
            self.conv4,
            self.relu,
            self.maxpool,
            self.dropout2,
            self.conv5,
            self.relu,
            self.conv6,
            self.relu,
            self.maxpool,
            self.dropout3,
        )
''' + COURSE_CLASSIFIER + COURSE_FORWARD
COURSE_V4 = '''        # BEGIN SOLUTION
''' + COURSE_LAYERS + COURSE_DROPOUTS + '''        self.bn1 = nn.BatchNorm2d(32)
        self.bn2 = nn.BatchNorm2d(32)
        self.bn3 = nn.BatchNorm2d(64)
        self.bn4 = nn.BatchNorm2d(64)
        self.bn5 = nn.BatchNorm2d(128)
        self.bn6 = nn.BatchNorm2d(128)

        self.features = nn.Sequential(
            self.conv1,
            self.bn1,
            self.relu,
            self.conv2,
            self.bn2,
            self.relu,
            self.maxpool,
            self.dropout1,
            self.conv3,
            self.bn3,
            self.relu,
            self.conv4,
            self.bn4,
            self.relu,
            self.maxpool,
            self.dropout2,
            self.conv5,
            self.bn5,
            self.relu,
            self.conv6,
            self.bn6,
            self.relu,
            self.maxpool,
            self.dropout3,
        )
''' + COURSE_CLASSIFIER + COURSE_FORWARD

TRAIN_TRANSFORM = '''    return transforms.Compose([
        transforms.RandomHorizontalFlip(p=0.5),
        transforms.ToTensor(),
        transforms.Normalize(0.5, 0.5),
        transforms.RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0),
    ])
'''
COURSE_TRAIN_TRANSFORM = '''    # 訓練データ用: 正規化に追加で反転とRandomErasingを実施
    transform_train = transforms.Compose([
        transforms.RandomHorizontalFlip(p=0.5),
        transforms.ToTensor(),
        transforms.Normalize(0.5, 0.5),
        transforms.RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0, inplace=False)
    ])
    return transform_train
'''
TEST_TRANSFORM = ("    return transforms.Compose([transforms.ToTensor(), "
                  "transforms.Normalize(0.5, 0.5)])\n")
COURSE_TEST_TRANSFORM = '''    transform = transforms.Compose([
        transforms.ToTensor(),
        transforms.Normalize(0.5, 0.5)
    ])
    return transform
'''
LOADERS = '''    train_set = cifar10(train=True, transform=make_train_transform())
    test_set = cifar10(train=False, transform=make_test_transform())
    train_loader = DataLoader(train_set, batch_size=batch_size, shuffle=True)
    test_loader = DataLoader(test_set, batch_size=batch_size, shuffle=False)
    return train_loader, test_loader
'''
COURSE_LOADERS = '''    # transfrom_trainを利用したデータセットの定義
    train_set2 = cifar10(train=True, transform=make_train_transform())
    test_set = cifar10(train=False, transform=make_test_transform())
    train_loader2 = DataLoader(train_set2, batch_size=batch_size, shuffle=True)
    test_loader = DataLoader(test_set, batch_size=batch_size, shuffle=False)
    return train_loader2, test_loader
'''
OPTIMIZER = '''    if kind == "sgd":
        return optim.SGD(parameters, lr=SGD_LR if lr is None else lr)
    if kind == "momentum":
        return optim.SGD(parameters, lr=SGD_LR if lr is None else lr, momentum=0.9)
    if kind == "adam":
        return optim.Adam(parameters) if lr is None else optim.Adam(parameters, lr=lr)
'''
COURSE_OPTIMIZER = '''    if kind == "adam":
        if lr is None:
            optimizer = optim.Adam(parameters)
        else:
            optimizer = optim.Adam(parameters, lr=lr)
        return optimizer
    if lr is None:
        lr = 0.01
    if kind == "sgd":
        optimizer = optim.SGD(parameters, lr=lr)
        return optimizer
    if kind == "momentum":
        optimizer = optim.SGD(parameters, lr=lr, momentum=0.9)
        return optimizer
'''
ACCURACY = '''    net.eval()
    correct, count = 0, 0
    with torch.no_grad():
        for inputs, labels in loader:
            inputs, labels = inputs.to(device), labels.to(device)
            predicted = net(inputs).argmax(dim=1)
            correct += (predicted == labels).sum().item()
            count += len(labels)
    return correct / count
'''
# the prediction phase of the course's fit
COURSE_ACCURACY = '''    n_val_acc = 0
    n_test = 0
    net.eval()
    with torch.no_grad():
        for inputs_test, labels_test in loader:
            test_batch_size = len(labels_test)
            n_test += test_batch_size
            inputs_test = inputs_test.to(device)
            labels_test = labels_test.to(device)
            outputs_test = net(inputs_test)
            predicted_test = torch.max(outputs_test, 1)[1]
            n_val_acc += (predicted_test == labels_test).sum().item()
    val_acc = n_val_acc / n_test
    return val_acc
'''

# Built by loops into one nn.Sequential each; dropouts and batch norms where the course puts
# them; the optimizer from a table; the accuracy kept as tensors on the device.
LOOP_HELPER = '''

def course_cnn(num_classes, dropouts=None, batch_norm=False):
    """The course's deeper CNN as one nn.Sequential."""
    layers, channels = [], 3
    for stage, width in enumerate((32, 64, 128)):
        for _ in range(2):
            layers.append(nn.Conv2d(channels, width, kernel_size=3, stride=1, padding=1))
            if batch_norm:
                layers.append(nn.BatchNorm2d(width))
            layers.append(nn.ReLU())
            channels = width
        layers.append(nn.MaxPool2d(kernel_size=2))
        if dropouts:
            layers.append(nn.Dropout(p=dropouts[stage]))
    layers += [nn.Flatten(), nn.Linear(channels * 4 * 4, 128), nn.ReLU()]
    if dropouts:
        layers.append(nn.Dropout(p=dropouts[-1]))
    layers.append(nn.Linear(128, num_classes))
    return nn.Sequential(*layers)
'''


def loop_body(arguments: str) -> str:
    return f'''        # BEGIN SOLUTION
        self.net = course_cnn(num_classes{arguments})
        # END SOLUTION

    def forward(self, x):
        # BEGIN SOLUTION
        return self.net(x)
        # END SOLUTION
'''


TABLE_OPTIMIZER = '''    settings = {"sgd": (optim.SGD, {"lr": 0.01}),
                "momentum": (optim.SGD, {"lr": 0.01, "momentum": 0.9}),
                "adam": (optim.Adam, {})}
    if kind in settings:
        cls, options = settings[kind]
        if lr is not None:
            options = dict(options, lr=lr)
        return cls(parameters, **options)
'''
TENSOR_ACCURACY = '''    was_training = net.training
    net.train(False)
    hits, seen = torch.zeros((), device=device), 0
    with torch.inference_mode():
        for inputs, labels in loader:
            outputs = net(inputs.to(device))
            hits += (outputs.max(dim=1).indices == labels.to(device)).sum()
            seen += labels.numel()
    net.train(was_training)
    return float(hits / seen)
'''
LIST_TRANSFORMS = '''    steps = [transforms.RandomHorizontalFlip()]
    steps += [transforms.ToTensor(), transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))]
    steps.append(transforms.RandomErasing())  # its defaults are the course's settings
    return transforms.Compose(steps)
'''

VARIANTS = [
    # bn1 used after conv1 and conv2: the parameter count drops to 551,402
    mistake("ch10", "batch_norm_instance_reused",
            (M, "        self.bn2 = nn.BatchNorm2d(32)\n", ""),
            (M, "        x = torch.relu(self.bn2(self.conv2(x)))\n",
             "        x = torch.relu(self.bn1(self.conv2(x)))\n"),
            fails=("check_batch_norm_instances", "check_course_parameter_counts"),
            says="its own BatchNorm2d instance"),
    mistake("ch10", "padding_missing",
            (M, '    CNN_v2(10) のパラメータ数は 550,570 です。\n    """\n\n    def __init__(self, '
                'num_classes):\n        super().__init__()\n        # BEGIN SOLUTION\n'
                '        self.conv1 = nn.Conv2d(3, 32, 3, padding=1)\n',
             '    CNN_v2(10) のパラメータ数は 550,570 です。\n    """\n\n    def __init__(self, '
             'num_classes):\n        super().__init__()\n        # BEGIN SOLUTION\n'
             '        self.conv1 = nn.Conv2d(3, 32, 3)\n'),
            fails="check_cnn_v2", says="padding=1"),
    mistake("ch10", "wrong_flatten_size",
            (M, "        self.pool = nn.MaxPool2d(2)\n"
                "        self.l1 = nn.Linear(4 * 4 * 128, 128)\n",
             "        self.pool = nn.MaxPool2d(2)\n        self.l1 = nn.Linear(4 * 4 * 64, 128)\n"),
            fails="check_cnn_v2", says="Linear(4*4*128, 128)"),
    mistake("ch10", "dropout_before_the_pool",
            (M, "        x = self.dropout1(self.pool(torch.relu(self.conv2(torch.relu("
                "self.conv1(x))))))\n",
             "        x = self.pool(self.dropout1(torch.relu(self.conv2(torch.relu("
             "self.conv1(x))))))\n"),
            fails="check_dropout", says="nn.Dropout(0.2) after the first max-pool"),
    # dropout left in training mode at evaluation
    mistake("ch10", "accuracy_without_eval_mode",
            (E, "    net.eval()\n", ""),
            fails="check_accuracy", says="call net.eval() before predicting"),
    mistake("ch10", "accuracy_with_gradients",
            (E, "    with torch.no_grad():\n", "    if True:\n"),
            fails="check_accuracy", says="torch.no_grad()"),
    # only the hidden check's last batch is smaller than the others
    mistake("ch10", "accuracy_averaged_over_batches",
            (E, "            correct += (predicted == labels).sum().item()\n"
                "            count += len(labels)\n",
             "            correct += (predicted == labels).float().mean().item()\n"
             "            count += 1\n"),
            fails="check_accuracy_weighted_and_on_device",
            says="a mean of the batches' accuracies is not it"),
    # augmentation on the validation data, two ways
    mistake("ch10", "test_transform_augmented",
            (D, TEST_TRANSFORM, "    return make_train_transform()\n"),
            fails=("check_test_transform", "check_loaders"),
            says="augmentation goes on the training data only"),
    mistake("ch10", "test_loader_given_the_training_transform",
            (D, "    test_set = cifar10(train=False, transform=make_test_transform())\n",
             "    test_set = cifar10(train=False, transform=make_train_transform())\n"),
            fails="check_loaders", says="augmentation goes on the training data only"),
    mistake("ch10", "erasing_before_normalize",
            (D, "        transforms.Normalize(0.5, 0.5),\n        transforms.RandomErasing(p=0.5, "
                "scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0),\n",
             "        transforms.RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), "
             "value=0),\n        transforms.Normalize(0.5, 0.5),\n"),
            fails="check_train_transform", says="before Normalize"),
    mistake("ch10", "momentum_not_passed_on",
            (O, "        return optim.SGD(parameters, lr=SGD_LR if lr is None else lr, "
                "momentum=0.9)\n",
             "        return optim.SGD(parameters, lr=SGD_LR if lr is None else lr)\n"),
            fails=("check_optimizers", "check_optimizer_lesson"),
            says="momentum was not passed on"),
    mistake("ch10", "adam_given_sgd_learning_rate",
            (O, "        return optim.Adam(parameters) if lr is None else optim.Adam(parameters, "
                "lr=lr)\n",
             "        return optim.Adam(parameters, lr=SGD_LR if lr is None else lr)\n"),
            fails="check_optimizers", says="Adam was given SGD's learning rate 0.01"),
    alternative("ch10", "written_as_the_course_writes_it",
                (M, V2_BODY, COURSE_V2), (M, V3_BODY, COURSE_V3), (M, V4_BODY, COURSE_V4),
                (D, TRAIN_TRANSFORM, COURSE_TRAIN_TRANSFORM),
                (D, TEST_TRANSFORM, COURSE_TEST_TRANSFORM), (D, LOADERS, COURSE_LOADERS),
                (O, OPTIMIZER, COURSE_OPTIMIZER), (E, ACCURACY, COURSE_ACCURACY)),
    alternative("ch10", "sequentials_built_by_a_loop",
                (M, "import torch\nfrom torch import nn\n",
                 "import torch\nfrom torch import nn\n" + LOOP_HELPER),
                (M, V2_BODY, loop_body("")),
                (M, V3_BODY, loop_body(", dropouts=(0.2, 0.3, 0.4, 0.4)")),
                (M, V4_BODY, loop_body(", dropouts=(0.2, 0.3, 0.4, 0.4), batch_norm=True")),
                (D, TRAIN_TRANSFORM, LIST_TRANSFORMS),
                (O, OPTIMIZER, TABLE_OPTIMIZER), (E, ACCURACY, TENSOR_ACCURACY)),
]
