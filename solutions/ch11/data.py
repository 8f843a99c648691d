"""The data of chapter 11: CIFAR-10 enlarged to 112 x 112 for the pretrained models, with
data augmentation for training.

CIFAR-10 comes from courselib.datasets.cifar10, which serves the real set when it is under
data/ (`python -m grader data fetch cifar10`) and otherwise the kit's offline Shapes-10
(10 classes of drawn shapes, 32 x 32 RGB) through the same interface. Items are (PIL image,
label) before the transform.

第 11 章のデータ: 事前学習済みモデル用に 112 x 112 に拡大した CIFAR-10 と、訓練データ用の
Data Augmentation。

CIFAR-10 は courselib.datasets.cifar10 から取得します。data/ に本物のデータセットがあれば
(`python -m grader data fetch cifar10`) それを、なければキットがオフラインで作る Shapes-10
(描画した図形の 10 クラス、32 x 32 の RGB) を同じインターフェースで返します。transform を
かける前の要素は (PIL 画像, ラベル) です。
"""

from torch.utils.data import DataLoader
from torchvision import transforms

from courselib.datasets import cifar10

SIZE = 112  # the pretrained models learnt at 224; 112 is the course's compromise on speed


def make_transforms():
    """Return (transform_train, transform), the course's two transforms:

      - transform_train, for the training data, in this order:
          transforms.Resize(112), transforms.RandomHorizontalFlip(p=0.5),
          transforms.ToTensor(), transforms.Normalize(0.5, 0.5),
          transforms.RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0)
      - transform, for the validation data: transforms.Resize(112), transforms.ToTensor(),
        transforms.Normalize(0.5, 0.5), nothing else.

    Resize(112) enlarges a square image (32 x 32) to 112 x 112; both return a float32
    tensor [3, 112, 112] in [-1, 1]. transform_train mirrors half of the images and sets a
    random rectangle of half of them to 0 (after Normalize, so 0 is mid-grey), anew at
    each call; the validation transform gives the same tensor every time: the data a model
    is measured on is never augmented.

    コースの2つの transform (transform_train, transform) を返します:

      - transform_train は訓練データ用で、この順です:
          transforms.Resize(112), transforms.RandomHorizontalFlip(p=0.5),
          transforms.ToTensor(), transforms.Normalize(0.5, 0.5),
          transforms.RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0)
      - transform は検証データ用です: transforms.Resize(112), transforms.ToTensor(),
        transforms.Normalize(0.5, 0.5) だけで、ほかには何もしません。

    Resize(112) は正方形の画像 (32 x 32) を 112 x 112 に拡大します。どちらも [-1, 1] の範囲の
    float32 のテンソル [3, 112, 112] を返します。transform_train は呼ばれるたびに新しく、画像の
    半分を左右反転し、半分の画像のランダムな長方形を 0 にします (Normalize の後なので 0 は中間の
    灰色です)。検証データ用の transform は毎回同じテンソルを返します。モデルを評価するデータには
    Data Augmentation をしません。
    """
    # BEGIN SOLUTION
    transform_train = transforms.Compose([
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
    # END SOLUTION


def make_loaders(batch_size=50):
    """Return (train_loader, test_loader) over CIFAR-10 (courselib.datasets.cifar10) with
    the transforms of make_transforms():

      - train_loader: the training part (train=True) with transform_train, in shuffled
        mini-batches of `batch_size`;
      - test_loader: the test part (train=False) with the validation transform, in
        mini-batches of `batch_size`, not shuffled.

    make_transforms() の transform を使った CIFAR-10 (courselib.datasets.cifar10) の
    (train_loader, test_loader) を返します:

      - train_loader: 訓練データ (train=True) と transform_train、サイズ `batch_size` の
        ミニバッチで、シャッフルします;
      - test_loader: 検証データ (train=False) と検証データ用の transform、サイズ `batch_size`
        のミニバッチで、シャッフルしません。
    """
    # BEGIN SOLUTION
    transform_train, transform = make_transforms()
    train_set = cifar10(train=True, transform=transform_train)
    test_set = cifar10(train=False, transform=transform)
    train_loader = DataLoader(train_set, batch_size=batch_size, shuffle=True)
    test_loader = DataLoader(test_set, batch_size=batch_size, shuffle=False)
    return train_loader, test_loader
    # END SOLUTION
