"""Hidden checks for chapter 10: accuracy weighs every item the same, on the device given.

The public check of accuracy serves batches of one size on the CPU, where the mean of the
batches' accuracies is the accuracy and a device argument that is ignored costs nothing.
Here the last batch is smaller than the others (with the labels drawn so that the two
averages part), and the batches are tracked (grader.devices): each one's inputs and labels
must be moved to the device given.
"""

from grader import devices
from grader.checks.ch10 import drawn_accuracy_case, expect_accuracy, measured_accuracy
from grader.check import check
from grader.i18n import tr


@check(points=2)
def check_accuracy_weighted_and_on_device(chapter):
    case = drawn_accuracy_case("hidden", ragged=True)
    seen = chapter.run(measured_accuracy, case, tracked=True)
    name = tr("accuracy(net, loader, device) on batches of unequal size")
    devices.expect_moved(seen["moves"], {"test inputs": tr("the inputs (inputs.to(device))"),
                                         "test labels": tr("the labels (labels.to(device))")},
                         "accuracy", device=seen["device"])
    expect_accuracy(seen, case, name)
