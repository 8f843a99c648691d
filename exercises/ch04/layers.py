"""Layer functions composed into a prediction function: Linear -> ReLU -> Linear.

The input of every layer is a batch: a tensor whose first dimension counts the samples. A
batch of 100 images of 28 x 28 pixels, each flattened to 784 values, has shape [100, 784]
("100 vectors of 784 values"), and the model turns it into [100, 10]: ten scores per image,
one for each digit.

レイヤー関数を組み合わせて予測関数を作ります: Linear -> ReLU -> Linear。

どのレイヤーの入力もバッチです。バッチとは、最初の次元がデータの件数を表すテンソルです。
28 x 28 ピクセルの画像 100 枚を、それぞれ 784 個の値に平らにしたバッチの shape は
[100, 784] で (「784 個の値を持つベクトルのデータが 100 件ある」と読みます)、モデルは
これを [100, 10] にします。画像1枚につき、数字1つごとのスコアが 10 個です。
"""

import torch
from torch import nn


class TwoLayerNet(nn.Module):
    """A prediction function composed by hand from three layer functions.

    In __init__, create and keep as attributes:
      - a linear layer from the 784 input values to a hidden layer of 128 values,
      - a ReLU activation,
      - a linear layer from the 128 hidden values to the 10 outputs.
    forward(x) takes a batch x of shape [N, 784] and applies them in turn: the first linear
    layer, then the ReLU, then the second linear layer. It returns shape [N, 10].

    Hint: nn.Linear(in_features, out_features); the hidden size appears twice, as the first
    layer's out_features and the second layer's in_features.

    3つのレイヤー関数を自分で組み合わせて作る予測関数です。

    __init__ の中で、次のものを作って属性として持たせます:
      - 784 個の入力値から 128 個の値を持つ隠れ層への線形関数 (Linear レイヤー)
      - 活性化関数 ReLU
      - 128 個の隠れ層の値から 10 個の出力への線形関数 (Linear レイヤー)
    forward(x) は shape [N, 784] のバッチ x を受け取り、これらを順に適用します。
    1番目の線形関数、ReLU、2番目の線形関数の順です。shape [N, 10] を返します。

    ヒント: nn.Linear(in_features, out_features) の引数は入力次元数と出力次元数です。
    隠れ層のサイズは、1番目のレイヤーの out_features と2番目のレイヤーの in_features
    として2回出てきます。
    """

    def __init__(self):
        super().__init__()
        raise NotImplementedError("ch04 task 'TwoLayerNet.__init__': not implemented yet (replace this line with your code) / ch04 課題 'TwoLayerNet.__init__': 未実装です（この行を自分のコードに置き換えてください）")

    def forward(self, x):
        raise NotImplementedError("ch04 task 'TwoLayerNet.forward': not implemented yet (replace this line with your code) / ch04 課題 'TwoLayerNet.forward': 未実装です（この行を自分のコードに置き換えてください）")


def build_sequential():
    """Return the same prediction function as TwoLayerNet, built with nn.Sequential.

    nn.Sequential(layer_a, layer_b, ...) is itself a layer function that feeds its input to
    layer_a, layer_a's output to layer_b, and so on. Give it new layers: Linear(784 -> 128),
    ReLU, Linear(128 -> 10).

    TwoLayerNet と同じ予測関数を、nn.Sequential で作って返します。

    nn.Sequential(layer_a, layer_b, ...) はそれ自体が1つのレイヤー関数で、入力を
    layer_a に渡し、layer_a の出力を layer_b に渡し…と順に計算します。新しいレイヤー
    Linear(784 -> 128)、ReLU、Linear(128 -> 10) を渡してください。
    """
    raise NotImplementedError("ch04 task 'build_sequential': not implemented yet (replace this line with your code) / ch04 課題 'build_sequential': 未実装です（この行を自分のコードに置き換えてください）")


def count_parameters(model):
    """The number of trainable values in `model`: the elements of all its parameter tensors.

    A Linear(in, out) layer holds a weight of shape [out, in] and a bias of shape [out], so
    it has in * out + out of them. For TwoLayerNet the total is 101,770.
    Hint: model.parameters() yields each parameter tensor; tensor.numel() counts elements.

    `model` の学習対象の値の個数、つまりすべてのパラメータテンソルの要素数の合計です。

    Linear(in, out) レイヤーは shape [out, in] の weight と shape [out] の bias を持つので、
    値は in * out + out 個です。TwoLayerNet では合計 101,770 個になります。
    ヒント: model.parameters() は各パラメータテンソルを順に返します。tensor.numel() は
    要素数を数えます。
    """
    raise NotImplementedError("ch04 task 'count_parameters': not implemented yet (replace this line with your code) / ch04 課題 'count_parameters': 未実装です（この行を自分のコードに置き換えてください）")


def make_batch(images):
    """Lay out N images as the input batch of the model.

    `images` is a NumPy array of shape [N, 28, 28] (uint8 or float). Return a float32 tensor
    of shape [N, 784] whose row i is image i flattened row after row (pixel [r, c] goes to
    column 28 * r + c). Keep the pixel values as they are (no scaling).

    The batch dimension comes first: a [784, N] tensor would be read as 784 samples of N
    values each.

    N 枚の画像を、モデルの入力となるバッチの形に並べます。

    `images` は shape [N, 28, 28] の NumPy 配列 (uint8 または float) です。shape
    [N, 784] の float32 のテンソルを返します。行 i は画像 i を行の順に平らにしたもの
    (ピクセル [r, c] は 28 * r + c 列目) です。ピクセル値はそのままにします (スケーリング
    しない)。

    バッチの次元が先頭に来ます。[784, N] のテンソルは、N 個の値を持つデータが 784 件ある
    と読まれてしまいます。
    """
    raise NotImplementedError("ch04 task 'make_batch': not implemented yet (replace this line with your code) / ch04 課題 'make_batch': 未実装です（この行を自分のコードに置き換えてください）")


def collapse_linear(l1, l2):
    """Return one new nn.Linear that computes exactly what l2(l1(x)) computes.

    l1 maps in1 values to h values, l2 maps h values to out2 values. With weights W1 [h, in1],
    W2 [out2, h] and biases b1, b2:
        l2(l1(x)) = W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2)
    so the composition is a single linear layer from in1 to out2. This is why stacking linear
    layers without an activation (such as ReLU) between them adds nothing: the stack is still
    one linear function.
    Leave l1 and l2 unchanged. Hint: set the new layer's weight and bias inside
    `with torch.no_grad():`, e.g. with layer.weight.copy_(...).

    l2(l1(x)) とまったく同じ計算をする、新しい nn.Linear を1つ返します。

    l1 は in1 個の値を h 個の値に、l2 は h 個の値を out2 個の値に変換します。重みを
    W1 [h, in1]、W2 [out2, h]、バイアスを b1、b2 とすると
        l2(l1(x)) = W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2)
    なので、この合成関数は in1 から out2 への1つの線形関数 (Linear レイヤー) です。
    線形関数の間に (ReLU のような) 活性化関数を入れずに重ねても意味がないのはこのため
    です。重ねたものも、やはり1つの線形関数のままです。
    l1 と l2 は変更しないでください。ヒント: 新しいレイヤーの weight と bias は
    `with torch.no_grad():` の中で、たとえば layer.weight.copy_(...) で設定します。
    """
    raise NotImplementedError("ch04 task 'collapse_linear': not implemented yet (replace this line with your code) / ch04 課題 'collapse_linear': 未実装です（この行を自分のコードに置き換えてください）")
