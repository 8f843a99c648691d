"""Chapter 5: linear regression on the Boston housing table.

A linear function is a single layer function, nn.Linear: set its weight and bias by hand
and watch it compute y = 2x + 1 and its 2-input and 3-output relatives; wrap one in a model
class, Net(n_input, n_output), subclassing nn.Module. Then predict the house price (MEDV)
of the 506 Boston districts from the average number of rooms (RM) by gradient descent on
half the mean squared error, add a second input (LSTAT), and see that the learning rate that
worked for one input makes two diverge: training must notice and stop.

第5章: ボストン・データセットでの線形回帰。

線形関数は単独のレイヤー関数 nn.Linear です: 重みとバイアスを手で設定し、y = 2x + 1 と、
その2入力版・3出力版を計算させてみます。それを nn.Module の子クラスであるモデルクラス
Net(n_input, n_output) に組み込みます。次に、ボストンの506の地域の住宅価格（MEDV）を
平均部屋数（RM）から、平均2乗誤差の半分を損失とする勾配降下法で予測し、2つ目の入力
（LSTAT）を加えます。1入力でうまくいった学習率では2入力の学習が発散することを確かめ、
学習がそれに気づいて止まるようにします。
"""
