"""Chapter 6: binary classification (logistic regression) on two kinds of iris.

Tell Setosa from Versicolour by their sepal length and width: a Linear layer followed by a
sigmoid gives the probability of class 1, trained with the binary cross-entropy (BCELoss);
then the same model without the sigmoid, whose raw outputs (logits) go to BCEWithLogitsLoss.
Training keeps the course's 5-column history (epoch, training loss and accuracy, validation
loss and accuracy), and the trained weights give the decision boundary, a straight line.

第6章: 2種類のアヤメの2値分類（ロジスティック回帰）。

Setosa と Versicolour を、がく片の長さと幅から見分けます。線形関数（Linear レイヤー）の後に
シグモイド関数をかけるとクラス 1 の確率値が得られ、2値分類の交差エントロピー関数（BCELoss）で
学習します。次に、シグモイド関数をかけない同じモデルの出力（ロジット）を BCEWithLogitsLoss に
渡します。学習ではコースと同じ5列の履歴（エポック、訓練データの損失と精度、検証データの損失と
精度）を記録し、学習した重みから決定境界（直線）を求めます。
"""
