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
"""
