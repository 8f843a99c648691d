"""Chapter 12 variants: the mistakes of CURRICULUM.md and the issue, and other correct code,
one of them written the way the course text writes it."""

from tests.variants import alternative, mistake

D, M = "data.py", "models.py"

TRANSFORMS = '''    test_transform = transforms.Compose([
        transforms.Resize(256),
        transforms.CenterCrop(224),
        transforms.ToTensor(),
        transforms.Normalize(0.5, 0.5),
    ])
    train_transform = transforms.Compose([
        transforms.RandomResizedCrop(224),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        transforms.Normalize(0.5, 0.5),
        transforms.RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0),
    ])
    return train_transform, test_transform
'''
DATASETS = '''    train_dir = os.path.join(data_dir, "train")
    test_dir = os.path.join(data_dir, "val")
    train_data = ImageFolder(train_dir, transform=train_transform)
    train_data2 = ImageFolder(train_dir, transform=test_transform)
    test_data = ImageFolder(test_dir, transform=test_transform)
    return train_data, train_data2, test_data
'''
LOADERS = '''    train_loader = DataLoader(train_data, batch_size=batch_size, shuffle=True)
    test_loader = DataLoader(test_data, batch_size=batch_size, shuffle=False)
    return train_loader, test_loader
'''
FINETUNING = '''    in_features = net.classifier[6].in_features
    net.classifier[6] = nn.Linear(in_features, n_output)
    net.avgpool = nn.Identity()
    optimizer = optim.SGD(net.parameters(), lr=LR, momentum=MOMENTUM)
    return net, optimizer
'''
FINETUNING_OPTIMIZER = "    optimizer = optim.SGD(net.parameters(), lr=LR, momentum=MOMENTUM)\n"
FREEZE = '''    for param in net.parameters():
        param.requires_grad = False
'''
TRANSFER = FREEZE + '''    in_features = net.classifier[6].in_features
    net.classifier[6] = nn.Linear(in_features, n_output)
    net.avgpool = nn.Identity()
    optimizer = optim.SGD(net.classifier[6].parameters(), lr=LR, momentum=MOMENTUM)
    return net, optimizer
'''
IMPORTS = "from courselib.image_folders import ImageFolder\n"
MODEL_IMPORTS = "from torch import nn, optim\n"

# The course text's cells (its comments, names and layout), in the stubs' functions; the
# torchvision ImageFolder it uses; torch_seed() before each new head, as the course calls it.
COURSE_TRANSFORMS = '''    # Transforms定義
    # 検証データ用 : 正規化のみ実施
    test_transform = transforms.Compose([
    transforms.Resize(256),
    transforms.CenterCrop(224),
    transforms.ToTensor(),
    transforms.Normalize(0.5, 0.5)
    ])
    # 訓練データ用: 正規化に追加で反転とRandomErasingを実施
    train_transform = transforms.Compose([
    transforms.RandomResizedCrop(224),
    transforms.RandomHorizontalFlip(),
    transforms.ToTensor(),
    transforms.Normalize(0.5, 0.5),
    transforms.RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0, inplace=False)
    ])
    return train_transform, test_transform
'''
COURSE_DATASETS = '''    # 訓練データディレクトリと検証データディレクトリの指定
    import os
    train_dir = os.path.join(data_dir, 'train')
    test_dir = os.path.join(data_dir, 'val')
    # データセット定義
    # 訓練用
    train_data = datasets.ImageFolder(train_dir,
    transform=train_transform)
    # 訓練データのイメージ表示用
    train_data2 = datasets.ImageFolder(train_dir,
    transform=test_transform)
    # 検証用
    test_data = datasets.ImageFolder(test_dir,
    transform=test_transform)
    return train_data, train_data2, test_data
'''
COURSE_LOADERS = '''    # 訓練用
    train_loader = DataLoader(train_data,
    batch_size=batch_size, shuffle=True)
    # 検証用
    test_loader = DataLoader(test_data,
    batch_size=batch_size, shuffle=False)
    return train_loader, test_loader
'''
COURSE_FINETUNING = '''    # 乱数初期化
    torch_seed()
    # 最終ノードの出力を2に変更する
    in_features = net.classifier[6].in_features
    net.classifier[6] = nn.Linear(in_features, n_output)
    # AdaptiveAvgPool2d関数の取り外し
    net.avgpool = nn.Identity()
    # 学習率
    lr = 0.001
    # 最適化関数定義
    optimizer = optim.SGD(net.parameters(),lr=lr,momentum=0.9)
    return net, optimizer
'''
COURSE_TRANSFER = '''    # すべてのパラメータで勾配計算なしに
    for param in net.parameters():
        param.requires_grad = False
    # 乱数初期化
    torch_seed()
    # 最終ノードの出力を2に変更する
    # このノードのみ勾配計算をすることになる
    in_features = net.classifier[6].in_features
    net.classifier[6] = nn.Linear(in_features, n_output)
    # AdaptiveAvgPool2d関数の取り外し
    net.avgpool = nn.Identity()
    # 学習率
    lr = 0.001
    # 最適化関数定義
    # パラメータ修正の対象を最終ノードに限定
    optimizer = optim.SGD(net.classifier[6].parameters(),lr=lr,momentum=0.9)
    return net, optimizer
'''

# Other correct code: pathlib, transforms from lists with RandomErasing's defaults (the
# course's settings), the head found as the classifier's last layer, an empty Sequential as
# the identity, requires_grad_ on the whole network, the optimizer given what requires grad.
LIST_TRANSFORMS = '''    to_tensor = [transforms.ToTensor(),
                 transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))]
    test_steps = [transforms.Resize(size=256), transforms.CenterCrop(size=(224, 224))]
    train_steps = [transforms.RandomResizedCrop(size=224), transforms.RandomHorizontalFlip(p=0.5)]
    train_transform = transforms.Compose(train_steps + to_tensor + [transforms.RandomErasing()])
    return train_transform, transforms.Compose(test_steps + to_tensor)
'''
PATH_DATASETS = '''    from pathlib import Path

    root = Path(data_dir)
    return (ImageFolder(str(root / "train"), train_transform),
            ImageFolder(str(root / "train"), test_transform),
            ImageFolder(str(root / "val"), test_transform))
'''
LAST_LAYER_FINETUNING = '''    old_head = net.classifier[-1]
    net.classifier[-1] = nn.Linear(old_head.in_features, n_output)
    net.avgpool = nn.Sequential()
    return net, optim.SGD(net.parameters(), lr=0.001, momentum=0.9)
'''
REQUIRES_GRAD_TRANSFER = '''    net.requires_grad_(False)
    old_head = net.classifier[-1]
    net.classifier[-1] = nn.Linear(old_head.in_features, n_output)
    net.avgpool = nn.Sequential()
    trainable = [p for p in net.parameters() if p.requires_grad]
    return net, optim.SGD(trainable, lr=0.001, momentum=0.9)
'''

VARIANTS = [
    mistake("ch12", "head_replaced_before_freezing",
            (M, TRANSFER, TRANSFER.replace(FREEZE, "").replace(
                "    net.avgpool = nn.Identity()\n", "    net.avgpool = nn.Identity()\n" + FREEZE)),
            fails=("check_transfer", "check_course_transfer_count"),
            says="freeze every parameter first"),
    mistake("ch12", "transfer_optimizer_given_all_parameters",
            (M, "optim.SGD(net.classifier[6].parameters(), lr=LR",
             "optim.SGD(net.parameters(), lr=LR"),
            fails=("check_transfer", "check_course_transfer_count"),
            says="the head's parameters only"),
    mistake("ch12", "frozen_with_a_comparison",
            (M, "        param.requires_grad = False\n", "        param.requires_grad == False\n"),
            fails=("check_transfer", "check_course_transfer_count"), says="only compares"),
    mistake("ch12", "in_features_written_in",
            (M, "    # BEGIN SOLUTION\n    in_features = net.classifier[6].in_features\n",
             "    # BEGIN SOLUTION\n    in_features = 4096\n"),
            fails="check_finetuning", says="must be read from the layer"),
    mistake("ch12", "last_maxpool_dropped_at_224",
            (M, "    net.avgpool = nn.Identity()\n    optimizer = optim.SGD(net.parameters()",
             "    net.features = net.features[:-1]\n    net.avgpool = nn.Identity()\n"
             "    optimizer = optim.SGD(net.parameters()"),
            fails=("check_finetuning", "check_course_finetuning_count"),
            says="with their last MaxPool2d"),
    mistake("ch12", "optimizer_made_before_the_new_head",
            (M, FINETUNING, FINETUNING_OPTIMIZER + FINETUNING.replace(FINETUNING_OPTIMIZER, "")),
            fails="check_finetuning", says="create the optimizer after replacing the head"),
    # the course text writes nn.Linear(in_features, 2) for its two classes
    mistake("ch12", "two_classes_written_in",
            (M, FINETUNING, FINETUNING.replace("n_output)", "2)")),
            (M, TRANSFER, TRANSFER.replace("n_output)", "2)")),
            fails=("check_finetuning", "check_transfer"), says="with the n_output given"),
    mistake("ch12", "training_transform_on_validation",
            (D, "test_data = ImageFolder(test_dir, transform=test_transform)",
             "test_data = ImageFolder(test_dir, transform=train_transform)"),
            fails="check_datasets", says="augmentation goes on the training data only"),
    # the course's second example (dog_wolf) keeps its validation images in test/
    mistake("ch12", "validation_folder_named_test",
            (D, 'os.path.join(data_dir, "val")', 'os.path.join(data_dir, "test")'),
            fails="check_datasets", says="holds train/ and val/"),
    # only the hidden check gives make_datasets a pathlib.Path, as course_image_folder() does
    mistake("ch12", "paths_joined_with_plus",
            (D, 'os.path.join(data_dir, "train")\n', 'data_dir + "/train"\n'),
            (D, 'os.path.join(data_dir, "val")\n', 'data_dir + "/val"\n'),
            fails="check_datasets_from_a_path", says="not with +"),
    mistake("ch12", "validation_resized_to_a_square",
            (D, "        transforms.Resize(256),\n", "        transforms.Resize((256, 256)),\n"),
            fails="check_test_transform", says="keeps the proportions"),
    alternative("ch12", "written_as_the_course_writes_it",
                (D, IMPORTS, "from torchvision import datasets\n"),
                (D, TRANSFORMS, COURSE_TRANSFORMS), (D, DATASETS, COURSE_DATASETS),
                (D, LOADERS, COURSE_LOADERS),
                (M, MODEL_IMPORTS, MODEL_IMPORTS + "\nfrom courselib.seeding import torch_seed\n"),
                (M, FINETUNING, COURSE_FINETUNING), (M, TRANSFER, COURSE_TRANSFER)),
    alternative("ch12", "pathlib_lists_and_requires_grad_",
                (D, TRANSFORMS, LIST_TRANSFORMS), (D, DATASETS, PATH_DATASETS),
                (M, FINETUNING, LAST_LAYER_FINETUNING), (M, TRANSFER, REQUIRES_GRAD_TRANSFER)),
]
