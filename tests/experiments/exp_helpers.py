"""Helpers shared by the experiments tests."""

from __future__ import annotations

import json
import math
from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel

from textops.experiments import DailyCounts

START = date(2026, 3, 1)
"""The first day of the counts :func:`daily_rows` makes."""


def daily_rows(days: int, arms: dict[str, tuple[int, float]]) -> list[DailyCounts]:
    """``days`` days of counts from :data:`START`: per arm (visitors a day, conversion rate)."""
    return [
        DailyCounts(day=START + timedelta(days=d), arm=a, visitors=n, conversions=round(n * rate))
        for d in range(days)
        for a, (n, rate) in arms.items()
    ]


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
