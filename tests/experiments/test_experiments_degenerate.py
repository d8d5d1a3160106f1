"""Degenerate data gives neutral, JSON-clean results; invalid data raises InvalidInputError."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from tests.experiments.exp_helpers import assert_finite
from textops.errors import InvalidInputError
from textops.experiments import (
    ArmCounts,
    DailyCounts,
    analyze_bayesian,
    analyze_frequentist,
    analyze_sequential,
    cumulative_by_arm,
)

D0 = date(2024, 5, 6)


def as_daily(arms: list[ArmCounts]) -> list[DailyCounts]:
    return [DailyCounts(day=D0, arm=a.name, visitors=a.visitors, conversions=a.conversions) for a in arms]


ANALYSES: dict[str, Callable[[list[ArmCounts]], Any]] = {
    "frequentist": lambda arms: analyze_frequentist(arms),
    "bayesian": lambda arms: analyze_bayesian(arms, draws=2000),
    "bayesian_gaussian": lambda arms: analyze_bayesian(arms, draws=2000, approximation="gaussian"),
    "sequential": lambda arms: analyze_sequential(as_daily(arms), arms=[a.name for a in arms]),
    "sequential_gb": lambda arms: analyze_sequential(
        as_daily(arms), arms=[a.name for a in arms], method="gbstats_asymptotic"
    ),
}

DEGENERATE = {
    "no_traffic": [
        ArmCounts(name="a", visitors=0, conversions=0),
        ArmCounts(name="b", visitors=0, conversions=0),
    ],
    "no_conversions": [
        ArmCounts(name="a", visitors=5000, conversions=0),
        ArmCounts(name="b", visitors=10, conversions=0),
    ],
    "all_converted": [
        ArmCounts(name="a", visitors=30, conversions=30),
        ArmCounts(name="b", visitors=40, conversions=40),
    ],
    "single_arm": [ArmCounts(name="a", visitors=100, conversions=10)],
    "no_arms": [],
}


@pytest.mark.parametrize("analysis", sorted(ANALYSES))
@pytest.mark.parametrize("reason", sorted(DEGENERATE))
def test_degenerate_is_neutral(analysis: str, reason: str) -> None:
    result = ANALYSES[analysis](DEGENERATE[reason])
    assert result.reason == reason
    assert result.best_arm is None
    for c in result.comparisons:
        assert c.verdict == "inconclusive"
    assert_finite(result)


def test_sequential_with_no_rows_yet() -> None:
    res = analyze_sequential([], arms=["a", "b"])
    assert res.reason == "no_traffic"
    assert res.comparisons[0].looks == []
    assert res.comparisons[0].p_value == 1.0
    assert_finite(res)
    assert analyze_sequential([]).reason == "no_arms"


@pytest.mark.parametrize("analysis", ["frequentist", "bayesian", "bayesian_gaussian", "sequential"])
def test_pairwise_degenerate_keeps_other_comparisons(analysis: str) -> None:
    arms = [
        ArmCounts(name="ctrl", visitors=1000, conversions=50),
        ArmCounts(name="empty", visitors=0, conversions=0),
        ArmCounts(name="ok", visitors=1000, conversions=80),
    ]
    res = ANALYSES[analysis](arms)
    assert res.reason is None
    by = {c.variant: c for c in res.comparisons}
    assert by["empty"].reason == "no_traffic"
    assert by["ok"].reason is None
    assert_finite(res)


@pytest.mark.parametrize("analysis", ["frequentist", "bayesian", "bayesian_gaussian", "sequential"])
def test_one_arm_at_hundred_percent(analysis: str) -> None:
    arms = [
        ArmCounts(name="ctrl", visitors=200, conversions=0),
        ArmCounts(name="v", visitors=200, conversions=200),
    ]
    res = ANALYSES[analysis](arms)
    assert_finite(res)


def test_zero_rate_control_in_gaussian_mode_falls_back_to_absolute() -> None:
    res = analyze_bayesian(
        [ArmCounts(name="a", visitors=500, conversions=0), ArmCounts(name="b", visitors=500, conversions=9)],
        approximation="gaussian",
    )
    c = res.comparisons[0]
    assert c.chance_method == "gaussian_absolute"
    assert c.relative_lift is None
    assert_finite(res)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"name": "a", "visitors": -1, "conversions": 0}, "non-negative"),
        ({"name": "a", "visitors": 10, "conversions": -2}, "non-negative"),
        ({"name": "a", "visitors": 10, "conversions": 11}, "exceed visitors"),
    ],
)
def test_invalid_arm_counts(kwargs: dict[str, Any], fragment: str) -> None:
    with pytest.raises(InvalidInputError, match=fragment) as err:
        ArmCounts(**kwargs)
    assert err.value.hint  # says what to do


def test_duplicate_arm_names() -> None:
    arms = [ArmCounts(name="a", visitors=1, conversions=0), ArmCounts(name="a", visitors=2, conversions=1)]
    for fn in (analyze_frequentist, analyze_bayesian):
        with pytest.raises(InvalidInputError, match="duplicate arm name 'a'"):
            fn(arms)


def test_invalid_daily_rows() -> None:
    with pytest.raises(InvalidInputError, match="non-negative"):
        DailyCounts(day=D0, arm="a", visitors=-5, conversions=0)
    rows = [
        DailyCounts(day=D0, arm="a", visitors=5, conversions=1),
        DailyCounts(day=D0, arm="zz", visitors=5, conversions=1),
    ]
    with pytest.raises(InvalidInputError, match="unknown arm 'zz'"):
        analyze_sequential(rows, arms=["a", "b"])
    dup = [DailyCounts(day=D0, arm="a", visitors=5, conversions=1)] * 2
    with pytest.raises(InvalidInputError, match="duplicate row"):
        cumulative_by_arm(dup)
    # a single day may have more conversions than visitors (late conversions), the running total may not
    late = [
        DailyCounts(day=D0, arm="a", visitors=5, conversions=1),
        DailyCounts(day=D0 + timedelta(1), arm="a", visitors=1, conversions=3),
    ]
    assert cumulative_by_arm(late).conversions["a"] == [1, 4]
    too_many = [*late, DailyCounts(day=D0 + timedelta(2), arm="a", visitors=0, conversions=3)]
    with pytest.raises(InvalidInputError, match="exceed visitors"):
        cumulative_by_arm(too_many)


def test_series_and_arms_mismatch() -> None:
    series = cumulative_by_arm([DailyCounts(day=D0, arm="a", visitors=5, conversions=1)])
    with pytest.raises(InvalidInputError, match="do not match"):
        analyze_sequential(series, arms=["a", "b"])
