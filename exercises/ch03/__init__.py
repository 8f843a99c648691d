"""Chapter 3: a first machine-learning model, trained by gradient descent by hand.

Predict weight from height with Yp = W * X + B, measure the error with the mean squared
error, and improve W and B step by step: first updating them yourself, then with
torch.optim.SGD, then with momentum.

第3章: 初めての機械学習モデルを、勾配降下法を自分で書いて学習させます。

身長から体重を Yp = W * X + B で予測し、誤差を平均2乗誤差で測り、W と B を少しずつ
改善します。最初はパラメータ修正を自分で行い、次に torch.optim.SGD で、最後に
momentum を使って行います。
"""
