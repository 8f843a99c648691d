"""Chapter 9: a CNN on CIFAR-10, and the course's shared training helpers.

First write the helpers the rest of the course uses (chapters 10-12 use the kit's own
versions in courselib, so a mistake here costs no points there): seed setting that really
makes a run reproducible, the loss of one batch for looking at the computation graph, the
training loop `fit` that continues a history, the learning curves of a history and a grid
of images with their labels and predictions, both saved as PNG files. Then compare a fully
connected network on flattened 32 x 32 colour images with a convolutional network: two
3 x 3 convolutions, a 2 x 2 max pooling, 32 * 14 * 14 = 6272 features, 128 hidden units,
10 classes. Without the real CIFAR-10 under data/, courselib.datasets.cifar10 serves the
kit's offline Shapes-10 set through the same interface.

第 9 章: CIFAR-10 の CNN と、講座の共通の学習用関数。

まず、講座の残りで使う共通関数を書きます（第 10〜12 章では courselib にあるキットの版を使うので、
ここでの間違いがそちらの点数に響くことはありません）: 実行を本当に再現できるようにするシード設定、
計算グラフを確かめるための 1 つのミニバッチの損失、履歴の続きから学習する学習ループ `fit`、
履歴の学習曲線、そして画像を正解値と予測値つきで並べた格子です。2 つの図はどちらも PNG ファイルに
保存します。次に、平坦化した 32 x 32 のカラー画像に対する全結合のネットワークと、畳み込みの
ネットワーク（3 x 3 の畳み込み 2 回、2 x 2 の最大値プーリング、32 * 14 * 14 = 6272 個の特徴量、
隠れ層 128、10 クラス）を比べます。data/ に本物の CIFAR-10 がないときは、
courselib.datasets.cifar10 が同じインターフェースでキットのオフラインの Shapes-10 を返します。
"""
