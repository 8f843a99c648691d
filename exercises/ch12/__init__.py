"""Chapter 12: custom data, fine-tuning and transfer learning.

Your own images, kept as files in one folder per class (train/ and val/, each with a folder
per class), are read with ImageFolder, with the transforms a model pretrained at 224 x 224
pixels wants: for validation Resize(256) and CenterCrop(224); for training a random crop
(RandomResizedCrop(224)), mirroring and erasing. Then a pretrained VGG-19-BN gets a new head
for your classes and is trained two ways: fine-tuning (every parameter trains, from the
pretrained weights) and transfer learning (every pretrained parameter frozen; only the new
head trains, so the backbone stays exactly as it was).

The course's folder is the ants/bees photos (hymenoptera_data): course_image_folder(), from
courselib.image_folders, gives it when it is under data/, and otherwise the kit's own
two-class tree of Shapes-10 images (data/shapes_folder): your code is the same for both.
The grader trains your transfer learning on the kit's pretrained backbone
(courselib.backbone), which never saw those two classes. Training uses the course's helpers
from courselib (courselib.training.fit, courselib.plots.evaluate_history,
show_images_labels).

第 12 章: ユーザー定義データ、ファインチューニングと転移学習

自分の画像を、クラスごとに1つのフォルダーに分けたファイルとして用意し (train/ と val/ の下に、
それぞれクラスごとのフォルダー)、ImageFolder で読み込みます。transform は 224 x 224 画素で
事前学習したモデルに合わせます: 検証データ用は Resize(256) と CenterCrop(224)、訓練データ用は
ランダムな切り出し (RandomResizedCrop(224))、左右反転と消去です。次に、事前学習済みの
VGG-19-BN の最終レイヤー関数をあなたのクラス用に付け替え、2通りの方法で学習します:
ファインチューニング (事前学習済みのパラメータを初期値として、すべてのパラメータを学習) と
転移学習 (事前学習済みのパラメータをすべて固定し、新しい最終レイヤー関数だけを学習するので、
それ以外の部分は元のまま変わりません)。

コースのフォルダーはアリとハチの写真 (hymenoptera_data) です。courselib.image_folders の
course_image_folder() は、data/ にそれがあればそれを、なければキット独自の Shapes-10 画像の
2クラスのツリー (data/shapes_folder) を返します。どちらでもあなたのコードは同じです。採点では、
その2クラスを一度も見ていないキットの事前学習済みネットワーク (courselib.backbone) を使って、
あなたの転移学習を行います。学習にはコースのヘルパー関数を courselib から使います
(courselib.training.fit、courselib.plots.evaluate_history、show_images_labels)。
"""
