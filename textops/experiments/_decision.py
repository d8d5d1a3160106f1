"""One decision for an experiment, in plain words, from one method of record (the sequential test).

:func:`decide` turns the health checks and the read-outs into what a marketer should do next:

* ``ship`` an arm (a variant that beats the control, or the control when every variant does worse);
* ``keep_running``, with the visitors and days still needed;
* ``no_difference`` — no detectable difference (any effect is smaller than the test can find, or the
  planned sample was reached without a difference);
* ``stop_data_problem`` — a sample ratio mismatch (or counts that cannot be right): nothing can be read.

The method of record is the sequential (always-valid) test: it stays valid however often the results are
looked at, which is how dashboards are used. The fixed-horizon (frequentist) and Bayesian read-outs are
"other views" (:mod:`._views`): each gets a sentence, and a note when it disagrees with the decision and
why. No view says "better"/"winner" while a health check says it is too early.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

from scipy.stats import norm

from textops.errors import InvalidInputError
from textops.experiments._bayesian import BayesianResult
from textops.experiments._frequentist import FrequentistResult
from textops.experiments._health import DEFAULT_MIN_CONVERSIONS, DEFAULT_MIN_DAYS, HealthReport
from textops.experiments._models import ArmSummary, _Model
from textops.experiments._plan import plan_sample_size
from textops.experiments._sequential import SequentialResult, gbstats_rho, msprt_half_width
from textops.experiments._views import (
    DecisionAction,
    OtherView,
    count_text,
    interval,
    other_views,
    p_text,
    pct,
    words_for,
)

__all__ = [
    "DEFAULT_DECISION_MDE",
    "Decision",
    "decide",
    "sequential_sample_size",
]

DEFAULT_DECISION_MDE = 0.10
"""Smallest relative lift worth finding when the experiment has no plan: +/-10% of the control's rate.

It sizes the test when no ``planned_n_per_arm`` was given, and a confidence sequence that stays within
+/-10% means "no difference that matters"."""

_TOO_EARLY = frozenset({"under_one_week", "few_conversions"})
"""Health warnings that make any read-out too early, the sequential one included."""
_TOO_EARLY_FIXED = _TOO_EARLY | {"below_planned_sample"}
"""... and those that make the fixed-horizon and Bayesian read-outs too early as well."""

_TITLES: dict[str, str] = {
    "keep_running": "Keep running",
    "no_difference": "No detectable difference",
    "stop_data_problem": "Stop: data problem",
}

METHOD_NOTE = (
    "The decision comes from the sequential test (always-valid p-values and confidence sequences): it "
    "stays valid however often you look, so you can check it every day and stop as soon as it says so."
)


class Decision(_Model):
    """The experiment's decision in plain words (see :func:`decide`).

    ``verdict_words[method][variant]`` is how each read-out's verdict is shown to people: "better",
    "worse", "no clear difference", "ahead — too early to call", "no visitors yet", ...
    """

    action: DecisionAction
    arm: str | None = None
    title: str
    summary: str
    reasons: list[str]
    method: Literal["sequential"] = "sequential"
    method_note: str = METHOD_NOTE
    too_early: bool = False
    target_visitors_per_arm: int | None = None
    visitors_needed_per_arm: int | None = None
    days_needed: int | None = None
    other_views: list[OtherView]
    verdict_words: dict[str, dict[str, str]]


def _planned(planned: int | Sequence[int] | None, n_arms: int) -> list[int] | None:
    if planned is None:
        return None
    values = [int(planned)] * n_arms if isinstance(planned, int) else [int(x) for x in planned]
    return values if len(values) == n_arms and all(v > 0 for v in values) else None


def _baseline(arms: list[ArmSummary]) -> float | None:
    """The control's rate (the pooled rate when the control's is 0 or 1), or ``None``."""
    rate = arms[0].rate if arms else None
    if rate is None or not 0 < rate < 1:
        vis = sum(a.visitors for a in arms)
        rate = sum(a.conversions for a in arms) / vis if vis else None
    return rate if rate is not None and 0 < rate < 1 else None


def _planned_mde(baseline: float, planned: int, n_arms: int, alpha: float, power: float) -> float | None:
    """The relative lift a fixed-horizon test of ``planned`` visitors per arm finds with ``power``."""
    top = (1.0 / baseline - 1.0) * 0.999
    lo, hi = 1e-4, min(top, 50.0)

    def n_for(mde: float) -> int:
        return max(plan_sample_size(baseline, mde, alpha=alpha, power=power, n_arms=n_arms).n_per_arm)

    try:
        if n_for(hi) > planned:
            return None
        for _ in range(50):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if n_for(mid) > planned else (lo, mid)
    except InvalidInputError:
        return None
    return hi


def sequential_sample_size(
    baseline: float, mde: float, sequential: SequentialResult, power: float = 0.8
) -> int | None:
    r"""Visitors per arm for the sequential test to find a relative lift of ``mde`` with ``power``.

    The smallest ``n`` at which the expected absolute lift ``theta = baseline * mde`` clears the confidence
    sequence's half-width ``h(V_n)`` (:func:`~textops.experiments.msprt_half_width` with the read-out's
    ``tau``, or gbstats' ``rho``) by ``z_power`` standard errors, ``V_n = (p_c(1-p_c) + p_v(1-p_v)) / n``.
    Looking at this one ``n`` only, it slightly overstates what a test that may stop earlier needs.
    """
    p_v = baseline * (1 + mde)
    if not (0 < baseline < 1 and 0 < p_v < 1):
        return None
    theta = p_v - baseline
    unit_var = baseline * (1 - baseline) + p_v * (1 - p_v)
    z = float(norm.ppf(power))
    alpha = sequential.alpha_per_comparison
    rho = (
        gbstats_rho(alpha, sequential.tuning_n)
        if sequential.method == "gbstats_asymptotic" and sequential.tuning_n
        else None
    )
    tau2 = sequential.tau**2 if sequential.tau else None
    if tau2 is None and rho is None:
        return None

    def clears(n: int) -> bool:
        var = unit_var / n
        t2 = tau2 if tau2 is not None else (rho or 0.0) ** 2 * var * 2 * n
        return theta - z * math.sqrt(var) >= float(msprt_half_width(var, t2, alpha))

    lo, hi = 2, 2
    while not clears(hi):
        hi *= 2
        if hi > 10**12:
            return None
    while lo < hi:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if clears(mid) else (mid + 1, hi)
    return hi


def _daily_per_arm(arms: list[ArmSummary], days_running: int | None) -> float | None:
    if not arms or not days_running:
        return None
    per_day = min(a.visitors for a in arms) / days_running
    return per_day if per_day > 0 else None


def _still_needed(target: int, arms: Sequence[ArmSummary]) -> int:
    """Visitors the smallest arm still needs to reach ``target`` (0 when every arm has)."""
    return max(0, target - min(a.visitors for a in arms))


def _days_for(visitors: int, per_day: float | None) -> int | None:
    if visitors <= 0:
        return 0
    return math.ceil(visitors / per_day) if per_day else None


def decide(
    health: HealthReport,
    sequential: SequentialResult,
    *,
    frequentist: FrequentistResult | None = None,
    bayesian: BayesianResult | None = None,
    planned_n_per_arm: int | Sequence[int] | None = None,
    mde: float = DEFAULT_DECISION_MDE,
    power: float = 0.8,
    min_days: int = DEFAULT_MIN_DAYS,
    min_conversions_per_arm: int = DEFAULT_MIN_CONVERSIONS,
) -> Decision:
    """The decision from the health checks and the sequential read-out, with the other read-outs beside it.

    In order: a sample ratio mismatch (or every visitor converting, or fewer than two arms) stops the test
    (``stop_data_problem``). No visitors or no conversions yet: ``keep_running``. A variant the sequential
    test finds better — the one with the largest lift — is shipped, unless a health check says it is too
    early (under a week, or fewer than ``min_conversions_per_arm`` conversions in an arm): then
    ``keep_running`` until the checks pass, and nothing is called better. When every variant is worse,
    the control is shipped. Otherwise the difference is undecided: ``no_difference`` when every variant's
    relative confidence sequence lies within ``±mde`` (any lift is too small to matter) or each arm has
    reached its target sample (``planned_n_per_arm``, else the fixed-horizon sample to detect ``mde``)
    without a verdict; else ``keep_running`` with the visitors per arm and the days (at the traffic so far)
    still needed.
    """
    arms = list(sequential.arms)
    control = sequential.control or (arms[0].name if arms else "control")
    comps = list(sequential.comparisons)
    codes = {w.code for w in health.warnings}
    too_early_codes = codes & _TOO_EARLY
    fixed_too_early = bool(codes & _TOO_EARLY_FIXED)
    days_running = health.days_running
    per_day = _daily_per_arm(arms, days_running)
    planned = _planned(planned_n_per_arm, len(arms))
    baseline = _baseline(arms)
    goal_mde: float | None = mde
    if planned and baseline is not None:
        goal_mde = _planned_mde(baseline, max(planned), len(arms), sequential.alpha, power)
    target = (
        sequential_sample_size(baseline, goal_mde, sequential, power)
        if baseline is not None and goal_mde is not None
        else None
    )
    if planned:
        target = max(target or 0, max(planned))
    goal = f"for the sequential test to find a {pct(goal_mde, 0, sign=True)} lift" if goal_mde else "planned"
    reasons: list[str] = []
    action: DecisionAction
    arm: str | None = None
    summary: str
    needed: int | None = None
    days: int | None = None
    reason = sequential.reason

    winners = [c for c in comps if c.verdict == "winner" and c.reason is None]
    losers = [c for c in comps if c.verdict == "loser" and c.reason is None]
    undecided = [c for c in comps if c.verdict == "inconclusive"]

    def early_wait() -> tuple[int | None, int | None]:
        """Visitors per arm and days until the too-early checks pass."""
        wait_days = max(0, min_days - (days_running or 0)) if "under_one_week" in too_early_codes else 0
        wait_visitors = 0
        if "few_conversions" in too_early_codes:
            for a in arms:
                if a.conversions < min_conversions_per_arm and a.rate:
                    wait_visitors = max(
                        wait_visitors, math.ceil((min_conversions_per_arm - a.conversions) / a.rate)
                    )
        more_days = _days_for(wait_visitors, per_day)
        total_days = None if more_days is None else max(wait_days, more_days)
        return (wait_visitors or None), total_days

    def too_early_reasons() -> list[str]:
        out = []
        if "under_one_week" in too_early_codes:
            out.append(
                f"The test has run {days_running} day{'s' if days_running != 1 else ''}; wait until it has "
                f"run {min_days}, so every day of the week is counted (weekdays and weekends convert "
                "differently)."
            )
        if "few_conversions" in too_early_codes:
            few = [f"{a.name} {a.conversions}" for a in arms if a.conversions < min_conversions_per_arm]
            out.append(
                f"Some arms have fewer than {min_conversions_per_arm} conversions ({', '.join(few)}): with "
                "so few, the lift still swings from day to day."
            )
        return out

    if reason in ("no_arms", "single_arm"):
        action, summary = "stop_data_problem", "The experiment needs a control and at least one variant."
        reasons.append("Add arms to the experiment; a single arm cannot be compared with anything.")
    elif health.srm.flagged:
        action = "stop_data_problem"
        split = ", ".join(
            f"{s.name} {pct(s.observed_share)} (planned {pct(s.planned_share)})" for s in health.srm.arms
        )
        summary = "Traffic is not split between the arms as planned, so no result can be trusted."
        reasons.append(
            f"Visitors per arm: {split}. A split this uneven happens by chance with probability "
            f"{p_text(health.srm.p_value).removeprefix('p = ')} (sample ratio mismatch check)."
        )
        reasons.append(
            "Usually the assignment, a redirect, bot filtering or the logging is broken. Find and fix the "
            "cause, then restart the test: the counts so far are biased."
        )
    elif reason == "all_converted":
        action = "stop_data_problem"
        summary = "Every visitor converted in every arm: the counts cannot be right."
        reasons.append(
            "Conversions are probably counted per event rather than per visitor, or visitors are missing. "
            "Fix the counts, then import them again."
        )
    elif reason in ("no_traffic", "no_conversions"):
        action = "keep_running"
        summary = (
            "No visitors recorded yet."
            if reason == "no_traffic"
            else "No conversions recorded yet in any arm."
        )
        reasons.append("Record the daily counts (or import a CSV) as the test runs; the decision updates.")
        if target and reason == "no_conversions":
            needed = _still_needed(target, arms)
            days = _days_for(needed, per_day)
    elif winners:
        best = max(winners, key=lambda c: c.relative_lift if c.relative_lift is not None else -math.inf)
        if sequential.best_arm in {c.variant for c in winners}:
            best = next(c for c in winners if c.variant == sequential.best_arm)
        by_name = {a.name: a for a in arms}
        rates = f"{pct(by_name[best.variant].rate, 2)} vs {pct(by_name[control].rate, 2)} for {control}"
        if too_early_codes:
            action = "keep_running"
            summary = f"{best.variant} is ahead of {control}, but it is too early to call."
            reasons.append(
                f"{best.variant} converts {rates} ({pct(best.relative_lift, sign=True)}, {interval(best)})."
            )
            reasons.extend(too_early_reasons())
            needed, days = early_wait()
        else:
            action, arm = "ship", best.variant
            summary = f"{best.variant} converts better than {control}: ship it."
            reasons.append(
                f"{best.variant} converts {rates}: {pct(best.relative_lift, sign=True)}, "
                f"{interval(best)} (always-valid interval)."
            )
            since = f" since {best.first_significant_day.isoformat()}" if best.first_significant_day else ""
            reasons.append(
                f"The sequential test has found the difference{since} ({p_text(best.p_value)}; "
                f"{p_text(sequential.alpha_per_comparison).replace('p = ', 'p ≤ ')} needed), valid however "
                "often the results were checked."
            )
            others = [c for c in winners if c is not best]
            if others:
                reasons.append(
                    "Also better than the control, by less: "
                    + ", ".join(f"{c.variant} ({pct(c.relative_lift, sign=True)})" for c in others)
                    + "."
                )
            if days_running:
                short = (
                    " It has not reached the planned sample, which only the fixed-horizon test needs."
                    if "below_planned_sample" in codes
                    else ""
                )
                reasons.append(f"The test ran {days_running} days with the traffic split as planned.{short}")
        if losers:
            reasons.append(
                "Worse than the control: " + ", ".join(f"{c.variant} ({interval(c)})" for c in losers) + "."
            )
    elif comps and len(losers) == len(comps):
        if too_early_codes:
            action = "keep_running"
            summary = f"Every variant is behind {control}, but it is too early to call."
            reasons.extend(too_early_reasons())
            needed, days = early_wait()
        else:
            action, arm = "ship", control
            summary = f"Every variant converts worse than {control}: keep {control}."
            reasons.append(
                "Worse than the control: "
                + ", ".join(f"{c.variant} ({pct(c.relative_lift, sign=True)}, {interval(c)})" for c in losers)
                + "."
            )
    else:
        small = [
            c
            for c in undecided
            if c.relative_cs_low is not None
            and c.relative_cs_high is not None
            and c.relative_cs_low > -mde
            and c.relative_cs_high < mde
        ]
        reached = target is not None and all(a.visitors >= target for a in arms)
        if undecided and len(small) == len(undecided):
            action = "no_difference"
            summary = f"No variant differs from {control} by {pct(mde, 0)} or more."
            reasons.append(
                "Any difference is smaller than that: "
                + ", ".join(f"{c.variant} {interval(c)}" for c in undecided)
                + " (always-valid intervals)."
            )
            reasons.append("Keep the control, or test a bolder change.")
        elif reached:
            action = "no_difference"
            most = min(a.visitors for a in arms)
            summary = f"No detectable difference after {count_text(most)} visitors per arm."
            reasons.append(
                f"Each arm has the {count_text(target or 0)} visitors needed {goal}, and no variant differs "
                "from the control: "
                + ", ".join(f"{c.variant} {interval(c)}" for c in undecided)
                + ". A smaller difference may exist, but this test was not sized to find it."
            )
            reasons.append("Keep the control, or test a bolder change.")
        else:
            action = "keep_running"
            ahead = [c for c in undecided if c.relative_lift is not None and c.relative_lift > 0]
            lead = max(ahead, key=lambda c: c.relative_lift or 0.0) if ahead else None
            summary = (
                f"{lead.variant} is ahead of {control} ({pct(lead.relative_lift, sign=True)}), but not by "
                "enough yet to be sure."
                if lead is not None
                else f"No difference between the arms yet: {control} and the variants are still too close."
            )
            if target is not None:
                needed = _still_needed(target, arms)
                days = _days_for(needed, per_day)
                when = (
                    f", about {days} more day{'s' if days != 1 else ''} at the traffic so far"
                    if days is not None
                    else ""
                )
                reasons.append(
                    f"Each arm needs about {count_text(target)} visitors {goal}; {count_text(needed)} more "
                    f"per arm{when}. Stop earlier if the decision changes: checking daily is fine."
                )
            if undecided:
                reasons.append("So far: " + ", ".join(f"{c.variant} {interval(c)}" for c in undecided) + ".")
            if losers:
                reasons.append(
                    "Already worse than the control (you may stop showing them): "
                    + ", ".join(c.variant for c in losers)
                    + "."
                )
            if too_early_codes:
                reasons.extend(too_early_reasons())
                w_needed, w_days = early_wait()
                if w_days is not None and (days is None or w_days > days):
                    days = w_days
                if w_needed is not None and (needed is None or w_needed > needed):
                    needed = w_needed
    if action == "keep_running" and days is None and needed is None and target is not None and arms:
        needed = _still_needed(target, arms) or None
        days = _days_for(needed or 0, per_day) if needed else None

    if action == "ship":
        title = f"Ship {arm}" if arm != control else f"Keep {control}"
    elif action == "keep_running" and days:
        title = f"Keep running: about {days} more day{'s' if days != 1 else ''}"
    elif action == "keep_running" and needed:
        title = f"Keep running: {count_text(needed)} more visitors per arm"
    else:
        title = _TITLES[action]

    early = bool(too_early_codes)
    state = "data_problem" if action == "stop_data_problem" else action
    words = {
        "sequential": words_for(comps, early, state),
        "frequentist": words_for(frequentist.comparisons if frequentist else [], fixed_too_early, state),
        "bayesian": words_for(bayesian.comparisons if bayesian else [], fixed_too_early, state),
    }
    seq_verdicts = {c.variant: c.verdict for c in comps}
    views = other_views(frequentist, bayesian, seq_verdicts, fixed_too_early, codes, action)
    return Decision(
        action=action,
        arm=arm,
        title=title,
        summary=summary,
        reasons=reasons,
        too_early=early,
        target_visitors_per_arm=target,
        visitors_needed_per_arm=needed,
        days_needed=days,
        other_views=views,
        verdict_words=words,
    )
