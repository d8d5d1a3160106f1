"""Fixed-horizon frequentist analysis: pooled two-proportion z-tests against control."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

import numpy as np
from scipy.stats import norm
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

from textops.errors import InvalidInputError
from textops.experiments._models import (
    ArmCounts,
    ArmSummary,
    IntervalComparison,
    ResultBase,
    Verdict,
    check_alpha,
    finite,
    global_reason,
    neutral,
    order_arms,
    pair_reason,
)

__all__ = [
    "FrequentistComparison",
    "FrequentistResult",
    "analyze_frequentist",
    "holm_adjust",
    "relative_lift_se",
]

Correction = Literal["holm", "bh", "none"]


class FrequentistComparison(IntervalComparison):
    """One variant against control: the observed rates, the lifts with confidence intervals, the z-test."""

    control_rate: float | None
    variant_rate: float | None
    z_statistic: float | None
    p_value: float | None
    p_value_adjusted: float | None


class FrequentistResult(ResultBase[ArmSummary, FrequentistComparison]):
    """Fixed-horizon analysis of all variants against control."""

    method: Literal["two_proportion_z_test"] = "two_proportion_z_test"
    alpha: float
    correction: Correction
    ci_level: float


def relative_lift_se(p_c: float, n_c: int, p_v: float, n_v: int) -> float:
    r"""Delta-method standard error of the relative lift ``p_v / p_c - 1`` (``p_c > 0``).

    .. math:: \mathrm{Var} \approx \frac{p_v(1-p_v)}{n_v p_c^2} + \frac{p_v^2\,p_c(1-p_c)}{n_c p_c^4}

    (first-order Taylor expansion of the ratio; the same expression gbstats uses for relative effects).
    """
    var = p_v * (1 - p_v) / (n_v * p_c**2) + p_v**2 * p_c * (1 - p_c) / (n_c * p_c**4)
    return math.sqrt(max(var, 0.0))


def holm_adjust(p_values: Sequence[float]) -> list[float]:
    r"""Holm step-down adjusted p-values: ``p_(i) -> max_{j <= i} min(1, (m - j + 1) p_(j))`` (sorted).

    Identical to ``statsmodels.stats.multitest.multipletests(method="holm")`` (the tests check it), which
    we do not call because its Holm branch runs a full ``gc.collect()`` on every call (~0.1 s in a process
    holding large models).
    """
    p = np.asarray(p_values, dtype=np.float64)
    order = np.argsort(p, kind="stable")
    m = p.size
    stepped = np.maximum.accumulate(np.minimum((m - np.arange(m)) * p[order], 1.0))
    out = np.empty(m)
    out[order] = stepped
    return [float(x) for x in out]


def best_of(control: str, comparisons: Sequence[tuple[str, Verdict, float | None]]) -> str | None:
    """The arm to ship: the winning variant with the largest lift, control when every variant loses."""
    winners = [(lift if lift is not None else 0.0, name) for name, v, lift in comparisons if v == "winner"]
    if winners:
        return max(winners)[1]
    if comparisons and all(v == "loser" for _, v, _ in comparisons):
        return control
    return None


def _neutral(control: ArmCounts, variant: ArmCounts, reason: str) -> FrequentistComparison:
    rates = {"control_rate": control.rate, "variant_rate": variant.rate}
    return neutral(FrequentistComparison, reason, variant=variant.name, control=control.name, **rates)


def _compare(control: ArmCounts, variant: ArmCounts, alpha: float) -> FrequentistComparison:
    reason = pair_reason(control, variant)
    if reason is not None:
        return _neutral(control, variant, reason)
    n_c, n_v = control.visitors, variant.visitors
    p_c, p_v = control.conversions / n_c, variant.conversions / n_v
    z, p = proportions_ztest([variant.conversions, control.conversions], [n_v, n_c])
    low, high = confint_proportions_2indep(
        variant.conversions, n_v, control.conversions, n_c, method="wald", compare="diff", alpha=alpha
    )
    rel = rel_low = rel_high = None
    if p_c > 0:
        rel = p_v / p_c - 1.0
        half = float(norm.isf(alpha / 2)) * relative_lift_se(p_c, n_c, p_v, n_v)
        rel_low, rel_high = rel - half, rel + half
    return FrequentistComparison(
        variant=variant.name,
        control=control.name,
        control_rate=p_c,
        variant_rate=p_v,
        absolute_lift=p_v - p_c,
        absolute_ci_low=finite(low),
        absolute_ci_high=finite(high),
        relative_lift=rel,
        relative_ci_low=rel_low,
        relative_ci_high=rel_high,
        z_statistic=finite(z),
        p_value=finite(p),
        p_value_adjusted=None,
        verdict="inconclusive",
    )


def analyze_frequentist(
    arms: Sequence[ArmCounts],
    *,
    control: str | None = None,
    alpha: float = 0.05,
    correction: Correction = "holm",
) -> FrequentistResult:
    r"""Fixed-horizon test of every variant against control (first arm, or the one named ``control``).

    * Test: two-sided two-proportion z-test with the pooled standard error
      ``z = (p_v - p_c) / sqrt(pbar (1 - pbar) (1/n_v + 1/n_c))`` (statsmodels ``proportions_ztest``).
    * Absolute lift ``p_v - p_c`` with the unpooled Wald interval
      ``± z_{1-alpha/2} sqrt(p_v(1-p_v)/n_v + p_c(1-p_c)/n_c)`` (statsmodels
      ``confint_proportions_2indep(method="wald")``).
    * Relative lift ``p_v / p_c - 1`` with a delta-method interval (:func:`relative_lift_se`).
    * Multiplicity: Holm (default, family-wise error; :func:`holm_adjust`) or Benjamini-Hochberg (``"bh"``,
      false-discovery rate; statsmodels ``multipletests``) adjusted p-values over the variants, or ``"none"``.
    * Verdict: ``winner``/``loser`` when the adjusted p-value is <= ``alpha`` and the lift is
      positive/negative, else ``inconclusive``.

    Intervals are per comparison at level ``1 - alpha`` (not multiplicity-adjusted), so near the threshold
    an interval may exclude zero while the adjusted p-value does not (or, pooled vs unpooled SE, the reverse).
    Degenerate data (fewer than two arms, no traffic, no conversions, everyone converted) gives a neutral
    result with a ``reason`` code and no exception.
    """
    check_alpha(alpha)
    if correction not in ("holm", "bh", "none"):
        raise InvalidInputError(f"unknown correction {correction!r}", hint="use 'holm', 'bh' or 'none'")
    ordered = order_arms(arms, control)
    reason = global_reason(ordered)
    notes: list[str] = []
    comparisons: list[FrequentistComparison] = []
    if len(ordered) >= 2:
        ctrl = ordered[0]
        if reason is not None:
            comparisons = [_neutral(ctrl, v, reason) for v in ordered[1:]]
        else:
            comparisons = [_compare(ctrl, v, alpha) for v in ordered[1:]]
            comparisons = _adjust(comparisons, alpha, correction)
        if len(comparisons) > 1 and correction != "none":
            kind = (
                "Holm (family-wise)" if correction == "holm" else "Benjamini-Hochberg (false discovery rate)"
            )
            notes.append(f"p-values adjusted with {kind} over {len(comparisons)} comparisons.")
        notes.append(f"Intervals are per-comparison {1 - alpha:.0%} intervals, not multiplicity-adjusted.")
    best = None
    if ordered and len(ordered) >= 2:
        best = best_of(ordered[0].name, [(c.variant, c.verdict, c.absolute_lift) for c in comparisons])
    return FrequentistResult(
        alpha=alpha,
        correction=correction,
        ci_level=1 - alpha,
        control=ordered[0].name if ordered else None,
        arms=[ArmSummary.of(a) for a in ordered],
        comparisons=comparisons,
        best_arm=best,
        reason=reason,
        notes=notes,
    )


def _adjust(
    comparisons: list[FrequentistComparison], alpha: float, correction: Correction
) -> list[FrequentistComparison]:
    idx = [i for i, c in enumerate(comparisons) if c.p_value is not None]
    raw = [comparisons[i].p_value or 0.0 for i in idx]
    if not raw:
        return comparisons
    if correction == "none" or len(raw) == 1:
        adj = raw
    elif correction == "holm":
        adj = holm_adjust(raw)
    else:
        adj = [float(x) for x in multipletests(raw, alpha=alpha, method="fdr_bh")[1]]
    out = list(comparisons)
    for i, pa in zip(idx, adj, strict=True):
        c = comparisons[i]
        lift = c.absolute_lift or 0.0
        verdict: Verdict = "inconclusive"
        if pa <= alpha and lift != 0:
            verdict = "winner" if lift > 0 else "loser"
        out[i] = c.model_copy(update={"p_value_adjusted": min(max(pa, 0.0), 1.0), "verdict": verdict})
    return out
