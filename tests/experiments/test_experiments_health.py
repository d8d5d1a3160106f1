"""Health checks: SRM against scipy / gbstats, too-early warnings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from gbstats.utils import check_srm as gb_check_srm
from scipy.stats import chi2

from textops.errors import InvalidInputError
from textops.experiments import ArmCounts, DailyCounts, check_health, check_srm, plan_sample_size


def arms(*visitors: int, conversions: int = 100) -> list[ArmCounts]:
    return [
        ArmCounts(name=f"arm{i}", visitors=v, conversions=min(conversions, v)) for i, v in enumerate(visitors)
    ]


@pytest.mark.parametrize(
    ("visitors", "split"),
    [
        ((10_000, 10_000), None),
        ((10_000, 9_700), None),
        ((5_000, 2_600, 2_400), [0.5, 0.25, 0.25]),
        ((9_500, 10_500), [1, 1]),
    ],
)
def test_srm_golden(visitors: tuple[int, ...], split: list[float] | None) -> None:
    res = check_srm(arms(*visitors), split)
    weights = split or [1.0] * len(visitors)
    total, wsum = sum(visitors), sum(weights)
    stat = sum(
        (o - w / wsum * total) ** 2 / (w / wsum * total) for o, w in zip(visitors, weights, strict=True)
    )
    assert res.chi2 is not None and res.p_value is not None
    assert round(res.chi2, 4) == round(stat, 4)
    assert round(res.p_value, 4) == round(float(chi2.sf(stat, len(visitors) - 1)), 4)
    assert round(res.p_value, 4) == round(float(gb_check_srm(list(visitors), weights)), 4)
    assert res.flagged == (res.p_value < 0.001)
    assert [a.observed for a in res.arms] == list(visitors)
    assert sum(a.expected for a in res.arms) == pytest.approx(total)


def test_srm_flags_real_mismatch() -> None:
    res = check_srm(arms(10_000, 9_500))
    assert res.flagged and res.p_value is not None and res.p_value < 0.001
    report = check_health(arms(10_000, 9_500))
    assert [w.code for w in report.warnings] == ["srm"]
    assert "10000 vs 9750" in report.warnings[0].message
    assert not report.ok


def test_srm_split_by_name() -> None:
    by_list = check_srm(arms(6_000, 4_000), [0.6, 0.4])
    by_name = check_srm(arms(6_000, 4_000), {"arm1": 2, "arm0": 3})
    assert by_list.p_value == by_name.p_value == pytest.approx(1.0)


def test_healthy_experiment() -> None:
    plan = plan_sample_size(0.05, 0.2)
    big = plan.n_per_arm[0] + 10
    report = check_health(arms(big, big, conversions=500), planned_n_per_arm=plan.n_per_arm, days_running=14)
    assert report.ok and report.warnings == []


def test_too_early_warnings() -> None:
    report = check_health(arms(1_000, 1_010, conversions=12), planned_n_per_arm=5_000, days_running=3)
    codes = {w.code for w in report.warnings}
    assert codes == {"below_planned_sample", "under_one_week", "few_conversions"}
    assert not report.ok


def test_days_from_daily_rows() -> None:
    d0 = date(2024, 1, 1)
    rows = [
        DailyCounts(day=d0 + timedelta(d), arm=a, visitors=1000, conversions=60)
        for d in (0, 3, 5)
        for a in ("a", "b")
    ]
    report = check_health(daily=rows)
    assert report.days_running == 6
    assert [w.code for w in report.warnings] == ["under_one_week"]


def test_degenerate_srm() -> None:
    assert check_srm(arms(0, 0)).reason == "no_traffic"
    assert check_srm(arms(0, 0)).p_value is None
    assert check_srm(arms(10)).reason == "single_arm"
    assert check_srm([]).reason == "no_arms"
    report = check_health(arms(0, 0))
    assert report.reason == "no_traffic" and not report.ok


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: check_srm(arms(10, 10), [0.5, 0.3, 0.2]), "3 shares for 2 arms"),
        (lambda: check_srm(arms(10, 10), {"arm0": 1, "zzz": 1}), "unknown"),
        (lambda: check_srm(arms(10, 10), [1, -1]), "positive"),
        (lambda: check_health(arms(10, 10), planned_n_per_arm=[1, 2, 3]), "planned_n_per_arm"),
        (lambda: check_health(), "either arms or daily"),
        (lambda: check_health(arms(10, 10), days_running=-1), "days_running"),
    ],
)
def test_invalid_health_inputs(call: object, fragment: str) -> None:
    with pytest.raises(InvalidInputError, match=fragment):
        call()  # type: ignore[operator]
