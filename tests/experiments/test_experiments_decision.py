"""The decision box: one verdict from the sequential read-out, in plain words, with the others as views."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from tests.experiments.exp_helpers import START, assert_finite, daily_rows
from textops.cli import read_counts_csv
from textops.errors import InvalidInputError
from textops.experiments import (
    DailyCounts,
    Decision,
    analyze_bayesian,
    analyze_frequentist,
    analyze_sequential,
    check_health,
    cumulative_by_arm,
    decide,
    parse_counts_csv,
)
from textops.experiments._decision import sequential_sample_size


def _decide(rows: list[DailyCounts], planned: int | None = None) -> tuple[Decision, set[str]]:
    series = cumulative_by_arm(rows)
    health = check_health(daily=series, planned_n_per_arm=planned)
    seq = analyze_sequential(series)
    fr = analyze_frequentist(series.final())
    ba = analyze_bayesian(series.final())
    decision = decide(health, seq, frequentist=fr, bayesian=ba, planned_n_per_arm=planned)
    assert_finite(decision)
    return decision, {w.code for w in health.warnings}


def _all_text(d: Decision) -> str:
    words = " ".join(w for by in d.verdict_words.values() for w in by.values())
    views = " ".join(f"{v.says} {v.note or ''}" for v in d.other_views)
    return " ".join([d.title, d.summary, *d.reasons, words, views])


ISSUE_ARMS = {"control": (1500, 0.050), "B": (1500, 0.051), "C": (1500, 0.0575)}


def test_day_10_of_the_issue_keep_running_while_the_fixed_horizon_views_call_c() -> None:
    """Sequential: C inconclusive; frequentist and Bayesian: C winner. One answer: keep running, why."""
    decision, _ = _decide(daily_rows(10, ISSUE_ARMS), planned=10_000)
    assert decision.action == "keep_running" and decision.arm is None
    assert decision.days_needed is not None and decision.days_needed > 0
    assert decision.visitors_needed_per_arm is not None and decision.visitors_needed_per_arm > 0
    assert re.search(r"about \d+ more days?", decision.title)
    assert "C is ahead" in decision.summary
    assert decision.verdict_words["sequential"]["C"] == "no clear difference yet"
    views = {v.method: v for v in decision.other_views}
    assert set(views) == {"frequentist", "bayesian"}
    for view in views.values():
        assert not view.agrees and view.note, view
    assert "one look" in (views["frequentist"].note or "")
    assert "checking every day" in (views["bayesian"].note or "")
    assert "winner" not in _all_text(decision)


def test_a_bayesian_winner_at_day_3_is_too_early_and_nothing_says_better() -> None:
    decision, codes = _decide(daily_rows(3, {"control": (3000, 0.05), "B": (3000, 0.066)}), planned=20_000)
    assert {"under_one_week", "below_planned_sample"} <= codes
    ba = analyze_bayesian(
        cumulative_by_arm(daily_rows(3, {"control": (3000, 0.05), "B": (3000, 0.066)})).final()
    )
    assert ba.comparisons[0].verdict == "winner"  # what the issue saw
    assert decision.action == "keep_running"
    assert decision.too_early and decision.days_needed == 4
    text = _all_text(decision)
    assert "winner" not in text and "better" not in text
    assert decision.verdict_words["bayesian"]["B"] == "ahead — too early to call"
    assert any("run 7" in r for r in decision.reasons)


def test_a_clear_winner_after_two_weeks_is_shipped_with_reasons() -> None:
    decision, _ = _decide(daily_rows(14, {"control": (2000, 0.05), "B": (2000, 0.065), "C": (2000, 0.051)}))
    assert decision.action == "ship" and decision.arm == "B"
    assert decision.title == "Ship B"
    assert decision.verdict_words["sequential"] == {"B": "better", "C": "no clear difference yet"}
    assert any("between +" in r and "always-valid" in r for r in decision.reasons)
    assert all(v.agrees for v in decision.other_views)


def test_every_variant_worse_keeps_the_control() -> None:
    decision, _ = _decide(daily_rows(14, {"control": (2000, 0.07), "B": (2000, 0.05)}))
    assert decision.action == "ship" and decision.arm == "control"
    assert decision.title == "Keep control"
    assert decision.verdict_words["sequential"]["B"] == "worse"


def test_sample_ratio_mismatch_stops_the_test_whatever_the_read_outs_say() -> None:
    decision, codes = _decide(daily_rows(10, {"control": (2000, 0.05), "B": (1700, 0.07)}))
    assert "srm" in codes
    assert decision.action == "stop_data_problem" and decision.title == "Stop: data problem"
    assert any("54.1%" in r for r in decision.reasons)
    assert set(decision.verdict_words["frequentist"].values()) == {"not readable: data problem"}
    assert "better" not in _all_text(decision)


def test_a_tight_interval_around_zero_is_no_detectable_difference() -> None:
    decision, _ = _decide(daily_rows(30, {"control": (5000, 0.05), "B": (5000, 0.05)}))
    assert decision.action == "no_difference"
    assert decision.verdict_words["sequential"]["B"] == "no detectable difference"


def test_reaching_the_sample_without_a_difference_is_no_detectable_difference() -> None:
    # a small plan: a big lift was the goal; 20,000 visitors per arm later nothing is found
    decision, _ = _decide(daily_rows(20, {"control": (1000, 0.05), "B": (1000, 0.053)}), planned=1500)
    assert decision.target_visitors_per_arm is not None and decision.target_visitors_per_arm <= 20_000
    assert decision.action == "no_difference"
    assert "not sized to find it" in " ".join(decision.reasons)


def test_no_visitors_yet_keeps_running() -> None:
    decision, _ = _decide(
        [DailyCounts(day=START, arm=a, visitors=0, conversions=0) for a in ("control", "B")]
    )
    assert decision.action == "keep_running"
    assert decision.summary == "No visitors recorded yet."
    assert decision.verdict_words["sequential"]["B"] == "no visitors yet"


def test_the_sequential_sample_grows_as_the_lift_to_find_shrinks() -> None:
    seq = analyze_sequential(cumulative_by_arm(daily_rows(7, {"control": (1000, 0.05), "B": (1000, 0.05)})))
    sizes = [sequential_sample_size(0.05, mde, seq) for mde in (0.4, 0.2, 0.1, 0.05)]
    assert all(isinstance(n, int) for n in sizes)
    assert sizes == sorted(sizes)  # type: ignore[type-var]
    assert sequential_sample_size(0.05, 30.0, seq) is None  # a rate above 100%


# -- CSV import: the CLI's format ------------------------------------------------------------------------

CSV = """Date,Variant,Impressions,Clicks,Note
2026-03-01,control,1000,50,
2026-03-01,B,1000,61,first day

2026-03-02,control,1100,52,
2026-03-02,B,1090,70,
"""


def test_csv_text_reads_like_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "counts.csv"
    path.write_text("\ufeff" + CSV, encoding="utf-8")
    rows = parse_counts_csv("\ufeff" + CSV, "counts.csv")
    assert rows == read_counts_csv(path)
    assert rows[1] == (date(2026, 3, 1), "B", 1000, 61)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("day,arm,visitors\n2026-03-01,A,10\n", "no 'conversions' column"),
        ("day,arm,visitors,conversions\n2026-13-01,A,10,1\n", "counts.csv:2"),
        ("day,arm,visitors,conversions\n2026-03-01,A,10,1\n2026-03-02,A,ten,1\n", "counts.csv:3"),
        ("day,arm,visitors,conversions\n2026-03-01,,10,1\n", "no arm name"),
        ("day,arm,visitors,conversions\n", "no data rows"),
    ],
)
def test_bad_csv_says_where(text: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=re.escape(message)):
        parse_counts_csv(text, "counts.csv")


def test_counts_csv_errors_name_the_files_own_line_and_never_crash() -> None:
    blank_lines = "day,arm,visitors,conversions\n\n2026-01-01,A,10,1\n\n2026-01-02,A,x,1\n"
    with pytest.raises(InvalidInputError, match=r"^CSV:5: "):
        parse_counts_csv(blank_lines)
    huge_field = "day,arm,visitors,conversions\n2026-01-01,A," + "9" * 200_000 + ",1\n"
    with pytest.raises(InvalidInputError, match="not a readable CSV"):
        parse_counts_csv(huge_field)
