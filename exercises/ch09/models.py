"""The two networks of chapter 9: a fully connected one on flattened images and a CNN.

Both return raw scores (logits), one per class, with no softmax at the end:
nn.CrossEntropyLoss applies it itself.

第 9 章の 2 つのネットワーク: 平坦化した画像に対する全結合のネットワークと CNN です。

どちらもクラスごとのスコア（ロジット）をそのまま返し、最後に softmax は付けません:
nn.CrossEntropyLoss（交差エントロピー関数）が自分で softmax を計算します。
"""

from torch import nn


class Net(nn.Module):
    """A fully connected network with one hidden layer: Linear(n_input, n_hidden) -> ReLU ->
    Linear(n_hidden, n_output).

    forward(x) takes flattened images [N, n_input] and returns the scores [N, n_output].
    For CIFAR-10, Net(3072, 10, 128) has 394,634 parameters (count them with
    sum(p.numel() for p in net.parameters())). Use the sizes given.

    隠れ層が 1 つの全結合のネットワーク: Linear(n_input, n_hidden) -> ReLU ->
    Linear(n_hidden, n_output)。

    forward(x) は平坦化した画像 [N, n_input] を受け取り、スコア [N, n_output] を返します。
    CIFAR-10 用の Net(3072, 10, 128) のパラメータ数は 394,634 です
    （sum(p.numel() for p in net.parameters()) で数えます）。渡されたサイズを使ってください。
    """

    def __init__(self, n_input, n_output, n_hidden=128):
        super().__init__()
        raise NotImplementedError("ch09 task 'Net.__init__': not implemented yet (replace this line with your code) / ch09 課題 'Net.__init__': 未実装です（この行を自分のコードに置き換えてください）")

    def forward(self, x):
        raise NotImplementedError("ch09 task 'Net.forward': not implemented yet (replace this line with your code) / ch09 課題 'Net.forward': 未実装です（この行を自分のコードに置き換えてください）")


class CNN(nn.Module):
    """The course's convolutional network for 32 x 32 RGB images [N, 3, 32, 32].

    features: Conv2d(3, 32, 3) -> ReLU -> Conv2d(32, 32, 3) -> ReLU -> MaxPool2d(2);
    then nn.Flatten(); classifier: Linear(6272, n_hidden) -> ReLU -> Linear(n_hidden,
    n_output). Keep the layers in two nn.Sequential containers, self.features and
    self.classifier, with nn.Flatten() between them, as the course does.

    The shapes for a batch of N images: [N, 3, 32, 32] -> conv1 [N, 32, 30, 30] (a 3 x 3
    kernel without padding loses one pixel on each side) -> conv2 [N, 32, 28, 28] ->
    pooling [N, 32, 14, 14] -> flatten [N, 6272] (32 * 14 * 14) -> [N, n_hidden] ->
    [N, n_output]. One pooling only: a second one would leave [N, 32, 7, 7], 1,568 values.
    CNN(10, 128) has 814,378 parameters.

    32 x 32 の RGB 画像 [N, 3, 32, 32] のための、講座の畳み込みのネットワーク。

    features: Conv2d(3, 32, 3) -> ReLU -> Conv2d(32, 32, 3) -> ReLU -> MaxPool2d(2)、
    続いて nn.Flatten()、classifier: Linear(6272, n_hidden) -> ReLU -> Linear(n_hidden,
    n_output)。講座と同じく、レイヤー関数は 2 つの nn.Sequential、self.features と
    self.classifier にまとめ、その間に nn.Flatten() を置きます。

    N 枚の画像のミニバッチでの形状: [N, 3, 32, 32] -> conv1 [N, 32, 30, 30]（パディングなしの
    3 x 3 のカーネルでは各辺で 1 ピクセルずつ減ります）-> conv2 [N, 32, 28, 28] ->
    プーリング [N, 32, 14, 14] -> 平坦化 [N, 6272]（32 * 14 * 14）-> [N, n_hidden] ->
    [N, n_output]。プーリングは 1 回だけです: 2 回目があると [N, 32, 7, 7]、1,568 個の値に
    なってしまいます。CNN(10, 128) のパラメータ数は 814,378 です。
    """

    def __init__(self, n_output, n_hidden=128):
        super().__init__()
        raise NotImplementedError("ch09 task 'CNN.__init__': not implemented yet (replace this line with your code) / ch09 課題 'CNN.__init__': 未実装です（この行を自分のコードに置き換えてください）")

    def forward(self, x):
        raise NotImplementedError("ch09 task 'CNN.forward': not implemented yet (replace this line with your code) / ch09 課題 'CNN.forward': 未実装です（この行を自分のコードに置き換えてください）")
