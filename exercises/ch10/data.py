"""The data side of chapter 10: the transforms, with data augmentation for training, and the
loaders.

CIFAR-10 comes from courselib.datasets.cifar10, which serves the real set when it is under
data/ (`python -m grader data fetch cifar10`) and otherwise the kit's offline Shapes-10 (10
classes of drawn shapes, 32 x 32 RGB), through the same interface: your code is the same for
both. Items are (PIL image, label) before the transform.

第10章のデータ側: 訓練用の Data Augmentation を含む transform と、データローダー。

CIFAR-10 は courselib.datasets.cifar10 から取得します。data/ に本物のデータセットがあれば
(`python -m grader data fetch cifar10`) それを、なければキットのオフライン用データセット
Shapes-10 (図形を描いた 10 クラス、32 x 32 の RGB 画像) を同じインターフェースで返すので、
どちらでもコードは同じです。各データは transform を適用する前は (PIL 画像, ラベル) です。
"""

from torch.utils.data import DataLoader
from torchvision import transforms

from courselib.datasets import cifar10


def make_test_transform():
    """Return the transform for evaluation: transforms.ToTensor() then
    transforms.Normalize(0.5, 0.5), nothing else.

    Given a 32 x 32 RGB PIL image it returns a float32 tensor [3, 32, 32] with values
    (pixel / 255 - 0.5) / 0.5 in [-1, 1], the same every time it is called: the data a model
    is measured on is never augmented.

    評価用の transform を返します: transforms.ToTensor() の後に transforms.Normalize(0.5, 0.5)、
    それ以外は何もしません。

    32 x 32 の RGB の PIL 画像を受け取り、値が (画素値 / 255 - 0.5) / 0.5 で [-1, 1] の範囲にある
    float32 のテンソル [3, 32, 32] を返します。何度呼んでも結果は同じです: モデルの評価に使う
    データには Data Augmentation をしません。
    """
    raise NotImplementedError("ch10 task 'make_test_transform': not implemented yet (replace this line with your code) / ch10 課題 'make_test_transform': 未実装です（この行を自分のコードに置き換えてください）")


def make_train_transform():
    """Return the transform for training, with data augmentation, in this order:

      1. transforms.RandomHorizontalFlip(p=0.5): mirrors half of the images (left-right);
      2. transforms.ToTensor();
      3. transforms.Normalize(0.5, 0.5);
      4. transforms.RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0):
         in half of the images, sets a random rectangle (2% to 33% of the image, of aspect
         ratio 0.3 to 3.3) to 0.

    RandomErasing works on tensors, so it comes after ToTensor; and after Normalize, so that
    the erased pixels hold 0, the middle of [-1, 1] (erased before Normalize they would
    become -1, black). Each call draws anew: the same image comes out differently.

    訓練用の、Data Augmentation を含む transform を次の順で返します:

      1. transforms.RandomHorizontalFlip(p=0.5): 画像の半分を左右反転します;
      2. transforms.ToTensor();
      3. transforms.Normalize(0.5, 0.5);
      4. transforms.RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0):
         画像の半分で、ランダムな矩形領域 (画像の 2% ～ 33% の大きさ、縦横比 0.3 ～ 3.3) を
         0 にします。

    RandomErasing はテンソルに対して働くので ToTensor の後に置きます。さらに Normalize の後に
    置くことで、削除した画素が [-1, 1] の中央の 0 になります (Normalize の前に削除すると -1、
    つまり黒になります)。呼び出すたびに新しい乱数を使うので、同じ画像からも毎回違う結果になります。
    """
    raise NotImplementedError("ch10 task 'make_train_transform': not implemented yet (replace this line with your code) / ch10 課題 'make_train_transform': 未実装です（この行を自分のコードに置き換えてください）")


def make_loaders(batch_size=100):
    """Return (train_loader, test_loader) over CIFAR-10 (courselib.datasets.cifar10):

      - train_loader: the training part (train=True) with the augmenting transform of
        make_train_transform(), in shuffled mini-batches of `batch_size`;
      - test_loader: the test part (train=False) with the plain transform of
        make_test_transform(), in mini-batches of `batch_size`, not shuffled.

    Augmentation goes on the training set only: the test set measures the model on the data
    as it is.

    CIFAR-10 (courselib.datasets.cifar10) の (train_loader, test_loader) を返します:

      - train_loader: 訓練データ (train=True) に make_train_transform() の Data Augmentation
        付き transform を使い、サイズ `batch_size` のミニバッチをシャッフルして返します;
      - test_loader: 検証データ (train=False) に make_test_transform() の加工なしの transform
        を使い、サイズ `batch_size` のミニバッチをシャッフルせずに返します。

    Data Augmentation は訓練データだけに行います: 検証データはモデルを加工なしのデータで
    評価するためのものです。
    """
    raise NotImplementedError("ch10 task 'make_loaders': not implemented yet (replace this line with your code) / ch10 課題 'make_loaders': 未実装です（この行を自分のコードに置き換えてください）")
