"""Fine-tuning and transfer learning of a pretrained VGG-style network, at 224 x 224 pixels.

`net` is a network of VGG's layout: torchvision's VGG-19-BN (courselib.pretrained.
imagenet_model("vgg19_bn")), the kit's pretrained ShapesVGG (courselib.backbone.load()), or
any other. Such a network has

  - `features`: an nn.Sequential of convolution stages, each ending in an nn.MaxPool2d;
  - `avgpool`: an nn.AdaptiveAvgPool2d;
  - `classifier`: an nn.Sequential whose last layer, classifier[6], is the head (an
    nn.Linear to ImageNet's 1,000 classes in VGG-19-BN).

The head's in_features differ from one network to another (4096 in VGG-19-BN, 256 in
ShapesVGG): read them from the layer (net.classifier[6].in_features), never write the number.
At 224 pixels VGG-19-BN's features give [N, 512, 7, 7], as many as the classifier takes
(512 * 7 * 7 = 25088), so the last MaxPool2d stays (chapter 11 drops it at 112 pixels) and
only avgpool goes: net.avgpool = nn.Identity().

Each function changes `net` in place and returns (net, optimizer), ready for the course's
training: courselib.training.fit(net, optimizer, nn.CrossEntropyLoss(), num_epochs,
train_loader, test_loader, device, history) (move the net with net.to(device) first).

224 x 224 画素での、事前学習済みの VGG 型ネットワークのファインチューニングと転移学習。

`net` は VGG と同じ構成のネットワークです: torchvision の VGG-19-BN
(courselib.pretrained.imagenet_model("vgg19_bn"))、キットの事前学習済み ShapesVGG
(courselib.backbone.load())、またはそのほかのものです。このようなネットワークは次を持ちます:

  - `features`: 畳み込みの段を並べた nn.Sequential で、各段は nn.MaxPool2d で終わります;
  - `avgpool`: nn.AdaptiveAvgPool2d;
  - `classifier`: nn.Sequential で、最後の classifier[6] が最終レイヤー関数です (VGG-19-BN
    では ImageNet の 1,000 クラスへの nn.Linear)。

最終レイヤー関数の in_features (入力次元数) はネットワークごとに違います (VGG-19-BN では
4096、ShapesVGG では 256)。レイヤー関数から読み取り (net.classifier[6].in_features)、数値を
直接書かないでください。224 画素では VGG-19-BN の features は [N, 512, 7, 7] を出力し、
classifier が受け取る数 (512 * 7 * 7 = 25088) と同じなので、最後の MaxPool2d は残し (第 11 章
では 112 画素なので取り外しました)、avgpool だけを取り外します: net.avgpool = nn.Identity()。

どちらの関数も `net` をその場で変更して (net, optimizer) を返し、そのままコースの学習に
使えます: courselib.training.fit(net, optimizer, nn.CrossEntropyLoss(), num_epochs,
train_loader, test_loader, device, history) (先に net.to(device) で net を移してください)。
"""

from torch import nn, optim

LR, MOMENTUM = 0.001, 0.9


def prepare_finetuning(net, n_output=2):
    """Fine-tuning: return (net, optimizer), where

      - net.classifier[6] is a new nn.Linear(in_features, n_output), in_features read from
        the old classifier[6];
      - net.avgpool is nn.Identity() (the last MaxPool2d of features stays);
      - every parameter trains (requires_grad, as they come), from the pretrained weights;
      - optimizer is optim.SGD over all of net's parameters (net.parameters(), made after
        the head is replaced), lr=0.001, momentum=0.9.

    VGG-19-BN prepared so, with 2 classes, has 139,589,442 parameters.

    ファインチューニング: 次のような (net, optimizer) を返します。

      - net.classifier[6] は新しい nn.Linear(in_features, n_output) で、in_features は元の
        classifier[6] から読み取ります;
      - net.avgpool は nn.Identity() です (features の最後の MaxPool2d は残します);
      - すべてのパラメータを、事前学習済みの値から学習します (requires_grad は元のまま);
      - optimizer は net のすべてのパラメータ (net.parameters()) に対する optim.SGD で、
        最終レイヤー関数を付け替えた後に作り、lr=0.001、momentum=0.9 です。

    2 クラス用にこうして準備した VGG-19-BN のパラメータ数は 139,589,442 です。
    """
    # BEGIN SOLUTION
    in_features = net.classifier[6].in_features
    net.classifier[6] = nn.Linear(in_features, n_output)
    net.avgpool = nn.Identity()
    optimizer = optim.SGD(net.parameters(), lr=LR, momentum=MOMENTUM)
    return net, optimizer
    # END SOLUTION


def prepare_transfer(net, n_output=2):
    """Transfer learning: return (net, optimizer), where only the new head trains:

      1. FIRST every parameter of net is frozen (param.requires_grad = False for each of
         net.parameters());
      2. THEN net.classifier[6] becomes a new nn.Linear(in_features, n_output), in_features
         read from the old layer; a new layer's parameters require grad, so it is the only
         part that trains (replaced before freezing, it would be frozen too);
      3. net.avgpool is nn.Identity() (the last MaxPool2d of features stays);
      4. optimizer is optim.SGD over the head's parameters only
         (net.classifier[6].parameters()), lr=0.001, momentum=0.9.

    Training then leaves every pretrained parameter exactly as it was. VGG-19-BN prepared
    so, with 2 classes, trains 8,194 parameters (4096 * 2 weights + 2 biases).

    転移学習: 新しい最終レイヤー関数だけを学習する (net, optimizer) を返します:

      1. 「最初に」net のすべてのパラメータを固定します (net.parameters() の各パラメータで
         param.requires_grad = False);
      2. 「その後で」net.classifier[6] を新しい nn.Linear(in_features, n_output) にします。
         in_features は元のレイヤー関数から読み取ります。新しいレイヤー関数のパラメータは
         requires_grad が True なので、そこだけが学習されます (固定する前に付け替えると、
         それも固定されてしまいます);
      3. net.avgpool は nn.Identity() です (features の最後の MaxPool2d は残します);
      4. optimizer は最終レイヤー関数のパラメータだけ (net.classifier[6].parameters()) に
         対する optim.SGD で、lr=0.001、momentum=0.9 です。

    こうすると学習しても事前学習済みのパラメータはすべて元のままです。2 クラス用にこうして
    準備した VGG-19-BN で学習されるパラメータは 8,194 個です (weight 4096 * 2 個 + bias 2 個)。
    """
    # BEGIN SOLUTION
    for param in net.parameters():
        param.requires_grad = False
    in_features = net.classifier[6].in_features
    net.classifier[6] = nn.Linear(in_features, n_output)
    net.avgpool = nn.Identity()
    optimizer = optim.SGD(net.classifier[6].parameters(), lr=LR, momentum=MOMENTUM)
    return net, optimizer
    # END SOLUTION
