"""Gradient descent by hand on the five-person height/weight sample.

5人分の身長・体重のサンプルで、勾配降下法を自分の手で実装します。
"""

import numpy as np
import torch
from torch import optim

from courselib.datasets import height_weight


def load_centered_data():
    """Return (X, Y): heights and weights of the sample, each minus its own mean.

    Both are float32 tensors of shape [5]. Gradient descent behaves better on values near
    zero, which is why the columns are centred.
    Hint: courselib.datasets.height_weight() returns the raw [5, 2] NumPy array (float64).

    (X, Y) を返します: サンプルの身長と体重から、それぞれ自分の平均値を引いたものです。

    どちらも shape [5] の float32 のテンソルです。勾配降下法は 0 に近い値のほうがうまく
    進むので、各列から平均値を引きます。
    ヒント: courselib.datasets.height_weight() は元データの [5, 2] の NumPy 配列
    (float64) を返します。
    """
    # BEGIN SOLUTION
    data = height_weight()
    x, y = data[:, 0], data[:, 1]
    X = torch.tensor(x - x.mean()).float()
    Y = torch.tensor(y - y.mean()).float()
    return X, Y
    # END SOLUTION


def init_params():
    """Return (W, B): two scalar tensors, both 1.0, that autograd tracks (requires_grad).

    (W, B) を返します: どちらも値が 1.0 のスカラーのテンソルで、自動微分の対象
    (requires_grad) にします。
    """
    # BEGIN SOLUTION
    W = torch.tensor(1.0, requires_grad=True)
    B = torch.tensor(1.0, requires_grad=True)
    return W, B
    # END SOLUTION


def predict(X, W, B):
    """The prediction function: the line W * X + B, for every element of X.

    予測関数: X のすべての要素について、直線 W * X + B を計算します。
    """
    # BEGIN SOLUTION
    return W * X + B
    # END SOLUTION


def mse(Yp, Y):
    """Mean squared error between predictions Yp and targets Y, as a scalar tensor.

    予測値 Yp と正解値 Y の平均2乗誤差を、スカラーのテンソルとして返します。
    """
    # BEGIN SOLUTION
    return ((Yp - Y) ** 2).mean()
    # END SOLUTION


def train_manual(X, Y, lr=0.001, num_epochs=500, log_every=10):
    """Fit W and B with plain gradient descent, updating them yourself.

    Start from init_params(). Each epoch: predict, compute the loss, call backward(), then
    move W and B against their gradients by lr times the gradient and reset the gradients.
    Every `log_every` epochs (epoch 0 included) record the row [epoch, loss] of the loss
    computed in that epoch, before its update.

    Returns (W, B, history): W and B are still the leaf tensors from init_params();
    history is a NumPy array of shape [num_epochs // log_every, 2].
    Hint: the update must not be recorded by autograd (torch.no_grad()), and it must change
    W and B in place (-=); W.grad.zero_() resets a gradient.

    単純な勾配降下法で W と B を学習させます。パラメータ修正は自分で行います。

    init_params() から始めます。各エポックで予測計算、損失計算、backward() を行い、
    W と B を勾配と逆の向きに、学習率 lr と勾配値の積だけ動かしてから、勾配値を初期化
    します。`log_every` エポックごとに (エポック 0 を含む)、そのエポックで計算した
    (パラメータ修正前の) 損失の行 [epoch, loss] を記録します。

    (W, B, history) を返します: W と B は init_params() で作ったリーフテンソルのままです。
    history は shape [num_epochs // log_every, 2] の NumPy 配列です。
    ヒント: パラメータ修正は自動微分に記録されてはいけません (torch.no_grad())。また、
    W と B をその場で書き換える必要があります (-=)。W.grad.zero_() で勾配値を初期化
    できます。
    """
    # BEGIN SOLUTION
    W, B = init_params()
    history = []
    for epoch in range(num_epochs):
        loss = mse(predict(X, W, B), Y)
        loss.backward()
        with torch.no_grad():
            W -= lr * W.grad
            B -= lr * B.grad
            W.grad.zero_()
            B.grad.zero_()
        if epoch % log_every == 0:
            history.append([epoch, loss.item()])
    return W, B, np.array(history)
    # END SOLUTION


def train_with_optimizer(X, Y, lr=0.001, num_epochs=500, momentum=0.0, log_every=10):
    """The same training as train_manual, with torch.optim.SGD doing the update.

    Pass `momentum` on to SGD. Returns (W, B, history) like train_manual.
    Hint: optimizer.step() updates, optimizer.zero_grad() resets the gradients.

    train_manual と同じ学習を、パラメータ修正を torch.optim.SGD に任せて行います。

    `momentum` は SGD に渡してください。train_manual と同じく (W, B, history) を返します。
    ヒント: optimizer.step() でパラメータ修正、optimizer.zero_grad() で勾配値の初期化を
    行います。
    """
    # BEGIN SOLUTION
    W, B = init_params()
    optimizer = optim.SGD([W, B], lr=lr, momentum=momentum)
    history = []
    for epoch in range(num_epochs):
        loss = mse(predict(X, W, B), Y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        if epoch % log_every == 0:
            history.append([epoch, loss.item()])
    return W, B, np.array(history)
    # END SOLUTION
