"""A/A simulation showing why daily peeking needs the sequential analysis (vectorised with numpy)."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray
from scipy.stats import norm

from textops.errors import InvalidInputError
from textops.experiments._models import FloatArray, _Model, check_alpha
from textops.experiments._sequential import (
    _TAU_MIN_CONVERSIONS,
    DEFAULT_TAU_RELATIVE,
    gbstats_rho,
    msprt_log_lr,
)

__all__ = ["AASimulation", "simulate_aa_peeking"]

IntArray = NDArray[np.int64]


class AASimulation(_Model):
    """False-positive rates over simulated A/A tests (both arms share ``rate``), with binomial SEs."""

    n_sims: int
    days: int
    daily_visitors_per_arm: float
    rate: float
    alpha: float
    seed: int
    fpr_msprt_peeking: float
    fpr_gbstats_peeking: float
    fpr_fixed_peeking: float
    fpr_fixed_end_only: float
    standard_error_at_alpha: float


def simulate_counts(
    n_sims: int,
    days: int,
    daily_visitors_per_arm: float,
    rate: float,
    seed: int,
    rate_variant: float | None = None,
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Cumulative (visitors_c, conversions_c, visitors_v, conversions_v), each of shape (n_sims, days).

    Daily visitors per arm are Poisson(``daily_visitors_per_arm``), conversions Binomial(visitors, rate)
    (``rate_variant`` for the variant when given, else an A/A test).
    """
    rng = np.random.default_rng(seed)
    out: list[IntArray] = []
    for r in (rate, rate if rate_variant is None else rate_variant):
        vis = rng.poisson(daily_visitors_per_arm, size=(n_sims, days))
        conv = rng.binomial(vis, r)
        out += [np.cumsum(vis, axis=1), np.cumsum(conv, axis=1)]
    return out[0], out[1], out[2], out[3]


def default_tau(n_c: IntArray, x_c: IntArray, n_v: IntArray, x_v: IntArray) -> FloatArray:
    """Vectorised :func:`analyze_sequential` default tau per simulated test (NaN where undefined)."""
    conv, vis = x_c + x_v, n_c + n_v
    usable = (conv > 0) & (conv < vis)
    ok = usable & (conv >= _TAU_MIN_CONVERSIONS)
    idx = np.where(ok.any(axis=1), ok.argmax(axis=1), vis.shape[1] - 1 - usable[:, ::-1].argmax(axis=1))
    rows = np.arange(vis.shape[0])
    with np.errstate(invalid="ignore", divide="ignore"):
        tau = DEFAULT_TAU_RELATIVE * conv[rows, idx] / vis[rows, idx]
    return np.where(usable.any(axis=1), tau, np.nan)


def sequential_p_values(
    n_c: IntArray, x_c: IntArray, n_v: IntArray, x_v: IntArray, alpha: float, method: str = "msprt"
) -> FloatArray:
    """Always-valid p-values (running minimum over looks), shape (n_sims, days), as analyze_sequential."""
    with np.errstate(invalid="ignore", divide="ignore"):
        p_c, p_v = x_c / n_c, x_v / n_v
        var = p_c * (1 - p_c) / n_c + p_v * (1 - p_v) / n_v
        if method == "msprt":
            t2 = (default_tau(n_c, x_c, n_v, x_v) ** 2)[:, None] * np.ones_like(var)
        else:
            t2 = gbstats_rho(alpha, 5000.0) ** 2 * var * (n_c + n_v)
        p = np.exp(-msprt_log_lr(p_v - p_c, var, t2))
    valid = (n_c > 0) & (n_v > 0) & (var > 0) & np.isfinite(p)
    p = np.where(valid, np.minimum(p, 1.0), 1.0)
    return np.asarray(np.minimum.accumulate(p, axis=1), dtype=np.float64)


def fixed_p_values(n_c: IntArray, x_c: IntArray, n_v: IntArray, x_v: IntArray) -> FloatArray:
    """Pooled two-proportion z-test p-values at every look (1 where undefined)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = (x_c + x_v) / (n_c + n_v)
        se = np.sqrt(pooled * (1 - pooled) * (1 / n_c + 1 / n_v))
        z = (x_v / n_v - x_c / n_c) / se
    p = 2 * norm.sf(np.abs(z))
    return np.asarray(np.where(np.isfinite(p), p, 1.0), dtype=np.float64)


def simulate_aa_peeking(
    n_sims: int = 2000,
    days: int = 28,
    *,
    daily_visitors_per_arm: float = 500.0,
    rate: float = 0.05,
    alpha: float = 0.05,
    seed: int = 7,
) -> AASimulation:
    """Share of A/A tests declared significant: sequential with daily peeking vs z-test peeking / at the end.

    A test "peeks" by checking every day and stopping at the first p <= ``alpha``; for the sequential
    methods that equals the final always-valid p-value being <= ``alpha``. The standard error of an
    estimated rate near ``alpha`` is ``sqrt(alpha (1 - alpha) / n_sims)``.
    """
    check_alpha(alpha)
    check_alpha(rate, "rate")
    if n_sims < 1 or days < 1 or not (math.isfinite(daily_visitors_per_arm) and daily_visitors_per_arm > 0):
        raise InvalidInputError(
            "n_sims, days and daily_visitors_per_arm must be positive", hint="e.g. 2000 sims over 28 days"
        )
    n_c, x_c, n_v, x_v = simulate_counts(n_sims, days, daily_visitors_per_arm, rate, seed)
    seq = sequential_p_values(n_c, x_c, n_v, x_v, alpha, "msprt")
    gb = sequential_p_values(n_c, x_c, n_v, x_v, alpha, "gbstats_asymptotic")
    fixed = fixed_p_values(n_c, x_c, n_v, x_v)
    return AASimulation(
        n_sims=n_sims,
        days=days,
        daily_visitors_per_arm=daily_visitors_per_arm,
        rate=rate,
        alpha=alpha,
        seed=seed,
        fpr_msprt_peeking=float((seq[:, -1] <= alpha).mean()),
        fpr_gbstats_peeking=float((gb[:, -1] <= alpha).mean()),
        fpr_fixed_peeking=float((fixed <= alpha).any(axis=1).mean()),
        fpr_fixed_end_only=float((fixed[:, -1] <= alpha).mean()),
        standard_error_at_alpha=math.sqrt(alpha * (1 - alpha) / n_sims),
    )
