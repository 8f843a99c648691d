"""The inputs checks feed to learner code: public in a learner's run, secret in course grading.

A check that calls learner code on inputs, or judges a trained model on held-out data, draws
them from `generator(name)` (torch) or `rng(name)` (NumPy), never from constants in the
released checks. Each named stream is keyed by HMAC-SHA256 of its name:

  - with no secret (a learner's own run, the student release) the key is the public one, so
    everyone sees the same inputs and the same feedback;
  - in course grading the key is the course secret (`--secret-file`, or GRADER_SECRET), so
    answers hard-coded for the public inputs are wrong, while every oracle, being computed
    from whatever was drawn, still holds.

The random state every check and probe starts from (`state_seed`) is keyed the same way, so
learner code that draws (weight initialisation, shuffling) sees other numbers too. The secret
never reaches the learner's process: only values drawn here, and the state seed, do.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where drawn: `grade` reads the secret without importing torch
    import numpy as np
    import torch

SECRET_VARIABLE = "GRADER_SECRET"   # the secret itself, for CI systems that keep secrets so
PUBLIC_KEY = b"public inputs of the course kit"
PUBLIC_STATE_SEED = 0               # what every check starts from without a secret

_secret: bytes | None = None


class SecretError(ValueError):
    """The course secret cannot be read or used; the message says why and what to do."""


def read_secret(path: str | os.PathLike | None = None) -> bytes | None:
    """The course secret from `path`, else from GRADER_SECRET, else None (public inputs)."""
    if path is None:
        value = os.environ.get(SECRET_VARIABLE)
        if value is None:
            return None
        if not value.strip():
            raise SecretError(f"{SECRET_VARIABLE} is set but empty: give the course secret, "
                              "or unset it to grade with the public inputs")
        return value.strip().encode()
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SecretError(f"the secret file {path} does not exist") from None
    except IsADirectoryError:
        raise SecretError(f"the secret file {path} is a directory, not a file") from None
    except OSError as error:
        raise SecretError(f"the secret file {path} cannot be read: {error.strerror}") from None
    if not data.strip():
        raise SecretError(f"the secret file {path} is empty: write the course secret into it "
                          "(for instance: python -c \"import secrets; "
                          "print(secrets.token_hex(32))\" > course.secret)")
    return data.strip()


def use_secret(secret: bytes | None) -> None:
    """Key every stream from now on by `secret` (None: the public key)."""
    global _secret
    _secret = secret


def secret_in_use() -> bool:
    return _secret is not None


def seed(name: str) -> int:
    """A 63-bit seed for the stream `name`, keyed by the secret or the public key."""
    digest = hmac.new(_secret or PUBLIC_KEY, name.encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def generator(name: str) -> torch.Generator:
    """A CPU torch.Generator for the stream `name`: pass it as generator= when drawing."""
    import torch

    return torch.Generator().manual_seed(seed(name))


def rng(name: str) -> np.random.Generator:
    import numpy as np

    return np.random.default_rng(seed(name))


def state_seed() -> int:
    """The seed of the random state each check and probe starts from."""
    if not secret_in_use():
        return PUBLIC_STATE_SEED
    return seed("random state of each check") % 2**32  # NumPy's legacy seeds are 32-bit
