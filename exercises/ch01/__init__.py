"""Chapter 1: the Python a deep-learning course relies on.

Container types (NumPy arrays, tensors) and what assignment really does to them; classes,
inheritance and overriding with a Point and a Circle drawn on matplotlib axes; and instances
that can be called like functions.

第1章: 深層学習のコースで使う Python。

コンテナデータ型（NumPy 配列、テンソル）と、それらに対して代入が実際に何をするか。matplotlib の
Axes に描画する Point と Circle を使った、クラス、継承、オーバーライド。そして関数のように呼び出せる
インスタンス。
"""
