"""Hidden checks for chapter 11: the new head reads its size from the layer it replaces.

The public checks give replace_resnet_head ResNet-18, whose fc takes 512 features, so a
new Linear(512, n_output) with the number written in passes them. Here it gets ResNet-50
(built on the meta device), whose fc takes 2048: in_features must be read from net.fc.
"""

from grader.check import check
from grader.checks.ch11 import drawn_surgery, expect_resnet, resnet_surgery


@check(points=2)
def check_resnet_head_of_another_resnet(chapter):
    n_output, batch = drawn_surgery("resnet50")
    facts = chapter.run(resnet_surgery, "resnet50", n_output, batch, (112,))
    expect_resnet(facts, "resnet50", n_output, batch)
