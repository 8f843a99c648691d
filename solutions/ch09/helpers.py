"""The course's shared helpers, written by you: the rest of the course calls them in every
chapter (chapters 10-12 of this kit use courselib's versions of them).

  torch_seed          seed the generators and ask for deterministic algorithms
  eval_loss           the loss of the first batch, with its computation graph
  fit                 the training loop, continuing a 5-column history
  evaluate_history    the learning curves of a history, saved as PNG
  show_images_labels  a grid of images titled with their labels and predictions, saved as PNG

Figures are saved as PNG files (no window opens: the grader draws with matplotlib's Agg
backend). Either pyplot (fig = plt.figure(...); plt.subplot(...); fig.savefig(path)) or
matplotlib's object API (from matplotlib.figure import Figure) will do; each function
returns the Figure it drew.
"""

import numpy as np
import torch
from tqdm.auto import tqdm


def torch_seed(seed=123):
    """Make what follows reproducible: seed torch's generator (torch.manual_seed(seed)) and
    those of the GPUs (torch.cuda.manual_seed(seed)), ask cuDNN for deterministic kernels
    (torch.backends.cudnn.deterministic = True) and torch for deterministic algorithms.

    Use the seed given (123 is only the default). torch.use_deterministic_algorithms is a
    function: CALL it, torch.use_deterministic_algorithms(True). The course text writes
    `torch.use_deterministic_algorithms = True`, which replaces torch's function by the
    value True and switches nothing on (and breaks every later call of it).
    warn_only=True keeps the few operations without a deterministic kernel usable.
    """
    # BEGIN SOLUTION
    torch.manual_seed(seed)
    torch.cuda.manual_seed(seed)
    torch.backends.cudnn.deterministic = True
    torch.use_deterministic_algorithms(True, warn_only=True)
    # END SOLUTION


def eval_loss(loader, device, net, criterion):
    """Return the loss of `net` on the FIRST batch of `loader`: the tensor
    criterion(net(inputs), labels), with its computation graph, for inspecting that graph
    (torchviz's make_dot(loss, ...)) before training.

    Move the inputs and the labels of the batch to `device` (the model is already there).
    Keep the graph: no torch.no_grad(), and return the tensor itself, not loss.item().
    Hint: inputs, labels = next(iter(loader)).
    """
    # BEGIN SOLUTION
    inputs, labels = next(iter(loader))
    inputs, labels = inputs.to(device), labels.to(device)
    return criterion(net(inputs), labels)
    # END SOLUTION


def fit(net, optimizer, criterion, num_epochs, train_loader, test_loader, device, history):
    """Train `net` for `num_epochs` epochs; return the history with one row per epoch
    appended: a NumPy array [len(history) + num_epochs, 5] of rows
        [epoch, train loss, train accuracy, validation loss, validation accuracy].

    The loop of chapter 8, with the course's progress bar and history:
      - the epochs are numbered on from the history given (start a run with
        np.zeros((0, 5))): the first new row is epoch len(history) + 1, so calling fit
        again with the returned history continues the same run;
      - training: net.train(), then for each batch of train_loader, wrapped in a progress
        bar (from tqdm.auto import tqdm; tqdm.notebook only works inside Jupyter): move
        the inputs and the labels to `device`, optimizer.zero_grad(), predict,
        criterion(outputs, labels), backward(), optimizer.step();
      - evaluation: net.eval(), and under torch.no_grad() predict every batch of
        test_loader (moved to `device` too);
      - a loss is the average over the epoch's items: add loss.item() * len(labels) for
        each batch and divide by the number of items (the last batch may be smaller); an
        accuracy is the number of right predictions (torch.max(outputs, 1)[1]) over the
        number of items. The training ones are those of the batches as they were predicted,
        before their own update.
    """
    # BEGIN SOLUTION
    first_epoch = len(history)
    rows = []
    for epoch in range(first_epoch + 1, first_epoch + num_epochs + 1):
        net.train()
        train_loss, train_correct, n_train = 0.0, 0, 0
        for inputs, labels in tqdm(train_loader):
            inputs, labels = inputs.to(device), labels.to(device)
            optimizer.zero_grad()
            outputs = net(inputs)
            loss = criterion(outputs, labels)
            loss.backward()
            optimizer.step()
            train_loss += loss.item() * len(labels)
            train_correct += (outputs.argmax(dim=1) == labels).sum().item()
            n_train += len(labels)

        net.eval()
        val_loss, val_correct, n_test = 0.0, 0, 0
        with torch.no_grad():
            for inputs, labels in test_loader:
                inputs, labels = inputs.to(device), labels.to(device)
                outputs = net(inputs)
                val_loss += criterion(outputs, labels).item() * len(labels)
                val_correct += (outputs.argmax(dim=1) == labels).sum().item()
                n_test += len(labels)

        row = [epoch, train_loss / n_train, train_correct / n_train,
               val_loss / n_test, val_correct / n_test]
        print(f"Epoch [{epoch}/{first_epoch + num_epochs}], loss: {row[1]:.5f} "
              f"acc: {row[2]:.5f} val_loss: {row[3]:.5f}, val_acc: {row[4]:.5f}")
        rows.append(row)
    return np.vstack([np.asarray(history, dtype=float).reshape(-1, 5),
                      np.asarray(rows, dtype=float).reshape(-1, 5)])
    # END SOLUTION


def evaluate_history(history, path):
    """Summarise a 5-column history (as fit returns it) and return its learning curves.

    Print the validation loss and accuracy of the first and of the last epoch, each with
    5 decimals, e.g.
        initial: loss: 2.30259 accuracy: 0.10000
        final: loss: 0.53124 accuracy: 0.81200
    Draw, on one Figure, the loss curves (training: column 1, validation: column 3) and the
    accuracy curves (training: column 2, validation: column 4), each against the epoch
    column (column 0, which need not start at 1 when a run was continued), for instance in
    two panels side by side. Save the Figure as PNG at `path` (figure.savefig(path)) and
    return it.
    """
    # BEGIN SOLUTION
    from matplotlib.figure import Figure

    history = np.asarray(history, dtype=float)
    print(f"initial: loss: {history[0, 3]:.5f} accuracy: {history[0, 4]:.5f}")
    print(f"final: loss: {history[-1, 3]:.5f} accuracy: {history[-1, 4]:.5f}")
    figure = Figure(figsize=(12, 4), layout="tight")
    epochs = history[:, 0]
    for column, (what, train, val) in enumerate((("loss", 1, 3), ("accuracy", 2, 4))):
        axes = figure.add_subplot(1, 2, column + 1)
        axes.plot(epochs, history[:, train], "b", label="training")
        axes.plot(epochs, history[:, val], "k", label="validation")
        axes.set(xlabel="epoch", ylabel=what, title=f"learning curve ({what})")
        axes.legend()
    figure.savefig(path, format="png")
    return figure
    # END SOLUTION


def show_images_labels(loader, classes, net, device, path):
    """Draw the first images of the first batch of `loader` with their labels, and with
    the predictions of `net` when it is not None; save the Figure as PNG at `path` and
    return it.

    - show min(batch size, 50) images, in a grid of 5 rows and 10 columns
      (figure.add_subplot(5, 10, i + 1)), without axes (axes.set_axis_off());
    - title of image i: its class name, classes[labels[i]], when `net` is None; otherwise
      "label:predicted" (e.g. "cat:dog"), in black ("k") when the prediction is right and
      in blue ("b") when it is wrong. Predict with the model in evaluation mode, the images
      moved to `device`, without gradients; the predicted class is the index of the largest
      score;
    - the images come normalized to [-1, 1] as [3, H, W]: show each as (x + 1) / 2, in
      [0, 1], with the channels last ([H, W, 3]: np.transpose(image, (1, 2, 0))), since
      imshow wants that.
    """
    # BEGIN SOLUTION
    from matplotlib.figure import Figure

    images, labels = next(iter(loader))
    count = min(len(images), 50)
    if net is not None:
        net.eval()
        with torch.no_grad():
            predicted = net(images[:count].to(device)).argmax(dim=1).cpu()
    figure = Figure(figsize=(20, 11), layout="tight")
    for i in range(count):
        axes = figure.add_subplot(5, 10, i + 1)
        label_name = classes[int(labels[i])]
        if net is None:
            axes.set_title(label_name, fontsize=16)
        else:
            predicted_name = classes[int(predicted[i])]
            right = predicted_name == label_name
            axes.set_title(f"{label_name}:{predicted_name}", fontsize=16,
                           color="k" if right else "b")
        image = np.transpose(images[i].detach().cpu().numpy(), (1, 2, 0))
        axes.imshow((image + 1) / 2)
        axes.set_axis_off()
    figure.savefig(path, format="png")
    return figure
    # END SOLUTION
