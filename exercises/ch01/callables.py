"""Instances that behave like functions: a class with __call__.

Defining __call__ makes every instance callable: `h = Quadratic()` then `h(x)` runs
`h.__call__(x)`. PyTorch's layers and models are used exactly this way.

関数のように振る舞うインスタンス: __call__ を持つクラス。

__call__ を定義すると、すべてのインスタンスが呼び出し可能になります。`h = Quadratic()` とすると、
`h(x)` で `h.__call__(x)` が実行されます。PyTorch のレイヤー関数やモデルも、まさにこのように
使います。
"""

import numpy as np


class Quadratic:
    """The function h(x) = 2x^2 + 2, as a callable object.

    関数 h(x) = 2x^2 + 2 を、呼び出し可能なオブジェクトとして表したもの。
    """

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """Return 2 * x**2 + 2 for every element of the NumPy array x.

        The result is a new NumPy array of the same shape as x; x itself is left unchanged.
        Hint: in Python, x**2 is the square; x^2 is a bitwise XOR.

        NumPy 配列 x のすべての要素について 2 * x**2 + 2 を返します。

        結果は x と同じ shape の新しい NumPy 配列です。x そのものは変更しません。
        ヒント: Python では x**2 が2乗です。x^2 はビット単位の XOR です。
        """
        raise NotImplementedError("ch01 task 'Quadratic.__call__': not implemented yet (replace this line with your code) / ch01 課題 'Quadratic.__call__': 未実装です（この行を自分のコードに置き換えてください）")
