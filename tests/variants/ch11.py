"""Chapter 11 variants: the mistakes of CURRICULUM.md, the brief and the issue, and other
correct code, one of them written the way the course text writes it."""

from tests.variants import alternative, mistake

M, T, D = "models.py", "training.py", "data.py"

HEAD = ("    return nn.Sequential(nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(),\n"
        "                         nn.Linear(in_channels, n_output))\n")
RESNET = "    net.fc = nn.Linear(net.fc.in_features, n_output)\n    return net\n"
VGG_HEAD = "    net.classifier[6] = nn.Linear(net.classifier[6].in_features, n_output)\n"
VGG = (VGG_HEAD + "    net.features = net.features[:-1]\n    net.avgpool = nn.Identity()\n"
       "    return net\n")
OPTIMIZER = "    return optim.SGD(net.parameters(), lr=lr, momentum=0.9)\n"
TRANSFORMS = '''    transform_train = transforms.Compose([
        transforms.Resize(SIZE),
        transforms.RandomHorizontalFlip(p=0.5),
        transforms.ToTensor(),
        transforms.Normalize(0.5, 0.5),
        transforms.RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0),
    ])
    transform = transforms.Compose([
        transforms.Resize(SIZE),
        transforms.ToTensor(),
        transforms.Normalize(0.5, 0.5),
    ])
    return transform_train, transform
'''
LOADERS = '''    transform_train, transform = make_transforms()
    train_set = cifar10(train=True, transform=transform_train)
    test_set = cifar10(train=False, transform=transform)
    train_loader = DataLoader(train_set, batch_size=batch_size, shuffle=True)
    test_loader = DataLoader(test_set, batch_size=batch_size, shuffle=False)
    return train_loader, test_loader
'''

# The course's lines, inside the stubs: its simulation of a pretrained model's end (p, l1,
# m1 ... m3), torch_seed() before each surgery, its variable names and comments.
COURSE_HEAD_CLASS = '''class CourseHead(nn.Module):
    """The course's simulation of the end of a pretrained model."""

    def __init__(self, in_channels, n_output):
        super().__init__()
        # nn.AdaptiveAvgPool2dの定義
        self.p = nn.AdaptiveAvgPool2d((1,1))
        # 線形関数の定義
        self.l1 = nn.Linear(in_channels, n_output)

    def forward(self, inputs):
        m1 = self.p(inputs)
        m2 = m1.view(m1.shape[0],-1)
        m3 = self.l1(m2)
        return m3


def global_average_head('''
COURSE_RESNET = '''    # 乱数の初期化
    torch_seed()
    # 最終レイヤー関数の入力次元数を確認
    fc_in_features = net.fc.in_features
    # 最終レイヤー関数の付け替え
    net.fc = nn.Linear(fc_in_features, n_output)
    return net
'''
COURSE_VGG = '''    # 乱数の初期化
    torch_seed()
    # 最終レイヤー関数の付け替え
    in_features = net.classifier[6].in_features
    net.classifier[6] = nn.Linear(in_features, n_output)
    # features最後のMaxPool2dをはずす
    net.features = net.features[:-1]
    # AdaptiveAvgPool2dをはずす
    net.avgpool = nn.Identity()
    return net
'''
COURSE_OPTIMIZER = '''    # 最適化関数定義
    optimizer = optim.SGD(net.parameters(), lr=lr, momentum=0.9)
    return optimizer
'''
COURSE_TRANSFORMS = '''    # 学習データ用: 正規化に追加で反転とRandomErasingを実施
    transform_train = transforms.Compose([
    transforms.Resize(112),
    transforms.RandomHorizontalFlip(p=0.5),
    transforms.ToTensor(),
    transforms.Normalize(0.5, 0.5),
    transforms.RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0, inplace=False)
    ])
    # 検証データ用 : 正規化のみ実施
    transform = transforms.Compose([
    transforms.Resize(112),
    transforms.ToTensor(),
    transforms.Normalize(0.5, 0.5)
    ])
    return transform_train, transform
'''
COURSE_LOADERS = '''    transform_train, transform = make_transforms()
    # データ取得用関数 Dataset
    train_set = cifar10(
        train = True, transform = transform_train)
    # 検証データの取得
    test_set = cifar10(
        train = False, transform = transform)
    # データローダー
    # 訓練用データローダー
    # 訓練用なので、シャッフルをかける
    train_loader = DataLoader(train_set, batch_size=batch_size, shuffle=True)
    # 検証用データローダー
    # 検証時にシャッフルは不要
    test_loader = DataLoader(test_set, batch_size=batch_size, shuffle=False)
    return train_loader, test_loader
'''

# Other correct code: a head class with torch.flatten, the surgery by indexing from the end,
# deleting in place and an empty Sequential for the identity, the parameters as a list,
# transforms that resize the tensor rather than the PIL image.
OTHER_HEAD_CLASS = '''class GlobalAverageHead(nn.Module):
    def __init__(self, in_channels, n_output):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(in_channels, n_output)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(x), 1))


def global_average_head('''
OTHER_RESNET = '''    old = net.fc
    net.fc = nn.Linear(old.weight.shape[1], n_output, bias=True)
    return net
'''
OTHER_VGG = '''    last = net.classifier[-1]
    net.classifier[-1] = nn.Linear(last.in_features, n_output)
    del net.features[-1]
    net.avgpool = nn.Sequential()
    return net
'''
OTHER_TRANSFORMS = '''    transform_train = transforms.Compose([
        transforms.ToTensor(),
        transforms.Resize((112, 112)),
        transforms.RandomHorizontalFlip(),
        transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5)),
        transforms.RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0),
    ])
    transform = transforms.Compose([transforms.ToTensor(), transforms.Resize((112, 112)),
                                    transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])
    return transform_train, transform
'''

VARIANTS = [
    # the new head's in_features: written in, or taken from out_features
    mistake("ch11", "vgg_head_in_features_written_in",
            (M, VGG_HEAD, "    net.classifier[6] = nn.Linear(4096, n_output)\n"),
            fails="check_adapt_vgg_on_pretrained_backbone", says="must be read from the layer"),
    mistake("ch11", "vgg_head_in_features_from_out_features",
            (M, VGG_HEAD, "    net.classifier[6] = nn.Linear(net.classifier[6].out_features, "
                          "n_output)\n"),
            fails=("check_vgg_surgery", "check_adapt_vgg_on_pretrained_backbone"),
            says="not its out_features"),
    mistake("ch11", "resnet_head_in_features_written_in",
            (M, RESNET, "    net.fc = nn.Linear(512, n_output)\n    return net\n"),
            fails="check_resnet_head_of_another_resnet", says="must be read from the layer"),
    # the course's two extra changes to VGG-19-BN
    mistake("ch11", "last_maxpool_kept", (M, "    net.features = net.features[:-1]\n", ""),
            fails=("check_vgg_surgery", "check_adapt_vgg_on_pretrained_backbone"),
            says="the last MaxPool of features is still there"),
    mistake("ch11", "avgpool_left_in", (M, "    net.avgpool = nn.Identity()\n", ""),
            fails="check_vgg_surgery", says="replace it with nn.Identity()"),
    # the network not returned, or a new one built
    mistake("ch11", "resnet_net_not_returned",
            (M, RESNET, "    net.fc = nn.Linear(net.fc.in_features, n_output)\n"),
            fails=("check_resnet_head", "check_course_numbers"), says="return net"),
    mistake("ch11", "vgg_new_network_built",
            (M, "from torch import nn\n", "from torch import nn\nfrom torchvision import models\n"),
            (M, VGG_HEAD, "    net = models.vgg19_bn(weights=None)\n" + VGG_HEAD),
            fails="check_vgg_surgery", says="a new one has no pretrained weights"),
    # fine-tuning with the optimizer of transfer learning
    mistake("ch11", "finetune_optimizer_over_the_head_only",
            (T, OPTIMIZER, "    return optim.SGD(net.classifier[6].parameters(), lr=lr, "
                           "momentum=0.9)\n"),
            fails="check_finetune_optimizer", says="which is transfer learning"),
    mistake("ch11", "training_transforms_on_validation",
            (D, "    return transform_train, transform\n",
             "    return transform_train, transform_train\n"),
            # check_loaders fails too, pointing to check_transforms (its relies_on)
            fails="check_transforms", says="training transforms on validation data"),
    mistake("ch11", "pool_given_a_kernel_size",
            (M, "nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten()", "nn.AvgPool2d((1, 1)), nn.Flatten()"),
            fails=("check_global_average_head", "check_course_numbers"),
            says="nn.AvgPool2d's argument is a kernel size"),
    alternative("ch11", "written_as_the_course_writes_it",
                (M, "from torch import nn\n",
                 "from torch import nn\n\nfrom courselib.seeding import torch_seed\n"),
                (M, "def global_average_head(", COURSE_HEAD_CLASS),
                (M, HEAD, "    return CourseHead(in_channels, n_output)\n"),
                (M, RESNET, COURSE_RESNET), (M, VGG, COURSE_VGG),
                (T, OPTIMIZER, COURSE_OPTIMIZER),
                (D, TRANSFORMS, COURSE_TRANSFORMS), (D, LOADERS, COURSE_LOADERS)),
    alternative("ch11", "other_correct_code",
                (M, "from torch import nn\n", "import torch\nfrom torch import nn\n"),
                (M, "def global_average_head(", OTHER_HEAD_CLASS),
                (M, HEAD, "    return GlobalAverageHead(in_channels, n_output)\n"),
                (M, RESNET, OTHER_RESNET), (M, VGG, OTHER_VGG),
                (T, OPTIMIZER, "    return optim.SGD([p for p in net.parameters()], lr=lr, "
                               "momentum=0.9)\n"),
                (D, TRANSFORMS, OTHER_TRANSFORMS)),
]
