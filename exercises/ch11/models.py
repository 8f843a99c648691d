"""Model surgery on pretrained networks: a head that takes any image size, and the new last
layers of ResNet-18 and VGG-19-BN.

Change the network you are given in place and return it, as the course does: its other
layers, and their pretrained weights, stay as they are. Use nn modules (nn.Linear,
nn.AdaptiveAvgPool2d, nn.Identity): the grader finds the layers by their type.
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
    """
    raise NotImplementedError("ch11 task 'global_average_head': not implemented yet (replace this line with your code)")


def replace_resnet_head(net, n_output):
    """Give the torchvision ResNet `net` a new last layer for `n_output` classes, and return
    `net`.

    A ResNet ends with net.fc, an nn.Linear from the pooled features to ImageNet's 1,000
    classes (512 -> 1000 in ResNet-18). Replace it with a new nn.Linear whose in_features
    is the old layer's (read it: net.fc.in_features, since other ResNets have other sizes)
    and whose out_features is n_output. Change `net` in place and return it; every other
    layer keeps its (pretrained) weights.

    ResNet-18 with a 10-class head has 11,181,642 parameters.
    """
    raise NotImplementedError("ch11 task 'replace_resnet_head': not implemented yet (replace this line with your code)")


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
    """
    raise NotImplementedError("ch11 task 'adapt_vgg': not implemented yet (replace this line with your code)")
