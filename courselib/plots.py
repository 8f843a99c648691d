"""Figures the course draws, saved as PNG files without a display.

Built on matplotlib's object API (Figure, not pyplot), so saving works headless and leaves
no global state behind.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from courselib import language

# The words the figures show, in the learner's language.
LABELS = {
    "en": {"training": "training", "validation": "validation", "epoch": "epoch",
           "loss": "loss", "accuracy": "accuracy", "loss curve": "learning curve (loss)",
           "accuracy curve": "learning curve (accuracy)", "class": "class {label}"},
    "ja": {"training": "訓練", "validation": "検証", "epoch": "エポック数",
           "loss": "損失", "accuracy": "精度", "loss curve": "学習曲線（損失）",
           "accuracy curve": "学習曲線（精度）", "class": "クラス {label}"},
}


def label(key: str, **fields) -> str:
    return LABELS[language.current()][key].format(**fields)


def use_language_font() -> None:
    """Japanese labels need a font with Japanese glyphs: matplotlib-fontja ships one
    (IPAexGothic) and makes it the default, with no system install."""
    if language.current() == "ja":
        import matplotlib_fontja  # noqa: F401  (registers the font on import)


def _figure(columns: int = 1):
    from matplotlib.figure import Figure

    use_language_font()
    figure = Figure(figsize=(6 * columns, 4), layout="tight")
    return figure, [figure.add_subplot(1, columns, i + 1) for i in range(columns)]


def _save(figure, path: Path | str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png")
    return path


def save_learning_curves(history, path: Path | str) -> Path:
    """Learning curves from a history, saved as PNG (see learning_curves)."""
    return _save(learning_curves(history), path)


def learning_curves(history):
    """Learning curves from a history: [epoch, loss] rows give one panel (loss); the
    course's 5 columns [epoch, train loss, train acc, val loss, val acc] give two (loss and
    accuracy, training and validation). Returns the Figure."""
    history = np.asarray(history, dtype=float)
    if history.ndim != 2 or history.shape[1] not in (2, 5):
        raise ValueError(f"a history has 2 or 5 columns, not shape {list(history.shape)}")
    figure, axes = _figure(1 if history.shape[1] == 2 else 2)
    epochs = history[:, 0]
    axes[0].plot(epochs, history[:, 1], "b", label=label("training"))
    if history.shape[1] == 5:
        axes[0].plot(epochs, history[:, 3], "k", label=label("validation"))
        axes[1].plot(epochs, history[:, 2], "b", label=label("training"))
        axes[1].plot(epochs, history[:, 4], "k", label=label("validation"))
        axes[1].set(xlabel=label("epoch"), ylabel=label("accuracy"),
                    title=label("accuracy curve"))
        axes[1].legend()
        axes[0].legend()
    axes[0].set(xlabel=label("epoch"), ylabel=label("loss"), title=label("loss curve"))
    return figure


def save_scatter_with_line(x, labels, line_x, line_y, path: Path | str,
                           xlabel: str = "", ylabel: str = "") -> Path:
    """Points coloured by class (or one colour when `labels` is None) and a line through
    (line_x, line_y): a regression line or a decision boundary."""
    x = np.asarray(x, dtype=float)
    figure, (axes,) = _figure()
    if labels is None:
        axes.scatter(x[:, 0], x[:, 1], s=10, c="b")
    else:
        labels = np.asarray(labels)
        for value, marker in zip(np.unique(labels), "xo+^sv"):
            part = x[labels == value]
            axes.scatter(part[:, 0], part[:, 1], marker=marker, s=30,
                         label=label("class", label=value))
        axes.legend()
    axes.plot(np.asarray(line_x, dtype=float), np.asarray(line_y, dtype=float), c="k")
    axes.set(xlabel=xlabel, ylabel=ylabel)
    return _save(figure, path)


# ---- the course's shared helpers (chapter 9 has learners write them; 10-12 use these) ----

def evaluate_history(history, path: Path | str | None = None):
    """Print the validation loss and accuracy of the first and last epochs of a 5-column
    history and draw its learning curves (saved as PNG at `path` when given). Returns the
    Figure."""
    history = np.asarray(history, dtype=float)
    print(f"initial: loss: {history[0, 3]:.5f} accuracy: {history[0, 4]:.5f}")
    print(f"final: loss: {history[-1, 3]:.5f} accuracy: {history[-1, 4]:.5f}")
    figure = learning_curves(history)
    if path is not None:
        _save(figure, path)
    return figure


GRID_COLUMNS, GRID_MAX = 10, 50


def show_images_labels(loader, classes, net, device, path: Path | str | None = None):
    """The first images (at most 50) of the first batch of `loader` in a grid of 10 columns,
    each titled with its class name, or "label:predicted" in black when `net` predicts it
    right and in blue when wrong (`net` None: labels only; `net` is put in evaluation mode
    to predict). Images normalized to [-1, 1] are shown back in [0, 1]. Saved as PNG at `path` when given; returns the Figure."""
    import torch
    from matplotlib.figure import Figure

    images, labels = next(iter(loader))
    count = min(len(images), GRID_MAX)
    predicted = None
    if net is not None:
        net.eval()
        with torch.no_grad():
            predicted = net(images[:count].to(device)).argmax(dim=1).cpu()
    rows = -(-count // GRID_COLUMNS)
    use_language_font()
    figure = Figure(figsize=(2 * GRID_COLUMNS, 2.2 * rows), layout="tight")
    for i in range(count):
        axes = figure.add_subplot(rows, GRID_COLUMNS, i + 1)
        name = classes[int(labels[i])]
        if predicted is None:
            axes.set_title(name, fontsize=14)
        else:
            guess = classes[int(predicted[i])]
            axes.set_title(f"{name}:{guess}", fontsize=14, c="k" if guess == name else "b")
        image = images[i].detach().cpu().numpy().transpose(1, 2, 0)
        axes.imshow(((image + 1) / 2).clip(0, 1).squeeze())
        axes.set_axis_off()
    if path is not None:
        _save(figure, path)
    return figure
