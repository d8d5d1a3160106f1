"""Health checks run before trusting a verdict: sample ratio mismatch and too-early warnings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from scipy.stats import chisquare

from textops.errors import InvalidInputError
from textops.experiments._models import (
    ArmCounts,
    CumulativeSeries,
    DailyCounts,
    _Model,
    check_alpha,
    cumulative_by_arm,
    finite,
    global_reason,
    normalised_shares,
    order_arms,
)

__all__ = [
    "DEFAULT_MIN_CONVERSIONS",
    "DEFAULT_MIN_DAYS",
    "SRM_THRESHOLD",
    "ArmSplit",
    "HealthReport",
    "HealthWarning",
    "SrmResult",
    "check_health",
    "check_srm",
]

SRM_THRESHOLD = 0.001
"""p-value below which a sample ratio mismatch is flagged (industry practice: Kohavi et al.; Fabijan et al.
2019)."""
DEFAULT_MIN_DAYS = 7
"""One full week, so every weekday is represented."""
DEFAULT_MIN_CONVERSIONS = 30
"""Per arm; below it the normal approximations behind the tests (n p >= 10 rule of thumb) are shaky and
lifts swing wildly from day to day."""


class ArmSplit(_Model):
    """Observed vs expected visitors of one arm under the planned split."""

    name: str
    observed: int
    expected: float
    planned_share: float
    observed_share: float | None


class SrmResult(_Model):
    """Chi-square goodness-of-fit test of the observed visitors against the planned split."""

    p_value: float | None
    chi2: float | None
    threshold: float
    flagged: bool
    arms: list[ArmSplit]
    reason: str | None = None


class HealthWarning(_Model):
    """A reason not to trust (yet) what the analysis says; ``code`` is stable, ``message`` for people."""

    code: str
    message: str


class HealthReport(_Model):
    """All checks; ``ok`` is true when there is no warning and no degenerate-data ``reason``."""

    ok: bool
    srm: SrmResult
    warnings: list[HealthWarning]
    days_running: int | None
    reason: str | None = None


def _shares(
    arms: Sequence[ArmCounts], planned_split: Sequence[float] | Mapping[str, float] | None
) -> list[float]:
    names = [a.name for a in arms]
    if planned_split is None:
        return [1.0 / len(arms)] * len(arms) if arms else []
    if isinstance(planned_split, Mapping):
        unknown = sorted(set(planned_split) - set(names))
        missing = [n for n in names if n not in planned_split]
        if unknown or missing:
            raise InvalidInputError(
                f"planned split does not match the arms (unknown: {unknown}, missing: {missing})",
                hint="give one share per arm, keyed by arm name",
            )
        shares: Sequence[float] = [planned_split[n] for n in names]
    else:
        shares = planned_split
    return normalised_shares(
        shares,
        len(names),
        name="planned split",
        count_hint="give one share per arm, in the order of the arms",
        positive="planned",
    )


def check_srm(
    arms: Sequence[ArmCounts],
    planned_split: Sequence[float] | Mapping[str, float] | None = None,
    *,
    threshold: float = SRM_THRESHOLD,
) -> SrmResult:
    r"""Sample ratio mismatch: Pearson chi-square of visitors against ``planned_split`` (default equal).

    ``chi2 = sum_i (O_i - E_i)^2 / E_i`` with ``E_i = share_i * sum(O)``, ``k - 1`` degrees of freedom
    (``scipy.stats.chisquare``); flagged when ``p < threshold`` (0.001 by default: with daily checks a
    stricter threshold avoids false alarms, and a real SRM quickly drives p far below it). A mismatch means
    assignment or logging is broken and no verdict should be trusted. ``planned_split`` is a list in the
    order of ``arms`` or a mapping by arm name.
    """
    check_alpha(threshold, "threshold")
    lst = order_arms(arms, None)
    shares = _shares(lst, planned_split)
    total = sum(a.visitors for a in lst)
    rows = [
        ArmSplit(
            name=a.name,
            observed=a.visitors,
            expected=s * total,
            planned_share=s,
            observed_share=a.visitors / total if total else None,
        )
        for a, s in zip(lst, shares, strict=True)
    ]
    reason = "no_arms" if not lst else "single_arm" if len(lst) == 1 else "no_traffic" if total == 0 else None
    if reason is not None:
        return SrmResult(
            p_value=None, chi2=None, threshold=threshold, flagged=False, arms=rows, reason=reason
        )
    stat, p = chisquare([a.visitors for a in lst], [r.expected for r in rows])
    p_val = finite(p)
    return SrmResult(
        p_value=p_val,
        chi2=finite(stat),
        threshold=threshold,
        flagged=p_val is not None and p_val < threshold,
        arms=rows,
    )


def check_health(
    arms: Sequence[ArmCounts] | None = None,
    *,
    daily: Sequence[DailyCounts] | CumulativeSeries | None = None,
    planned_split: Sequence[float] | Mapping[str, float] | None = None,
    planned_n_per_arm: int | Sequence[int] | None = None,
    days_running: int | None = None,
    min_days: int = DEFAULT_MIN_DAYS,
    min_conversions_per_arm: int = DEFAULT_MIN_CONVERSIONS,
    srm_threshold: float = SRM_THRESHOLD,
) -> HealthReport:
    """Check an experiment before reading its verdict: pass final ``arms`` or incremental ``daily`` rows.

    Warning codes: ``srm`` (see :func:`check_srm`), ``below_planned_sample`` (an arm has fewer visitors than
    planned, e.g. ``SampleSizePlan.n_per_arm``), ``under_one_week`` (fewer than ``min_days`` calendar days
    from first to last day: weekly cycles not covered), ``few_conversions`` (an arm has fewer than
    ``min_conversions_per_arm`` conversions). ``days_running`` is taken from ``daily`` when given.
    """
    if (arms is None) == (daily is None):
        raise InvalidInputError("pass either arms or daily rows", hint="not both, not neither")
    if arms is None:
        series = daily if isinstance(daily, CumulativeSeries) else cumulative_by_arm(daily or [])
        arms = series.final()
        if series.days:
            days_running = (series.days[-1] - series.days[0]).days + 1
    if days_running is not None and days_running < 0:
        raise InvalidInputError(f"days_running must be >= 0 (got {days_running})", hint="days since start")
    lst = order_arms(arms, None)
    srm = check_srm(lst, planned_split, threshold=srm_threshold)
    warnings: list[HealthWarning] = []
    if srm.flagged:
        detail = ", ".join(f"{r.name} {r.observed} vs {r.expected:.0f}" for r in srm.arms)
        warnings.append(
            HealthWarning(
                code="srm",
                message=f"sample ratio mismatch (p = {srm.p_value:.2g}): observed vs expected visitors "
                f"{detail}; check assignment, redirects, bots and logging before trusting any result",
            )
        )
    if planned_n_per_arm is not None:
        planned = (
            [int(planned_n_per_arm)] * len(lst)
            if isinstance(planned_n_per_arm, int)
            else list(planned_n_per_arm)
        )
        if len(planned) != len(lst):
            raise InvalidInputError(
                f"planned_n_per_arm has {len(planned)} values for {len(lst)} arms",
                hint="one planned size per arm, in the order of the arms, or a single number",
            )
        short = [f"{a.name} {a.visitors}/{n}" for a, n in zip(lst, planned, strict=True) if a.visitors < n]
        if short:
            warnings.append(
                HealthWarning(
                    code="below_planned_sample",
                    message="fewer visitors than planned (" + ", ".join(short) + "); a fixed-horizon verdict "
                    "is only valid at the planned size (use the sequential analysis to look earlier)",
                )
            )
    if days_running is not None and days_running < min_days:
        warnings.append(
            HealthWarning(
                code="under_one_week",
                message=f"running for {days_running} day(s); wait at least {min_days} to cover a full week",
            )
        )
    few = [f"{a.name} {a.conversions}" for a in lst if a.conversions < min_conversions_per_arm]
    if few and lst:
        warnings.append(
            HealthWarning(
                code="few_conversions",
                message=f"fewer than {min_conversions_per_arm} conversions in an arm ({', '.join(few)}); "
                "estimates are still very noisy",
            )
        )
    reason = global_reason(lst)
    return HealthReport(
        ok=not warnings and reason is None,
        srm=srm,
        warnings=warnings,
        days_running=days_running,
        reason=reason,
    )
