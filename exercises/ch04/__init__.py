"""Chapter 4: prediction functions built from layer functions.

A model is a composite function made of layer functions: nn.Linear(784, 128), a ReLU, and
nn.Linear(128, 10), applied in turn to a batch of flattened 28 x 28 images. Compose them by
hand in an nn.Module and with nn.Sequential, count their parameters, lay images out as a
batch, and see why two linear layers with no activation between them are only one.

第4章: レイヤー関数を組み合わせて作る予測関数。

モデルはレイヤー関数を組み合わせた合成関数です。nn.Linear(784, 128)、ReLU、
nn.Linear(128, 10) を、平らにした 28 x 28 の画像のバッチに順に適用します。これらを
nn.Module の中で自分で組み合わせ、また nn.Sequential でも組み合わせ、パラメータの数を
数え、画像をバッチの形に並べ、間に活性化関数のない2つの線形関数がなぜ1つと同じなのかを
確かめます。
"""
