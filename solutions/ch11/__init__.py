"""Chapter 11: pretrained models.

torchvision ships networks trained on ImageNet's 1,000 classes (ResNet-18, VGG-19-BN, ...).
To use one for another task, its last layer is replaced by a new one with as many outputs as
the task has classes (the course's "最終レイヤー関数の付け替え"); fine-tuning then trains
every layer, starting from the pretrained weights (transfer learning, chapter 12, trains the
new last layer only). The adaptive average pooling inside these networks lets them take
images of any size. Training uses the course's helpers from courselib
(courselib.training.fit, courselib.seeding.torch_seed, courselib.plots.evaluate_history).

The pretrained models come from courselib.pretrained.imagenet_model("resnet18") or
("vgg19_bn"): with the ImageNet weights when they are on this machine (`python -m grader
data fetch resnet18`), else with random weights (it says so). The kit's own small pretrained
network of VGG's layout, courselib.backbone.load(), is what the grader fine-tunes with your
code, so that the gain of pretraining can be measured offline.

第 11 章: 事前学習済みモデル

torchvision には ImageNet の 1,000 クラスで学習済みのネットワーク (ResNet-18、VGG-19-BN など)
が用意されています。これを別のタスクに使うには、最終段のレイヤー関数を、タスクのクラス数だけ
出力を持つ新しいものに付け替えます (コースの「最終レイヤー関数の付け替え」)。その後
ファインチューニングでは、事前学習済みのパラメータを初期値として、すべてのレイヤー関数を学習します
(第 12 章の転移学習では、新しい最終レイヤー関数だけを学習します)。これらのネットワークの中に
ある適合的平均プーリング関数のおかげで、どのサイズの画像でも入力できます。学習にはコースの
ヘルパー関数を courselib から使います (courselib.training.fit、courselib.seeding.torch_seed、
courselib.plots.evaluate_history)。

事前学習済みモデルは courselib.pretrained.imagenet_model("resnet18") または ("vgg19_bn") で
読み込みます。ImageNet のパラメータがこのマシンにあれば (`python -m grader data fetch
resnet18`) それを使い、なければ乱数で初期化したパラメータで作ります (そのことを表示します)。
採点では、事前学習の効果をオフラインで測れるよう、キット独自の小さな VGG 型の事前学習済み
ネットワーク courselib.backbone.load() を、あなたのコードでファインチューニングします。
"""
