"""Hidden checks for chapter 4: what the public checks leave out.

The public checks run the models without gradients, on batches of at least two rows. Here
backward() goes through both models, on a drawn batch and a drawn output gradient, and each
Linear layer's weight and bias must receive the gradient the grader works out in float64
from the layers' own weights; and a batch of one (one drawn row, one drawn image) must keep
its batch dimension. Both run the models whose forward pass the public checks judge, so a
failure there is blamed on those checks first (relies_on).
"""

import torch
import torch.nn.functional as F

from grader.check import check, expect_close, fail, learner_text, shape_text
from grader.checks.ch04 import (N_INPUT, N_OUTPUT, NET, SEQUENTIAL, cause_of, drawn,
                                error_facts, expect_batch_values, expect_forward,
                                expect_scores, linear_facts, randint, two_linear_layers)
from grader.i18n import tr
from grader.loader import learner_location

DETACHED = tr("the output was cut off from autograd, so training could not reach the "
              "parameters: return the last layer's output as it is (no .detach(), .data, "
              "NumPy round trip or torch.no_grad() in forward)")


def gradient_of(role, part, name):
    """What a failure calls the gradient of one Linear layer's weight or bias."""
    if role == "first":
        return tr("the gradient of the first Linear layer's {part} in {name}", part=part,
                  name=name)
    return tr("the gradient of the second Linear layer's {part} in {name}", part=part,
              name=name)


def gradients(code, which, x, upstream):
    """The output of code.layers.<which>() on x and its Linear layers after backward() of
    sum(output * upstream), with their .grad; or what stopped backward()."""
    model = getattr(code.layers, which)()
    try:
        out = model(x.clone())
        if not isinstance(out, torch.Tensor) or not out.requires_grad:
            return {"detached": True}
        (out * upstream).sum().backward()
    except Exception as error:
        if learner_location(error, code.path):
            raise
        return {"error": error_facts(error)}
    return {"output": out, "linears": linear_facts(model)}


def expected_gradients(x, upstream, l1, l2):
    """d sum(l2(relu(l1(x))) * upstream) / d (weight, bias) of each layer, in float64."""
    x, G = x.double(), upstream.double()
    W1, W2 = l1["weight"].double(), l2["weight"].double()
    pre = F.linear(x, W1, None if l1["bias"] is None else l1["bias"].double())
    back = (G @ W2) * (pre > 0)  # the gradient reaching the hidden layer, through the ReLU
    return {"first": (back.T @ x, back.sum(0)), "second": (G.T @ F.relu(pre), G.sum(0))}


@check(points=2, relies_on=("check_net_output_shape", "check_net_forward",
                             "check_sequential_output_shape", "check_sequential_forward"))
def check_gradients_reach_every_parameter(chapter):
    for which in (NET, SEQUENTIAL):
        name = f"{which}()"
        g = drawn(f"hidden {which} gradients")
        rows = randint(5, 40, g)
        x = torch.randn(rows, N_INPUT, generator=g)
        upstream = torch.randn(rows, N_OUTPUT, generator=g)
        facts = chapter.run(gradients, which, x, upstream)
        if "detached" in facts:
            fail(tr("the output of {name} does not require grad", name=name), cause=DETACHED)
        if "error" in facts:
            error = facts["error"]
            fail(tr("{name}(x) and backward() on a batch of shape {shape} raised {error}: "
                    "{message}", name=name, shape=shape_text(x.shape), error=error["type"],
                    message=learner_text(error["message"])),
                 cause=cause_of(error))
        expect_scores(facts["output"], f"{name}(x)", x)
        layers = dict(zip(("first", "second"), two_linear_layers(facts, name)))
        for role, (weight, bias) in expected_gradients(x, upstream, *layers.values()).items():
            for part, value in (("weight", weight), ("bias", bias)):
                if layers[role][part] is None:  # no bias: the parameter counts say so
                    continue
                what = gradient_of(role, part, name)
                got = layers[role][f"{part} grad"]
                if got is None:
                    fail(tr("{what} is missing (None after backward())", what=what),
                         cause=DETACHED)
                expect_close(got, value, what, atol=1e-4, rtol=1e-3,
                             cause=tr("the forward pass is l2(relu(l1(x))), each layer "
                                      "applied once to the output of the one before"))


@check(points=1, relies_on=("check_net_forward", "check_sequential_forward",
                             "check_batch_values"))
def check_batch_of_one(chapter):
    # the batch dimension stays, even when it counts one sample
    for which in (NET, SEQUENTIAL):
        expect_forward(chapter, which, rows=1, stream="hidden batch of one")  # i18n: internal
    g = drawn("hidden batch of one image")  # i18n: internal
    image = torch.randint(0, 256, (1, 28, 28), generator=g, dtype=torch.uint8).numpy()
    expect_batch_values(chapter, image)
