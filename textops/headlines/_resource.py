"""Reading the arrays textops ships for headlines (``textops/data/*.npz``)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import numpy as np

from textops.errors import ModelNotAvailableError

__all__ = ["read_npz", "read_student"]


def read_npz(resource: str, what: str, hint: str) -> dict[str, Any]:
    """All arrays of the ``textops`` package file ``resource``; a missing file names ``what`` and ``hint``."""
    try:
        with resources.files("textops").joinpath(resource).open("rb") as handle:
            data = np.load(handle, allow_pickle=False)
            return {k: data[k] for k in data.files}
    except (OSError, FileNotFoundError) as exc:
        raise ModelNotAvailableError(
            f"{what} {resource} is missing from the textops package", hint=hint
        ) from exc


def read_student(resource: str, what: str, hint: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The layers of a shipped student encoder (:func:`read_npz`) and its ``meta`` record (JSON), apart."""
    arrays = read_npz(resource, what, hint)
    meta: dict[str, Any] = json.loads(str(arrays.pop("meta")))
    return arrays, meta
