"""The data side of chapter 8: the device, the transforms, the datasets and the loaders.

MNIST comes from courselib.datasets.mnist, which serves the full torchvision set when it is
under data/ (`python -m grader data fetch mnist`) and otherwise a real offline sample of
5,000 digits, through the same Dataset interface: your code is the same for both.

第8章のデータ側: デバイス、transforms、データセット、データローダー。

MNIST は courselib.datasets.mnist から取得します。data/ の下に torchvision の完全な
データセットがあればそれを（`python -m grader data fetch mnist`）、なければオフラインで使える
本物の 5,000 枚のサンプルを、同じ Dataset のインターフェースで返します:
どちらでもあなたのコードは同じです。
"""

import torch
from torch.utils.data import DataLoader
from torchvision import transforms

from courselib.datasets import mnist


def pick_device():
    """Return the device to compute on, as a torch.device: the first GPU ("cuda:0") when
    torch.cuda.is_available() says there is one, else "cpu".

    Ask torch.cuda.is_available() each time the function is called (not once at import),
    so the same code picks the GPU on a machine that has one and the CPU elsewhere.

    計算に使うデバイスを torch.device として返します: torch.cuda.is_available() が
    GPU があると答えれば最初の GPU（"cuda:0"）、そうでなければ "cpu" です。

    torch.cuda.is_available() は（インポート時に1回だけではなく）関数が呼ばれるたびに
    確認してください。そうすれば同じコードが、GPU のあるマシンでは GPU を、それ以外では
    CPU を選びます。
    """
    # BEGIN SOLUTION
    return torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
    # END SOLUTION


def make_transform():
    """Return the transform that turns one MNIST image into the network's input.

    Given a 28 x 28 grey-scale PIL image (pixel values 0..255), the transform must return a
    float32 tensor of shape [784] whose values lie in [-1, 1]: pixel 0 becomes -1.0 and
    pixel 255 becomes 1.0, row after row (pixel [r, c] goes to position 28 * r + c).
    Compose three steps with transforms.Compose([...]):
      1. transforms.ToTensor(): the image as a float tensor [1, 28, 28] with values in [0, 1];
      2. transforms.Normalize(0.5, 0.5): (x - 0.5) / 0.5, so [0, 1] becomes [-1, 1];
      3. transforms.Lambda(...): flatten [1, 28, 28] to [784] (x.view(-1)).

    MNIST の画像1枚をネットワークの入力に変換する transform を返します。

    transform は 28 x 28 のグレースケールの PIL 画像（画素値 0..255）を受け取り、値が
    [-1, 1] の範囲にある形状 [784] の float32 テンソルを返す必要があります: 画素値 0 は -1.0 に、
    255 は 1.0 になり、行の順に並びます（画素 [r, c] は位置 28 * r + c に入ります）。
    transforms.Compose([...]) で3つのステップを組み合わせます:
      1. transforms.ToTensor(): 画像を、値が [0, 1] の範囲の float テンソル [1, 28, 28] にします;
      2. transforms.Normalize(0.5, 0.5): (x - 0.5) / 0.5 で正規化し、[0, 1] を [-1, 1] にします;
      3. transforms.Lambda(...): [1, 28, 28] を [784] の1階テンソルにします (x.view(-1))。
    """
    # BEGIN SOLUTION
    return transforms.Compose([
        transforms.ToTensor(),
        transforms.Normalize(0.5, 0.5),
        transforms.Lambda(lambda x: x.view(-1)),
    ])
    # END SOLUTION


def load_datasets(transform):
    """Return (train_set, test_set): MNIST's training and test parts, each applying
    `transform` to its images.

    Use courselib.datasets.mnist(train=..., transform=...) for both: train=True gives the
    training part, train=False the test part. Each item of a set is then (image, label):
    the transformed image and the digit as an int.

    (train_set, test_set) を返します: MNIST の訓練用と検証用のデータセットで、
    どちらも画像に `transform` を適用します。

    どちらにも courselib.datasets.mnist(train=..., transform=...) を使ってください:
    train=True で訓練データ、train=False で検証データが得られます。データセットの各要素は
    (image, label) になります: 変換後の画像と、int で表した数字（正解データ）です。
    """
    # BEGIN SOLUTION
    train_set = mnist(train=True, transform=transform)
    test_set = mnist(train=False, transform=transform)
    return train_set, test_set
    # END SOLUTION


def make_loaders(train_set, test_set, batch_size=500):
    """Return (train_loader, test_loader): DataLoaders that serve the two sets in
    mini-batches of `batch_size` items (the last batch may be smaller; keep it).

    The training loader shuffles the items, so each epoch groups them into other
    mini-batches; the test loader does not (evaluation gives the same result in any order,
    and a fixed order keeps it reproducible).
    Hint: DataLoader(dataset, batch_size=..., shuffle=...).

    (train_loader, test_loader) を返します: 2つのデータセットを `batch_size` 件ずつの
    ミニバッチで返すデータローダー (DataLoader) です（最後のミニバッチは小さくなることが
    ありますが、捨てずに残してください）。

    訓練用データローダーはデータをシャッフルし、エポックごとに別のミニバッチを作ります。
    検証用データローダーはシャッフルしません（評価の結果は順序によらず同じで、順序が
    決まっていれば結果を再現できます）。
    ヒント: DataLoader(dataset, batch_size=..., shuffle=...)。
    """
    # BEGIN SOLUTION
    train_loader = DataLoader(train_set, batch_size=batch_size, shuffle=True)
    test_loader = DataLoader(test_set, batch_size=batch_size, shuffle=False)
    return train_loader, test_loader
    # END SOLUTION
