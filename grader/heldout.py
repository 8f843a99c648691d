"""Held-out evaluation: the trusted grading process judges a trained model on data the
learner's process is never given.

Beside the learner's code, a probe exports the trained model as TorchScript
(`exported(model, example)`); what crosses back is bytes. The check loads them here
(`load_exported`) and measures the model itself on inputs it generated or read, which never
go to the learner's process. A TorchScript archive holds tensor programs, not Python code,
so loading one does not run the learner's Python. Held-out inputs are made or read by the
check, never by a probe.
"""

from __future__ import annotations

import io
import warnings

import torch

from grader.check import fail
from grader.i18n import tr

def exported(model: torch.nn.Module, example: torch.Tensor) -> dict:
    """Probe side: the model traced on `example`, as plain data."""
    model.eval()
    # TorchScript is deprecated in favour of torch.export, which here costs 1.6 s per model
    # and fixes the batch size unless told otherwise: kept until TorchScript is gone.
    buffer = io.BytesIO()
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        torch.jit.save(torch.jit.trace(model, example, check_trace=False), buffer)
    return {"torchscript": buffer.getvalue()}


def load_exported(observation, name: str) -> torch.jit.ScriptModule:
    """Check side: the model a probe exported, ready to run on held-out inputs."""
    data = observation.get("torchscript") if isinstance(observation, dict) else None
    if not isinstance(data, bytes):
        fail(tr("{name} could not be exported for evaluation", name=name), got=observation,
             cause=tr("keep the model to tensor operations (no NumPy or .item() inside)"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            return torch.jit.load(io.BytesIO(data), map_location="cpu")
    except Exception as error:  # malformed bytes: the learner's process sent them
        fail(tr("{name} could not be loaded for evaluation", name=name),
             got=f"{type(error).__name__}",
             cause=tr("the learner's process sent something that is not an exported model"))
