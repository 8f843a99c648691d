"""Plain data (see grader.learner.plain) to bytes and back, safely.

The bytes may come from an untrusted process, so they are read with
`torch.load(weights_only=True)`: only tensors, numbers, strings and containers can come
out, never code. NumPy arrays and Opaque descriptions, which that loader does not know, are
wrapped in tagged dicts on the way.
"""

from __future__ import annotations

import io
import struct
from typing import Any, BinaryIO

import numpy as np
import torch

from grader.learner import Opaque

_ARRAY, _OPAQUE, _TEXT_ARRAY = "__ndarray__", "__opaque__", "__text_ndarray__"
MAX_MESSAGE = 512 * 2**20  # bytes: a reply larger than this is refused
_HEADER = struct.Struct("!Q")


class TransportError(ValueError):
    """The bytes are not plain data written by encode()."""


def _wrap(value: Any) -> Any:
    if isinstance(value, Opaque):
        return {_OPAQUE: [value.type_name, value.text]}
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "biufc":
            return {_ARRAY: torch.from_numpy(value.copy(order="C"))}  # keeps rank 0
        return {_TEXT_ARRAY: [value.tolist(), str(value.dtype)]}
    if isinstance(value, (tuple, list)):
        return type(value)(_wrap(item) for item in value)
    if isinstance(value, dict):
        return {key: _wrap(item) for key, item in value.items()}
    return value


def _unwrap(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {_ARRAY}:
            return value[_ARRAY].numpy()
        if set(value) == {_TEXT_ARRAY}:
            items, dtype = value[_TEXT_ARRAY]
            return np.array(items, dtype=dtype)
        if set(value) == {_OPAQUE}:
            return Opaque(*value[_OPAQUE])
        return {key: _unwrap(item) for key, item in value.items()}
    if isinstance(value, (tuple, list)):
        return type(value)(_unwrap(item) for item in value)
    return value


def encode(value: Any) -> bytes:
    buffer = io.BytesIO()
    torch.save(_wrap(value), buffer)
    return buffer.getvalue()


def decode(data: bytes) -> Any:
    try:
        return _unwrap(torch.load(io.BytesIO(data), weights_only=True))
    except Exception as error:  # anything unreadable is refused, whatever the reason
        first_line = str(error).splitlines()[0] if str(error) else ""
        raise TransportError(f"not plain data: {type(error).__name__}: {first_line}") from None


def send(stream: BinaryIO, value: Any) -> None:
    """Write one length-prefixed message."""
    data = encode(value)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def receive(stream: BinaryIO) -> Any:
    """Read one message written by send(); None at the end of the stream."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    if size > MAX_MESSAGE:
        raise TransportError(f"a message of {size} bytes is larger than allowed")
    data = stream.read(size)
    if len(data) < size:
        return None
    return decode(data)
