"""The course's shared helpers, written by you: the rest of the course calls them in every
chapter (chapters 10-12 of this kit use courselib's versions of them).

  torch_seed          seed the generators and ask for deterministic algorithms
  eval_loss           the loss of the first batch, with its computation graph
  fit                 the training loop, continuing a 5-column history
  evaluate_history    the learning curves of a history, saved as PNG
  show_images_labels  a grid of images titled with their labels and predictions, saved as PNG

Figures are saved as PNG files (no window opens: the grader draws with matplotlib's Agg
backend). Either pyplot (fig = plt.figure(...); plt.subplot(...); fig.savefig(path)) or
matplotlib's object API (from matplotlib.figure import Figure) will do; each function
returns the Figure it drew.

講座の共通関数を、自分で書きます: 講座の残りの章すべてで呼び出されます（このキットの第 10〜12 章
では courselib にある版を使います）。

  torch_seed          乱数のシードを設定し、決定的アルゴリズムを使うよう指定する
  eval_loss           最初のミニバッチの損失を、計算グラフごと返す
  fit                 5 列の履歴の続きから学習する学習ループ
  evaluate_history    履歴の学習曲線を描き、PNG に保存する
  show_images_labels  画像を正解値と予測値のタイトルつきで格子状に描き、PNG に保存する

図は PNG ファイルに保存します（ウィンドウは開きません: 採点では matplotlib の Agg バックエンドで
描きます）。pyplot（fig = plt.figure(...); plt.subplot(...); fig.savefig(path)）でも、
matplotlib のオブジェクト API（from matplotlib.figure import Figure）でもかまいません。
どの関数も、描いた Figure を返します。
"""

import numpy as np
import torch
from tqdm.auto import tqdm


def torch_seed(seed=123):
    """Make what follows reproducible: seed torch's generator (torch.manual_seed(seed)) and
    those of the GPUs (torch.cuda.manual_seed(seed)), ask cuDNN for deterministic kernels
    (torch.backends.cudnn.deterministic = True) and torch for deterministic algorithms.

    Use the seed given (123 is only the default). torch.use_deterministic_algorithms is a
    function: CALL it, torch.use_deterministic_algorithms(True). The course text writes
    `torch.use_deterministic_algorithms = True`, which replaces torch's function by the
    value True and switches nothing on (and breaks every later call of it).
    warn_only=True keeps the few operations without a deterministic kernel usable.

    これからの計算を再現できるようにします: torch の乱数のシードを設定し
    （torch.manual_seed(seed)）、GPU の乱数のシードも設定し（torch.cuda.manual_seed(seed)）、
    cuDNN に決定的なカーネルを（torch.backends.cudnn.deterministic = True）、torch に
    決定的アルゴリズムを使うよう指定します。

    渡されたシードを使ってください（123 は既定値にすぎません）。
    torch.use_deterministic_algorithms は関数です: torch.use_deterministic_algorithms(True) と
    「呼び出して」ください。テキストの `torch.use_deterministic_algorithms = True` は、torch の
    関数を値 True で置き換えるだけで何も有効にならず、しかも以後その関数を呼べなくしてしまいます。
    warn_only=True を付けると、決定的なカーネルのない少数の演算も使えるままになります。
    """
    # BEGIN SOLUTION
    torch.manual_seed(seed)
    torch.cuda.manual_seed(seed)
    torch.backends.cudnn.deterministic = True
    torch.use_deterministic_algorithms(True, warn_only=True)
    # END SOLUTION


def eval_loss(loader, device, net, criterion):
    """Return the loss of `net` on the FIRST batch of `loader`: the tensor
    criterion(net(inputs), labels), with its computation graph, for inspecting that graph
    (torchviz's make_dot(loss, ...)) before training.

    Move the inputs and the labels of the batch to `device` (the model is already there).
    Keep the graph: no torch.no_grad(), and return the tensor itself, not loss.item().
    Hint: inputs, labels = next(iter(loader)).

    `loader` の「最初の」ミニバッチに対する `net` の損失を返します: 計算グラフつきのテンソル
    criterion(net(inputs), labels) で、学習の前にそのグラフを確かめる（torchviz の
    make_dot(loss, ...)）ためのものです。

    ミニバッチの入力と正解値を `device` に移してください（モデルはすでにそこにあります）。
    計算グラフを残すこと: torch.no_grad() は使わず、loss.item() ではなくテンソルそのものを
    返します。ヒント: inputs, labels = next(iter(loader))。
    """
    # BEGIN SOLUTION
    inputs, labels = next(iter(loader))
    inputs, labels = inputs.to(device), labels.to(device)
    return criterion(net(inputs), labels)
    # END SOLUTION


def fit(net, optimizer, criterion, num_epochs, train_loader, test_loader, device, history):
    """Train `net` for `num_epochs` epochs; return the history with one row per epoch
    appended: a NumPy array [len(history) + num_epochs, 5] of rows
        [epoch, train loss, train accuracy, validation loss, validation accuracy].

    The loop of chapter 8, with the course's progress bar and history:
      - the epochs are numbered on from the history given (start a run with
        np.zeros((0, 5))): the first new row is epoch len(history) + 1, so calling fit
        again with the returned history continues the same run;
      - training: net.train(), then for each batch of train_loader, wrapped in a progress
        bar (from tqdm.auto import tqdm; tqdm.notebook only works inside Jupyter): move
        the inputs and the labels to `device`, optimizer.zero_grad(), predict,
        criterion(outputs, labels), backward(), optimizer.step();
      - evaluation: net.eval(), and under torch.no_grad() predict every batch of
        test_loader (moved to `device` too);
      - a loss is the average over the epoch's items: add loss.item() * len(labels) for
        each batch and divide by the number of items (the last batch may be smaller); an
        accuracy is the number of right predictions (torch.max(outputs, 1)[1]) over the
        number of items. The training ones are those of the batches as they were predicted,
        before their own update.

    `net` を `num_epochs` エポック学習させ、1 エポックにつき 1 行を加えた履歴を返します:
    次の行からなる NumPy 配列 [len(history) + num_epochs, 5] です。
        [エポック, 訓練データの損失, 訓練データの精度, 検証データの損失, 検証データの精度]

    第 8 章のループに、講座のプログレスバーと履歴を加えたものです:
      - エポックの番号は渡された履歴の続きから数えます（最初は np.zeros((0, 5)) から始めます）:
        新しい最初の行はエポック len(history) + 1 なので、返された履歴を渡してもう一度 fit を
        呼ぶと、同じ学習の続きになります;
      - 訓練: net.train() のあと、train_loader の各ミニバッチについて（プログレスバーで包みます:
        from tqdm.auto import tqdm。tqdm.notebook は Jupyter の中でしか動きません）、入力と
        正解値を `device` に移し、optimizer.zero_grad()、予測計算、criterion(outputs, labels)、
        backward()、optimizer.step() を行います;
      - 評価: net.eval() のあと、torch.no_grad() の中で test_loader の各ミニバッチを予測計算
        します（これも `device` に移します）;
      - 損失はそのエポックの全件での平均です: ミニバッチごとに loss.item() * len(labels) を
        足し、件数で割ります（最後のミニバッチは小さいことがあります）。精度は正しい予測
        （torch.max(outputs, 1)[1]）の数を件数で割ったものです。訓練データの値は、各ミニバッチを
        そのパラメータ修正の前に予測計算したときのものです。
    """
    # BEGIN SOLUTION
    first_epoch = len(history)
    rows = []
    for epoch in range(first_epoch + 1, first_epoch + num_epochs + 1):
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

        row = [epoch, train_loss / n_train, train_correct / n_train,
               val_loss / n_test, val_correct / n_test]
        print(f"Epoch [{epoch}/{first_epoch + num_epochs}], loss: {row[1]:.5f} "
              f"acc: {row[2]:.5f} val_loss: {row[3]:.5f}, val_acc: {row[4]:.5f}")
        rows.append(row)
    return np.vstack([np.asarray(history, dtype=float).reshape(-1, 5),
                      np.asarray(rows, dtype=float).reshape(-1, 5)])
    # END SOLUTION


def evaluate_history(history, path):
    """Summarise a 5-column history (as fit returns it) and return its learning curves.

    Print the validation loss and accuracy of the first and of the last epoch, each with
    5 decimals, e.g.
        initial: loss: 2.30259 accuracy: 0.10000
        final: loss: 0.53124 accuracy: 0.81200
    Draw, on one Figure, the loss curves (training: column 1, validation: column 3) and the
    accuracy curves (training: column 2, validation: column 4), each against the epoch
    column (column 0, which need not start at 1 when a run was continued), for instance in
    two panels side by side. Save the Figure as PNG at `path` (figure.savefig(path)) and
    return it.

    5 列の履歴（fit が返す形）をまとめ、その学習曲線を返します。

    最初と最後のエポックの検証データの損失と精度を、それぞれ小数点以下 5 桁で表示します。例
    （講座のように「初期状態: 損失: ... 精度: ...」と日本語で書いてもかまいません）:
        initial: loss: 2.30259 accuracy: 0.10000
        final: loss: 0.53124 accuracy: 0.81200
    1 つの Figure に、損失の曲線（訓練データ: 列 1、検証データ: 列 3）と精度の曲線（訓練データ:
    列 2、検証データ: 列 4）を、それぞれエポックの列（列 0。続きから学習したときは 1 から
    始まりません）に対して描きます。例えば 2 つのグラフを横に並べます。Figure を `path` に PNG で
    保存し（figure.savefig(path)）、その Figure を返します。
    """
    # BEGIN SOLUTION
    from matplotlib.figure import Figure

    history = np.asarray(history, dtype=float)
    print(f"initial: loss: {history[0, 3]:.5f} accuracy: {history[0, 4]:.5f}")
    print(f"final: loss: {history[-1, 3]:.5f} accuracy: {history[-1, 4]:.5f}")
    figure = Figure(figsize=(12, 4), layout="tight")
    epochs = history[:, 0]
    for column, (what, train, val) in enumerate((("loss", 1, 3), ("accuracy", 2, 4))):
        axes = figure.add_subplot(1, 2, column + 1)
        axes.plot(epochs, history[:, train], "b", label="training")
        axes.plot(epochs, history[:, val], "k", label="validation")
        axes.set(xlabel="epoch", ylabel=what, title=f"learning curve ({what})")
        axes.legend()
    figure.savefig(path, format="png")
    return figure
    # END SOLUTION


def show_images_labels(loader, classes, net, device, path):
    """Draw the first images of the first batch of `loader` with their labels, and with
    the predictions of `net` when it is not None; save the Figure as PNG at `path` and
    return it.

    - show min(batch size, 50) images, in a grid of 5 rows and 10 columns
      (figure.add_subplot(5, 10, i + 1)), without axes (axes.set_axis_off());
    - title of image i: its class name, classes[labels[i]], when `net` is None; otherwise
      "label:predicted" (e.g. "cat:dog"), in black ("k") when the prediction is right and
      in blue ("b") when it is wrong. Predict with the model in evaluation mode, the images
      moved to `device`, without gradients; the predicted class is the index of the largest
      score;
    - the images come normalized to [-1, 1] as [3, H, W]: show each as (x + 1) / 2, in
      [0, 1], with the channels last ([H, W, 3]: np.transpose(image, (1, 2, 0))), since
      imshow wants that.

    `loader` の最初のミニバッチの先頭の画像を正解値と一緒に描き、`net` が None でなければ
    その予測値も添えます。Figure を `path` に PNG で保存して返します。

    - min(バッチサイズ, 50) 枚の画像を 5 行 10 列の格子に（figure.add_subplot(5, 10, i + 1)）、
      軸なしで（axes.set_axis_off()）表示します;
    - 画像 i のタイトル: `net` が None ならクラス名 classes[labels[i]]、そうでなければ
      "label:predicted"（例 "cat:dog"）で、予測が正しければ黒（"k"）、間違っていれば青（"b"）
      にします。予測計算はモデルを評価モードにし、画像を `device` に移して、勾配なしで行います。
      予測したクラスは、最大のスコアのインデックスです;
    - 画像は [-1, 1] に正規化された [3, H, W] の形で来ます: imshow が求める形にするため、
      それぞれ (x + 1) / 2 で [0, 1] に戻し、チャネルを最後にして
      （[H, W, 3]: np.transpose(image, (1, 2, 0))）表示します。
    """
    # BEGIN SOLUTION
    from matplotlib.figure import Figure

    images, labels = next(iter(loader))
    count = min(len(images), 50)
    if net is not None:
        net.eval()
        with torch.no_grad():
            predicted = net(images[:count].to(device)).argmax(dim=1).cpu()
    figure = Figure(figsize=(20, 11), layout="tight")
    for i in range(count):
        axes = figure.add_subplot(5, 10, i + 1)
        label_name = classes[int(labels[i])]
        if net is None:
            axes.set_title(label_name, fontsize=16)
        else:
            predicted_name = classes[int(predicted[i])]
            right = predicted_name == label_name
            axes.set_title(f"{label_name}:{predicted_name}", fontsize=16,
                           color="k" if right else "b")
        image = np.transpose(images[i].detach().cpu().numpy(), (1, 2, 0))
        axes.imshow((image + 1) / 2)
        axes.set_axis_off()
    figure.savefig(path, format="png")
    return figure
    # END SOLUTION
