"""The mini-batch training loop of chapter 8, with a progress bar and the course's history.

The history is a NumPy array with one row per epoch and 5 columns:
    [epoch, train loss, train accuracy, validation loss, validation accuracy]
Start one with np.zeros((0, 5)); fit appends to the history it is given, so calling it
again continues the same run (and the same epoch numbering).

第8章のミニバッチ学習のループ。プログレスバーとコースの履歴付きです。

履歴 (history) は1エポックにつき1行、5列の NumPy 配列です:
    [エポック, 訓練データの損失, 訓練データの精度, 検証データの損失, 検証データの精度]
最初は np.zeros((0, 5)) で作ります。fit は渡された履歴に行を追加するので、もう一度呼ぶと
同じ学習の続きになります（エポック番号も続きから数えます）。
"""

import numpy as np
import torch
from tqdm.auto import tqdm


def fit(net, optimizer, criterion, num_epochs, train_loader, test_loader, device, history):
    """Train `net` for `num_epochs` epochs and return the history with one row per epoch
    appended: a NumPy array of shape [len(history) + num_epochs, 5].

    `net` is already on `device` (the caller does net = Net(...).to(device)). Each epoch:
      - training: put the model in training mode (net.train()), then for each mini-batch of
        train_loader, wrapped in a tqdm progress bar (from tqdm.auto import tqdm):
        move the inputs and the labels to `device`, reset the gradients
        (optimizer.zero_grad()), predict, compute criterion(outputs, labels), call
        backward() and optimizer.step();
      - evaluation: put the model in evaluation mode (net.eval()) and, without gradients
        (with torch.no_grad():), predict each mini-batch of test_loader, its inputs and
        labels moved to `device` too, and compute its loss;
      - the row [epoch, train loss, train acc, val loss, val acc], where
          * epoch counts on from the history it was given: len(history) + 1 for the first
            new row, then + 2, ...;
          * a loss is the average over the epoch's items: criterion returns the mean over
            a batch, so add loss.item() * (items in the batch) and divide the sum by the
            number of items (the last batch may be smaller than the others);
          * an accuracy is (correct predictions) / (number of items); the predicted label
            is the index of the largest output (torch.max(outputs, 1)[1]).
    The training loss and accuracy are those of the training batches as they were
    predicted, before their own update. The validation ones are computed after the epoch's
    training.

    `net` を `num_epochs` エポック学習させ、1エポックにつき1行を追加した履歴を返します:
    形状 [len(history) + num_epochs, 5] の NumPy 配列です。

    `net` はすでに `device` 上にあります（呼び出し側で net = Net(...).to(device) としています）。
    各エポックでは:
      - 訓練フェーズ: モデルを訓練モードにし (net.train())、tqdm のプログレスバーで包んだ
        train_loader のミニバッチごとに (from tqdm.auto import tqdm)、入力データと正解データを
        `device` に送り、勾配を初期化し (optimizer.zero_grad())、予測計算をし、
        criterion(outputs, labels) で損失計算をし、backward() と optimizer.step() を呼びます;
      - 予測フェーズ: モデルを評価モードにし (net.eval())、勾配計算なしで
        (with torch.no_grad():)、test_loader のミニバッチごとに、入力データと正解データを
        同じく `device` に送って予測計算をし、その損失を計算します;
      - 行 [epoch, train loss, train acc, val loss, val acc] を作ります。ここで
          * epoch は渡された履歴の続きから数えます: 新しい最初の行は len(history) + 1、
            次は + 2, ... です;
          * 損失はそのエポックのデータ1件あたりの平均です: criterion はミニバッチ内の平均を
            返すので、loss.item() * (ミニバッチ内のデータ件数) を足し合わせ、その合計を
            データ件数で割ります（最後のミニバッチは他より小さいことがあります）;
          * 精度は (正解した予測の数) / (データ件数) です。予測ラベルは出力が最大になる
            インデックスです (torch.max(outputs, 1)[1])。
    訓練データの損失と精度は、各ミニバッチをそのパラメータ修正の前に予測したときの値です。
    検証データの損失と精度は、そのエポックの訓練が終わった後に計算します。
    """
    # BEGIN SOLUTION
    first_epoch = len(history)
    rows = []
    for epoch in range(first_epoch, first_epoch + num_epochs):
        net.train()
        train_loss, train_correct, n_train = 0.0, 0, 0
        for inputs, labels in tqdm(train_loader):
            inputs, labels = inputs.to(device), labels.to(device)
            optimizer.zero_grad()
            outputs = net(inputs)
            loss = criterion(outputs, labels)
            loss.backward()
            optimizer.step()
            train_loss += loss.item() * len(labels)
            train_correct += (outputs.argmax(dim=1) == labels).sum().item()
            n_train += len(labels)

        net.eval()
        val_loss, val_correct, n_test = 0.0, 0, 0
        with torch.no_grad():
            for inputs, labels in test_loader:
                inputs, labels = inputs.to(device), labels.to(device)
                outputs = net(inputs)
                val_loss += criterion(outputs, labels).item() * len(labels)
                val_correct += (outputs.argmax(dim=1) == labels).sum().item()
                n_test += len(labels)

        row = [epoch + 1, train_loss / n_train, train_correct / n_train,
               val_loss / n_test, val_correct / n_test]
        print(f"Epoch [{epoch + 1}/{first_epoch + num_epochs}], loss: {row[1]:.5f} "
              f"acc: {row[2]:.5f} val_loss: {row[3]:.5f}, val_acc: {row[4]:.5f}")
        rows.append(row)
    return np.vstack([np.asarray(history, dtype=float).reshape(-1, 5),
                      np.asarray(rows, dtype=float).reshape(-1, 5)])
    # END SOLUTION
