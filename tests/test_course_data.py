"""Course data works offline: the Boston table in the course's order, MNIST through the
torchvision interface from the offline sample, clear messages for what is missing, and
`python -m grader data` that says where each set comes from and fails clearly offline."""

import subprocess
import sys

import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader
from torchvision import transforms

from courselib import datasets
from grader.tools import data
from tests.grading import ROOT

COURSE_TRANSFORM = transforms.Compose([transforms.ToTensor(), transforms.Normalize(0.5, 0.5),
                                       transforms.Lambda(lambda x: x.view(-1))])


def test_boston_table_has_the_course_columns_and_numbers():
    x_org, yt, names = datasets.boston()
    assert x_org.shape == (506, 13) and yt.shape == (506,)
    assert list(names) == ["CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE", "DIS", "RAD",
                           "TAX", "PTRATIO", "B", "LSTAT"]
    rm = x_org[:, names == "RM"]
    # The course's initial (unhalved) MSE of y = x + 1 on RM.
    assert np.mean((rm[:, 0] + 1 - yt) ** 2) == pytest.approx(308.44986, abs=1e-4)


def test_offline_mnist_serves_the_torchvision_path(tmp_path):
    train = datasets.mnist(train=True, transform=COURSE_TRANSFORM, root=tmp_path)
    test = datasets.mnist(train=False, transform=COURSE_TRANSFORM, root=tmp_path)
    assert (len(train), len(test)) == (4000, 1000)
    assert "offline sample" in train.source and "data fetch mnist" in train.source
    image, label = datasets.mnist(train=True, root=tmp_path)[0]
    assert type(image).__name__ == "Image" and image.size == (28, 28) and isinstance(label, int)
    images, labels = next(iter(DataLoader(train, batch_size=500, shuffle=False)))
    assert images.shape == (500, 784) and labels.dtype == torch.int64
    assert images.min() == -1.0 and images.max() == 1.0
    # Real digits, every class in both parts, none shared between them.
    assert set(train.targets.tolist()) == set(test.targets.tolist()) == set(range(10))
    train_rows = {bytes(row) for row in train.data.numpy()}
    assert not any(bytes(row) in train_rows for row in test.data.numpy())


def test_the_source_is_announced_once(capsys, tmp_path):
    datasets._announced.discard("MNIST")
    datasets.mnist(root=tmp_path)
    datasets.mnist(train=False, root=tmp_path)
    assert capsys.readouterr().err.count("[courselib] MNIST: the offline sample") == 1


def test_missing_data_names_the_command_that_fetches_it(tmp_path, monkeypatch):
    with pytest.raises(datasets.MissingData, match="python -m grader data fetch mnist"):
        datasets.mnist(root=tmp_path, full=True)
    monkeypatch.setattr(datasets, "DATA_DIR", tmp_path)
    with pytest.raises(datasets.MissingData, match="height_weight.csv is missing"):
        datasets.height_weight()


def test_data_status_lists_every_source():
    done = subprocess.run([sys.executable, "-m", "grader", "data"], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    for name in ("Boston housing", "iris", "MNIST", "CIFAR-10"):
        assert name in done.stdout


def test_fetch_without_network_says_so_and_loses_nothing(tmp_path, monkeypatch, capsys):
    import torchvision.datasets.mnist as tv_mnist

    def offline(*args, **kwargs):
        raise RuntimeError("Error downloading train-images-idx3-ubyte.gz: "
                           "<urlopen error [Errno -2] Name or service not known>")

    monkeypatch.setattr(tv_mnist, "download_and_extract_archive", offline)
    assert data.fetch("mnist", tmp_path) == 1
    err = capsys.readouterr().err
    assert "could not download MNIST" in err and "offline sample" in err
    assert len(datasets.mnist(root=tmp_path)) == 4000  # still served


def test_fetch_of_an_unknown_set_lists_the_known_ones(tmp_path, capsys):
    assert data.fetch("imagenet", tmp_path) == 2
    assert "fetchable: mnist, cifar10" in capsys.readouterr().err


IMAGE_TRANSFORM = transforms.Compose([transforms.ToTensor(), transforms.Normalize(0.5, 0.5)])


def test_offline_cifar10_is_shapes10_through_the_torchvision_path(tmp_path):
    train = datasets.cifar10(train=True, transform=IMAGE_TRANSFORM, root=tmp_path)
    test = datasets.cifar10(train=False, transform=IMAGE_TRANSFORM, root=tmp_path)
    assert (len(train), len(test)) == (5000, 1000)
    assert "Shapes-10" in train.source and "data fetch cifar10" in train.source
    image, label = datasets.cifar10(train=True, root=tmp_path)[0]
    assert type(image).__name__ == "Image" and image.size == (32, 32) and image.mode == "RGB"
    assert isinstance(label, int) and len(train.classes) == 10
    images, labels = next(iter(DataLoader(train, batch_size=100, shuffle=False)))
    assert images.shape == (100, 3, 32, 32) and labels.dtype == torch.int64
    assert images.min() >= -1.0 and images.max() <= 1.0
    # Balanced classes, and no test image among the training ones.
    assert np.bincount(train.targets).tolist() == [500] * 10
    assert np.bincount(test.targets).tolist() == [100] * 10
    train_images = {image.tobytes() for image in train.data}
    assert not any(image.tobytes() in train_images for image in test.data)


def test_shapes10_is_the_same_set_every_time():
    from courselib import shapes10

    images, labels = shapes10.generate(True)
    shapes10.generate.cache_clear()
    again, again_labels = shapes10.generate(True)
    assert np.array_equal(images, again) and np.array_equal(labels, again_labels)
    # A horizontal flip keeps every label (the course's augmentation): each shape is its own
    # mirror image, and mirrored columns are still columns.
    dy, dx = np.meshgrid(np.arange(-12.0, 13.0), np.arange(-12.5, 13.0), indexing="ij")
    for kind, name in enumerate(shapes10.CLASSES):
        mask = shapes10._shape_masks(kind, dx, dy, np.float32(8), np.float32(1.6))
        mirrored = mask[:, ::-1]
        if name == "columns":
            rows = mirrored[np.abs(dy[:, 0]) <= 8]
            assert (rows == rows[:1]).all() and rows.any()
        else:
            assert np.array_equal(mask, mirrored), name


def test_missing_cifar10_names_the_command_that_fetches_it(tmp_path):
    with pytest.raises(datasets.MissingData, match="python -m grader data fetch cifar10"):
        datasets.cifar10(root=tmp_path, full=True)


def test_fetch_of_cifar10_without_network_says_so(tmp_path, monkeypatch, capsys):
    import torchvision.datasets.cifar as tv_cifar

    def offline(*args, **kwargs):
        raise RuntimeError("<urlopen error [Errno -2] Name or service not known>")

    monkeypatch.setattr(tv_cifar, "download_and_extract_archive", offline)
    assert data.fetch("cifar10", tmp_path) == 1
    err = capsys.readouterr().err
    assert "could not download CIFAR-10" in err and "Shapes-10" in err
    assert len(datasets.cifar10(root=tmp_path)) == 5000  # still served
