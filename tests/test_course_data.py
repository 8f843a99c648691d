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
    for name in ("Boston housing", "iris", "MNIST"):
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
    assert "fetchable: mnist" in capsys.readouterr().err
