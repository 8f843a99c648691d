"""The transforms of chapter 9: one for the fully connected network, one for the CNN.

Load the images with courselib.datasets.cifar10(train=..., transform=...) (the real CIFAR-10
when it is under data/, the offline Shapes-10 set otherwise) and serve them with DataLoaders
of 100 images (shuffle=True for training only), as in chapter 8.

第 9 章の変換: 全結合のネットワーク用と CNN 用の 2 つです。

画像は courselib.datasets.cifar10(train=..., transform=...) で読み込み（data/ にあれば本物の
CIFAR-10、なければオフラインの Shapes-10）、第 8 章と同じように 100 枚ずつのデータローダーで
取り出します（shuffle=True は訓練データだけ）。
"""

from torchvision import transforms


def make_transforms():
    """Return (transform1, transform2), the transforms of one 32 x 32 RGB PIL image.

    Both scale the pixels to [0, 1] (transforms.ToTensor(), which also puts the channels
    first: [3, 32, 32]) and then to [-1, 1] (transforms.Normalize(0.5, 0.5)):
      - transform1, for the fully connected network, then flattens the image to a float32
        tensor of shape [3072] (transforms.Lambda(lambda x: x.view(-1))): channel by
        channel, each row after row (pixel [r, c] of channel k goes to 1024 * k + 32 * r + c);
      - transform2, for the CNN, keeps the float32 tensor of shape [3, 32, 32].

    32 x 32 の RGB の PIL 画像 1 枚を変換する (transform1, transform2) を返します。

    どちらも画素値を [0, 1] にし（transforms.ToTensor()。チャネルも先頭になり [3, 32, 32]）、
    続いて [-1, 1] にします（transforms.Normalize(0.5, 0.5)）:
      - transform1 は全結合のネットワーク用で、そのあと画像を形状 [3072] の float32 のテンソルに
        平坦化します（transforms.Lambda(lambda x: x.view(-1))）。チャネルごとに行を順に
        並べます（チャネル k の画素 [r, c] は 1024 * k + 32 * r + c 番目）;
      - transform2 は CNN 用で、形状 [3, 32, 32] の float32 のテンソルのままにします。
    """
    raise NotImplementedError("ch09 task 'make_transforms': not implemented yet (replace this line with your code) / ch09 課題 'make_transforms': 未実装です（この行を自分のコードに置き換えてください）")
