"""nn.Linear, the layer function of a linear model, and a model class built on it.

nn.Linear(n_in, n_out) holds a weight of shape [n_out, n_in] and a bias of shape [n_out],
and maps a batch x of shape [N, n_in] to x @ weight.T + bias, of shape [N, n_out]. Its
parameters start at random values; nn.init.constant_(tensor, value) sets them to a constant
(it works on a slice of a parameter too, such as weight[0, :]).

nn.Linear: 線形モデルのレイヤー関数と、それを使ったモデルクラス。

nn.Linear(n_in, n_out) は shape [n_out, n_in] の重みと shape [n_out] のバイアスを持ち、
shape [N, n_in] のバッチ x を x @ weight.T + bias（shape [N, n_out]）に変換します。
パラメータの初期値は乱数値です。nn.init.constant_(tensor, value) で定数に設定できます
（weight[0, :] のようなパラメータの一部にも使えます）。
"""

import torch
from torch import nn


def layer_one_in_one_out():
    """Return an nn.Linear(1, 1) that computes y = 2x + 1: weight 2.0, bias 1.0.

    Applied to the batch [[-2], [-1], [0], [1], [2]] (shape [5, 1]) it gives
    [[-3], [-1], [1], [3], [5]].

    y = 2x + 1 を計算する nn.Linear(1, 1) を返します: 重み 2.0、バイアス 1.0。

    バッチ [[-2], [-1], [0], [1], [2]]（shape [5, 1]）に適用すると
    [[-3], [-1], [1], [3], [5]] になります。
    """
    # BEGIN SOLUTION
    layer = nn.Linear(1, 1)
    nn.init.constant_(layer.weight, 2.0)
    nn.init.constant_(layer.bias, 1.0)
    return layer
    # END SOLUTION


def layer_two_in_one_out():
    """Return an nn.Linear(2, 1) that computes y = x1 + x2 + 2: every weight 1.0, bias 2.0.

    Applied to [[0, 0], [0, 1], [1, 0], [1, 1]] it gives [[2], [3], [3], [4]].

    y = x1 + x2 + 2 を計算する nn.Linear(2, 1) を返します: 重みはすべて 1.0、バイアス 2.0。

    [[0, 0], [0, 1], [1, 0], [1, 1]] に適用すると [[2], [3], [3], [4]] になります。
    """
    # BEGIN SOLUTION
    layer = nn.Linear(2, 1)
    nn.init.constant_(layer.weight, 1.0)
    nn.init.constant_(layer.bias, 2.0)
    return layer
    # END SOLUTION


def layer_two_in_three_out():
    """Return an nn.Linear(2, 3) whose output i is (i + 1) * (x1 + x2) + 2.

    Row i of the weight (shape [3, 2]) holds the two weights of output i: set row 0 to 1.0,
    row 1 to 2.0, row 2 to 3.0, and the whole bias to 2.0. Applied to
    [[0, 0], [0, 1], [1, 0], [1, 1]] it gives [[2, 2, 2], [3, 4, 5], [3, 4, 5], [4, 6, 8]].

    出力 i が (i + 1) * (x1 + x2) + 2 となる nn.Linear(2, 3) を返します。

    重み（shape [3, 2]）の i 行目は出力 i の2つの重みです: 0行目を 1.0、1行目を 2.0、
    2行目を 3.0、バイアス全体を 2.0 にします。[[0, 0], [0, 1], [1, 0], [1, 1]] に適用すると
    [[2, 2, 2], [3, 4, 5], [3, 4, 5], [4, 6, 8]] になります。
    """
    # BEGIN SOLUTION
    layer = nn.Linear(2, 3)
    nn.init.constant_(layer.weight[0, :], 1.0)
    nn.init.constant_(layer.weight[1, :], 2.0)
    nn.init.constant_(layer.weight[2, :], 3.0)
    nn.init.constant_(layer.bias, 2.0)
    return layer
    # END SOLUTION


def parameter_shapes(model):
    """Return {name: shape} for every parameter of `model`, shapes as lists of ints.

    For nn.Linear(1, 1): {"weight": [1, 1], "bias": [1]}; for a Net(2, 1) whose layer is
    self.l1: {"l1.weight": [1, 2], "l1.bias": [1]}.
    Hint: model.named_parameters() yields (name, parameter) pairs.

    `model` のすべてのパラメータについて {名前: shape} を返します。shape は int のリストです。

    nn.Linear(1, 1) なら {"weight": [1, 1], "bias": [1]}、レイヤー関数を self.l1 に持つ
    Net(2, 1) なら {"l1.weight": [1, 2], "l1.bias": [1]} です。
    ヒント: model.named_parameters() は (名前, パラメータ) の組を順に返します。
    """
    # BEGIN SOLUTION
    return {name: list(parameter.shape) for name, parameter in model.named_parameters()}
    # END SOLUTION


class Net(nn.Module):
    """The linear regression model: one nn.Linear(n_input, n_output), kept as self.l1.

    Every weight and the bias start at 1.0 (nn.init.constant_), so that training starts
    from the same place every time. forward(x) maps a batch x of shape [N, n_input] to
    the layer's output, of shape [N, n_output].

    Hint: a subclass of nn.Module must let nn.Module set itself up (super().__init__())
    before it is given any layer.

    線形回帰モデル: nn.Linear(n_input, n_output) を1つ、self.l1 として持ちます。

    毎回同じところから学習を始められるように、重みとバイアスはすべて 1.0 から始めます
    （nn.init.constant_）。forward(x) は shape [N, n_input] のバッチ x を、レイヤー関数の
    出力（shape [N, n_output]）に変換します。

    ヒント: nn.Module の子クラスは、レイヤー関数を持たせる前に、まず親クラス nn.Module の
    初期化（super().__init__()）を呼ぶ必要があります。
    """

    def __init__(self, n_input, n_output):
        # BEGIN SOLUTION
        super().__init__()
        self.l1 = nn.Linear(n_input, n_output)
        nn.init.constant_(self.l1.weight, 1.0)
        nn.init.constant_(self.l1.bias, 1.0)
        # END SOLUTION

    def forward(self, x):
        # BEGIN SOLUTION
        return self.l1(x)
        # END SOLUTION
