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
