"""Container types: assignment shares the data, a copy does not.

A NumPy array or a tensor is reached through its name. `y = x` does not copy anything: it gives
the same object a second name, so a change made through one name shows through the other.
When you need values that nothing else can change, make a copy.

コンテナデータ型: 代入はデータを共有し、コピーは共有しない。

NumPy 配列やテンソルには、その名前を通してアクセスします。`y = x` は何もコピーしません。同じ
オブジェクトに2つ目の名前を付けるだけなので、片方の名前を通した変更がもう片方にも見えます。
ほかから変更されない値が必要なときは、コピーを作ります。
"""

import numpy as np
import torch


def change_through_alias(x, index, value):
    """Reproduce the course's experiment: after `y = x`, a change made through y is seen in x.

    Bind a second name to x with plain assignment (y = x), set y[index] = value, and return x.
    x may be a NumPy array or a tensor. Because y and x are the same object, the returned x
    holds the new value, and so does the caller's array.

    コースの実験を再現します: `y = x` のあと、y を通した変更が x にも現れます。

    単純な代入（y = x）で x に2つ目の名前を付け、y[index] = value と設定して、x を返します。
    x は NumPy 配列でもテンソルでもかまいません。y と x は同じオブジェクトなので、返した x には
    新しい値が入っており、呼び出し側の配列も同じです。
    """
    raise NotImplementedError("ch01 task 'change_through_alias': not implemented yet (replace this line with your code) / ch01 課題 'change_through_alias': 未実装です（この行を自分のコードに置き換えてください）")


def copy_array(x: np.ndarray) -> np.ndarray:
    """Return an independent copy of the NumPy array x.

    The copy has the same shape, dtype and values as x but its own memory: writing into x
    afterwards must not change the copy, and writing into the copy must not change x.
    Hint: returning x itself, or a view of it (x[:], x.view()), shares x's data.

    NumPy 配列 x の、独立したコピーを返します。

    コピーは x と shape・dtype・値が同じで、自分専用のメモリを持ちます。あとで x に書き込んでも
    コピーは変わらず、コピーに書き込んでも x は変わりません。
    ヒント: x そのものや、そのビュー（x[:]、x.view()）を返すと、x のデータを共有してしまいます。
    """
    raise NotImplementedError("ch01 task 'copy_array': not implemented yet (replace this line with your code) / ch01 課題 'copy_array': 未実装です（この行を自分のコードに置き換えてください）")


def copy_tensor(t: torch.Tensor) -> torch.Tensor:
    """Return an independent copy of the tensor t (a CPU tensor that does not require grad).

    The copy has the same shape, dtype and values as t but its own memory, like copy_array.
    Hint: t.view(...), t.detach() and torch.from_numpy(t.numpy()) all share t's data.

    テンソル t（CPU 上の、requires_grad=False のテンソル）の、独立したコピーを返します。

    コピーは copy_array と同じく、t と shape・dtype・値が同じで、自分専用のメモリを持ちます。
    ヒント: t.view(...)、t.detach()、torch.from_numpy(t.numpy()) はどれも t のデータを共有します。
    """
    raise NotImplementedError("ch01 task 'copy_tensor': not implemented yet (replace this line with your code) / ch01 課題 'copy_tensor': 未実装です（この行を自分のコードに置き換えてください）")
