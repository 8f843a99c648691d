"""The data side of chapter 12: transforms for a pretrained model, a folder of image files
per class read with ImageFolder, and the loaders.

The course's tree (the ants/bees photos; without them, the kit's own tree written from
Shapes-10 images) looks like this; courselib.image_folders.course_image_folder() returns its
top folder:

    data_dir/train/<class>/<image files>
    data_dir/val/<class>/<image files>

Read a folder with courselib.image_folders.ImageFolder: torchvision's datasets.ImageFolder
that reports a file it cannot read (a corrupt image, a stray text file) with its path and
leaves it out, instead of stopping at the batch that holds it. It gives one class per
sub-folder, numbered in the alphabetical order of the folder names (its `classes` and
`class_to_idx`), and items (transformed image, class number).

第 12 章のデータの部分: 事前学習済みモデル用の transform、ImageFolder で読み込むクラスごとの
画像ファイルのフォルダー、そしてデータローダー。

コースのツリー (アリとハチの写真。それがなければ Shapes-10 の画像から作るキット独自のツリー)
は次のような形で、courselib.image_folders.course_image_folder() はその一番上のフォルダーを
返します:

    data_dir/train/<クラス>/<画像ファイル>
    data_dir/val/<クラス>/<画像ファイル>

フォルダーは courselib.image_folders.ImageFolder で読み込みます。torchvision の
datasets.ImageFolder と同じですが、読めないファイル (壊れた画像や紛れ込んだテキストファイル)
があると、それを含むバッチで止まるのではなく、そのパスを表示して除外します。サブフォルダー
ごとに1つのクラスとし、フォルダー名のアルファベット順に番号を付け (`classes` と
`class_to_idx`)、要素は (transform をかけた画像, クラス番号) です。
"""

import os

from torch.utils.data import DataLoader
from torchvision import transforms

from courselib.image_folders import ImageFolder


def make_transforms():
    """Return (train_transform, test_transform), each a transforms.Compose taking a PIL
    image of any size and giving a float32 tensor [3, 224, 224]:

      - test_transform, for validation (and for showing images): transforms.Resize(256)
        (the shorter side scaled to 256, keeping the proportions), transforms.CenterCrop(224)
        (the middle 224 x 224), transforms.ToTensor(), transforms.Normalize(0.5, 0.5). It is
        the same every time: the data a model is measured on is never augmented.
      - train_transform, with data augmentation: transforms.RandomResizedCrop(224) (a random
        part of the image, resized to 224 x 224), transforms.RandomHorizontalFlip(),
        transforms.ToTensor(), transforms.Normalize(0.5, 0.5), transforms.RandomErasing(
        p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0), in this order. Each call
        draws anew.

    The pretrained models saw 224 x 224 images, so both give that size.

    (train_transform, test_transform) を返します。どちらも transforms.Compose で、どのサイズの
    PIL 画像でも受け取り、float32 のテンソル [3, 224, 224] を返します:

      - test_transform は検証用 (と画像の表示用) です: transforms.Resize(256) (短いほうの辺を
        256 にして縦横比を保ちます)、transforms.CenterCrop(224) (中央の 224 x 224)、
        transforms.ToTensor()、transforms.Normalize(0.5, 0.5)。毎回同じ結果になります。
        モデルを評価するデータには Data Augmentation をしません。
      - train_transform は Data Augmentation 付きです: transforms.RandomResizedCrop(224)
        (画像のランダムな部分を切り出し、224 x 224 にリサイズ)、
        transforms.RandomHorizontalFlip()、transforms.ToTensor()、
        transforms.Normalize(0.5, 0.5)、transforms.RandomErasing(p=0.5, scale=(0.02, 0.33),
        ratio=(0.3, 3.3), value=0) をこの順に。呼ばれるたびに新しく乱数を引きます。

    事前学習済みモデルは 224 x 224 の画像で学習しているので、どちらもそのサイズを返します。
    """
    # BEGIN SOLUTION
    test_transform = transforms.Compose([
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
    # END SOLUTION


def make_datasets(data_dir, train_transform, test_transform):
    """Return (train_data, train_data2, test_data), three ImageFolder data sets of the tree
    under `data_dir`, a str or a pathlib.Path (course_image_folder() returns a Path): join
    it with os.path.join(data_dir, "train"), which takes both, and write no folder name in:

      - train_data: data_dir/train with train_transform, for training;
      - train_data2: data_dir/train again, with test_transform: the training images as they
        are, for showing them without augmentation;
      - test_data: data_dir/val with test_transform, for validation.

    Augmentation goes on the training data only. Use courselib.image_folders.ImageFolder
    (torchvision's datasets.ImageFolder works the same on a folder without broken files).

    `data_dir` の下のツリーから、3つの ImageFolder のデータセット (train_data, train_data2,
    test_data) を返します。`data_dir` は str か pathlib.Path です (course_image_folder() は
    Path を返します)。どちらでも受け取れる os.path.join(data_dir, "train") でつなぎ、フォルダー
    名を直接書かないでください:

      - train_data: data_dir/train と train_transform で、訓練用;
      - train_data2: もう一度 data_dir/train で、test_transform を使います。Data Augmentation
        をせずに訓練データの画像をそのまま表示するためのものです;
      - test_data: data_dir/val と test_transform で、検証用。

    Data Augmentation をするのは訓練データだけです。courselib.image_folders.ImageFolder を
    使ってください (壊れたファイルのないフォルダーなら、torchvision の datasets.ImageFolder
    でも同じように動きます)。
    """
    # BEGIN SOLUTION
    train_dir = os.path.join(data_dir, "train")
    test_dir = os.path.join(data_dir, "val")
    train_data = ImageFolder(train_dir, transform=train_transform)
    train_data2 = ImageFolder(train_dir, transform=test_transform)
    test_data = ImageFolder(test_dir, transform=test_transform)
    return train_data, train_data2, test_data
    # END SOLUTION


def make_loaders(train_data, test_data, batch_size=10):
    """Return (train_loader, test_loader): DataLoaders over the data sets given, in
    mini-batches of `batch_size` (the course's 10), the training one shuffled (shuffle=True),
    the test one in order (shuffle=False).

    (train_loader, test_loader) を返します。渡されたデータセットに対する、サイズ `batch_size`
    (コースでは 10) のミニバッチの DataLoader で、訓練用はシャッフルし (shuffle=True)、検証用は
    順番どおりです (shuffle=False)。
    """
    # BEGIN SOLUTION
    train_loader = DataLoader(train_data, batch_size=batch_size, shuffle=True)
    test_loader = DataLoader(test_data, batch_size=batch_size, shuffle=False)
    return train_loader, test_loader
    # END SOLUTION
