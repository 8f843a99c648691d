"""Tensors: making them, their dtype and shape, reading values out, back to NumPy.

テンソル: 作り方、dtype と shape、値の取り出し、NumPy への戻し方。
"""

import torch


def to_float_tensor(data):
    """Return `data` as a float32 tensor of the same shape and values.

    `data` is a Python number (rank 0), a nested list of numbers (rank 1, 2, 3, ...) or a
    NumPy array of any rank and dtype. Almost all computations in PyTorch use float32, so
    force the dtype whatever `data` holds.
    Hint: NumPy arrays of floats are float64 and Python lists of ints give int64 tensors;
    torch.tensor(...).float() converts either to float32.

    `data` を、shape と値が同じ float32 のテンソルとして返します。

    `data` は Python の数値（0階）、数値の入れ子のリスト（1階、2階、3階、…）、または任意の階数と
    dtype の NumPy 配列です。PyTorch の計算はほとんど float32 で行うので、`data` の中身が何で
    あっても dtype を強制的に float32 にします。
    ヒント: NumPy の小数の配列は float64、Python の整数のリストからは int64 のテンソルができます。
    torch.tensor(...).float() でどちらも float32 に変換できます。
    """
    raise NotImplementedError("ch02 task 'to_float_tensor': not implemented yet (replace this line with your code) / ch02 課題 'to_float_tensor': 未実装です（この行を自分のコードに置き換えてください）")


def to_labels(t):
    """Return the float tensor `t` of class numbers (e.g. [0., 2., 1.]) as class labels.

    Loss functions for multiclass classification (nn.CrossEntropyLoss, nn.NLLLoss) want
    labels as int64 tensors.

    クラス番号の float のテンソル `t`（例: [0., 2., 1.]）を、クラスのラベルとして返します。

    多値分類の損失関数（nn.CrossEntropyLoss、nn.NLLLoss）は、ラベルを int64 のテンソルで
    受け取ります。
    """
    raise NotImplementedError("ch02 task 'to_labels': not implemented yet (replace this line with your code) / ch02 課題 'to_labels': 未実装です（この行を自分のコードに置き換えてください）")


def rows(t):
    """Return `t` (rank 2 or more) reshaped with view to rank 2, one row per first index.

    A [3, 2, 2] tensor becomes [3, 4]; a [2, 3, 4] one becomes [2, 12]. Keep the first
    dimension as it is and let view work out the second one: pass -1 for it.

    `t`（2階以上）を view で2階に変えて返します。最初のインデックスごとに1行です。

    [3, 2, 2] のテンソルは [3, 4] に、[2, 3, 4] のテンソルは [2, 12] になります。最初の次元は
    そのままにして、2番目の次元は view に計算させます: そこには -1 を指定します。
    """
    raise NotImplementedError("ch02 task 'rows': not implemented yet (replace this line with your code) / ch02 課題 'rows': 未実装です（この行を自分のコードに置き換えてください）")


def flatten(t):
    """Return `t` reshaped with view to rank 1: a [3, 2, 2] tensor becomes [12].

    `t` を view で1階に変えて返します: [3, 2, 2] のテンソルは [12] になります。
    """
    raise NotImplementedError("ch02 task 'flatten': not implemented yet (replace this line with your code) / ch02 課題 'flatten': 未実装です（この行を自分のコードに置き換えてください）")


def total(t):
    """Return the sum of all elements of the float tensor `t`, as a Python float.

    `t` may have any shape: a scalar, a vector, a [3, 2, 2] tensor...
    Hint: item() turns a tensor with exactly one element into a Python number.

    float のテンソル `t` のすべての要素の和を、Python の float として返します。

    `t` の shape は何でもかまいません: スカラー、ベクトル、[3, 2, 2] のテンソル、…
    ヒント: item() は、要素がちょうど1つのテンソルを Python の数値にします。
    """
    raise NotImplementedError("ch02 task 'total': not implemented yet (replace this line with your code) / ch02 課題 'total': 未実装です（この行を自分のコードに置き換えてください）")


def row_max(scores):
    """Return (values, indices): the largest value of each row of `scores` and its column.

    `scores` is a [N, C] tensor; both results have shape [N]. For [[1, 5, 6], [4, 3, 2]] the
    values are [6, 4] and the indices [2, 0].
    Hint: torch.max with a dimension returns both; dimension 1 runs along a row.

    (values, indices) を返します: `scores` の各行の最大値と、その列の番号です。

    `scores` は [N, C] のテンソルで、結果はどちらも shape [N] です。[[1, 5, 6], [4, 3, 2]] なら
    values は [6, 4]、indices は [2, 0] です。
    ヒント: 次元を指定した torch.max は両方を返します。次元 1 は行に沿った方向です。
    """
    raise NotImplementedError("ch02 task 'row_max': not implemented yet (replace this line with your code) / ch02 課題 'row_max': 未実装です（この行を自分のコードに置き換えてください）")


def predicted_labels(scores):
    """Return the predicted label of each row of `scores`: the column of its largest score.

    `scores` is a [N, C] tensor of what C predictors output for N samples; the result is an
    int64 tensor of shape [N]. This is how a multiclass classifier picks its answer.

    `scores` の各行の予測ラベル、つまり最大のスコアがある列の番号を返します。

    `scores` は、C 個の予測器が N 件のサンプルに対して出力した [N, C] のテンソルです。結果は
    shape [N] の int64 のテンソルです。多値分類のモデルは、このようにして答えを選びます。
    """
    raise NotImplementedError("ch02 task 'predicted_labels': not implemented yet (replace this line with your code) / ch02 課題 'predicted_labels': 未実装です（この行を自分のコードに置き換えてください）")


def to_numpy_shared(t):
    """Return a NumPy array that shares its memory with the tensor `t`.

    Changing an element of `t` changes the array too, and the other way round. `t` may
    require grad.

    テンソル `t` とメモリを共有する NumPy 配列を返します。

    `t` の要素を変えると配列も変わり、その逆も同じです。`t` は requires_grad=True のことも
    あります。
    """
    raise NotImplementedError("ch02 task 'to_numpy_shared': not implemented yet (replace this line with your code) / ch02 課題 'to_numpy_shared': 未実装です（この行を自分のコードに置き換えてください）")


def to_numpy_copy(t):
    """Return a NumPy array with the values of the tensor `t`, independent of it.

    Changing `t` afterwards must not change the array. `t` may require grad.

    テンソル `t` の値を持ち、`t` とは独立した NumPy 配列を返します。

    あとで `t` を変えても、配列は変わってはいけません。`t` は requires_grad=True のことも
    あります。
    """
    raise NotImplementedError("ch02 task 'to_numpy_copy': not implemented yet (replace this line with your code) / ch02 課題 'to_numpy_copy': 未実装です（この行を自分のコードに置き換えてください）")
