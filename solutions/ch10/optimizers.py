"""The optimizers the course compares on the deeper CNN: plain SGD, SGD with momentum, Adam.

講義が深いCNNで比べる最適化関数: 素の SGD、Momentum 付きの SGD、Adam。
"""

from torch import optim

SGD_LR = 0.01  # the course's learning rate for SGD, with or without momentum


def make_optimizer(kind, parameters, lr=None):
    """Return the optimizer `kind` over `parameters` (e.g. net.parameters()):

      - "sgd": optim.SGD(parameters, lr=lr), plain gradient descent;
      - "momentum": optim.SGD(parameters, lr=lr, momentum=0.9), which adds to each step
        0.9 times the previous one;
      - "adam": optim.Adam(parameters, lr=lr).

    `lr` None (the default) means the course's choices: 0.01 for "sgd" and "momentum", and
    Adam's own default learning rate, 0.001, for "adam" (the course writes
    optim.Adam(net.parameters())). A number given as `lr` is used for every kind. Any other
    `kind` raises ValueError.

    `parameters` (例えば net.parameters()) を最適化する、種類 `kind` の最適化関数を返します:

      - "sgd": optim.SGD(parameters, lr=lr)。素の勾配降下法です;
      - "momentum": optim.SGD(parameters, lr=lr, momentum=0.9)。各ステップに、前のステップの
        0.9 倍を加えます;
      - "adam": optim.Adam(parameters, lr=lr)。

    `lr` が None (デフォルト) のときは講義の設定を使います: "sgd" と "momentum" は学習率 0.01、
    "adam" は Adam 自身のデフォルトの学習率 0.001 です (講義では optim.Adam(net.parameters())
    と書きます)。`lr` に数値が渡されたら、どの kind でもその学習率を使います。それ以外の `kind`
    では ValueError を発生させます。
    """
    # BEGIN SOLUTION
    if kind == "sgd":
        return optim.SGD(parameters, lr=SGD_LR if lr is None else lr)
    if kind == "momentum":
        return optim.SGD(parameters, lr=SGD_LR if lr is None else lr, momentum=0.9)
    if kind == "adam":
        return optim.Adam(parameters) if lr is None else optim.Adam(parameters, lr=lr)
    raise ValueError(f"unknown optimizer {kind!r}: use 'sgd', 'momentum' or 'adam'")
    # END SOLUTION
