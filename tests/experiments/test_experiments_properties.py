"""Property tests: any valid counts give finite, in-range, self-consistent results."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.experiments.exp_helpers import assert_finite
from textops.experiments import (
    ArmCounts,
    DailyCounts,
    analyze_bayesian,
    analyze_frequentist,
    analyze_sequential,
    check_health,
)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def arm_lists(draw: st.DrawFn, min_arms: int = 1, max_arms: int = 4) -> list[ArmCounts]:
    k = draw(st.integers(min_arms, max_arms))
    arms = []
    for i in range(k):
        visitors = draw(st.one_of(st.integers(0, 50), st.integers(0, 200_000)))
        conversions = draw(st.integers(0, visitors))
        arms.append(ArmCounts(name=f"arm{i}", visitors=visitors, conversions=conversions))
    return arms


@st.composite
def daily_lists(draw: st.DrawFn) -> tuple[list[str], list[DailyCounts]]:
    k = draw(st.integers(1, 3))
    days = draw(st.integers(0, 10))
    names = [f"arm{i}" for i in range(k)]
    rows = []
    for d in range(days):
        for name in names:
            if draw(st.booleans()) or d == 0:
                v = draw(st.integers(0, 3000))
                rows.append(
                    DailyCounts(
                        day=date(2024, 1, 1) + timedelta(d),
                        arm=name,
                        visitors=v,
                        conversions=draw(st.integers(0, v)),
                    )
                )
    return names, rows


def _in_unit(x: float | None) -> bool:
    return x is None or 0.0 <= x <= 1.0


def _contains(low: float | None, mid: float | None, high: float | None) -> bool:
    if low is None or high is None:
        return low is None and high is None
    return mid is not None and low - 1e-12 <= mid <= high + 1e-12


@SETTINGS
@given(arm_lists(), st.sampled_from(["holm", "bh", "none"]))
def test_frequentist_properties(arms: list[ArmCounts], correction: str) -> None:
    res = analyze_frequentist(arms, correction=correction)  # type: ignore[arg-type]
    assert_finite(res)
    assert len(res.comparisons) == max(len(arms) - 1, 0)
    for c in res.comparisons:
        assert _in_unit(c.p_value) and _in_unit(c.p_value_adjusted)
        if c.p_value is not None:
            assert c.p_value_adjusted is not None and c.p_value_adjusted >= c.p_value - 1e-12
        assert _contains(c.absolute_ci_low, c.absolute_lift, c.absolute_ci_high)
        assert _contains(c.relative_ci_low, c.relative_lift, c.relative_ci_high)
        if c.verdict != "inconclusive":
            assert c.p_value_adjusted is not None and c.p_value_adjusted <= 0.05


@SETTINGS
@given(arm_lists(), st.sampled_from(["exact", "gaussian"]))
def test_bayesian_properties(arms: list[ArmCounts], approximation: str) -> None:
    res = analyze_bayesian(arms, draws=2000, approximation=approximation)  # type: ignore[arg-type]
    assert_finite(res)
    for a in res.arms:
        assert 0 <= a.ci_low <= a.posterior_mean <= a.ci_high <= 1
        assert _in_unit(a.chance_to_be_best)
        assert a.expected_loss is None or a.expected_loss >= 0
    bests = [a.chance_to_be_best for a in res.arms if a.chance_to_be_best is not None]
    if bests:
        assert abs(sum(bests) - 1) < 1e-9
    for c in res.comparisons:
        assert _in_unit(c.chance_to_beat_control)
        assert _contains(c.absolute_ci_low, c.absolute_lift, c.absolute_ci_high)
        assert _contains(c.relative_ci_low, c.relative_lift, c.relative_ci_high)
        for r in (c.risk_variant, c.risk_control, c.risk_variant_relative, c.risk_control_relative):
            assert r is None or r >= 0


@SETTINGS
@given(daily_lists(), st.sampled_from(["msprt", "gbstats_asymptotic"]))
def test_sequential_properties(data: tuple[list[str], list[DailyCounts]], method: str) -> None:
    names, rows = data
    res = analyze_sequential(rows, arms=names, method=method)  # type: ignore[arg-type]
    assert_finite(res)
    for c in res.comparisons:
        ps = [lk.p_value for lk in c.looks]
        assert all(0 <= p <= 1 for p in ps)
        assert all(b <= a for a, b in itertools.pairwise(ps))
        for lk in c.looks:
            assert _contains(lk.ci_low, lk.absolute_lift, lk.ci_high)
            assert _contains(lk.relative_ci_low, lk.relative_lift, lk.relative_ci_high)
            if lk.cs_low is not None and lk.cs_high is not None:
                assert lk.cs_low <= lk.cs_high


@SETTINGS
@given(arm_lists(min_arms=0))
def test_health_properties(arms: list[ArmCounts]) -> None:
    report = check_health(arms, days_running=7)
    assert_finite(report)
    assert _in_unit(report.srm.p_value)
    assert report.ok == (not report.warnings and report.reason is None)
