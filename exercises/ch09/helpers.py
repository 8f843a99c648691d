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
    raise NotImplementedError("ch09 task 'torch_seed': not implemented yet (replace this line with your code)")


def eval_loss(loader, device, net, criterion):
    """Return the loss of `net` on the FIRST batch of `loader`: the tensor
    criterion(net(inputs), labels), with its computation graph, for inspecting that graph
    (torchviz's make_dot(loss, ...)) before training.

    Move the inputs and the labels of the batch to `device` (the model is already there).
    Keep the graph: no torch.no_grad(), and return the tensor itself, not loss.item().
    Hint: inputs, labels = next(iter(loader)).
    """
    raise NotImplementedError("ch09 task 'eval_loss': not implemented yet (replace this line with your code)")


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
    raise NotImplementedError("ch09 task 'fit': not implemented yet (replace this line with your code)")


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
    raise NotImplementedError("ch09 task 'evaluate_history': not implemented yet (replace this line with your code)")


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
    raise NotImplementedError("ch09 task 'show_images_labels': not implemented yet (replace this line with your code)")
