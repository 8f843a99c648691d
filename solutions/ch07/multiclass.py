"""Multiclass logistic regression on the three iris species, with CrossEntropyLoss.

3種類のアヤメの多値ロジスティック回帰（CrossEntropyLoss を使用）。
"""

import math

import numpy as np
import torch
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split
from torch import nn, optim
from tqdm import tqdm

from courselib.training import TrainingDiverged


def load_data(columns=(0, 2)):
    """Return the course's split (x_train, x_test, y_train, y_test) as NumPy arrays.

    Take all 150 rows of sklearn's load_iris() and the given columns of its data (the course
    uses sepal length and petal length, columns 0 and 2; then all four, (0, 1, 2, 3)), then
    split them with train_test_split(x, y, train_size=75, test_size=75, random_state=123).
    Shapes: x_train and x_test [75, len(columns)] (float64), y_train and y_test [75] (int).

    コースと同じ分割 (x_train, x_test, y_train, y_test) を NumPy 配列で返します。

    sklearn の load_iris() の150行すべてと、そのデータの指定された列（コースでは最初に
    がく片の長さと花弁の長さの列 0 と 2、次に4つすべての (0, 1, 2, 3)）を取り出し、
    train_test_split(x, y, train_size=75, test_size=75, random_state=123) で分割します。
    shape: x_train と x_test は [75, len(columns)]（float64）、y_train と y_test は [75]（整数）。
    """
    # BEGIN SOLUTION
    iris = load_iris()
    x_select = iris.data[:, list(columns)]
    return train_test_split(x_select, iris.target, train_size=75, test_size=75,
                            random_state=123)
    # END SOLUTION


def to_tensors(x, y):
    """Return (inputs, labels) for CrossEntropyLoss from NumPy inputs x [N, F] and class
    labels y [N] (0, 1, 2).

    inputs: float32 tensor [N, F], the rows of x in their order.
    labels: int64 tensor [N]: CrossEntropyLoss takes the labels as class indices.

    NumPy の入力データ x [N, F] とクラスの正解値 y [N]（0, 1, 2）から、CrossEntropyLoss 用の
    (inputs, labels) を返します。

    inputs: float32 のテンソル [N, F]。x の行を同じ順番のまま入れます。
    labels: int64 のテンソル [N]。CrossEntropyLoss は正解値をクラス番号として受け取るためです。
    """
    # BEGIN SOLUTION
    return torch.tensor(x).float(), torch.tensor(y).long()
    # END SOLUTION


class Net(nn.Module):
    """A Linear(n_input, n_output) layer, one output per class, and nothing after it.

    Keep the layer as `self.l1`, with all its weights and its bias set to 1.0 (the course's
    start). forward(x) returns the raw scores (logits) l1(x), of shape [N, n_output]:
    CrossEntropyLoss applies the softmax itself.

    Linear(n_input, n_output) のレイヤー（クラスごとに1つの出力）だけで、その後には何もかけません。

    レイヤーは `self.l1` として持ち、その重みとバイアスをすべて 1.0 にします（コースの初期値）。
    forward(x) は線形関数の出力（ロジット）l1(x)（shape [N, n_output]）をそのまま返します。
    softmax 関数は CrossEntropyLoss が自分でかけます。
    """

    def __init__(self, n_input, n_output):
        # BEGIN SOLUTION
        super().__init__()
        self.l1 = nn.Linear(n_input, n_output)
        self.l1.weight.data.fill_(1.0)
        self.l1.bias.data.fill_(1.0)
        # END SOLUTION

    def forward(self, x):
        # BEGIN SOLUTION
        return self.l1(x)
        # END SOLUTION


def predicted_labels(outputs):
    """The predicted class of each row of outputs [N, C]: the index of its largest score,
    as an int64 tensor [N] (the course: torch.max(outputs, 1)[1]).

    outputs [N, C] の各行の予測ラベル: その行で一番大きい値のインデックスを、int64 の
    テンソル [N] で返します（コースでは torch.max(outputs, 1)[1]）。
    """
    # BEGIN SOLUTION
    return torch.max(outputs, 1)[1]
    # END SOLUTION


def probabilities(outputs):
    """The probability of each class for each row of outputs [N, C]: the softmax of each row,
    a tensor [N, C] whose rows sum to 1.

    outputs [N, C] の各行についての各クラスの確率値: 各行の softmax です。各行の合計が 1 に
    なるテンソル [N, C] を返します。
    """
    # BEGIN SOLUTION
    return torch.softmax(outputs, dim=1)
    # END SOLUTION


def accuracy(outputs, labels):
    """The fraction of rows of outputs [N, C] whose predicted class is the label (labels:
    int64 [N]), as a Python float.

    outputs [N, C] のうち、予測ラベルが正解値（labels: int64 [N]）と一致する行の割合（精度）を
    Python の float で返します。
    """
    # BEGIN SOLUTION
    return (predicted_labels(outputs) == labels).float().mean().item()
    # END SOLUTION


def train(net, criterion, inputs, labels, inputs_test, labels_test, lr=0.01,
          num_epochs=10000, log_every=10):
    """Train `net` with optim.SGD(net.parameters(), lr=lr) for num_epochs epochs on the whole
    training set, and return the history of the course's loop.

    Each epoch: zero the gradients, predict on inputs, compute criterion(outputs, labels),
    backward, step. The training loss and accuracy of the epoch are those of these outputs
    (before the step); the validation loss and accuracy are computed after the step, on
    inputs_test and labels_test, without gradients (torch.no_grad()).

    Every `log_every` epochs (epoch 0 included) record the row
    [epoch, train loss, train acc, val loss, val acc].
    Returns history: a float NumPy array of shape [len(range(0, num_epochs, log_every)), 5].
    If the training loss becomes nan or inf, stop by raising
    courselib.training.TrainingDiverged(epoch, loss, lr).

    optim.SGD(net.parameters(), lr=lr) で訓練データ全体を使って num_epochs エポック `net` を
    学習し、コースのループと同じ履歴を返します。

    各エポック: 勾配値を初期化し、inputs で予測計算し、criterion(outputs, labels) で損失計算し、
    backward（勾配計算）、step（パラメータ修正）を行います。そのエポックの訓練データの損失と
    精度は、この出力（パラメータ修正の前）のものです。検証データの損失と精度はパラメータ修正の
    後で、inputs_test と labels_test を使い、勾配計算なしで（torch.no_grad()）計算します。

    `log_every` エポックごとに（エポック 0 を含む）1行
    [epoch, train loss, train acc, val loss, val acc] を記録します。
    戻り値 history: shape [len(range(0, num_epochs, log_every)), 5] の float の NumPy 配列。
    訓練データの損失が nan か inf になったら、
    courselib.training.TrainingDiverged(epoch, loss, lr) を送出して止めます。
    """
    # BEGIN SOLUTION
    optimizer = optim.SGD(net.parameters(), lr=lr)
    history = []
    for epoch in tqdm(range(num_epochs), desc="training", leave=False):
        optimizer.zero_grad()
        outputs = net(inputs)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()
        train_loss = loss.item()
        if not math.isfinite(train_loss):
            raise TrainingDiverged(epoch, train_loss, lr)
        if epoch % log_every != 0:  # the other epochs' numbers are never recorded
            continue
        train_acc = accuracy(outputs, labels)
        with torch.no_grad():
            outputs_test = net(inputs_test)
            val_loss = criterion(outputs_test, labels_test).item()
        val_acc = accuracy(outputs_test, labels_test)
        history.append([epoch, train_loss, train_acc, val_loss, val_acc])
    return np.array(history).reshape(-1, 5)
    # END SOLUTION
