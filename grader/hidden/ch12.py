"""Hidden checks for chapter 12: the code follows the network and the folder it is given.

The public checks prepare the kit's ShapesVGG, whose head takes 256 features; here both
preparations get a VGG-style network of drawn sizes (another head width, other stages) and
a drawn number of classes, and are judged as the public checks judge them, with one training
step on images of the size its features fit.

The public check of make_datasets gives it the folder as a str. The course's folder comes
from courselib.image_folders.course_image_folder(), which returns a pathlib.Path: here
make_datasets gets a Path, which a path joined with + (data_dir + "/train") cannot take.
"""

from grader import inputs
from grader.check import check, fail
from grader.checks.shared import randint
from grader.checks.ch12 import (drawn_step, expect_datasets, expect_finetuning,
                                expect_transfer, prepared_and_stepped, pretrained_sums)
from grader.i18n import tr


def drawn(stream: str):
    return inputs.generator(f"ch12/hidden {stream}")


def drawn_network(stream: str) -> tuple[dict, int, int]:
    """(StandInVGG's sizes, number of classes, image size), drawn."""
    g = drawn(stream)
    shape = {"channels": (randint(4, 8, g), randint(8, 12, g)), "pooled": randint(2, 4, g),
             "hidden": randint(20, 60, g), "classes": randint(5, 12, g)}
    return shape, randint(2, 6, g), shape["pooled"] * 4


@check(points=2)
def check_surgery_on_another_network(chapter):
    for which, expect in (("finetuning", expect_finetuning), ("transfer", expect_transfer)):
        shape, n_output, size = drawn_network(which)
        seed, x, labels = drawn_step(f"hidden {which}", n_output, size)
        facts = chapter.run(prepared_and_stepped, which, n_output, seed, x, labels, shape)
        name = tr("{function} on another VGG-style network",
                  function=f"prepare_{which}(net, n_output)")
        try:
            expect(facts, name, n_output, shape["hidden"], len(x), pretrained_sums(seed, shape))
        except AssertionError as failure:
            fail(tr("on another network than the public checks':\n{failure}", failure=failure))


@check(points=1, relies_on=("check_test_transform", "check_train_transform"))
def check_datasets_from_a_path(chapter):
    """make_datasets(Path(...), ...), as course_image_folder() gives the folder."""
    expect_datasets(chapter, drawn("datasets"), as_path=True)
