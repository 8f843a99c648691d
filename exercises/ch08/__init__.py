"""Chapter 8: handwritten digits (MNIST) with a fully connected network.

Pick the device to train on (the GPU when there is one), turn each 28 x 28 image into a
vector of 784 values in [-1, 1] with torchvision transforms, serve the images in mini-batches
of 500 with DataLoaders, and train a network with one hidden layer of 128 units (then two)
with a mini-batch loop that shows a progress bar and keeps the course's 5-column history.

第8章: 全結合型ニューラルネットワークによる手書き数字 (MNIST) の認識。

学習に使うデバイス（GPU があれば GPU）を選び、28 x 28 の各画像を torchvision の transforms で
[-1, 1] の範囲の 784 個の値を持つベクトルに変換し、データローダーで画像を 500 件ずつの
ミニバッチにして渡します。そして 128 ノードの隠れ層が1つ（次に2つ）のネットワークを、
プログレスバーを表示し、コースの5列の履歴を記録するミニバッチ学習のループで学習させます。
"""
