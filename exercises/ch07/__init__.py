"""Chapter 7: multiclass classification of the three iris species.

A Linear layer with one output per class gives each class a score (a logit); the class with
the largest score is the prediction (argmax), and the softmax of the scores, only where they
are read as probabilities. CrossEntropyLoss takes the raw scores and the labels as class
indices (int64) and applies the softmax itself. Training keeps the course's 5-column
history, first on two features (sepal length and petal length), then on all four.

第7章: 3種類のアヤメの多値分類。

クラスごとに1つの出力を持つ Linear レイヤーが、各クラスの値（ロジット）を出力します。値が
一番大きいクラスが予測値（argmax）で、値を確率値として読みたいときだけ softmax 関数をかけます。
CrossEntropyLoss は出力をそのまま受け取り、正解値はクラス番号（int64）で受け取って、softmax
関数を自分でかけます。学習ではコースと同じ5列の履歴を記録します。最初は2つの入力項目
（がく片の長さと花弁の長さ）で、次に4つすべてで学習します。
"""
