"""Chapter 2: PyTorch basics.

Tensors: making them from Python numbers, lists and NumPy arrays (always float32), integer
labels, changing their shape with view, reading numbers out of them, the row-wise maximum
that gives a predicted label, and the way back to NumPy. Autograd: gradients of 2x^2 + 2 and
of the sigmoid, how gradients accumulate until they are zeroed, and the computation graph
that backward() walks.

第2章: PyTorch の基礎。

テンソル: Python の数値・リスト・NumPy 配列からの作り方（いつも float32）、整数のラベル、view による
shape の変更、テンソルからの数値の取り出し、予測ラベルを求める行ごとの最大値、NumPy への戻し方。
自動微分: 2x^2 + 2 とシグモイド関数の勾配計算、初期化するまで勾配値が加算されていく仕組み、
backward() がたどる計算グラフ。
"""
