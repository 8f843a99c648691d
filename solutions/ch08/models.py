"""Fully connected networks for MNIST: 784 inputs, hidden layers with ReLU, 10 outputs.

The networks return raw scores (logits), one per class: nn.CrossEntropyLoss applies the
softmax itself, so the model must not. Keep PyTorch's default initialisation of the
weights (all weights 1.0 would make every hidden unit the same and nothing would learn).

MNIST 用の全結合型ネットワーク: 入力 784、ReLU 付きの隠れ層、出力 10。

ネットワークはクラスごとに1つの生のスコア (logits) を返します: nn.CrossEntropyLoss が
softmax を自分で適用するので、モデルでは適用しません。重みの初期値は PyTorch の
デフォルトの乱数初期化のままにしてください（重みをすべて 1.0 にすると隠れ層のノードが
すべて同じになり、何も学習できません）。
"""

from torch import nn


class Net(nn.Module):
    """A network with one hidden layer: Linear(n_input, n_hidden) -> ReLU ->
    Linear(n_hidden, n_output).

    forward(x) takes a batch [N, n_input] and returns the scores [N, n_output], with no
    activation after the last layer. For MNIST, Net(784, 10, 128) has 101,770 parameters.
    Use the sizes given: for instance Net(20, 3, 7) has 20 * 7 + 7 + 7 * 3 + 3 = 171.

    隠れ層が1つのネットワーク: Linear(n_input, n_hidden) -> ReLU -> Linear(n_hidden, n_output)。

    forward(x) はミニバッチ [N, n_input] を受け取り、スコア [N, n_output] を返します。
    最後のレイヤーの後に活性化関数は入れません。MNIST では Net(784, 10, 128) のパラメータ数は
    101,770 です。渡されたサイズを使ってください: たとえば Net(20, 3, 7) のパラメータ数は
    20 * 7 + 7 + 7 * 3 + 3 = 171 です。
    """

    def __init__(self, n_input, n_output, n_hidden=128):
        super().__init__()
        # BEGIN SOLUTION
        self.l1 = nn.Linear(n_input, n_hidden)
        self.l2 = nn.Linear(n_hidden, n_output)
        self.relu = nn.ReLU(inplace=True)
        # END SOLUTION

    def forward(self, x):
        # BEGIN SOLUTION
        x1 = self.l1(x)
        x2 = self.relu(x1)
        return self.l2(x2)
        # END SOLUTION


class Net2(nn.Module):
    """A network with two hidden layers of n_hidden units: Linear(n_input, n_hidden) ->
    ReLU -> Linear(n_hidden, n_hidden) -> ReLU -> Linear(n_hidden, n_output).

    forward(x) takes [N, n_input] and returns the scores [N, n_output], with no activation
    after the last layer. For MNIST, Net2(784, 10, 128) has 118,282 parameters.

    n_hidden ノードの隠れ層が2つあるネットワーク: Linear(n_input, n_hidden) -> ReLU ->
    Linear(n_hidden, n_hidden) -> ReLU -> Linear(n_hidden, n_output)。

    forward(x) は [N, n_input] を受け取り、スコア [N, n_output] を返します。最後のレイヤーの
    後に活性化関数は入れません。MNIST では Net2(784, 10, 128) のパラメータ数は 118,282 です。
    """

    def __init__(self, n_input, n_output, n_hidden=128):
        super().__init__()
        # BEGIN SOLUTION
        self.l1 = nn.Linear(n_input, n_hidden)
        self.l2 = nn.Linear(n_hidden, n_hidden)
        self.l3 = nn.Linear(n_hidden, n_output)
        self.relu = nn.ReLU(inplace=True)
        # END SOLUTION

    def forward(self, x):
        # BEGIN SOLUTION
        x1 = self.relu(self.l1(x))
        x2 = self.relu(self.l2(x1))
        return self.l3(x2)
        # END SOLUTION
