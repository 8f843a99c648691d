"""`python -m grader data lessons`: do chapters 9-10's lessons hold on Shapes-10?

Trains the reference models (solutions/ch09, solutions/ch10) on Shapes-10
under several seeds and prints, per lesson, what was measured and whether the course's claim
held on every seed:
  - the CNN beats the MLP on flattened images (held-out accuracy, same training);
  - batch normalization speeds training up (CNN_v4 against CNN_v3, the same model without it,
    after the same few epochs);
  - dropout narrows the gap between training and held-out accuracy (CNN_v3 against CNN_v2),
    and so does augmentation (CNN_v4 with and without the course's flip and erasing), on a
    small training set trained long enough to overfit;
  - momentum and Adam train faster than plain SGD at the course's lr 0.01 (the chapter-9 CNN,
    3 epochs: the deeper CNN_v2 needs the course's tens of epochs before plain SGD leaves
    chance level).
An instructor's tool (it needs solutions/): about 6 minutes per seed on 2 cores.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass



OVERFIT_IMAGES, OVERFIT_EPOCHS = 1000, 25  # a small set, trained long enough to overfit


@dataclass
class Outcome:
    """One lesson's numbers on one seed, and whether the course's claim held."""
    numbers: dict[str, float]
    held: bool


def transforms_for(flat: bool = False, augmented: bool = False):
    from torchvision import transforms

    steps = [transforms.ToTensor(), transforms.Normalize(0.5, 0.5)]
    if augmented:
        steps = [transforms.RandomHorizontalFlip(0.5), *steps,
                 transforms.RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0)]
    if flat:
        steps.append(transforms.Lambda(lambda x: x.view(-1)))
    return transforms.Compose(steps)


def trained(make_model, seed: int, images: int, epochs: int, optimizer: str = "adam",
            flat: bool = False, augmented: bool = False) -> tuple[float, float]:
    """(training accuracy, held-out accuracy) after `epochs` epochs on the first `images`
    of a seeded order of the training set. Measured once, at the end: a per-epoch
    evaluation (the kit's fit) would cost more than the training on a small set."""
    import torch
    from torch import nn
    from torch.utils.data import DataLoader, Subset

    from courselib.seeding import torch_seed
    from courselib.shapes10 import Shapes10
    from solutions.ch10.evaluation import accuracy
    from solutions.ch10.optimizers import make_optimizer

    torch_seed(seed)
    order = torch.randperm(5000, generator=torch.Generator().manual_seed(seed))[:images].tolist()
    train_loader = DataLoader(Subset(Shapes10(True, transforms_for(flat, augmented)), order),
                              batch_size=100, shuffle=True)
    net = make_model()
    step, criterion = make_optimizer(optimizer, net.parameters()), nn.CrossEntropyLoss()
    net.train()
    for _ in range(epochs):
        for inputs, labels in train_loader:
            step.zero_grad()
            criterion(net(inputs), labels).backward()
            step.step()
    plain_train = Subset(Shapes10(True, transforms_for(flat)), order)
    test_set = Shapes10(False, transforms_for(flat))
    return (accuracy(net, DataLoader(plain_train, batch_size=500), "cpu"),
            accuracy(net, DataLoader(test_set, batch_size=500), "cpu"))


def lessons(seed: int) -> dict[str, Outcome]:
    from solutions.ch09.models import CNN, Net
    from solutions.ch10.models import CNN_v2, CNN_v3, CNN_v4

    found = {}
    _, mlp = trained(lambda: Net(3072, 10, 128), seed, 2000, 3, flat=True)
    _, cnn = trained(lambda: CNN(10, 128), seed, 2000, 3)
    found["the CNN beats the MLP"] = Outcome({"MLP": mlp, "CNN": cnn}, cnn > mlp)

    _, without_bn = trained(lambda: CNN_v3(10), seed, 2000, 2)
    _, with_bn = trained(lambda: CNN_v4(10), seed, 2000, 2)
    found["batch norm speeds training up"] = Outcome(
        {"without BN": without_bn, "with BN": with_bn}, with_bn > without_bn)

    def gap(make, augmented=False):
        train, held_out = trained(make, seed, OVERFIT_IMAGES, OVERFIT_EPOCHS,
                                  augmented=augmented)
        return train - held_out

    plain, dropout = gap(lambda: CNN_v2(10)), gap(lambda: CNN_v3(10))
    found["dropout narrows the overfitting gap"] = Outcome(
        {"gap without": plain, "gap with dropout": dropout}, dropout < plain)
    bare, augmented = gap(lambda: CNN_v4(10)), gap(lambda: CNN_v4(10), augmented=True)
    found["augmentation narrows the overfitting gap"] = Outcome(
        {"gap without": bare, "gap with augmentation": augmented}, augmented < bare)

    accuracy = {name: trained(lambda: CNN(10, 128), seed, 2000, 3, optimizer=name)[1]
                for name in ("sgd", "momentum", "adam")}
    found["momentum and Adam beat plain SGD"] = Outcome(
        accuracy, min(accuracy["momentum"], accuracy["adam"]) > accuracy["sgd"])
    return found


def run_lessons(seeds: int) -> int:
    import sys

    from grader.reference import SOLUTIONS

    if not (SOLUTIONS / "ch10").is_dir():
        print("`data lessons` trains the reference models of solutions/ch09 and ch10, which "
              "a student release does not have: run it in the instructor's repository",
              file=sys.stderr)
        return 2
    by_lesson: dict[str, list[Outcome]] = {}
    for seed in range(seeds):
        for name, outcome in lessons(seed).items():
            by_lesson.setdefault(name, []).append(outcome)
            print(f"seed {seed}: {name}: "
                  + ", ".join(f"{k} {v:.3f}" for k, v in outcome.numbers.items())
                  + ("" if outcome.held else "  (did not hold)"), flush=True)
    print(f"\nmedians over {seeds} seeds (accuracies and train-minus-held-out gaps):")
    for name, outcomes in by_lesson.items():
        medians = {key: statistics.median(o.numbers[key] for o in outcomes)
                   for key in outcomes[0].numbers}
        held = sum(o.held for o in outcomes)
        print(f"  {name}: " + ", ".join(f"{k} {v:.3f}" for k, v in medians.items())
              + f"; held on {held}/{seeds} seeds")
    return 0 if all(o.held for outcomes in by_lesson.values() for o in outcomes) else 1
