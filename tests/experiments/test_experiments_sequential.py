"""Sequential analysis: mSPRT against an independent numerical integration, gbstats' confidence sequence."""

from __future__ import annotations

import itertools
import math
from datetime import date, timedelta

import numpy as np
import pytest
from gbstats.frequentist.tests import SequentialConfig, SequentialTwoSidedTTest
from gbstats.models.statistics import ProportionStatistic
from scipy.integrate import quad
from scipy.stats import norm

from tests.experiments.exp_helpers import assert_finite
from textops.errors import InvalidInputError
from textops.experiments import (
    CumulativeSeries,
    DailyCounts,
    analyze_sequential,
    cumulative_by_arm,
)
from textops.experiments._sequential import msprt_half_width, msprt_log_lr

D0 = date(2024, 3, 4)


def daily_rows(rates: dict[str, float], days: int, per_day: int = 600, seed: int = 3) -> list[DailyCounts]:
    rng = np.random.default_rng(seed)
    return [
        DailyCounts(
            day=D0 + timedelta(d), arm=arm, visitors=per_day, conversions=int(rng.binomial(per_day, p))
        )
        for d in range(days)
        for arm, p in rates.items()
    ]


def single_look(xc: int, nc: int, xv: int, nv: int) -> list[DailyCounts]:
    return [
        DailyCounts(day=D0, arm="a", visitors=nc, conversions=xc),
        DailyCounts(day=D0, arm="b", visitors=nv, conversions=xv),
    ]


def mixture_lr_by_integration(diff: float, var: float, tau2: float, theta0: float = 0.0) -> float:
    """Lambda = int N(diff; theta, V) / N(diff; theta0, V) dN(theta; theta0, tau2), by quadrature."""
    sd_t = math.sqrt(tau2)

    def f(theta: float) -> float:
        return float(
            np.exp(norm.logpdf(diff, theta, math.sqrt(var)) - norm.logpdf(diff, theta0, math.sqrt(var)))
            * norm.pdf(theta, theta0, sd_t)
        )

    return float(quad(f, theta0 - 12 * sd_t, theta0 + 12 * sd_t, limit=400, points=[diff])[0])


@pytest.mark.parametrize(
    ("diff", "var", "tau2"), [(0.004, 2e-5, 1e-5), (0.01, 1e-5, 4e-6), (-0.002, 3e-6, 2.5e-5)]
)
def test_msprt_likelihood_ratio_golden(diff: float, var: float, tau2: float) -> None:
    ref = mixture_lr_by_integration(diff, var, tau2)
    assert round(float(np.exp(msprt_log_lr(diff, var, tau2))), 4) == round(ref, 4)


@pytest.mark.parametrize(("var", "tau2", "alpha"), [(2e-5, 1e-5, 0.05), (1e-6, 2.5e-5, 0.01)])
def test_confidence_sequence_boundary_has_lr_one_over_alpha(var: float, tau2: float, alpha: float) -> None:
    diff = 0.003
    h = float(msprt_half_width(var, tau2, alpha))
    for theta0 in (diff - h, diff + h):
        assert mixture_lr_by_integration(diff, var, tau2, theta0) == pytest.approx(1 / alpha, rel=1e-6)


def test_single_look_msprt_values() -> None:
    res = analyze_sequential(single_look(400, 8000, 480, 8000), tau=0.005)
    look = res.comparisons[0].looks[0]
    pc, pv = 0.05, 0.06
    var = pc * (1 - pc) / 8000 + pv * (1 - pv) / 8000
    tau2 = 0.005**2
    lam = math.sqrt(var / (var + tau2)) * math.exp(tau2 * 0.01**2 / (2 * var * (var + tau2)))
    assert round(look.p_value, 4) == round(min(1.0, 1 / lam), 4)
    h = math.sqrt(var * (var + tau2) / tau2 * (2 * math.log(20) + math.log((var + tau2) / var)))
    assert look.ci_low is not None and look.ci_high is not None
    assert round(look.ci_low, 6) == round(0.01 - h, 6)
    assert round(look.ci_high, 6) == round(0.01 + h, 6)
    se_rel = math.sqrt(pv * (1 - pv) / (8000 * pc**2) + pv**2 * pc * (1 - pc) / (8000 * pc**4))
    assert look.relative_ci_low == pytest.approx(0.2 - h / math.sqrt(var) * se_rel)
    assert res.tau == 0.005 and res.tau_source == "given"


@pytest.mark.parametrize(
    ("xc", "nc", "xv", "nv"), [(400, 8000, 480, 8000), (1200, 30000, 1330, 29500), (50, 900, 61, 950)]
)
@pytest.mark.parametrize("tuning", [5000.0, 20000.0])
@pytest.mark.parametrize("alpha", [0.05, 0.1])
def test_gbstats_asymptotic_matches_gbstats(
    xc: int, nc: int, xv: int, nv: int, tuning: float, alpha: float
) -> None:
    res = analyze_sequential(
        single_look(xc, nc, xv, nv), method="gbstats_asymptotic", tuning_n=tuning, alpha=alpha
    )
    look = res.comparisons[0].looks[0]
    for difference, low, high in (
        ("absolute", look.ci_low, look.ci_high),
        ("relative", look.relative_ci_low, look.relative_ci_high),
    ):
        gb = SequentialTwoSidedTTest(
            ProportionStatistic(n=nc, sum=xc),
            ProportionStatistic(n=nv, sum=xv),
            SequentialConfig(difference_type=difference, alpha=alpha, sequential_tuning_parameter=tuning),
        ).compute_result()
        assert low is not None and high is not None
        assert round(low, 4) == round(gb.ci[0], 4)
        assert round(high, 4) == round(gb.ci[1], 4)
        if difference == "absolute":
            assert round(look.p_value, 4) == round(gb.p_value, 4)


def test_p_values_monotone_and_sequence_nested() -> None:
    res = analyze_sequential(daily_rows({"a": 0.05, "b": 0.05}, days=28))
    looks = res.comparisons[0].looks
    assert len(looks) == 28
    ps = [lk.p_value for lk in looks]
    assert all(later <= earlier for earlier, later in itertools.pairwise(ps))
    for prev, cur in itertools.pairwise(looks):
        assert prev.cs_low is not None and cur.cs_low is not None
        assert prev.cs_high is not None and cur.cs_high is not None
        assert cur.cs_low >= prev.cs_low and cur.cs_high <= prev.cs_high
    for lk in looks:
        assert lk.ci_low is not None and lk.ci_high is not None and lk.absolute_lift is not None
        assert lk.ci_low <= lk.absolute_lift <= lk.ci_high
        assert lk.cs_low is not None and lk.cs_high is not None
        assert lk.ci_low <= lk.cs_low <= lk.cs_high <= lk.ci_high
    assert_finite(res)


def test_detects_real_lift_and_agrees_with_p_value() -> None:
    res = analyze_sequential(daily_rows({"a": 0.05, "b": 0.065}, days=21, per_day=1500))
    comp = res.comparisons[0]
    assert comp.verdict == "winner"
    assert comp.first_significant_day is not None
    assert comp.absolute_cs_low is not None and comp.absolute_cs_low > 0
    for lk in comp.looks:  # 0 is outside the running sequence exactly when the p-value is <= alpha
        assert lk.cs_low is not None and lk.cs_high is not None
        assert (lk.p_value <= 0.05) == (lk.cs_low > 0 or lk.cs_high < 0)
    assert res.best_arm == "b"


def test_default_tau_uses_first_look_with_ten_conversions() -> None:
    rows = [
        DailyCounts(day=D0, arm="a", visitors=100, conversions=2),
        DailyCounts(day=D0, arm="b", visitors=100, conversions=3),
        DailyCounts(day=D0 + timedelta(1), arm="a", visitors=100, conversions=4),
        DailyCounts(day=D0 + timedelta(1), arm="b", visitors=100, conversions=5),
        DailyCounts(day=D0 + timedelta(2), arm="a", visitors=100, conversions=9),
        DailyCounts(day=D0 + timedelta(2), arm="b", visitors=100, conversions=9),
    ]
    res = analyze_sequential(rows)
    assert res.tau == pytest.approx(0.2 * 14 / 400)
    # adding days does not move tau
    assert analyze_sequential(rows[:4]).tau == res.tau
    assert analyze_sequential(rows, baseline_rate=0.04).tau == pytest.approx(0.008)


def test_bonferroni_for_several_variants() -> None:
    res = analyze_sequential(daily_rows({"a": 0.05, "b": 0.05, "c": 0.05, "d": 0.05}, days=7))
    assert res.alpha_per_comparison == pytest.approx(0.05 / 3)
    assert len(res.comparisons) == 3
    none = analyze_sequential(daily_rows({"a": 0.05, "b": 0.05, "c": 0.05}, days=7), correction="none")
    assert none.alpha_per_comparison == 0.05


def test_accepts_cumulative_series_and_named_control() -> None:
    rows = daily_rows({"a": 0.05, "b": 0.06}, days=5)
    series = cumulative_by_arm(rows)
    assert isinstance(series, CumulativeSeries)
    assert series.visitors["a"] == [600, 1200, 1800, 2400, 3000]
    r1 = analyze_sequential(series, control="b")
    r2 = analyze_sequential(rows, control="b")
    assert r1 == r2
    assert r1.control == "b" and r1.comparisons[0].variant == "a"


def test_missing_arm_on_a_day_adds_zero() -> None:
    rows = [
        DailyCounts(day=D0, arm="a", visitors=10, conversions=1),
        DailyCounts(day=D0, arm="b", visitors=10, conversions=2),
        DailyCounts(day=D0 + timedelta(1), arm="a", visitors=5, conversions=1),
    ]
    s = cumulative_by_arm(rows)
    assert s.visitors == {"a": [10, 15], "b": [10, 10]}
    assert s.conversions == {"a": [1, 2], "b": [2, 2]}


def test_drifting_effect_restarts_sequence_with_note() -> None:
    rows = []
    for d in range(10):
        rate_b = 0.16 if d < 5 else 0.04  # a novelty effect that reverses
        rows += [
            DailyCounts(day=D0 + timedelta(d), arm="a", visitors=5000, conversions=500),
            DailyCounts(day=D0 + timedelta(d), arm="b", visitors=5000, conversions=int(5000 * rate_b)),
        ]
    res = analyze_sequential(rows, tau=0.05)
    assert any("stopped overlapping" in n for n in res.notes)
    for lk in res.comparisons[0].looks:
        assert lk.cs_low is not None and lk.cs_high is not None and lk.cs_low <= lk.cs_high
    assert_finite(res)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"method": "bayes"}, "method"),
        ({"tau": -1.0}, "tau"),
        ({"baseline_rate": 1.5}, "baseline_rate"),
        ({"tuning_n": 0}, "tuning_n"),
        ({"correction": "holm"}, "correction"),
        ({"alpha": 0}, "alpha"),
        ({"control": "nope"}, "unknown control arm"),
    ],
)
def test_invalid_sequential_inputs(kwargs: dict[str, object], fragment: str) -> None:
    with pytest.raises(InvalidInputError, match=fragment):
        analyze_sequential(single_look(10, 100, 12, 100), **kwargs)  # type: ignore[arg-type]
