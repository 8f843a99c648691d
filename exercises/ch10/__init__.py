"""Chapter 10: tuning an image classifier.

A deeper CNN (six 3 x 3 convolutions with padding 1, three max-pools, then 4*4*128 -> 128 ->
classes), the optimizers that train it faster (SGD, SGD with momentum, Adam), and the three
remedies against overfitting the course puts into it: dropout, batch normalization and data
augmentation (random mirroring and erasing, on the training set only). Training uses the
course's helpers from courselib (courselib.training.fit, courselib.seeding.torch_seed,
courselib.plots.evaluate_history), so this chapter does not depend on your chapter 9.

第10章: 画像分類モデルのチューニング

より深いCNN (padding 1 の 3 x 3 畳み込み関数を 6 つ、MaxPool2d を 3 つ、その後に
4*4*128 -> 128 -> クラス数)、それをより速く学習させる最適化関数 (SGD、Momentum 付きの SGD、
Adam)、そして講義がこのモデルに取り入れる 3 つの過学習対策: ドロップアウト、Batch
Normalization、Data Augmentation (ランダムな左右反転と矩形領域の削除。訓練データだけに行います)。
学習には courselib にある講義の共通関数 (courselib.training.fit、courselib.seeding.torch_seed、
courselib.plots.evaluate_history) を使うので、この章はあなたの第9章の実装には依存しません。
"""
