"""Model surgery on pretrained networks: a head that takes any image size, and the new last
layers of ResNet-18 and VGG-19-BN.

Change the network you are given in place and return it, as the course does: its other
layers, and their pretrained weights, stay as they are. Use nn modules (nn.Linear,
nn.AdaptiveAvgPool2d, nn.Identity): the grader finds the layers by their type.

事前学習済みネットワークの付け替え: どのサイズの画像でも受け取れる最後の部分と、ResNet-18 と
VGG-19-BN の新しい最終レイヤー関数。

コースと同じく、渡されたネットワークをその場で変更して返してください。ほかのレイヤー関数と
その事前学習済みのパラメータはそのままです。nn のモジュール (nn.Linear、nn.AdaptiveAvgPool2d、
nn.Identity) を使ってください。採点ではレイヤー関数を型で見つけます。
"""

from torch import nn


def global_average_head(in_channels, n_output):
    """Return an nn.Module that turns feature maps [N, in_channels, H, W] of ANY height and
    width into scores [N, n_output], as the end of a pretrained model does:

      1. nn.AdaptiveAvgPool2d((1, 1)): the mean of each channel, [N, in_channels, 1, 1]
         (its argument is the size of its output, whatever the size of its input; the
         argument of nn.AvgPool2d is a kernel size, which is not the same thing);
      2. flatten to [N, in_channels] (m.view(m.shape[0], -1), torch.flatten(m, 1) or
         nn.Flatten());
      3. nn.Linear(in_channels, n_output).

    The course's example: [100, 32, 16, 16] -> [100, 32, 1, 1] -> [100, 32] -> [100, 10]
    with in_channels 32 and n_output 10; [100, 32, 8, 8] and [100, 32, 4, 4] go through
    the same Linear(32, 10). The output is the Linear layer's raw scores (no softmax).

    事前学習済みモデルの最後の部分と同じく、高さと幅が「いくつでも」よい特徴マップ
    [N, in_channels, H, W] を出力 [N, n_output] に変える nn.Module を返します:

      1. nn.AdaptiveAvgPool2d((1, 1)): 各チャネルの平均値で [N, in_channels, 1, 1] になります
         (引数は入力のサイズにかかわらず変換後の画素数です。nn.AvgPool2d の引数は
         カーネルサイズで、別物です);
      2. [N, in_channels] に平坦化します (m.view(m.shape[0], -1)、torch.flatten(m, 1) または
         nn.Flatten());
      3. nn.Linear(in_channels, n_output)。

    コースの例: in_channels が 32、n_output が 10 のとき、[100, 32, 16, 16] ->
    [100, 32, 1, 1] -> [100, 32] -> [100, 10]。[100, 32, 8, 8] も [100, 32, 4, 4] も同じ
    Linear(32, 10) を通ります。出力は線形関数の出力そのままです (softmax はかけません)。
    """
    raise NotImplementedError("ch11 task 'global_average_head': not implemented yet (replace this line with your code) / ch11 課題 'global_average_head': 未実装です（この行を自分のコードに置き換えてください）")


def replace_resnet_head(net, n_output):
    """Give the torchvision ResNet `net` a new last layer for `n_output` classes, and return
    `net`.

    A ResNet ends with net.fc, an nn.Linear from the pooled features to ImageNet's 1,000
    classes (512 -> 1000 in ResNet-18). Replace it with a new nn.Linear whose in_features
    is the old layer's (read it: net.fc.in_features, since other ResNets have other sizes)
    and whose out_features is n_output. Change `net` in place and return it; every other
    layer keeps its (pretrained) weights.

    ResNet-18 with a 10-class head has 11,181,642 parameters.

    torchvision の ResNet `net` の最終レイヤー関数を `n_output` クラス用の新しいものに
    付け替え、`net` を返します。

    ResNet の最後は net.fc で、プーリングした特徴量から ImageNet の 1,000 クラスへの nn.Linear
    です (ResNet-18 では 512 -> 1000)。これを新しい nn.Linear に付け替えます。in_features
    (入力次元数) は元のレイヤー関数のもの (ほかの ResNet ではサイズが違うので、net.fc.in_features
    から読み取ります)、out_features (出力次元数) は n_output です。`net` をその場で変更して
    返します。ほかのレイヤー関数はすべて (事前学習済みの) パラメータを保ちます。

    10 クラス用の最終レイヤー関数にした ResNet-18 のパラメータ数は 11,181,642 です。
    """
    raise NotImplementedError("ch11 task 'replace_resnet_head': not implemented yet (replace this line with your code) / ch11 課題 'replace_resnet_head': 未実装です（この行を自分のコードに置き換えてください）")


def adapt_vgg(net, n_output):
    """Adapt the VGG-style network `net` to `n_output` classes and 112 x 112 images, as the
    course does with VGG-19-BN, and return `net`.

    `net` may be torchvision's VGG-19-BN or any network of VGG's layout: `features` (an
    nn.Sequential of convolution stages, the last one ending in an nn.MaxPool2d), `avgpool`
    (an nn.AdaptiveAvgPool2d) and `classifier` (an nn.Sequential whose last layer,
    classifier[6], is the head). Three changes, in place:

      1. classifier[6] becomes a new nn.Linear(in_features, n_output), with in_features
         read from the old layer (net.classifier[6].in_features): 4096 in VGG-19-BN, but
         not in every VGG-style network, so do not write the number;
      2. net.features = net.features[:-1]: the last MaxPool2d of features is dropped, so
         that 112 x 112 images give [N, 512, 7, 7] in VGG-19-BN instead of [N, 512, 3, 3];
      3. net.avgpool = nn.Identity(): the adaptive pooling goes; the [N, 512, 7, 7] go on to
         the classifier as they are (flattened: 512 * 7 * 7 = 25088 = classifier[0]'s
         in_features).

    The pretrained weights of every other layer stay as they were. VGG-19-BN adapted to 10
    classes has 139,622,218 parameters.

    コースが VGG-19-BN に対して行うように、VGG 型のネットワーク `net` を `n_output` クラスと
    112 x 112 の画像に合わせ、`net` を返します。

    `net` は torchvision の VGG-19-BN か、VGG と同じ構成のネットワークです: `features`
    (畳み込みの段を並べた nn.Sequential で、最後の段は nn.MaxPool2d で終わります)、`avgpool`
    (nn.AdaptiveAvgPool2d)、`classifier` (nn.Sequential で、最後の classifier[6] が
    最終レイヤー関数です)。その場で3か所を変更します:

      1. classifier[6] を新しい nn.Linear(in_features, n_output) にします。in_features は元の
         レイヤー関数から読み取ります (net.classifier[6].in_features)。VGG-19-BN では 4096
         ですが、VGG 型のネットワークすべてでそうとは限らないので、数値を書かないでください;
      2. net.features = net.features[:-1]: features の最後の MaxPool2d を取り外します。これで
         112 x 112 の画像に対する VGG-19-BN の出力が [N, 512, 3, 3] ではなく [N, 512, 7, 7]
         になります;
      3. net.avgpool = nn.Identity(): 適合的平均プーリング関数を取り外します。[N, 512, 7, 7]
         はそのまま classifier に渡ります (平坦化して 512 * 7 * 7 = 25088 = classifier[0] の
         in_features)。

    ほかのレイヤー関数の事前学習済みのパラメータはすべて元のままです。10 クラスに合わせた
    VGG-19-BN のパラメータ数は 139,622,218 です。
    """
    raise NotImplementedError("ch11 task 'adapt_vgg': not implemented yet (replace this line with your code) / ch11 課題 'adapt_vgg': 未実装です（この行を自分のコードに置き換えてください）")
