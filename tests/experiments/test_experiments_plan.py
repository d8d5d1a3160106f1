"""Sample-size planning: golden values from an independent closed form and statsmodels' power function."""

from __future__ import annotations

import math

import pytest
from scipy.stats import norm
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import power_proportions_2indep, proportion_effectsize

from textops.errors import InvalidInputError
from textops.experiments import plan_sample_size


def fleiss_n_variant(p0: float, delta: float, alpha: float, power: float, ratio: float = 1.0) -> float:
    """Textbook pooled-null / unpooled-alternative formula, ratio = n_control / n_variant."""
    p1 = p0 + delta
    pbar = (p1 + ratio * p0) / (1 + ratio)
    s0 = math.sqrt(pbar * (1 - pbar) * (1 + 1 / ratio))
    s1 = math.sqrt(p1 * (1 - p1) + p0 * (1 - p0) / ratio)
    return float(((norm.isf(alpha / 2) * s0 + norm.isf(1 - power) * s1) / delta) ** 2)


@pytest.mark.parametrize(
    ("p0", "mde", "alpha", "power"),
    [(0.05, 0.10, 0.05, 0.8), (0.012, 0.2, 0.05, 0.9), (0.3, 0.05, 0.01, 0.8), (0.5, 0.02, 0.1, 0.95)],
)
def test_two_arm_matches_closed_form(p0: float, mde: float, alpha: float, power: float) -> None:
    plan = plan_sample_size(p0, mde, alpha=alpha, power=power)
    ref = fleiss_n_variant(p0, p0 * mde, alpha, power)
    assert plan.n_per_arm == [math.ceil(ref), math.ceil(ref)]
    assert plan.total_n == 2 * math.ceil(ref)
    assert plan.absolute_effect == pytest.approx(p0 * mde)
    # statsmodels' power (both tails) at the planned n reaches the target
    achieved = power_proportions_2indep(p0 * mde, p0, plan.n_per_arm[1], ratio=1.0, alpha=alpha).power
    assert achieved >= power
    assert achieved == pytest.approx(power, abs=2e-3)


def test_golden_value_five_percent_baseline() -> None:
    # 5% baseline, +10% relative, alpha 5% two-sided, 80% power: Fleiss without correction = 31,234 per arm
    plan = plan_sample_size(0.05, 0.10)
    assert plan.n_per_arm == [31234, 31234]
    assert round(fleiss_n_variant(0.05, 0.005, 0.05, 0.8), 4) == pytest.approx(31233.8, abs=1.0)


def test_cohens_h_is_close_but_not_what_we_use() -> None:
    plan = plan_sample_size(0.05, 0.10)
    h = proportion_effectsize(0.055, 0.05)
    n_h = NormalIndPower().solve_power(effect_size=h, alpha=0.05, power=0.8, ratio=1.0)
    assert n_h == pytest.approx(plan.n_per_arm[0], rel=0.02)
    assert math.ceil(n_h) != plan.n_per_arm[0]
    assert "Fleiss" in plan.method


def test_absolute_mde_and_days() -> None:
    plan = plan_sample_size(0.05, 0.005, mde_type="absolute", daily_traffic=2000)
    assert plan.n_per_arm == [31234, 31234]
    assert plan.days == math.ceil(2 * 31234 / 2000)


def test_bonferroni_for_three_arms() -> None:
    plan = plan_sample_size(0.05, 0.10, n_arms=3, daily_traffic=3000)
    ref = fleiss_n_variant(0.05, 0.005, 0.025, 0.8)
    assert plan.alpha_per_comparison == pytest.approx(0.025)
    assert plan.n_per_arm == [math.ceil(ref)] * 3
    assert plan.days == math.ceil(3 * ref / 3000)
    assert any("Bonferroni" in n for n in plan.notes)
    no_corr = plan_sample_size(0.05, 0.10, n_arms=3, correction="none")
    assert no_corr.alpha_per_comparison == 0.05
    assert no_corr.n_per_arm[0] < plan.n_per_arm[0]


def test_unequal_split() -> None:
    # control gets half the traffic, two variants a quarter each: ratio n_control / n_variant = 2
    plan = plan_sample_size(0.05, 0.10, n_arms=3, split=[2, 1, 1], daily_traffic=4000)
    n_var = fleiss_n_variant(0.05, 0.005, 0.025, 0.8, ratio=2.0)
    total = n_var / 0.25
    assert plan.split == pytest.approx([0.5, 0.25, 0.25])
    assert plan.n_per_arm == [math.ceil(total * 0.5), math.ceil(total * 0.25), math.ceil(total * 0.25)]
    assert plan.days == math.ceil(plan.n_per_arm[1] / (4000 * 0.25))
    achieved = power_proportions_2indep(0.005, 0.05, plan.n_per_arm[1], ratio=2.0, alpha=0.025).power
    assert achieved >= 0.8


def test_plan_serialises() -> None:
    plan = plan_sample_size(0.05, 0.10)
    assert plan.days is None
    assert plan.model_dump_json()


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"baseline_rate": 0.0, "mde": 0.1}, "baseline_rate"),
        ({"baseline_rate": 1.2, "mde": 0.1}, "baseline_rate"),
        ({"baseline_rate": 0.05, "mde": -0.1}, "mde"),
        ({"baseline_rate": 0.6, "mde": 1.0}, "reaches 1.2: a conversion rate stays below 1"),
        ({"baseline_rate": 0.05, "mde": 0.1, "alpha": 1.5}, "alpha"),
        ({"baseline_rate": 0.05, "mde": 0.1, "power": 0.0}, "power"),
        ({"baseline_rate": 0.05, "mde": 0.1, "n_arms": 1}, "n_arms"),
        ({"baseline_rate": 0.05, "mde": 0.1, "n_arms": 3, "split": [0.5, 0.5]}, "split"),
        ({"baseline_rate": 0.05, "mde": 0.1, "split": [1, 0]}, "positive"),
        ({"baseline_rate": 0.05, "mde": 0.1, "daily_traffic": 0}, "daily_traffic"),
    ],
)
def test_invalid_plan_inputs(kwargs: dict[str, object], fragment: str) -> None:
    with pytest.raises(InvalidInputError, match=fragment) as err:
        plan_sample_size(**kwargs)  # type: ignore[arg-type]
    assert err.value.hint
