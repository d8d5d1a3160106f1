"""Always-valid (sequential) inference, so results may be looked at every day without inflating errors."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from textops.errors import InvalidInputError
from textops.experiments._frequentist import best_of, relative_lift_se
from textops.experiments._models import (
    ArmCounts,
    ArmSummary,
    Comparison,
    CumulativeSeries,
    DailyCounts,
    FloatArray,
    ResultBase,
    Verdict,
    _Model,
    check_alpha,
    cumulative_by_arm,
    global_reason,
    order_arms,
    pair_reason,
)

__all__ = [
    "DEFAULT_TAU_RELATIVE",
    "SequentialComparison",
    "SequentialLook",
    "SequentialResult",
    "analyze_sequential",
    "gbstats_rho",
    "msprt_half_width",
    "msprt_log_lr",
]

SequentialMethod = Literal["msprt", "gbstats_asymptotic"]

DEFAULT_TAU_RELATIVE = 0.20
"""Default mixing SD of the mSPRT as a share of the baseline rate (a 20% relative lift).

Why 0.2: the mSPRT is most powerful for effects of order ``tau`` and its power is flat within a factor of a
few (Johari et al. 2017). In simulated 28-day tests (``_simulate``) 0.2 detected true lifts of 10-40% at
least as often and sooner than 0.1, 0.3 or 0.4; in the Upworthy headline archive the spread of true
relative lifts is larger (method-of-moments SD ~0.39, ``bench/experiments_replay.py``), so 0.2 sits between
the small lifts marketers hope to detect and the large ones headline tests often produce. Teams with a
history of tests should calibrate ``tau`` on it (as Optimizely does)."""
_TAU_MIN_CONVERSIONS = 10


def msprt_log_lr(diff: ArrayLike, var: ArrayLike, tau2: ArrayLike) -> FloatArray:
    r"""Log of the normal-mixture likelihood ratio for ``H0: theta = 0`` (Johari, Pekelis & Walsh 2017).

    With ``diff`` the estimate of ``theta``, ``var`` its variance and a ``N(0, tau2)`` mixture over
    ``theta``:

    .. math:: \Lambda = \sqrt{\frac{V}{V+\tau^2}}\;\exp\Big(\frac{\tau^2\,\hat\theta^2}{2V(V+\tau^2)}\Big)

    Vectorised over numpy arrays; the always-valid p-value is the running minimum of ``exp(-log_lr)``.
    """
    d, v, t = (np.asarray(x, dtype=np.float64) for x in (diff, var, tau2))
    return np.asarray(0.5 * np.log(v / (v + t)) + t * d**2 / (2.0 * v * (v + t)), dtype=np.float64)


def msprt_half_width(var: ArrayLike, tau2: ArrayLike, alpha: float) -> FloatArray:
    r"""Half-width of the mSPRT confidence sequence: the ``theta`` with ``Lambda(theta) < 1/alpha``.

    .. math:: h = \sqrt{\frac{V(V+\tau^2)}{\tau^2}\Big(2\log\frac1\alpha + \log\frac{V+\tau^2}{V}\Big)}
    """
    v, t = (np.asarray(x, dtype=np.float64) for x in (var, tau2))
    return np.asarray(
        np.sqrt(v * (v + t) / t * (-2.0 * math.log(alpha) + np.log((v + t) / v))), dtype=np.float64
    )


def gbstats_rho(alpha: float, tuning_n: float) -> float:
    r"""Mixing parameter of gbstats' sequential test (Waudby-Smith et al. 2023, eq. 161).

    Tuned so the sequence is tightest near ``tuning_n`` units.

    .. math:: \rho = \sqrt{\big(-2\log\alpha + \log(1 - 2\log\alpha)\big) / n^*}

    Its asymptotic confidence sequence (their eq. 9) equals :func:`msprt_half_width` with
    ``tau2 = rho^2 * V * N`` (``N`` units in both arms): a normal mixture whose variance scales with the
    per-unit variance.
    """
    return math.sqrt((-2.0 * math.log(alpha) + math.log(-2.0 * math.log(alpha) + 1.0)) / tuning_n)


class SequentialLook(_Model):
    """One daily look: cumulative counts, lifts, intervals and the always-valid p-value.

    ``ci_*`` is the interval of this look alone; ``cs_*`` the running intersection of all looks so far
    (the confidence sequence, consistent with the running-minimum ``p_value``).
    """

    day: date
    control_visitors: int
    control_conversions: int
    variant_visitors: int
    variant_conversions: int
    absolute_lift: float | None
    ci_low: float | None
    ci_high: float | None
    cs_low: float | None
    cs_high: float | None
    relative_lift: float | None
    relative_ci_low: float | None
    relative_ci_high: float | None
    relative_cs_low: float | None
    relative_cs_high: float | None
    p_value: float


class SequentialComparison(Comparison):
    """One variant against control over all looks; the headline figures are those of the last look."""

    looks: list[SequentialLook]
    absolute_lift: float | None
    absolute_cs_low: float | None
    absolute_cs_high: float | None
    relative_lift: float | None
    relative_cs_low: float | None
    relative_cs_high: float | None
    p_value: float
    first_significant_day: date | None


class SequentialResult(ResultBase[ArmSummary, SequentialComparison]):
    """Always-valid analysis: valid whenever the marketer looks and whenever the test is stopped."""

    method: SequentialMethod
    alpha: float
    alpha_per_comparison: float
    correction: Literal["bonferroni", "none"]
    tau: float | None
    tau_source: str | None
    tuning_n: float | None
    days: list[date]


def _pick_tau(series: CumulativeSeries, baseline_rate: float | None) -> tuple[float | None, str | None]:
    if baseline_rate is not None:
        return (
            DEFAULT_TAU_RELATIVE * baseline_rate,
            f"{DEFAULT_TAU_RELATIVE:g} x baseline_rate {baseline_rate:g}",
        )
    pooled = []
    for i, d in enumerate(series.days):
        conv = sum(series.conversions[a][i] for a in series.arms)
        vis = sum(series.visitors[a][i] for a in series.arms)
        pooled.append((d, conv, vis))
    usable = [(d, c, n) for d, c, n in pooled if 0 < c < n]
    pick = next(((d, c, n) for d, c, n in usable if c >= _TAU_MIN_CONVERSIONS), None)
    if pick is None and usable:
        pick = usable[-1]
    if pick is None:
        return None, None
    d, c, n = pick
    rate = c / n
    return DEFAULT_TAU_RELATIVE * rate, f"{DEFAULT_TAU_RELATIVE:g} x pooled rate {rate:.6g} on {d}"


def analyze_sequential(
    daily: Sequence[DailyCounts] | CumulativeSeries,
    *,
    arms: Sequence[str] | None = None,
    control: str | None = None,
    alpha: float = 0.05,
    method: SequentialMethod = "msprt",
    tau: float | None = None,
    baseline_rate: float | None = None,
    tuning_n: float = 5000.0,
    correction: Literal["bonferroni", "none"] = "bonferroni",
) -> SequentialResult:
    r"""Always-valid p-values and confidence sequences from daily counts (one look per day).

    At each look, with cumulative rates ``p_c``, ``p_v``: ``theta_hat = p_v - p_c`` and
    ``V = p_c(1-p_c)/n_c + p_v(1-p_v)/n_v`` (normal approximation, unpooled).

    * ``method="msprt"`` (default): the mixture SPRT of Johari, Pekelis & Walsh (2017, "Always valid
      inference", Optimizely's stats engine) with a ``N(0, tau^2)`` mixture over the absolute lift
      (:func:`msprt_log_lr`). Always-valid p-value ``p_n = min(p_{n-1}, 1/Lambda_n)`` (monotone
      non-increasing); confidence sequence ``theta_hat ± h`` (:func:`msprt_half_width`) intersected over
      looks. Default ``tau = 0.2 x baseline`` (a 20% relative lift; see :data:`DEFAULT_TAU_RELATIVE`).
      ``baseline`` is ``baseline_rate`` if given (the planned baseline: preferred), else the
      pooled rate over all arms at the first look with >= 10 conversions; that look and rate stay fixed as
      days are added, and the pooled rate carries (asymptotically) no information on the lift under H0.
    * ``method="gbstats_asymptotic"``: GrowthBook's asymptotic confidence sequence (Waudby-Smith et al.
      2023, eq. 9/155/161 as in gbstats ``SequentialTwoSidedTTest``), tuned by ``tuning_n`` (gbstats
      default 5000 units); the same normal mixture with ``tau^2 = rho^2 V N``.

    Relative-lift intervals use the same critical multiplier ``h / sqrt(V)`` on the delta-method standard
    error. With more than one variant ``alpha`` is split by Bonferroni (valid for always-valid p-values).
    Verdict: ``winner``/``loser`` once the p-value is <= the per-comparison alpha (the sign is that of the
    confidence sequence, which then excludes 0).
    """
    check_alpha(alpha)
    if method not in ("msprt", "gbstats_asymptotic"):
        raise InvalidInputError(f"unknown method {method!r}", hint="use 'msprt' or 'gbstats_asymptotic'")
    if correction not in ("bonferroni", "none"):
        raise InvalidInputError(f"unknown correction {correction!r}", hint="use 'bonferroni' or 'none'")
    if tau is not None and not (math.isfinite(tau) and tau > 0):
        raise InvalidInputError(f"tau must be positive (got {tau})", hint="mixing SD of the absolute lift")
    if baseline_rate is not None and not (math.isfinite(baseline_rate) and 0 < baseline_rate < 1):
        raise InvalidInputError(f"baseline_rate must be in (0, 1) (got {baseline_rate})", hint="e.g. 0.03")
    if not (math.isfinite(tuning_n) and tuning_n > 0):
        raise InvalidInputError(f"tuning_n must be positive (got {tuning_n})", hint="gbstats default 5000")
    if isinstance(daily, CumulativeSeries):
        series = daily
        if arms is not None and list(arms) != series.arms:
            raise InvalidInputError("arms do not match the series' arms", hint="leave arms out for a series")
    else:
        series = cumulative_by_arm(daily, arms)
    final = order_arms(series.final(), control)
    names = [a.name for a in final]
    reason = global_reason(final)
    n_cmp = max(len(final) - 1, 1)
    a_cmp = alpha / n_cmp if correction == "bonferroni" else alpha

    tau_used, tau_source = (tau, "given") if tau is not None else _pick_tau(series, baseline_rate)
    notes: list[str] = []
    rho = gbstats_rho(a_cmp, tuning_n) if method == "gbstats_asymptotic" else None
    if method == "msprt":
        if tau_used is None:
            reason = reason or "no_conversions"
        else:
            notes.append(f"mSPRT normal mixture with tau = {tau_used:.6g} ({tau_source}).")
    else:
        notes.append(f"gbstats asymptotic confidence sequence tuned to n* = {tuning_n:g} units.")
    if n_cmp > 1 and a_cmp != alpha:
        notes.append(f"Bonferroni over {n_cmp} comparisons: each at alpha = {a_cmp:.6g}.")

    comparisons: list[SequentialComparison] = []
    for v in names[1:]:
        comparisons.append(
            _comparison(
                series, names[0], v, a_cmp, tau_used if method == "msprt" else None, rho, reason, notes
            )
        )
    best = None
    if comparisons:
        best = best_of(names[0], [(c.variant, c.verdict, c.absolute_lift) for c in comparisons])
    return SequentialResult(
        method=method,
        alpha=alpha,
        alpha_per_comparison=a_cmp,
        correction=correction,
        tau=tau_used if method == "msprt" else None,
        tau_source=tau_source if method == "msprt" else None,
        tuning_n=tuning_n if method == "gbstats_asymptotic" else None,
        control=names[0] if names else None,
        days=series.days,
        arms=[ArmSummary.of(a) for a in final],
        comparisons=comparisons,
        best_arm=best,
        reason=reason,
        notes=notes,
    )


class _Running:
    """Running intersection of intervals; restarts from the current interval if they stop overlapping."""

    def __init__(self) -> None:
        self.low, self.high, self.restarted = -math.inf, math.inf, False

    def update(self, low: float, high: float) -> None:
        new_low, new_high = max(self.low, low), min(self.high, high)
        if new_low > new_high:
            new_low, new_high, self.restarted = low, high, True
        self.low, self.high = new_low, new_high

    def get(self) -> tuple[float | None, float | None]:
        return (self.low, self.high) if math.isfinite(self.low) else (None, None)


def _look_stats(
    c: ArmCounts, v: ArmCounts, alpha: float, tau: float | None, rho: float | None
) -> tuple[dict[str, float | None], float | None]:
    """Lifts and this look's intervals, and the look's p-value (``None`` when it carries no information)."""
    stats: dict[str, float | None] = {}
    p_c, p_v = c.conversions / c.visitors, v.conversions / v.visitors
    var = p_c * (1 - p_c) / c.visitors + p_v * (1 - p_v) / v.visitors
    diff = p_v - p_c
    stats["absolute_lift"] = diff
    if p_c > 0:
        stats["relative_lift"] = p_v / p_c - 1.0
    if var <= 0:
        return stats, None
    t2 = tau**2 if tau is not None else (rho or 0.0) ** 2 * var * (c.visitors + v.visitors)
    p_look = min(float(np.exp(-msprt_log_lr(diff, var, t2))), 1.0)
    half = float(msprt_half_width(var, t2, alpha))
    stats["ci_low"], stats["ci_high"] = diff - half, diff + half
    if p_c > 0:
        rel = p_v / p_c - 1.0
        h_rel = half / math.sqrt(var) * relative_lift_se(p_c, c.visitors, p_v, v.visitors)
        stats["relative_ci_low"], stats["relative_ci_high"] = rel - h_rel, rel + h_rel
    return stats, p_look


def _comparison(
    series: CumulativeSeries,
    control: str,
    variant: str,
    alpha: float,
    tau: float | None,
    rho: float | None,
    reason: str | None,
    notes: list[str],
) -> SequentialComparison:
    looks: list[SequentialLook] = []
    p_run = 1.0
    cs_abs, cs_rel = _Running(), _Running()
    first_sig: date | None = None
    for i, day in enumerate(series.days):
        vis, conv = series.visitors, series.conversions
        c = ArmCounts(name=control, visitors=vis[control][i], conversions=conv[control][i])
        v = ArmCounts(name=variant, visitors=vis[variant][i], conversions=conv[variant][i])
        stats: dict[str, float | None] = {}
        if reason is None and pair_reason(c, v) is None:
            stats, p_look = _look_stats(c, v, alpha, tau, rho)
            if p_look is not None:
                p_run = min(p_run, p_look)
            for run, key in ((cs_abs, "ci"), (cs_rel, "relative_ci")):
                lo, hi = stats.get(f"{key}_low"), stats.get(f"{key}_high")
                if lo is not None and hi is not None:
                    run.update(lo, hi)
        stats["cs_low"], stats["cs_high"] = cs_abs.get()
        stats["relative_cs_low"], stats["relative_cs_high"] = cs_rel.get()
        if first_sig is None and p_run <= alpha:
            first_sig = day
        looks.append(
            SequentialLook(
                day=day,
                control_visitors=c.visitors,
                control_conversions=c.conversions,
                variant_visitors=v.visitors,
                variant_conversions=v.conversions,
                absolute_lift=stats.get("absolute_lift"),
                ci_low=stats.get("ci_low"),
                ci_high=stats.get("ci_high"),
                cs_low=stats.get("cs_low"),
                cs_high=stats.get("cs_high"),
                relative_lift=stats.get("relative_lift"),
                relative_ci_low=stats.get("relative_ci_low"),
                relative_ci_high=stats.get("relative_ci_high"),
                relative_cs_low=stats.get("relative_cs_low"),
                relative_cs_high=stats.get("relative_cs_high"),
                p_value=p_run,
            )
        )
    if cs_abs.restarted or cs_rel.restarted:
        notes.append(
            f"{variant}: intervals of successive looks stopped overlapping; the effect seems to change "
            "over time (novelty effect, mix shift?), so the confidence sequence restarted from the look "
            "that disagreed."
        )
    last = looks[-1] if looks else None
    verdict: Verdict = "inconclusive"
    if last is not None and p_run <= alpha:
        lo, hi, lift = last.cs_low, last.cs_high, last.absolute_lift or 0.0
        if (lo is not None and lo > 0) or (lo is None and lift > 0):
            verdict = "winner"
        elif (hi is not None and hi < 0) or (hi is None and lift < 0):
            verdict = "loser"
    final_reason = reason
    if final_reason is None:
        final = series.final()
        by = {a.name: a for a in final}
        final_reason = pair_reason(by[control], by[variant])
    return SequentialComparison(
        variant=variant,
        control=control,
        looks=looks,
        absolute_lift=last.absolute_lift if last else None,
        absolute_cs_low=last.cs_low if last else None,
        absolute_cs_high=last.cs_high if last else None,
        relative_lift=last.relative_lift if last else None,
        relative_cs_low=last.relative_cs_low if last else None,
        relative_cs_high=last.relative_cs_high if last else None,
        p_value=p_run,
        first_significant_day=first_sig,
        verdict=verdict,
        reason=final_reason,
    )
