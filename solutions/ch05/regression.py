"""Linear regression of the house price on the Boston housing table, by gradient descent.

courselib.datasets.boston() returns (x_org, yt, feature_names): the 13 features of the 506
districts as a float64 NumPy array of shape [506, 13], their prices (MEDV, in $1000s) as a
float64 array of shape [506], and the 13 column names, e.g. "RM" (average number of rooms)
and "LSTAT" (share of lower-status population).

ボストン・データセットでの住宅価格の線形回帰（勾配降下法）。

courselib.datasets.boston() は (x_org, yt, feature_names) を返します: 506地域の13項目を
shape [506, 13] の float64 の NumPy 配列で、その価格（MEDV、単位は1000ドル）を shape [506] の
float64 配列で、13項目の名前（たとえば "RM"（平均部屋数）や "LSTAT"（低所得者率））です。
"""

import numpy as np
import torch
from torch import nn, optim

from courselib.training import TrainingDiverged, is_finite


def select_features(x_org, feature_names, names):
    """Return the columns of x_org called `names`, in the order of `names`.

    x_org: a NumPy array of shape [N, 13]; feature_names: the 13 column names (a NumPy
    array of str); names: a list of column names, e.g. ["RM"] or ["RM", "LSTAT"].
    Returns a float32 tensor of shape [N, len(names)]: the model's inputs.

    x_org のうち `names` という名前の列を、`names` の順に返します。

    x_org: shape [N, 13] の NumPy 配列。feature_names: 13項目の名前（str の NumPy 配列）。
    names: 列の名前のリスト（たとえば ["RM"] や ["RM", "LSTAT"]）。
    shape [N, len(names)] の float32 のテンソル、つまりモデルの入力を返します。
    """
    # BEGIN SOLUTION
    columns = [x_org[:, feature_names == name] for name in names]
    return torch.tensor(np.hstack(columns)).float()
    # END SOLUTION


def to_labels(yt):
    """Return the prices yt (a NumPy array of shape [N]) as the training labels: a float32
    tensor of shape [N, 1], one row per district, like the model's outputs.

    Hint: nn.MSELoss compares outputs and labels element by element only when their shapes
    agree; an [N, 1] output and an [N] label are broadcast to [N, N] instead (with only a
    warning), which gives a wrong loss. tensor.view(-1, 1) makes the column.

    価格 yt（shape [N] の NumPy 配列）を学習用の正解値として返します: モデルの出力と同じく
    地域ごとに1行の、shape [N, 1] の float32 のテンソルです。

    ヒント: nn.MSELoss が出力と正解値を要素ごとに比べるのは、両者の shape が一致するときだけ
    です。[N, 1] の出力と [N] の正解値は（警告が出るだけで）[N, N] にブロードキャストされ、
    間違った損失になります。tensor.view(-1, 1) で列の形にできます。
    """
    # BEGIN SOLUTION
    return torch.tensor(yt).float().view(-1, 1)
    # END SOLUTION


def train(net, inputs, labels, lr, num_epochs, log_every=100):
    """Fit `net` to (inputs, labels) by full-batch gradient descent; return the history.

    net: any nn.Module mapping [N, k] inputs to [N, 1] outputs (train the net given; do not
    create another). inputs: float32 [N, k]; labels: float32 [N, 1].
    Use torch.optim.SGD over net.parameters() with learning rate `lr`, and as the loss half
    the mean squared error, nn.MSELoss()(outputs, labels) / 2.0, as the course does. Each
    of the `num_epochs` epochs: reset the gradients, predict, compute the loss, backward(),
    step().

    Every `log_every` epochs (epoch 0 included) record the row [epoch, loss] with the loss
    computed in that epoch (before its update). Returns the history as a NumPy array of
    shape [rows, 2], one row per logged epoch.

    A learning rate too high for the inputs makes the loss grow without bound, to inf and
    then nan. At the first epoch whose loss is not a finite number, stop and raise
    courselib.training.TrainingDiverged(epoch, loss, lr).
    Hint: courselib.training.is_finite(loss.item()) tells whether a loss is finite.

    `net` を (inputs, labels) に全データ一括の勾配降下法で合わせ、履歴（history）を返します。

    net: [N, k] の入力を [N, 1] の出力に変換する任意の nn.Module（渡された net を学習させ、
    別のモデルを作らないこと）。inputs: float32 の [N, k]。labels: float32 の [N, 1]。
    最適化関数には net.parameters() と学習率 `lr` による torch.optim.SGD を、損失には
    コースと同じく平均2乗誤差の半分 nn.MSELoss()(outputs, labels) / 2.0 を使います。
    `num_epochs` 回の各エポックで、勾配値の初期化、予測計算、損失計算、backward()、
    step() を行います。

    `log_every` エポックごとに（エポック0を含む）、そのエポックで（パラメータ修正の前に）
    計算した損失で [epoch, loss] の行を記録します。履歴は記録したエポックごとに1行の、
    shape [行数, 2] の NumPy 配列で返します。

    入力に対して学習率が高すぎると、損失は際限なく大きくなり、inf、続いて nan になります。
    損失が有限の数でない最初のエポックで学習を止め、
    courselib.training.TrainingDiverged(epoch, loss, lr) を送出（raise）してください。
    ヒント: courselib.training.is_finite(loss.item()) で損失が有限かどうかがわかります。
    """
    # BEGIN SOLUTION
    criterion = nn.MSELoss()
    optimizer = optim.SGD(net.parameters(), lr=lr)
    history = []
    for epoch in range(num_epochs):
        optimizer.zero_grad()
        outputs = net(inputs)
        loss = criterion(outputs, labels) / 2.0
        if not is_finite(loss.item()):
            raise TrainingDiverged(epoch, loss.item(), lr)
        loss.backward()
        optimizer.step()
        if epoch % log_every == 0:
            history.append([epoch, loss.item()])
    return np.array(history)
    # END SOLUTION


def line_ends(net, inputs):
    """The regression line of a one-input model at the ends of the data.

    inputs: a float32 tensor of shape [N, 1]. Returns (x_ends, y_ends), two float32 tensors
    of shape [2, 1]: x_ends holds the smallest and the largest input, [[min], [max]], and
    y_ends the model's predictions for them, computed without recording gradients (so that
    they can be drawn: torch.no_grad()).

    1入力モデルの回帰直線を、データの両端で求めます。

    inputs: shape [N, 1] の float32 のテンソル。shape [2, 1] の float32 のテンソル2つ
    (x_ends, y_ends) を返します: x_ends は最小と最大の入力 [[最小値], [最大値]]、y_ends は
    それらに対するモデルの予測値で、勾配計算の記録をせずに計算します（グラフに描けるように:
    torch.no_grad()）。
    """
    # BEGIN SOLUTION
    x_ends = torch.stack([inputs.min(), inputs.max()]).view(-1, 1)
    with torch.no_grad():
        y_ends = net(x_ends)
    return x_ends, y_ends
    # END SOLUTION
