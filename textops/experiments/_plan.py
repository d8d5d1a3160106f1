"""Sample-size planning for a conversion-rate A/B(/n) test."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

from statsmodels.stats.proportion import samplesize_proportions_2indep_onetail

from textops.errors import InvalidInputError
from textops.experiments._models import ParameterError, _Model, check_alpha, normalised_shares

__all__ = ["SampleSizePlan", "plan_sample_size"]

PLAN_METHOD = (
    "two-sided two-proportion z-test, normal approximation with the pooled rate under the null and the "
    "unpooled rates under the alternative (Fleiss 1981 eq. 3.18 without continuity correction; "
    "statsmodels.stats.proportion.samplesize_proportions_2indep_onetail)"
)


class SampleSizePlan(_Model):
    """How many visitors a test needs, per arm (control first) and in total, and how many days that takes."""

    baseline_rate: float
    mde: float
    mde_type: Literal["relative", "absolute"]
    alpha: float
    power: float
    n_arms: int
    split: list[float]
    daily_traffic: float | None
    correction: Literal["bonferroni", "none"]
    alpha_per_comparison: float
    absolute_effect: float
    target_rate: float
    n_per_arm: list[int]
    total_n: int
    days: int | None
    method: str
    notes: list[str]


def plan_sample_size(
    baseline_rate: float,
    mde: float,
    *,
    mde_type: Literal["relative", "absolute"] = "relative",
    alpha: float = 0.05,
    power: float = 0.8,
    n_arms: int = 2,
    split: Sequence[float] | None = None,
    daily_traffic: float | None = None,
    correction: Literal["bonferroni", "none"] = "bonferroni",
) -> SampleSizePlan:
    r"""Visitors needed per arm to detect ``mde`` with ``power`` in a two-sided test at ``alpha``.

    The effect is ``delta = baseline_rate * mde`` (relative) or ``delta = mde`` (absolute); the variant rate
    is ``p1 = p0 + delta`` (an uplift; a drop of the same size needs a slightly different n). With
    allocation ratio ``r = n_control / n_variant`` and pooled rate ``pbar = (p1 + r p0) / (1 + r)``:

    .. math:: n_{variant} = \Big(z_{1-\alpha'/2}\,\sigma_0 + z_{power}\,\sigma_1\Big)^2 / \delta^2,\quad
              \sigma_0^2 = \bar p(1-\bar p)(1 + 1/r),\ \sigma_1^2 = p_1(1-p_1) + p_0(1-p_0)/r

    (Fleiss' formula without continuity correction, the normal approximation of the pooled z-test that
    :func:`~textops.experiments.analyze_frequentist` runs; computed by statsmodels'
    ``samplesize_proportions_2indep_onetail``). It is not Cohen's-h / arcsine (``NormalIndPower`` with
    ``proportion_effectsize``), which gives similar but not identical numbers.

    With ``n_arms > 2`` and ``correction="bonferroni"``, ``alpha' = alpha / (k - 1)`` for the k - 1
    comparisons against control. ``split`` is the planned share of traffic per arm, control first (default
    equal); each comparison needs its own n, the total traffic is the largest need and every arm gets its
    share of it. ``daily_traffic`` (visitors per day over all arms) gives ``days = ceil(total_n / traffic)``.
    """
    check_alpha(alpha)
    check_alpha(power, "power", example="0.8")
    if not (math.isfinite(baseline_rate) and 0.0 < baseline_rate < 1.0):
        raise ParameterError(
            "baseline_rate",
            f"{{baseline_rate}} must be between 0 and 1 (got {baseline_rate})",
            hint="e.g. 0.03 for 3%",
        )
    if mde_type not in ("relative", "absolute"):
        raise InvalidInputError(f"unknown mde_type {mde_type!r}", hint="use 'relative' or 'absolute'")
    if correction not in ("bonferroni", "none"):
        raise InvalidInputError(f"unknown correction {correction!r}", hint="use 'bonferroni' or 'none'")
    if not (math.isfinite(mde) and mde > 0):
        raise ParameterError(
            "mde",
            f"{{mde}} must be a positive effect size (got {mde})",
            hint="e.g. 0.1 for a 10% relative lift, or 0.005 with {absolute_mde}",
        )
    if n_arms < 2:
        raise ParameterError(
            "n_arms", f"{{n_arms}} must be at least 2 (got {n_arms})", hint="control plus >= 1 variant"
        )
    delta = baseline_rate * mde if mde_type == "relative" else mde
    target = baseline_rate + delta
    if target >= 1.0:
        raise ParameterError(
            "mde",
            f"{{baseline_rate}} {baseline_rate:g} plus the effect {delta:.6g} reaches {target:.6g}: a "
            "conversion rate stays below 1",
            hint="use a smaller {mde} (minimum detectable effect)",
        )
    weights = _normalised_split(split, n_arms)
    if daily_traffic is not None and not (math.isfinite(daily_traffic) and daily_traffic > 0):
        raise ParameterError(
            "daily_traffic",
            f"{{daily_traffic}} must be positive (got {daily_traffic})",
            hint="visitors per day over all arms",
        )

    comparisons = n_arms - 1
    a_cmp = alpha / comparisons if (correction == "bonferroni" and comparisons > 1) else alpha
    total_needed = 0.0
    for w in weights[1:]:
        ratio = weights[0] / w  # statsmodels: sample 1 = variant, nobs2 = ratio * nobs1 = control
        n_variant = float(
            samplesize_proportions_2indep_onetail(
                delta, baseline_rate, power, ratio=ratio, alpha=a_cmp, alternative="two-sided"
            )
        )
        total_needed = max(total_needed, n_variant / w)
    if not math.isfinite(total_needed) or total_needed > 1e15:
        raise InvalidInputError(
            f"an effect of {delta:.3g} on a baseline of {baseline_rate:.3g} needs more visitors than can be "
            "counted",
            hint="plan for a larger minimum detectable effect",
        )
    # Each arm gets its share of the binding total; 1e-9 guards float noise around exact integers.
    n_per_arm = [math.ceil(total_needed * w - 1e-9) for w in weights]
    total_n = sum(n_per_arm)
    days = None
    if daily_traffic is not None:
        days = max(math.ceil(n / (daily_traffic * w) - 1e-9) for n, w in zip(n_per_arm, weights, strict=True))

    notes = [f"Sample size from the {PLAN_METHOD}."]
    if comparisons > 1:
        if a_cmp != alpha:
            notes.append(
                f"Bonferroni adjustment for {comparisons} comparisons against control: each comparison is "
                f"tested at alpha = {alpha:g}/{comparisons} = {a_cmp:.6g}."
            )
        else:
            notes.append(
                f"No multiple-comparison adjustment across {comparisons} comparisons: the family-wise "
                "false-positive rate exceeds alpha."
            )
    notes.append(
        "Sized for an uplift; a two-sided test detects a drop of the same size with about the same power."
    )
    if days is not None and days < 7:
        notes.append(f"Planned duration is {days} day(s); run at least one full week to cover weekly cycles.")
    return SampleSizePlan(
        baseline_rate=baseline_rate,
        mde=mde,
        mde_type=mde_type,
        alpha=alpha,
        power=power,
        n_arms=n_arms,
        split=weights,
        daily_traffic=daily_traffic,
        correction=correction,
        alpha_per_comparison=a_cmp,
        absolute_effect=delta,
        target_rate=target,
        n_per_arm=n_per_arm,
        total_n=total_n,
        days=days,
        method=PLAN_METHOD,
        notes=notes,
    )


def _normalised_split(split: Sequence[float] | None, n_arms: int) -> list[float]:
    if split is None:
        return [1.0 / n_arms] * n_arms
    return normalised_shares(
        split,
        n_arms,
        name="split",
        count_hint="give one traffic share per arm, control first",
        positive="split",
    )
