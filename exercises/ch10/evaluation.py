"""Measuring a trained model: the fraction of a loader's items it classifies right.

学習済みモデルの評価: データローダーのデータのうち、正しく分類できた割合を求めます。
"""

import torch


def accuracy(net, loader, device):
    """Return the accuracy of `net` on every item of `loader`, as a Python float in [0, 1]:
    (correct predictions) / (number of items).

    Predict in evaluation mode (net.eval(): dropout passes everything on and batch norm
    uses its running statistics; in training mode dropout would drop a random part of the
    network at each prediction) and without gradients (with torch.no_grad():, nothing is
    trained here). Move each batch's inputs and labels to `device`; the predicted class is
    the index of the largest output (torch.max(outputs, 1)[1]). Count the correct
    predictions of every batch and divide by the number of items (the last batch may be
    smaller than the others, so the mean of the batches' accuracies is not it).

    `loader` のすべてのデータに対する `net` の精度を、[0, 1] の範囲の Python の float で返します:
    (正解した予測の数) / (データ件数)。

    予測フェーズで予測してください (net.eval(): ドロップアウト関数は入力をそのまま通し、
    BatchNorm2d は移動平均の統計量を使います。訓練フェーズのままだと、ドロップアウト関数が予測の
    たびにネットワークのランダムな一部を落としてしまいます)。また勾配計算なしで予測してください
    (with torch.no_grad(): の中で。ここでは学習をしません)。各ミニバッチの入力と正解値は `device`
    に移します。予測したクラスは出力が最大のインデックスです (torch.max(outputs, 1)[1])。
    すべてのミニバッチの正解数を数えてデータ件数で割ってください (最後のミニバッチは他より
    小さいことがあるので、ミニバッチごとの精度の平均は正しい精度になりません)。
    """
    raise NotImplementedError("ch10 task 'accuracy': not implemented yet (replace this line with your code) / ch10 課題 'accuracy': 未実装です（この行を自分のコードに置き換えてください）")
