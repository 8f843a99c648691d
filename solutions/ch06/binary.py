"""Logistic regression on the first two iris species, with BCELoss and with BCEWithLogitsLoss.

最初の2種類のアヤメのロジスティック回帰: BCELoss を使う場合と BCEWithLogitsLoss を使う場合。
"""

import math

import numpy as np
import torch
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split
from torch import nn, optim
from tqdm import tqdm

from courselib.training import TrainingDiverged


def load_data():
    """Return the course's split (x_train, x_test, y_train, y_test) as NumPy arrays.

    Take the first 100 rows of sklearn's load_iris() (classes 0 and 1 only) and its first two
    columns (sepal length and sepal width), then split them with
    train_test_split(x, y, train_size=70, test_size=30, random_state=123).
    Shapes: x_train [70, 2], x_test [30, 2] (float64), y_train [70], y_test [30] (int).

    コースと同じ分割 (x_train, x_test, y_train, y_test) を NumPy 配列で返します。

    sklearn の load_iris() の先頭100行（クラス 0 と 1 だけ）と最初の2列（がく片の長さと幅）を
    取り出し、train_test_split(x, y, train_size=70, test_size=30, random_state=123) で
    分割します。
    shape: x_train [70, 2]、x_test [30, 2]（float64）、y_train [70]、y_test [30]（整数）。
    """
    # BEGIN SOLUTION
    iris = load_iris()
    x_data, y_data = iris.data[:100, :2], iris.target[:100]
    return train_test_split(x_data, y_data, train_size=70, test_size=30, random_state=123)
    # END SOLUTION


def to_tensors(x, y):
    """Return (inputs, labels) for BCELoss from NumPy inputs x [N, 2] and labels y [N] (0/1).

    inputs: float32 tensor [N, 2], the rows of x in their order.
    labels: float32 tensor [N, 1], one column: BCELoss needs labels of the same shape and
    dtype as the model's outputs, which are [N, 1].

    NumPy の入力データ x [N, 2] と正解値 y [N]（0/1）から、BCELoss 用の (inputs, labels) を
    返します。

    inputs: float32 のテンソル [N, 2]。x の行を同じ順番のまま入れます。
    labels: float32 のテンソル [N, 1]（1列）。BCELoss の正解値は、モデルの出力 [N, 1] と
    同じ shape と dtype でなければならないためです。
    """
    # BEGIN SOLUTION
    inputs = torch.tensor(x).float()
    labels = torch.tensor(y).float().view(-1, 1)
    return inputs, labels
    # END SOLUTION


class Net(nn.Module):
    """Logistic regression: a Linear(n_input, n_output) layer followed by a sigmoid.

    Keep the layer as `self.l1`. Set all its weights and its bias to 1.0 (the course starts
    from there, so that every run gives the same numbers). forward(x) returns the
    probabilities sigmoid(l1(x)), of shape [N, n_output].

    ロジスティック回帰モデル: Linear(n_input, n_output) のレイヤーの後にシグモイド関数。

    レイヤーは `self.l1` として持ちます。その重みとバイアスをすべて 1.0 にします（コースでは
    ここから始めるので、毎回同じ値になります）。forward(x) は確率値 sigmoid(l1(x))
    （shape [N, n_output]）を返します。
    """

    def __init__(self, n_input, n_output):
        # BEGIN SOLUTION
        super().__init__()
        self.l1 = nn.Linear(n_input, n_output)
        self.sigmoid = nn.Sigmoid()
        self.l1.weight.data.fill_(1.0)
        self.l1.bias.data.fill_(1.0)
        # END SOLUTION

    def forward(self, x):
        # BEGIN SOLUTION
        return self.sigmoid(self.l1(x))
        # END SOLUTION


class LogitNet(nn.Module):
    """The same model without the sigmoid: forward(x) returns the raw outputs l1(x), the
    logits, for BCEWithLogitsLoss (which applies the sigmoid itself).

    Keep the layer as `self.l1`, its weights and bias set to 1.0 as in Net.

    シグモイド関数のない同じモデル: forward(x) は線形関数の出力 l1(x)、つまりロジットを
    そのまま返し、BCEWithLogitsLoss（自分でシグモイド関数をかける）に渡します。

    レイヤーは `self.l1` として持ち、Net と同じく重みとバイアスを 1.0 にします。
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


def setup(logits=False):
    """Return (net, criterion, threshold) for the course's 2-input, 1-output model.

    logits=False: Net(2, 1), nn.BCELoss() and the threshold 0.5 on the probabilities.
    logits=True: LogitNet(2, 1), nn.BCEWithLogitsLoss() and the threshold on the logits that
    makes the same decision: 0.0, since sigmoid(0) = 0.5.

    コースの2入力1出力のモデルについて (net, criterion, threshold) を返します。

    logits=False: Net(2, 1)、nn.BCELoss()、確率値に対するしきい値 0.5。
    logits=True: LogitNet(2, 1)、nn.BCEWithLogitsLoss()、同じ判定になるロジットに対する
    しきい値 0.0（sigmoid(0) = 0.5 だからです）。
    """
    # BEGIN SOLUTION
    if logits:
        return LogitNet(2, 1), nn.BCEWithLogitsLoss(), 0.0
    return Net(2, 1), nn.BCELoss(), 0.5
    # END SOLUTION


def accuracy(outputs, labels, threshold):
    """The fraction of rows predicted right, as a Python float.

    outputs and labels are tensors of shape [N, 1]; a row is predicted 1 where its output is
    at least `threshold`, else 0 (the course: torch.where(outputs < threshold, 0, 1)).

    正しく予測できた行の割合（精度）を Python の float で返します。

    outputs と labels は shape [N, 1] のテンソルです。出力が `threshold` 以上の行は 1、
    それ以外は 0 と予測します（コースでは torch.where(outputs < threshold, 0, 1)）。
    """
    # BEGIN SOLUTION
    predicted = torch.where(outputs < threshold, 0.0, 1.0)
    return (predicted == labels).float().mean().item()
    # END SOLUTION


def train(net, criterion, inputs, labels, inputs_test, labels_test, lr=0.01,
          num_epochs=10000, threshold=0.5, log_every=10):
    """Train `net` with optim.SGD(net.parameters(), lr=lr) for num_epochs epochs on the whole
    training set, and return the history of the course's loop.

    Each epoch: zero the gradients, predict on inputs, compute criterion(outputs, labels),
    backward, step. The training loss and accuracy of the epoch are those of these outputs
    (before the step); the validation loss and accuracy are computed after the step, on
    inputs_test and labels_test, without gradients (torch.no_grad()). Accuracy uses
    `threshold` (see accuracy()).

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
    精度には `threshold` を使います（accuracy() を参照）。

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
        train_acc = accuracy(outputs, labels, threshold)
        with torch.no_grad():
            outputs_test = net(inputs_test)
            val_loss = criterion(outputs_test, labels_test).item()
        val_acc = accuracy(outputs_test, labels_test, threshold)
        history.append([epoch, train_loss, train_acc, val_loss, val_acc])
    return np.array(history).reshape(-1, 5)
    # END SOLUTION


def decision_boundary(weight, bias, x):
    """The decision boundary of a trained model: for each first coordinate in x, the second
    coordinate where the model's logit is 0, i.e. where bias + w0 * x + w1 * y = 0.

    weight: NumPy array [1, 2] (net.l1.weight.data.numpy()), bias: NumPy array [1],
    x: NumPy array [K]. Returns a NumPy array [K].

    学習済みモデルの決定境界: x の各1つ目の座標について、モデルのロジットが 0 になる
    2つ目の座標、つまり bias + w0 * x + w1 * y = 0 となる y を求めます。

    weight: NumPy 配列 [1, 2]（net.l1.weight.data.numpy()）、bias: NumPy 配列 [1]、
    x: NumPy 配列 [K]。NumPy 配列 [K] を返します。
    """
    # BEGIN SOLUTION
    weight, bias = np.asarray(weight), np.asarray(bias)
    return -(bias[0] + weight[0, 0] * np.asarray(x)) / weight[0, 1]
    # END SOLUTION
