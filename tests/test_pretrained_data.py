"""Chapters 11-12's course data, offline: torchvision's ImageNet models with or without their
weights, the kit's own pretrained backbone, and folders of image files."""

import shutil
import urllib.error

import pytest
import torch
from PIL import Image

from courselib import backbone, image_folders, pretrained
from grader.tools import data


@pytest.fixture
def torch_cache(tmp_path, monkeypatch):
    """An empty torch cache; any attempt to download fails loudly."""
    monkeypatch.setattr(torch.hub, "get_dir", lambda: str(tmp_path / "hub"))

    def no_network(*args, **kwargs):
        raise AssertionError("the kit tried to download at run time")

    monkeypatch.setattr(torch.hub, "download_url_to_file", no_network)
    return tmp_path / "hub" / "checkpoints"


def parameters(net) -> int:
    return sum(p.numel() for p in net.parameters())


def test_without_cached_weights_the_model_is_built_with_random_ones(torch_cache, capsys):
    pretrained._announced.clear()
    net = pretrained.imagenet_model("resnet18")
    assert parameters(net) == 11_689_512
    err = capsys.readouterr().err
    assert "random weights" in err and "python -m grader data fetch resnet18" in err


def test_cached_weights_are_used_without_the_network(torch_cache):
    from torchvision import models

    torch.manual_seed(0)
    saved = models.resnet18().state_dict()
    torch_cache.mkdir(parents=True)
    torch.save(saved, pretrained.cached_weights_file("resnet18"))
    assert pretrained.has_imagenet_weights("resnet18")
    loaded = pretrained.imagenet_model("resnet18").state_dict()
    assert all(torch.equal(loaded[name], saved[name]) for name in saved)


def test_meta_models_cost_nothing_and_count_like_the_course():
    vgg = pretrained.imagenet_model("vgg19_bn", device="meta")
    assert parameters(vgg) == 143_678_248
    assert all(p.is_meta for p in vgg.parameters())
    with torch.device("meta"):
        features = vgg.features(torch.empty(2, 3, 112, 112))
    assert tuple(features.shape) == (2, 512, 3, 3)


def test_fetching_weights_without_network_says_so(torch_cache, monkeypatch, capsys):
    def offline(*args, **kwargs):
        raise urllib.error.URLError("[Errno -2] Name or service not known")

    monkeypatch.setattr(torch.hub, "download_url_to_file", offline)
    assert data.fetch("vgg19_bn", torch_cache) == 1
    err = capsys.readouterr().err
    assert "could not download vgg19_bn's weights" in err and "kit's own backbone" in err


# ---- the kit's backbone ------------------------------------------------------------------

@pytest.fixture(scope="module")
def built_backbone():
    """The backbone of data/ (built once if this machine has none yet)."""
    backbone.load()
    return backbone.backbone_file()


def test_the_backbone_build_is_deterministic(built_backbone, tmp_path):
    rebuilt = backbone.build(tmp_path)
    assert backbone.sha256(rebuilt) == backbone.sha256(built_backbone)
    assert backbone.checksum_file(rebuilt).read_text().strip() == backbone.sha256(rebuilt)


def test_the_backbone_learned_its_source_classes(built_backbone):
    net = backbone.load(build_if_missing=False)
    images, labels = backbone.images_of(backbone.SOURCE_CLASSES, train=False)
    with torch.no_grad():
        accuracy = (net(images).argmax(1) == labels).double().mean().item()
    assert accuracy > 0.6  # 8 classes: chance is 0.125


def test_an_altered_backbone_is_never_used(built_backbone, tmp_path):
    copy = backbone.backbone_file(tmp_path)
    copy.parent.mkdir(parents=True)
    shutil.copy(built_backbone, copy)
    shutil.copy(backbone.checksum_file(built_backbone), backbone.checksum_file(copy))
    assert backbone.intact(copy)
    payload = bytearray(copy.read_bytes())
    payload[len(payload) // 2] ^= 0xFF
    copy.write_bytes(bytes(payload))
    assert not backbone.intact(copy)
    with pytest.raises(backbone.BackboneUnusable, match="python -m grader data backbone"):
        backbone.load(tmp_path, build_if_missing=False)


def test_the_backbone_takes_the_courses_vgg_surgery():
    """At 32 px, dropping the last MaxPool and the avgpool feeds the classifier what it
    expects, as for VGG-19-BN at 112 px; at 64 px, an Identity avgpool alone does, as at
    224 px."""
    net = backbone.ShapesVGG()
    assert tuple(net(torch.zeros(2, 3, 32, 32)).shape) == (2, len(backbone.SOURCE_CLASSES))
    net.features, net.avgpool = net.features[:-1], torch.nn.Identity()
    assert tuple(net(torch.zeros(2, 3, 32, 32)).shape) == (2, len(backbone.SOURCE_CLASSES))
    whole = backbone.ShapesVGG()
    whole.avgpool = torch.nn.Identity()
    assert tuple(whole(torch.zeros(2, 3, 64, 64)).shape) == (2, len(backbone.SOURCE_CLASSES))


# ---- image folders -----------------------------------------------------------------------

def test_the_kit_writes_its_image_folder_once(tmp_path):
    folder = image_folders.course_image_folder(tmp_path)
    assert folder == tmp_path / image_folders.KIT_FOLDER
    for part, count in image_folders.PER_CLASS.items():
        for name in backbone.TARGET_CLASSES:
            files = sorted((folder / part / name).glob("*.png"))
            assert len(files) == count
    with Image.open(files[0]) as image:
        assert image.size == (image_folders.IMAGE_SIZE,) * 2 and image.mode == "RGB"
    stamp = files[0].stat().st_mtime_ns
    assert image_folders.write_kit_folder(tmp_path) == folder
    assert files[0].stat().st_mtime_ns == stamp  # not written again
    dataset = image_folders.ImageFolder(folder / "train")
    assert dataset.classes == sorted(backbone.TARGET_CLASSES) and not dataset.skipped


def test_the_courses_ants_and_bees_are_used_when_present(tmp_path):
    for part in ("train", "val"):
        for name in ("ants", "bees"):
            (tmp_path / image_folders.HYMENOPTERA / part / name).mkdir(parents=True)
            Image.new("RGB", (40, 30)).save(tmp_path / image_folders.HYMENOPTERA / part / name
                                            / "1.jpg")
    assert image_folders.course_image_folder(tmp_path) == tmp_path / image_folders.HYMENOPTERA
    assert not (tmp_path / image_folders.KIT_FOLDER).exists()


def test_unreadable_files_are_reported_and_the_rest_loads(tmp_path, capsys):
    for name in ("ants", "bees"):
        (tmp_path / name).mkdir()
        for number in range(3):
            Image.new("RGB", (20, 20), (number * 40, 0, 0)).save(tmp_path / name / f"{number}.png")
    corrupt = tmp_path / "bees" / "broken.jpg"
    corrupt.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    stray = tmp_path / "ants" / "notes.txt"
    stray.write_text("not an image")
    dataset = image_folders.ImageFolder(tmp_path)
    assert len(dataset) == 6 and dataset.class_to_idx == {"ants": 0, "bees": 1}
    assert {path for path, _ in dataset.skipped} == {str(corrupt), str(stray)}
    err = capsys.readouterr().err
    assert str(corrupt) in err and "not a readable image" in err
    assert str(stray) in err and "not an image file" in err
    assert all(image.size == (20, 20) for image, _ in dataset)  # every kept item loads


def test_data_status_names_the_image_folder_and_weights(capsys):
    assert data.status(image_folders.DATA_DIR) == 0
    out = capsys.readouterr().out
    for name in ("image folder", "kit backbone", "resnet18", "vgg19_bn"):
        assert name in out
