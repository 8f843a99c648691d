"""Autograd: gradients of a quadratic and of the sigmoid, accumulation, the graph.

自動微分: 2次関数とシグモイド関数の勾配計算、勾配値の加算、計算グラフ。
"""

import torch


def quadratic_grad(x_np):
    """Return the gradient of y = 2x^2 + 2 at every point of the NumPy array `x_np`.

    1. Make x from `x_np`: a float32 leaf tensor with requires_grad=True.
    2. Compute y = 2 * x**2 + 2: autograd records the computation graph.
    3. backward() needs a scalar: add up the elements of y with sum() and call backward()
       on the sum. The sum's derivative with respect to each element is 1, so x.grad
       holds the derivative of 2x^2 + 2 at every point.
    Return x.grad: a float32 tensor of the same shape as `x_np`.

    NumPy 配列 `x_np` の各点での、y = 2x^2 + 2 の勾配値を返します。

    1. `x_np` から x を作ります: requires_grad=True の float32 のリーフテンソルです。
    2. y = 2 * x**2 + 2 を計算します: 自動微分のための計算グラフが記録されます。
    3. backward() にはスカラーが必要です: sum() で y の要素を足し合わせてスカラー化し、その和に
       対して backward() を呼び出します。和を各要素で偏微分した結果は 1 なので、x.grad には
       各点での 2x^2 + 2 の微分値が入ります。
    x.grad を返します: `x_np` と同じ shape の float32 のテンソルです。
    """
    raise NotImplementedError("ch02 task 'quadratic_grad': not implemented yet (replace this line with your code) / ch02 課題 'quadratic_grad': 未実装です（この行を自分のコードに置き換えてください）")


def sigmoid_grad(x_np):
    """Return the gradient of the sigmoid at every point of the NumPy array `x_np`.

    The same steps as quadratic_grad, with y = sigmoid(x) (torch.sigmoid or
    torch.nn.Sigmoid()). Returns a float32 tensor of the same shape as `x_np`.

    NumPy 配列 `x_np` の各点での、シグモイド関数の勾配値を返します。

    quadratic_grad と同じ手順で、y = sigmoid(x)（torch.sigmoid または torch.nn.Sigmoid()）と
    します。`x_np` と同じ shape の float32 のテンソルを返します。
    """
    raise NotImplementedError("ch02 task 'sigmoid_grad': not implemented yet (replace this line with your code) / ch02 課題 'sigmoid_grad': 未実装です（この行を自分のコードに置き換えてください）")


def accumulated_grad(x_np):
    """Return x.grad after two backward passes of 2x^2 + 2, without zeroing in between.

    Make one leaf x as in quadratic_grad, then twice: compute the sum of 2 * x**2 + 2 and
    call backward() on it. Do not reset x.grad: see what PyTorch does with the second
    gradient.
    Hint: backward() frees the graph it went through: compute the forward pass again
    before the second backward().

    初期化せずに 2x^2 + 2 の backward() を2回行ったあとの x.grad を返します。

    quadratic_grad と同じようにリーフ x を1つ作り、2回続けて、2 * x**2 + 2 の和を計算して
    backward() を呼び出します。x.grad は初期化しないでください: 2回目の勾配値を PyTorch が
    どう扱うかを確かめます。
    ヒント: backward() は通った計算グラフを解放します: 2回目の backward() の前に、計算を
    もう一度行ってください。
    """
    raise NotImplementedError("ch02 task 'accumulated_grad': not implemented yet (replace this line with your code) / ch02 課題 'accumulated_grad': 未実装です（この行を自分のコードに置き換えてください）")


def two_gradients(x_np):
    """Return (grad of 2x^2 + 2, grad of the sigmoid), both taken on ONE leaf x.

    Make a single float32 leaf x from `x_np`. Compute the gradient of the quadratic, keep
    it, then the gradient of the sigmoid with the same x. Each result must be that function's
    gradient alone.
    Hint: x.grad.zero_() resets the gradient in place: the tensor you kept from the first
    pass is changed with it unless you kept a copy (clone()).

    (2x^2 + 2 の勾配値, シグモイド関数の勾配値) を返します。どちらも1つのリーフ x で求めます。

    `x_np` から float32 のリーフ x を1つだけ作ります。2次関数の勾配値を求めて取っておき、次に同じ
    x でシグモイド関数の勾配値を求めます。それぞれの結果は、その関数だけの勾配値でなければ
    なりません。
    ヒント: x.grad.zero_() は勾配値をその場で初期化します: 1回目に取っておいたテンソルも一緒に
    変わってしまうので、コピー（clone()）を取っておきましょう。
    """
    raise NotImplementedError("ch02 task 'two_gradients': not implemented yet (replace this line with your code) / ch02 課題 'two_gradients': 未実装です（この行を自分のコードに置き換えてください）")


def grad_fn_name(t):
    """Return the name of the operation that made the tensor `t`, or None.

    Every tensor computed from tensors that require grad has a grad_fn: the node of the
    computation graph that backward() goes through, e.g. 'SumBackward0' for x.sum() or
    'MulBackward0' for 2 * x. Leaf tensors, and tensors that do not require grad, have
    grad_fn None: return None for them.
    Hint: print(t.grad_fn) shows the node and where it lies in memory: return its
    name only (a node has a name() method).

    テンソル `t` を作った演算の名前、または None を返します。

    requires_grad=True のテンソルから計算したテンソルは、どれも grad_fn を持ちます。これは
    backward() が通る計算グラフのノードで、例えば x.sum() なら 'SumBackward0'、2 * x なら
    'MulBackward0' です。リーフのテンソルや requires_grad=False のテンソルの grad_fn は None
    です: その場合は None を返します。
    ヒント: print(t.grad_fn) はノードとそのメモリ上の位置を表示します: その名前だけを返して
    ください（ノードには name() メソッドがあります）。
    """
    raise NotImplementedError("ch02 task 'grad_fn_name': not implemented yet (replace this line with your code) / ch02 課題 'grad_fn_name': 未実装です（この行を自分のコードに置き換えてください）")


def find_leaves(output):
    """Return the leaf tensors the computation of `output` depends on and that require grad.

    The graph starts at output.grad_fn. Each node lists the nodes that come before it in
    node.next_functions, a tuple of (node, index) pairs where node may be None (an input
    that needs no gradient). A leaf tensor's gradient is collected by an 'AccumulateGrad'
    node, whose attribute `variable` is the leaf tensor itself.
    For loss = ((W * X + B - Y) ** 2).mean() with W and B requiring grad and X, Y not,
    return W and B: a list (or set) of the tensors themselves, each once, in any order.
    No graphviz needed: walk the graph yourself.

    `output` の計算が依存している、requires_grad=True のリーフテンソルを返します。

    計算グラフは output.grad_fn から始まります。各ノードは、その前にあるノードを
    node.next_functions に (node, index) の組のタプルとして持ちます。勾配の要らない入力では
    node が None になることがあります。リーフテンソルの勾配値は 'AccumulateGrad' ノードに
    蓄積され、その属性 `variable` がリーフテンソルそのものです。
    W と B が requires_grad=True、X と Y がそうでない loss = ((W * X + B - Y) ** 2).mean() なら、
    W と B を返します: テンソルそのもののリスト（または set）で、それぞれ1回ずつ、順番は自由です。
    graphviz は要りません: 計算グラフを自分でたどってください。
    """
    raise NotImplementedError("ch02 task 'find_leaves': not implemented yet (replace this line with your code) / ch02 課題 'find_leaves': 未実装です（この行を自分のコードに置き換えてください）")
