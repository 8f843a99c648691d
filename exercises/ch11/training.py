"""The optimizer for fine-tuning a pretrained model.

事前学習済みモデルをファインチューニングするための最適化関数。
"""

from torch import optim


def make_finetune_optimizer(net, lr=0.001):
    """Return the optimizer the course fine-tunes with: optim.SGD over ALL the parameters of
    `net` (net.parameters()), learning rate `lr` (0.001 by default) and momentum 0.9.

    Fine-tuning starts from the pretrained weights and trains every layer, the new head and
    the pretrained ones alike; an optimizer given only the head's parameters would leave
    the rest as it is, which is transfer learning (chapter 12). The weights are already
    nearly right, so a simple optimizer with a small learning rate is what the course uses.

    コースがファインチューニングに使う最適化関数を返します: `net` の「すべての」パラメータ
    (net.parameters()) に対する optim.SGD で、学習率は `lr` (デフォルトは 0.001)、momentum は
    0.9 です。

    ファインチューニングは事前学習済みのパラメータから始めて、新しい最終レイヤー関数も
    事前学習済みのレイヤー関数も同じようにすべて学習します。最終レイヤー関数のパラメータだけを渡した
    最適化関数では残りがそのままになり、それは転移学習 (第 12 章) です。パラメータはすでにほぼ
    出来上がっているので、コースでは小さな学習率のシンプルな最適化関数を使います。
    """
    raise NotImplementedError("ch11 task 'make_finetune_optimizer': not implemented yet (replace this line with your code) / ch11 課題 'make_finetune_optimizer': 未実装です（この行を自分のコードに置き換えてください）")
