"""Frequentist analysis: golden values against statsmodels, hand formulas and gbstats."""

from __future__ import annotations

import math

import numpy as np
import pytest
from gbstats.frequentist.tests import FrequentistConfig, TwoSidedTTest
from gbstats.models.statistics import ProportionStatistic
from scipy.stats import norm
from statsmodels.stats.proportion import proportions_ztest

from tests.experiments.exp_helpers import assert_finite
from textops.errors import InvalidInputError
from textops.experiments import ArmCounts, analyze_frequentist

ARMS = [
    ArmCounts(name="control", visitors=10_000, conversions=500),
    ArmCounts(name="b", visitors=10_000, conversions=570),
    ArmCounts(name="c", visitors=9_800, conversions=480),
    ArmCounts(name="d", visitors=10_200, conversions=590),
]


def hand_z(xc: int, nc: int, xv: int, nv: int) -> tuple[float, float]:
    pbar = (xc + xv) / (nc + nv)
    z = (xv / nv - xc / nc) / math.sqrt(pbar * (1 - pbar) * (1 / nc + 1 / nv))
    return z, 2 * norm.sf(abs(z))


def holm(p: list[float]) -> list[float]:
    m = len(p)
    order = np.argsort(p)
    adj = np.empty(m)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, (m - rank) * p[i])
        adj[i] = min(running, 1.0)
    return [float(x) for x in adj]


def bh(p: list[float]) -> list[float]:
    m = len(p)
    order = np.argsort(p)[::-1]
    adj = np.empty(m)
    running = 1.0
    for k, i in enumerate(order):
        rank = m - k
        running = min(running, p[i] * m / rank)
        adj[i] = running
    return [float(x) for x in adj]


def test_z_test_golden() -> None:
    res = analyze_frequentist(ARMS, correction="none")
    for comp, arm in zip(res.comparisons, ARMS[1:], strict=True):
        z_ref, p_ref = hand_z(500, 10_000, arm.conversions, arm.visitors)
        z_sm, p_sm = proportions_ztest([arm.conversions, 500], [arm.visitors, 10_000])
        assert comp.z_statistic is not None and comp.p_value is not None
        assert round(comp.z_statistic, 4) == round(z_ref, 4) == round(float(z_sm), 4)
        assert round(comp.p_value, 4) == round(p_ref, 4) == round(float(p_sm), 4)
        assert comp.p_value_adjusted == comp.p_value


def test_wald_and_delta_intervals_golden() -> None:
    res = analyze_frequentist(ARMS[:2], alpha=0.1)
    c = res.comparisons[0]
    pc, pv, n = 0.05, 0.057, 10_000
    se = math.sqrt(pc * (1 - pc) / n + pv * (1 - pv) / n)
    z = norm.isf(0.05)
    assert c.absolute_lift == pytest.approx(0.007)
    assert round(c.absolute_ci_low or 0, 6) == round(0.007 - z * se, 6)
    assert round(c.absolute_ci_high or 0, 6) == round(0.007 + z * se, 6)
    se_rel = math.sqrt(pv * (1 - pv) / (n * pc**2) + pv**2 * pc * (1 - pc) / (n * pc**4))
    assert c.relative_lift == pytest.approx(0.14)
    assert round(c.relative_ci_low or 0, 6) == round(0.14 - z * se_rel, 6)
    assert round(c.relative_ci_high or 0, 6) == round(0.14 + z * se_rel, 6)


@pytest.mark.parametrize("difference", ["absolute", "relative"])
def test_intervals_match_gbstats(difference: str) -> None:
    # gbstats uses the same unpooled / delta-method SE with a Welch t quantile; with large n the t and
    # normal quantiles agree, so the intervals match to 4 decimals (the SE itself matches exactly).
    xc, nc, xv, nv = 12_000, 400_000, 12_600, 401_000
    res = analyze_frequentist(
        [ArmCounts(name="a", visitors=nc, conversions=xc), ArmCounts(name="b", visitors=nv, conversions=xv)]
    )
    c = res.comparisons[0]
    gb = TwoSidedTTest(
        ProportionStatistic(n=nc, sum=xc),
        ProportionStatistic(n=nv, sum=xv),
        FrequentistConfig(difference_type=difference, alpha=0.05),
    ).compute_result()
    if difference == "absolute":
        est, low, high = c.absolute_lift, c.absolute_ci_low, c.absolute_ci_high
    else:
        est, low, high = c.relative_lift, c.relative_ci_low, c.relative_ci_high
    assert est is not None and low is not None and high is not None
    assert round(est, 4) == round(gb.expected, 4)
    assert round(low, 4) == round(gb.ci[0], 4)
    assert round(high, 4) == round(gb.ci[1], 4)
    se = (high - low) / (2 * norm.isf(0.025))
    assert se == pytest.approx(gb.uplift.stddev, rel=1e-9)
    # the pooled z-test and gbstats' unpooled Welch test agree closely with balanced large samples
    assert c.p_value == pytest.approx(gb.p_value, abs=2e-3)


@pytest.mark.parametrize(("correction", "ref"), [("holm", holm), ("bh", bh)])
def test_multiple_testing_golden(correction: str, ref: object) -> None:
    res = analyze_frequentist(ARMS, correction=correction)  # type: ignore[arg-type]
    raw = [c.p_value or 0.0 for c in res.comparisons]
    expected = ref(raw)  # type: ignore[operator]
    for c, e in zip(res.comparisons, expected, strict=True):
        assert c.p_value_adjusted is not None
        assert round(c.p_value_adjusted, 4) == round(e, 4)
        assert c.p_value_adjusted >= (c.p_value or 0.0)


def test_verdicts_follow_adjusted_p() -> None:
    none = analyze_frequentist(ARMS, correction="none")
    holm_res = analyze_frequentist(ARMS, correction="holm")
    by_none = {c.variant: c for c in none.comparisons}
    by_holm = {c.variant: c for c in holm_res.comparisons}
    assert by_none["b"].verdict == "winner"  # p = 0.028 unadjusted
    assert by_holm["b"].verdict == "inconclusive"  # 3 comparisons: Holm pushes it above 0.05
    assert by_holm["c"].verdict == "inconclusive"
    for c in holm_res.comparisons:
        assert (c.verdict != "inconclusive") == ((c.p_value_adjusted or 1) <= 0.05)


def test_clear_winner_and_loser() -> None:
    res = analyze_frequentist(
        [
            ArmCounts(name="ctrl", visitors=20_000, conversions=1_000),
            ArmCounts(name="up", visitors=20_000, conversions=1_300),
            ArmCounts(name="down", visitors=20_000, conversions=700),
        ]
    )
    verdicts = {c.variant: c.verdict for c in res.comparisons}
    assert verdicts == {"up": "winner", "down": "loser"}
    assert res.best_arm == "up"
    assert_finite(res)


def test_best_arm_is_control_when_all_variants_lose() -> None:
    res = analyze_frequentist(
        [
            ArmCounts(name="ctrl", visitors=20_000, conversions=1_000),
            ArmCounts(name="v", visitors=20_000, conversions=700),
        ]
    )
    assert res.best_arm == "ctrl"


def test_named_control_reorders() -> None:
    res = analyze_frequentist(ARMS, control="b")
    assert res.control == "b"
    assert [a.name for a in res.arms] == ["b", "control", "c", "d"]
    assert all(c.control == "b" for c in res.comparisons)


def test_relative_lift_undefined_when_control_has_no_conversions() -> None:
    res = analyze_frequentist(
        [
            ArmCounts(name="a", visitors=1000, conversions=0),
            ArmCounts(name="b", visitors=1000, conversions=12),
        ]
    )
    c = res.comparisons[0]
    assert c.relative_lift is None and c.relative_ci_low is None
    assert c.p_value is not None and c.p_value < 0.01
    assert_finite(res)


def test_invalid_correction_and_control() -> None:
    with pytest.raises(InvalidInputError, match="correction"):
        analyze_frequentist(ARMS, correction="bonf")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="unknown control arm 'zzz'"):
        analyze_frequentist(ARMS, control="zzz")


@pytest.mark.parametrize(
    "pvals", [[0.01, 0.04, 0.03], [0.2, 0.2, 0.01, 0.5], [0.001], [0.6, 0.02], [0.049, 0.049, 0.049]]
)
def test_holm_adjust_equals_statsmodels(pvals: list[float]) -> None:
    from statsmodels.stats.multitest import multipletests

    from textops.experiments._frequentist import holm_adjust

    expected = multipletests(pvals, method="holm")[1]
    assert holm_adjust(pvals) == pytest.approx(list(expected), abs=1e-12)
