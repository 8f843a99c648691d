"""A digest of call arguments that the recorder and the attacking submissions share.

Kept free of any import from the kit: its source is pasted into the submissions, whose
process cannot import tests/.
"""

import hashlib


def digest(value) -> str:
    return hashlib.sha256(repr(_canonical(value)).encode()).hexdigest()


def _canonical(value):
    import numpy as np
    import torch

    if isinstance(value, torch.Tensor):
        data = value.detach().cpu().contiguous()
        return ("tensor", str(data.dtype), tuple(data.shape), data.numpy().tobytes()
                if data.dtype != torch.bfloat16 else data.float().numpy().tobytes())
    if isinstance(value, np.ndarray):
        return ("array", str(value.dtype), value.shape, np.ascontiguousarray(value).tobytes())
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_canonical(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((str(k), _canonical(v)) for k, v in value.items())))
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return value
    return type(value).__name__  # axes, modules, classes: only their kind
