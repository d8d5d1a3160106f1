"""Helpers shared by the experiments tests."""

from __future__ import annotations

import json
import math
from typing import Any

from pydantic import BaseModel


def strict_json(model: BaseModel) -> Any:
    """Round-trip through strict JSON (no NaN/inf allowed) and return the parsed object."""
    text = json.dumps(model.model_dump(mode="json"), allow_nan=False)
    assert model.model_dump_json()  # pydantic's own serialiser must succeed too
    return json.loads(text)


def walk_numbers(obj: Any) -> list[float]:
    """All numbers in a JSON-like object."""
    if isinstance(obj, bool):
        return []
    if isinstance(obj, int | float):
        return [float(obj)]
    if isinstance(obj, dict):
        return [x for v in obj.values() for x in walk_numbers(v)]
    if isinstance(obj, list):
        return [x for v in obj for x in walk_numbers(v)]
    return []


def assert_finite(model: BaseModel) -> None:
    assert all(math.isfinite(x) for x in walk_numbers(strict_json(model)))
