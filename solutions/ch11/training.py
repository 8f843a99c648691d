"""The optimizer for fine-tuning a pretrained model."""

from torch import optim


def make_finetune_optimizer(net, lr=0.001):
    """Return the optimizer the course fine-tunes with: optim.SGD over ALL the parameters of
    `net` (net.parameters()), learning rate `lr` (0.001 by default) and momentum 0.9.

    Fine-tuning starts from the pretrained weights and trains every layer, the new head and
    the pretrained ones alike; an optimizer given only the head's parameters would leave
    the rest as it is, which is transfer learning (chapter 12). The weights are already
    nearly right, so a simple optimizer with a small learning rate is what the course uses.
    """
    # BEGIN SOLUTION
    return optim.SGD(net.parameters(), lr=lr, momentum=0.9)
    # END SOLUTION
