"""The deeper CNNs of chapter 10, for 32 x 32 RGB images (CIFAR-10, or the offline Shapes-10).

All three share one plan; each stage keeps the image size (3 x 3 kernels with padding 1)
until a 2 x 2 max-pool halves it:

    conv1 3 -> 32, conv2 32 -> 32, pool     [N, 32, 16, 16]
    conv3 32 -> 64, conv4 64 -> 64, pool    [N, 64, 8, 8]
    conv5 64 -> 128, conv6 128 -> 128, pool [N, 128, 4, 4]
    flatten [N, 2048], Linear(4*4*128, 128), ReLU, Linear(128, num_classes)

with a ReLU after every convolution. The models return raw scores (logits) [N, num_classes]:
nn.CrossEntropyLoss applies the softmax itself. Use nn.Conv2d, nn.MaxPool2d, nn.Linear,
nn.Dropout and nn.BatchNorm2d modules (the grader finds the layers by their type); the
ReLU, the pooling and the flattening may be modules or functions.

第10章の深いCNN。32 x 32 の RGB 画像 (CIFAR-10、またはオフライン用の Shapes-10) 用です。

3 つのモデルは同じ構成です。各段階は 3 x 3 のカーネルと padding 1 で画像サイズを保ち、
2 x 2 の MaxPool2d で半分にします:

    conv1 3 -> 32, conv2 32 -> 32, pool     [N, 32, 16, 16]
    conv3 32 -> 64, conv4 64 -> 64, pool    [N, 64, 8, 8]
    conv5 64 -> 128, conv6 128 -> 128, pool [N, 128, 4, 4]
    1階化 [N, 2048], Linear(4*4*128, 128), ReLU, Linear(128, num_classes)

各畳み込み関数の後には ReLU を入れます。モデルはスコアそのもの (ロジット) [N, num_classes]
を返します: softmax は nn.CrossEntropyLoss が内部で計算します。レイヤー関数には nn.Conv2d、
nn.MaxPool2d、nn.Linear、nn.Dropout、nn.BatchNorm2d のモジュールを使ってください (採点では
レイヤー関数をその型で見つけます)。ReLU、プーリング、1階化はモジュールでも関数でもかまいません。
"""

import torch
from torch import nn


class CNN_v2(nn.Module):
    """The deeper CNN: six convolutions (kernel 3, padding 1), three max-pools, two Linear
    layers, as in the module's plan. forward(x): [N, 3, 32, 32] -> [N, num_classes].

    CNN_v2(10) has 550,570 parameters.

    深いCNN: モジュールの docstring の構成どおり、畳み込み関数 6 つ (カーネルサイズ 3、
    padding 1)、MaxPool2d 3 つ、線形関数 2 つです。forward(x): [N, 3, 32, 32] ->
    [N, num_classes]。

    CNN_v2(10) のパラメータ数は 550,570 です。
    """

    def __init__(self, num_classes):
        super().__init__()
        raise NotImplementedError("ch10 task 'CNN_v2.__init__': not implemented yet (replace this line with your code) / ch10 課題 'CNN_v2.__init__': 未実装です（この行を自分のコードに置き換えてください）")

    def forward(self, x):
        raise NotImplementedError("ch10 task 'CNN_v2.forward': not implemented yet (replace this line with your code) / ch10 課題 'CNN_v2.forward': 未実装です（この行を自分のコードに置き換えてください）")


class CNN_v3(nn.Module):
    """CNN_v2 with dropout against overfitting: nn.Dropout(0.2) after the first max-pool,
    nn.Dropout(0.3) after the second, nn.Dropout(0.4) after the third, and nn.Dropout(0.4)
    again between the ReLU after l1 and l2.

    In training mode each dropout zeroes a random fraction p of its inputs and scales the
    others by 1 / (1 - p); in evaluation mode (net.eval()) it passes its input on unchanged.
    Dropout has no parameters: CNN_v3(10) has 550,570, as CNN_v2(10).

    過学習対策としてドロップアウトを加えた CNN_v2 です: 1つ目の MaxPool2d の後に
    nn.Dropout(0.2)、2つ目の後に nn.Dropout(0.3)、3つ目の後に nn.Dropout(0.4)、そして l1 の後の
    ReLU と l2 の間にもう一度 nn.Dropout(0.4) を入れます。

    訓練フェーズでは、各ドロップアウト関数が入力のうちランダムな比率 p の要素を 0 にし、残りを
    1 / (1 - p) 倍します。予測フェーズ (net.eval()) では入力をそのまま通します。ドロップアウト
    関数はパラメータを持たないので、CNN_v3(10) のパラメータ数は CNN_v2(10) と同じ 550,570 です。
    """

    def __init__(self, num_classes):
        super().__init__()
        raise NotImplementedError("ch10 task 'CNN_v3.__init__': not implemented yet (replace this line with your code) / ch10 課題 'CNN_v3.__init__': 未実装です（この行を自分のコードに置き換えてください）")

    def forward(self, x):
        raise NotImplementedError("ch10 task 'CNN_v3.forward': not implemented yet (replace this line with your code) / ch10 課題 'CNN_v3.forward': 未実装です（この行を自分のコードに置き換えてください）")


class CNN_v4(nn.Module):
    """CNN_v3 with batch normalization: an nn.BatchNorm2d right after each convolution,
    before its ReLU (conv -> batch norm -> ReLU), with as many channels as the convolution
    gives: 32, 32, 64, 64, 128, 128.

    Each place needs its own BatchNorm2d instance (bn1 ... bn6): a batch norm has its own
    weight and bias to learn and its own running statistics, so one instance used at two
    places would mix two layers' statistics and share their parameters. CNN_v4(10) has
    551,466 parameters (2 per channel of each batch norm more than CNN_v3).

    Batch Normalization を加えた CNN_v3 です: 各畳み込み関数の直後、ReLU の前に
    nn.BatchNorm2d を入れます (conv -> BatchNorm2d -> ReLU)。チャネル数は畳み込み関数の出力と
    同じ 32, 32, 64, 64, 128, 128 です。

    BatchNorm2d は使う場所ごとに別のインスタンス (bn1 ... bn6) が必要です: BatchNorm2d は学習
    する weight と bias、そして移動平均の統計量を自分で持つので、1 つのインスタンスを 2 か所で
    使うと、2 つのレイヤーの統計量が混ざり、パラメータも共有されてしまいます。CNN_v4(10) の
    パラメータ数は 551,466 です (CNN_v3 より、各 BatchNorm2d のチャネルごとに 2 つ多い)。
    """

    def __init__(self, num_classes):
        super().__init__()
        raise NotImplementedError("ch10 task 'CNN_v4.__init__': not implemented yet (replace this line with your code) / ch10 課題 'CNN_v4.__init__': 未実装です（この行を自分のコードに置き換えてください）")

    def forward(self, x):
        raise NotImplementedError("ch10 task 'CNN_v4.forward': not implemented yet (replace this line with your code) / ch10 課題 'CNN_v4.forward': 未実装です（この行を自分のコードに置き換えてください）")
