"""One read of an experiment's daily counts: health checks, the three read-outs and the one decision.

The API and the web UI (:func:`~textops.experiments.analyses`, counts from the store) and ``textops
experiment analyze`` (counts from a CSV) all read through :func:`read_out`, so the same counts give the same
decision everywhere. :meth:`ReadOut.arm_lines` is the per-arm table a person reads: rate, lift over the
control with its interval, the read-out's evidence and its verdict in the decision's words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from textops.experiments._bayesian import BayesianResult, analyze_bayesian
from textops.experiments._decision import Decision, decide
from textops.experiments._frequentist import FrequentistResult, analyze_frequentist
from textops.experiments._health import HealthReport, check_health
from textops.experiments._models import CumulativeSeries, DailyCounts, _Model, cumulative_by_arm
from textops.experiments._sequential import SequentialResult, analyze_sequential
from textops.experiments._views import p_text, pct, reason_words

__all__ = ["ArmLine", "Method", "ReadOut", "read_out"]

Method = Literal["frequentist", "bayesian", "sequential"]
"""A read-out method."""


class ArmLine(_Model):
    """One arm of a read-out as a person reads it: counts, then texts ready to show.

    ``rate`` is the observed conversion rate (``5.00%``); for a variant, ``lift`` is its relative lift over
    the control (``+12.0%``), ``interval`` that lift's interval (``−2.0% to +25.1%``; its kind is
    :meth:`ReadOut.interval_name`), ``evidence`` the read-out's figure (the always-valid p-value, the
    p-value, adjusted when there are several variants, or the chance to beat the control) or why there is
    none, and ``verdict`` the decision's word for it ("better", "no clear difference yet", "not readable:
    data problem", ...). The control's lift, interval and evidence are empty and its verdict is "control".
    """

    arm: str
    control: bool
    visitors: int
    conversions: int
    rate: str
    lift: str
    interval: str
    evidence: str
    verdict: str


class ReadOut(_Model):
    """The health checks, the sequential, frequentist and Bayesian read-outs, and the decision from them."""

    health: HealthReport
    sequential: SequentialResult
    frequentist: FrequentistResult
    bayesian: BayesianResult
    decision: Decision

    def result(self, method: Method) -> FrequentistResult | BayesianResult | SequentialResult:
        """The read-out of ``method``."""
        if method == "frequentist":
            return self.frequentist
        if method == "bayesian":
            return self.bayesian
        return self.sequential

    def interval_name(self, method: Method) -> str:
        """What kind of interval :attr:`ArmLine.interval` is for ``method``: ``always-valid 95% interval``."""
        if method == "frequentist":
            return f"{_level(self.frequentist.ci_level)} confidence interval"
        if method == "bayesian":
            return f"{_level(self.bayesian.credible_level)} credible interval"
        return f"always-valid {_level(1 - self.sequential.alpha_per_comparison)} interval"

    def arm_lines(self, method: Method) -> list[ArmLine]:
        """Every arm, control first, with the lift, interval, evidence and verdict of ``method``."""
        words = self.decision.verdict_words.get(method, {})
        figures: dict[str, tuple[str, str, str]] = {}
        if method == "sequential":
            for s in self.sequential.comparisons:
                figures[s.variant] = (
                    pct(s.relative_lift, sign=True),
                    _between(s.relative_cs_low, s.relative_cs_high),
                    reason_words(s.reason) if s.reason else f"always-valid {p_text(s.p_value)}",
                )
        elif method == "frequentist":
            fr = self.frequentist
            adjusted = "adjusted " if fr.correction != "none" and len(fr.comparisons) > 1 else ""
            for f in fr.comparisons:
                figures[f.variant] = (
                    pct(f.relative_lift, sign=True),
                    _between(f.relative_ci_low, f.relative_ci_high),
                    reason_words(f.reason) if f.reason else adjusted + p_text(f.p_value_adjusted),
                )
        else:
            for b in self.bayesian.comparisons:
                figures[b.variant] = (
                    pct(b.relative_lift, sign=True),
                    _between(b.relative_ci_low, b.relative_ci_high),
                    reason_words(b.reason)
                    if b.reason or b.chance_to_beat_control is None
                    else f"{_chance(b.chance_to_beat_control)} chance to beat the control",
                )
        control = self.sequential.control
        lines = []
        for a in self.sequential.arms:
            lift, between, evidence = figures.get(a.name, ("", "", ""))
            lines.append(
                ArmLine(
                    arm=a.name,
                    control=a.name == control,
                    visitors=a.visitors,
                    conversions=a.conversions,
                    rate=pct(a.rate, 2),
                    lift=lift,
                    interval=between,
                    evidence=evidence,
                    verdict="control" if a.name == control else words.get(a.name, ""),
                )
            )
        return lines


def _level(level: float) -> str:
    """An interval's level: ``95%``, ``97.5%`` (not rounded to ``98%``)."""
    return pct(level, 0) if round(100 * level, 6).is_integer() else pct(level, 1)


def _chance(p: float) -> str:
    """A probability in whole percent, never a certainty it is not: ``> 99%``, ``< 1%``."""
    if p > 0.99:
        return "> 99%"
    if p < 0.01:
        return "< 1%"
    return pct(p, 0)


def _between(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return "–"
    return f"{pct(low, 1, sign=True)} to {pct(high, 1, sign=True)}"


def read_out(
    daily: Sequence[DailyCounts] | CumulativeSeries,
    *,
    arms: Sequence[str] | None = None,
    control: str | None = None,
    alpha: float = 0.05,
    correction: Literal["holm", "bh", "none"] = "holm",
    planned_split: Sequence[float] | Mapping[str, float] | None = None,
    planned_n_per_arm: int | Sequence[int] | None = None,
) -> ReadOut:
    """Health checks, the three read-outs and the decision (:func:`~textops.experiments.decide`) of counts.

    ``daily`` are incremental daily rows (or their cumulative series); ``arms`` fixes the arm names and
    order (default: order of first appearance); ``control`` is the control arm (default: the first arm).
    ``alpha`` is the significance level of the sequential and frequentist read-outs, ``correction`` the
    frequentist multiple-comparison correction; ``planned_split`` and ``planned_n_per_arm`` feed the health
    checks and the decision's target sample.
    """
    series = daily if isinstance(daily, CumulativeSeries) else cumulative_by_arm(daily, arms=arms)
    totals = series.final()
    health = check_health(daily=series, planned_split=planned_split, planned_n_per_arm=planned_n_per_arm)
    sequential = analyze_sequential(series, control=control, alpha=alpha)
    frequentist = analyze_frequentist(totals, control=control, alpha=alpha, correction=correction)
    bayesian = analyze_bayesian(totals, control=control)
    decision = decide(
        health, sequential, frequentist=frequentist, bayesian=bayesian, planned_n_per_arm=planned_n_per_arm
    )
    return ReadOut(
        health=health, sequential=sequential, frequentist=frequentist, bayesian=bayesian, decision=decision
    )
