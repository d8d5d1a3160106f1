"""Bayesian analysis: exact chance to beat control, Monte-Carlo figures with stated errors, gbstats."""

from __future__ import annotations

import math

import numpy as np
import pytest
from gbstats.bayesian.tests import EffectBayesianABTest, EffectBayesianConfig
from gbstats.models.statistics import ProportionStatistic
from scipy.integrate import quad
from scipy.special import betaln
from scipy.stats import beta

from tests.experiments.exp_helpers import assert_finite
from textops.errors import InvalidInputError
from textops.experiments import ArmCounts, analyze_bayesian, chance_to_beat_exact

ARMS = [
    ArmCounts(name="control", visitors=4_000, conversions=200),
    ArmCounts(name="b", visitors=4_000, conversions=236),
    ArmCounts(name="c", visitors=3_900, conversions=190),
]


def miller_closed_form(a_c: float, b_c: float, a_v: int, b_v: float) -> float:
    """P(p_v > p_c) for integer a_v (Evan Miller's closed form), computed independently."""
    return float(
        sum(
            math.exp(betaln(a_c + i, b_c + b_v) - math.log(b_v + i) - betaln(1 + i, b_v) - betaln(a_c, b_c))
            for i in range(a_v)
        )
    )


@pytest.mark.parametrize(
    "params",
    [
        (1, 1, 1, 1),
        (11, 91, 21, 81),
        (101, 1901, 131, 1871),
        (3, 1_000_000, 8, 1_000_000),
        (501, 9501, 601, 9401),
    ],
)
def test_chance_to_beat_exact_golden(params: tuple[int, int, int, int]) -> None:
    a_c, b_c, a_v, b_v = params
    assert round(chance_to_beat_exact(a_c, b_c, a_v, b_v), 4) == round(
        miller_closed_form(a_c, b_c, a_v, b_v), 4
    )


def test_chance_to_beat_matches_result() -> None:
    res = analyze_bayesian(ARMS)
    c = res.comparisons[0]
    ref = miller_closed_form(201, 3801, 237, 3765)
    assert c.chance_method == "exact_integration"
    assert c.chance_to_beat_control is not None
    assert round(c.chance_to_beat_control, 4) == round(ref, 4)
    assert c.chance_to_beat_control_mc_se is None


def test_posteriors_and_rate_intervals() -> None:
    res = analyze_bayesian(ARMS, prior_a=2, prior_b=8, credible_level=0.9)
    arm = res.arms[1]
    assert (arm.posterior_alpha, arm.posterior_beta) == (238, 3772)
    assert arm.posterior_mean == pytest.approx(238 / 4010)
    assert round(arm.ci_low, 6) == round(float(beta.ppf(0.05, 238, 3772)), 6)
    assert round(arm.ci_high, 6) == round(float(beta.ppf(0.95, 238, 3772)), 6)


def _prob_best_and_max_mean(post: list[tuple[float, float]]) -> tuple[list[float], float]:
    lo = min(beta.ppf(1e-12, a, b) for a, b in post)
    hi = max(beta.ppf(1 - 1e-12, a, b) for a, b in post)
    probs = []
    for i, (a, b) in enumerate(post):
        others = [p for j, p in enumerate(post) if j != i]

        def f(x: float, a: float = a, b: float = b, others: list[tuple[float, float]] = others) -> float:
            return float(beta.pdf(x, a, b) * np.prod([beta.cdf(x, aa, bb) for aa, bb in others]))

        probs.append(quad(f, lo, hi, limit=200, points=[a / (a + b) for a, b in post])[0])
    e_max = (
        lo + quad(lambda x: 1 - float(np.prod([beta.cdf(x, a, b) for a, b in post])), lo, hi, limit=200)[0]
    )
    return probs, e_max


def test_chance_to_be_best_and_expected_loss_within_mc_error() -> None:
    res = analyze_bayesian(ARMS, draws=200_000)
    post = [(a.posterior_alpha, a.posterior_beta) for a in res.arms]
    probs, e_max = _prob_best_and_max_mean(post)
    assert sum(a.chance_to_be_best or 0 for a in res.arms) == pytest.approx(1.0)
    for arm, p in zip(res.arms, probs, strict=True):
        assert arm.chance_to_be_best is not None and arm.chance_to_be_best_mc_se is not None
        assert arm.chance_to_be_best_mc_se == pytest.approx(
            math.sqrt(p * (1 - p) / 200_000), rel=0.05, abs=1e-7
        )
        assert abs(arm.chance_to_be_best - p) <= 4 * arm.chance_to_be_best_mc_se + 1e-6
        loss_ref = e_max - arm.posterior_mean
        assert arm.expected_loss is not None and arm.expected_loss_mc_se is not None
        assert abs(arm.expected_loss - loss_ref) <= 4 * arm.expected_loss_mc_se + 1e-7


def test_pairwise_risk_within_mc_error() -> None:
    res = analyze_bayesian(ARMS[:2], draws=200_000)
    c = res.comparisons[0]
    (a1, b1), (a2, b2) = [(a.posterior_alpha, a.posterior_beta) for a in res.arms]

    # E[max(p_c - p_v, 0)] by numerical integration over p_v: E[(p_c - x)^+] = int_x^1 (1 - F_c(t)) dt
    def tail(x: float) -> float:
        # E[(p_c - x)^+] = E[p_c 1{p_c > x}] - x P(p_c > x), with E[p 1{p > x}] = mean * P(Beta(a+1, b) > x)
        return float(a1 / (a1 + b1) * beta.sf(x, a1 + 1, b1) - x * beta.sf(x, a1, b1))

    lo, hi = beta.ppf(1e-10, a2, b2), beta.ppf(1 - 1e-10, a2, b2)
    ref = quad(lambda x: float(beta.pdf(x, a2, b2)) * tail(x), lo, hi, limit=200)[0]
    assert c.risk_variant is not None and c.risk_variant_mc_se is not None
    assert abs(c.risk_variant - ref) <= 4 * c.risk_variant_mc_se
    # risk_control - risk_variant = E[p_v - p_c] exactly
    assert c.risk_control is not None and c.risk_control_mc_se is not None
    mean_diff = a2 / (a2 + b2) - a1 / (a1 + b1)
    assert abs((c.risk_control - c.risk_variant) - mean_diff) <= 4 * c.risk_control_mc_se


def test_seeded_and_reproducible() -> None:
    a = analyze_bayesian(ARMS, seed=1)
    b = analyze_bayesian(ARMS, seed=1)
    c = analyze_bayesian(ARMS, seed=2)
    assert a == b
    assert a.arms[1].chance_to_be_best != c.arms[1].chance_to_be_best
    se = a.arms[1].chance_to_be_best_mc_se or 0
    assert abs((a.arms[1].chance_to_be_best or 0) - (c.arms[1].chance_to_be_best or 0)) < 6 * se


@pytest.mark.parametrize("difference", ["relative", "absolute"])
@pytest.mark.parametrize(
    ("xc", "nc", "xv", "nv"), [(200, 4000, 236, 4000), (31, 1200, 22, 1150), (5000, 90000, 5100, 91000)]
)
def test_gaussian_mode_matches_gbstats(difference: str, xc: int, nc: int, xv: int, nv: int) -> None:
    res = analyze_bayesian(
        [ArmCounts(name="a", visitors=nc, conversions=xc), ArmCounts(name="b", visitors=nv, conversions=xv)],
        approximation="gaussian",
    )
    c = res.comparisons[0]
    gb = EffectBayesianABTest(
        ProportionStatistic(n=nc, sum=xc),
        ProportionStatistic(n=nv, sum=xv),
        EffectBayesianConfig(difference_type=difference),
    ).compute_result()
    if difference == "relative":
        assert c.chance_method == "gaussian_relative"
        assert c.chance_to_beat_control is not None
        assert round(c.chance_to_beat_control, 4) == round(gb.chance_to_win, 4)
        got = [
            c.relative_lift,
            c.relative_ci_low,
            c.relative_ci_high,
            c.risk_control_relative,
            c.risk_variant_relative,
        ]
    else:
        got = [c.absolute_lift, c.absolute_ci_low, c.absolute_ci_high, c.risk_control, c.risk_variant]
    want = [gb.expected, gb.ci[0], gb.ci[1], gb.risk[0], gb.risk[1]]
    for g, w in zip(got, want, strict=True):
        assert g is not None
        assert round(g, 4) == round(w, 4)


def test_exact_and_gaussian_agree_for_large_samples() -> None:
    arms = [
        ArmCounts(name="a", visitors=50_000, conversions=2_500),
        ArmCounts(name="b", visitors=50_000, conversions=2_620),
    ]
    exact = analyze_bayesian(arms).comparisons[0]
    gauss = analyze_bayesian(arms, approximation="gaussian").comparisons[0]
    assert exact.chance_to_beat_control == pytest.approx(gauss.chance_to_beat_control, abs=0.01)
    assert exact.relative_lift == pytest.approx(gauss.relative_lift, abs=0.005)


def test_verdicts_and_best_arm() -> None:
    arms = [
        ArmCounts(name="ctrl", visitors=10_000, conversions=500),
        ArmCounts(name="up", visitors=10_000, conversions=650),
        ArmCounts(name="down", visitors=10_000, conversions=380),
    ]
    res = analyze_bayesian(arms)
    assert {c.variant: c.verdict for c in res.comparisons} == {"up": "winner", "down": "loser"}
    assert res.best_arm == "up"
    for c in res.comparisons:
        assert (
            c.absolute_ci_low is not None and c.absolute_ci_high is not None and c.absolute_lift is not None
        )
        assert c.absolute_ci_low <= c.absolute_lift <= c.absolute_ci_high
    assert_finite(res)


def test_zero_traffic_arm_left_out_of_race() -> None:
    arms = [
        ArmCounts(name="ctrl", visitors=1000, conversions=50),
        ArmCounts(name="new", visitors=0, conversions=0),
        ArmCounts(name="b", visitors=1000, conversions=60),
    ]
    res = analyze_bayesian(arms)
    assert res.arms[1].chance_to_be_best is None
    assert res.comparisons[0].reason == "no_traffic"
    assert res.comparisons[1].reason is None
    assert (res.arms[0].chance_to_be_best or 0) + (res.arms[2].chance_to_be_best or 0) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"prior_a": 0}, "prior"),
        ({"credible_level": 1.0}, "credible_level"),
        ({"decision_threshold": 0.4}, "decision_threshold"),
        ({"approximation": "laplace"}, "approximation"),
        ({"draws": 10}, "draws"),
    ],
)
def test_invalid_bayesian_inputs(kwargs: dict[str, object], fragment: str) -> None:
    with pytest.raises(InvalidInputError, match=fragment):
        analyze_bayesian(ARMS, **kwargs)  # type: ignore[arg-type]


def test_certain_loser_with_zero_chance() -> None:
    res = analyze_bayesian(
        [
            ArmCounts(name="a", visitors=100_000, conversions=20_000),
            ArmCounts(name="b", visitors=100_000, conversions=10_000),
        ]
    )
    c = res.comparisons[0]
    assert c.chance_to_beat_control == 0.0
    assert c.verdict == "loser"
    assert res.best_arm == "a"
