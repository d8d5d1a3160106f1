"""Bayesian analysis with conjugate Beta posteriors (and a gbstats-compatible Gaussian mode)."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Literal

import numpy as np
from scipy.integrate import IntegrationWarning, quad
from scipy.special import betainc, betaincinv
from scipy.stats import norm

from textops.errors import InvalidInputError
from textops.experiments._frequentist import relative_lift_se
from textops.experiments._models import (
    ArmCounts,
    FloatArray,
    IntervalComparison,
    ResultBase,
    Verdict,
    _Model,
    check_alpha,
    finite,
    global_reason,
    neutral,
    order_arms,
    pair_reason,
)

__all__ = [
    "BayesianArm",
    "BayesianComparison",
    "BayesianResult",
    "analyze_bayesian",
    "chance_to_beat_exact",
    "gaussian_risk",
]

Approximation = Literal["exact", "gaussian"]


class BayesianArm(_Model):
    """One arm's Beta posterior, credible interval and Monte-Carlo race figures (``None`` if undefined)."""

    name: str
    visitors: int
    conversions: int
    posterior_alpha: float
    posterior_beta: float
    posterior_mean: float
    ci_low: float
    ci_high: float
    chance_to_be_best: float | None
    chance_to_be_best_mc_se: float | None
    expected_loss: float | None
    expected_loss_mc_se: float | None


class BayesianComparison(IntervalComparison):
    """One variant against control.

    ``risk_variant`` is the expected loss of shipping the variant, ``E[max(p_c - p_v, 0)]`` (conversion-rate
    points); ``risk_control`` that of keeping control. ``*_relative`` are the same on the relative-lift scale
    (gbstats' convention). Lifts are posterior medians (exact mode) or normal means (gaussian mode).
    ``*_mc_se`` are Monte-Carlo standard errors (``None`` for closed-form figures).
    """

    chance_to_beat_control: float | None
    chance_to_beat_control_mc_se: float | None
    chance_method: Literal["exact_integration", "gaussian_relative", "gaussian_absolute"] | None
    risk_variant: float | None
    risk_variant_mc_se: float | None
    risk_control: float | None
    risk_control_mc_se: float | None
    risk_variant_relative: float | None
    risk_control_relative: float | None


class BayesianResult(ResultBase[BayesianArm, BayesianComparison]):
    """Bayesian analysis of all arms; ``best_arm`` is the arm with chance to be best >= the threshold."""

    method: Literal["beta_binomial"] = "beta_binomial"
    approximation: Approximation
    prior_a: float
    prior_b: float
    credible_level: float
    decision_threshold: float
    draws: int
    seed: int


def chance_to_beat_exact(a_c: float, b_c: float, a_v: float, b_v: float) -> float:
    r"""Exact ``P(p_v > p_c)`` for independent ``p_c ~ Beta(a_c, b_c)``, ``p_v ~ Beta(a_v, b_v)``.

    .. math:: P(p_v > p_c) = \int_0^1 f_v(x) F_c(x)\,dx = \int_0^1 F_c\big(F_v^{-1}(u)\big)\,du

    The second form (substituting ``u = F_v(x)``) has a bounded, smooth integrand on [0, 1] even when the
    posteriors are very concentrated; it is integrated with ``scipy.integrate.quad`` using the regularised
    incomplete beta function and its inverse (``scipy.special.betainc``/``betaincinv``: the Beta cdf/ppf).
    """

    def integrand(u: float) -> float:
        return float(betainc(a_c, b_c, betaincinv(a_v, b_v, u)))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IntegrationWarning)
        val, _ = quad(integrand, 0.0, 1.0, limit=200, epsabs=1e-9, epsrel=1e-9)
    return min(max(float(val), 0.0), 1.0)


def gaussian_risk(mean: float, sd: float) -> tuple[float, float]:
    r"""``(E[max(X, 0)], E[max(-X, 0)])`` for ``X ~ N(mean, sd^2)``: the risk of control and of the variant.

    .. math:: E[\max(X,0)] = \mu\,\Phi(\mu/\sigma) + \sigma\,\varphi(\mu/\sigma)

    (equal to gbstats' truncated-normal expression ``P(X>0) E[X | X>0]``).
    """
    if sd <= 0:
        return max(mean, 0.0), max(-mean, 0.0)
    z = mean / sd
    pos = mean * float(norm.cdf(z)) + sd * float(norm.pdf(z))
    neg = -mean * float(norm.cdf(-z)) + sd * float(norm.pdf(z))
    return max(pos, 0.0), max(neg, 0.0)


def _quantiles(x: FloatArray, level: float) -> tuple[float, float, float]:
    q = np.quantile(x, [(1 - level) / 2, 0.5, (1 + level) / 2])
    return float(q[1]), float(q[0]), float(q[2])


def _mc_mean(x: FloatArray) -> tuple[float, float]:
    return float(x.mean()), float(x.std(ddof=1) / math.sqrt(x.size))


def _neutral(control: str, variant: str, reason: str) -> BayesianComparison:
    return neutral(BayesianComparison, reason, variant=variant, control=control)


def _verdict(ctb: float, threshold: float) -> Verdict:
    if ctb >= threshold:
        return "winner"
    if ctb <= 1 - threshold:
        return "loser"
    return "inconclusive"


def _exact_pair(
    c: ArmCounts, v: ArmCounts, xc: FloatArray, xv: FloatArray, prior: tuple[float, float], level: float
) -> dict[str, float | None]:
    a, b = prior
    a_c, b_c = a + c.conversions, b + c.visitors - c.conversions
    ctb = chance_to_beat_exact(a_c, b_c, a + v.conversions, b + v.visitors - v.conversions)
    diff = xv - xc
    abs_mid, abs_lo, abs_hi = _quantiles(diff, level)
    risk_v, risk_v_se = _mc_mean(np.maximum(-diff, 0.0))
    risk_c, risk_c_se = _mc_mean(np.maximum(diff, 0.0))
    out: dict[str, float | None] = {
        "chance_to_beat_control": ctb,
        "absolute_lift": abs_mid,
        "absolute_ci_low": abs_lo,
        "absolute_ci_high": abs_hi,
        "risk_variant": risk_v,
        "risk_variant_mc_se": risk_v_se,
        "risk_control": risk_c,
        "risk_control_mc_se": risk_c_se,
    }
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        rel = diff / xc
    if bool(np.all(np.isfinite(rel))):
        out["relative_lift"], out["relative_ci_low"], out["relative_ci_high"] = _quantiles(rel, level)
        out["risk_variant_relative"] = finite(np.maximum(-rel, 0.0).mean())
        out["risk_control_relative"] = finite(np.maximum(rel, 0.0).mean())
    return out


def _gaussian_pair(c: ArmCounts, v: ArmCounts, level: float) -> tuple[dict[str, float | None], str]:
    n_c, n_v = c.visitors, v.visitors
    p_c, p_v = c.conversions / n_c, v.conversions / n_v
    z = float(norm.isf((1 - level) / 2))
    abs_mean = p_v - p_c
    abs_sd = math.sqrt(p_c * (1 - p_c) / n_c + p_v * (1 - p_v) / n_v)
    risk_c, risk_v = gaussian_risk(abs_mean, abs_sd)
    out: dict[str, float | None] = {
        "absolute_lift": abs_mean,
        "absolute_ci_low": abs_mean - z * abs_sd,
        "absolute_ci_high": abs_mean + z * abs_sd,
        "risk_variant": risk_v,
        "risk_control": risk_c,
    }
    mean, sd, method = abs_mean, abs_sd, "gaussian_absolute"
    if p_c > 0:
        mean, sd, method = p_v / p_c - 1.0, relative_lift_se(p_c, n_c, p_v, n_v), "gaussian_relative"
        out["relative_lift"], out["relative_ci_low"], out["relative_ci_high"] = (
            mean,
            mean - z * sd,
            mean + z * sd,
        )
        out["risk_control_relative"], out["risk_variant_relative"] = gaussian_risk(mean, sd)
    out["chance_to_beat_control"] = (
        float(norm.sf(0.0, loc=mean, scale=sd)) if sd > 0 else (1.0 if mean > 0 else 0.0 if mean < 0 else 0.5)
    )
    return out, method


def analyze_bayesian(
    arms: Sequence[ArmCounts],
    *,
    control: str | None = None,
    prior_a: float = 1.0,
    prior_b: float = 1.0,
    credible_level: float = 0.95,
    decision_threshold: float = 0.95,
    approximation: Approximation = "exact",
    draws: int = 100_000,
    seed: int = 20_240_601,
) -> BayesianResult:
    r"""Beta-Binomial analysis: posteriors ``p_i ~ Beta(prior_a + conversions_i, prior_b + failures_i)``.

    Per arm: posterior mean, equal-tailed ``credible_level`` interval (Beta quantiles,
    ``scipy.special.betaincinv``), and from ``draws`` seeded Monte-Carlo draws of all posteriors: chance
    to be best ``P(p_i = max_j p_j)`` and expected loss ``E[max_j p_j - p_i]``, each with its Monte-Carlo
    standard error (``sqrt(P(1-P)/draws)`` and ``sd/sqrt(draws)``). Arms without traffic are left out of
    the race.

    Per variant against control, ``approximation``:

    * ``"exact"`` (default): chance to beat control by numerical integration
      (:func:`chance_to_beat_exact`); lifts (posterior medians), credible intervals and risks
      ``E[max(p_c - p_v, 0)]`` from the same Monte-Carlo draws, with standard errors.
    * ``"gaussian"``: gbstats' approach (``EffectBayesianABTest`` with its default flat prior): the relative
      lift is ``N(p_v/p_c - 1, delta-method variance)`` from the *observed* rates (the Beta prior is
      ignored); chance to beat = ``P(N > 0)``, normal credible interval, closed-form risks
      (:func:`gaussian_risk`). Falls back to the absolute difference when control has no conversions.

    Verdict: ``winner`` if chance to beat control >= ``decision_threshold``, ``loser`` if <= 1 - threshold.
    Degenerate data gives neutral comparisons with a ``reason`` code.
    """
    if not (math.isfinite(prior_a) and math.isfinite(prior_b) and prior_a > 0 and prior_b > 0):
        raise InvalidInputError(
            f"Beta prior parameters must be positive (got {prior_a}, {prior_b})", hint="default is Beta(1, 1)"
        )
    check_alpha(credible_level, "credible_level")
    if not 0.5 < decision_threshold < 1:
        raise InvalidInputError(
            f"decision_threshold must be between 0.5 and 1 (got {decision_threshold})", hint="e.g. 0.95"
        )
    if approximation not in ("exact", "gaussian"):
        raise InvalidInputError(f"unknown approximation {approximation!r}", hint="use 'exact' or 'gaussian'")
    if draws < 1000:
        raise InvalidInputError(f"draws must be at least 1000 (got {draws})", hint="default 100000")
    ordered = order_arms(arms, control)
    reason = global_reason(ordered)
    post = [(prior_a + a.conversions, prior_b + a.visitors - a.conversions) for a in ordered]
    rng = np.random.default_rng(seed)
    samples: FloatArray = np.empty((draws, len(post)))
    for j, (pa, pb) in enumerate(post):
        samples[:, j] = rng.beta(pa, pb, size=draws)
    lo_q, hi_q = (1 - credible_level) / 2, (1 + credible_level) / 2

    racing = [i for i, a in enumerate(ordered) if a.visitors > 0] if reason is None else []
    best_p: dict[int, tuple[float, float]] = {}
    loss: dict[int, tuple[float, float]] = {}
    if len(racing) >= 2:
        sub = samples[:, racing]
        winners = np.bincount(np.argmax(sub, axis=1), minlength=len(racing))
        top = sub.max(axis=1)
        for j, i in enumerate(racing):
            p = float(winners[j]) / draws
            best_p[i] = (p, math.sqrt(p * (1 - p) / draws))
            loss[i] = _mc_mean(top - sub[:, j])
    arm_out = [
        BayesianArm(
            name=a.name,
            visitors=a.visitors,
            conversions=a.conversions,
            posterior_alpha=pa,
            posterior_beta=pb,
            posterior_mean=pa / (pa + pb),
            ci_low=float(betaincinv(pa, pb, lo_q)),
            ci_high=float(betaincinv(pa, pb, hi_q)),
            chance_to_be_best=best_p[i][0] if i in best_p else None,
            chance_to_be_best_mc_se=best_p[i][1] if i in best_p else None,
            expected_loss=loss[i][0] if i in loss else None,
            expected_loss_mc_se=loss[i][1] if i in loss else None,
        )
        for i, (a, (pa, pb)) in enumerate(zip(ordered, post, strict=True))
    ]

    comparisons: list[BayesianComparison] = []
    for i in range(1, len(ordered)):
        c, v = ordered[0], ordered[i]
        why = reason or pair_reason(c, v)
        if why is not None:
            comparisons.append(_neutral(c.name, v.name, why))
            continue
        if approximation == "exact":
            fields = _exact_pair(c, v, samples[:, 0], samples[:, i], (prior_a, prior_b), credible_level)
            method: str = "exact_integration"
        else:
            fields, method = _gaussian_pair(c, v, credible_level)
        base = _neutral(c.name, v.name, "").model_dump()
        base.update(fields)
        ctb = fields["chance_to_beat_control"]
        base.update(
            chance_method=method,
            reason=None,
            verdict=_verdict(0.5 if ctb is None else ctb, decision_threshold),
        )
        comparisons.append(BayesianComparison(**base))

    best = None
    if best_p:
        i_best = max(best_p, key=lambda i: best_p[i][0])
        best = ordered[i_best].name if best_p[i_best][0] >= decision_threshold else None
    notes = [
        f"Posteriors Beta({prior_a:g} + conversions, {prior_b:g} + non-conversions); {credible_level:.0%} "
        f"equal-tailed credible intervals; Monte-Carlo figures from {draws} draws (seed {seed}).",
    ]
    if approximation == "gaussian":
        notes.append(
            "Comparisons use gbstats' Gaussian approximation of the relative lift (delta method, flat "
            "prior); per-arm figures still use the Beta posteriors."
        )
    return BayesianResult(
        approximation=approximation,
        prior_a=prior_a,
        prior_b=prior_b,
        credible_level=credible_level,
        decision_threshold=decision_threshold,
        draws=draws,
        seed=seed,
        control=ordered[0].name if ordered else None,
        arms=arm_out,
        comparisons=comparisons,
        best_arm=best,
        reason=reason,
        notes=notes,
    )
