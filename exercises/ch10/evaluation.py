"""Measuring a trained model: the fraction of a loader's items it classifies right."""

import torch


def accuracy(net, loader, device):
    """Return the accuracy of `net` on every item of `loader`, as a Python float in [0, 1]:
    (correct predictions) / (number of items).

    Predict in evaluation mode (net.eval(): dropout passes everything on and batch norm
    uses its running statistics; in training mode dropout would drop a random part of the
    network at each prediction) and without gradients (with torch.no_grad():, nothing is
    trained here). Move each batch's inputs and labels to `device`; the predicted class is
    the index of the largest output (torch.max(outputs, 1)[1]). Count the correct
    predictions of every batch and divide by the number of items (the last batch may be
    smaller than the others, so the mean of the batches' accuracies is not it).
    """
    raise NotImplementedError("ch10 task 'accuracy': not implemented yet (replace this line with your code)")
