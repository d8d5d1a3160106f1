"""What a person reads: the counts CSV's errors in their words, parameter errors naming each front end's
names, and one read-out (health, three methods, decision) with a per-arm table in words."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.experiments.exp_helpers import daily_rows
from textops.errors import InvalidInputError
from textops.experiments import (
    COUNTS_FORMAT,
    ParameterError,
    analyze_bayesian,
    analyze_frequentist,
    analyze_sequential,
    check_health,
    cumulative_by_arm,
    decide,
    parse_counts_csv,
    plan_sample_size,
    read_out,
)

# -- the counts CSV -------------------------------------------------------------------------------------


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_counts_csv_is_read_with_commas_semicolons_or_tabs(sep: str) -> None:
    text = f"day{sep}arm{sep}visitors{sep}conversions\n2026-03-01{sep}A{sep}1000{sep}50\n"
    assert parse_counts_csv(text, "c.csv") == [(date(2026, 3, 1), "A", 1000, 50)]


def test_semicolon_file_with_decimal_commas_elsewhere_is_still_split_on_semicolons() -> None:
    text = "day;arm;visitors;conversions;cost\n2026-03-01;A;1000;50;12,50\n"
    assert parse_counts_csv(text, "c.csv") == [(date(2026, 3, 1), "A", 1000, 50)]


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        (
            "day,arm,visitors,conversions\n1,A,1000,50\n",
            "c.csv:2: column 'day' holds '1', not a date like 2026-03-01",
            "Day numbers (1, 2, …) are not read",
        ),
        (
            "Date,Variant,Impressions,Clicks\n2026-03-01,A,100.5,5\n",
            "c.csv:2: column 'Impressions' holds '100.5', not a whole number",
            "whole numbers like 1200",
        ),
        (
            "day,arm,visitors,conversions\n2026-03-01,A,100,\n",
            "c.csv:2: column 'conversions' is empty; it needs a whole number",
            "whole numbers",
        ),
        (
            "day,arm,visitors,conversions\n,A,100,5\n",
            "c.csv:2: column 'day' is empty; it needs a date",
            "2026-03-01",
        ),
        (
            "day,arm,visitors,conversions\n2026-03-01,A," + "9" * 30 + ",5\n",
            "c.csv:2: column 'visitors' holds a number with 30 digits, too large for a count",
            "whole numbers",
        ),
        (
            "day,arm,visits,conversions\n2026-03-01,A,100,5\n",
            "c.csv:1: no 'visitors' column (or impressions, views); the header has: day, arm, visits, "
            "conversions",
            "visitors (or impressions, views): that day's new visitors, a whole number",
        ),
    ],
)
def test_counts_csv_errors_say_line_column_value_and_what_is_expected(
    text: str, message: str, hint: str
) -> None:
    with pytest.raises(InvalidInputError, match=re.escape(message)) as err:
        parse_counts_csv(text, "c.csv")
    assert err.value.hint is not None and hint in err.value.hint


def test_counts_written_with_a_zero_decimal_are_whole_numbers() -> None:
    rows = parse_counts_csv("day,arm,visitors,conversions\n2026-03-01,A,1000.0,50.\n", "c.csv")
    assert rows == [(date(2026, 3, 1), "A", 1000, 50)]


def test_the_format_in_words_names_every_column_and_what_it_holds() -> None:
    for words in (
        "day (or date): a date like 2026-03-01",
        "arm (or variant)",
        "visitors (or impressions",
        "conversions (or clicks)",
        "a whole number",
        "commas, semicolons or tabs",
    ):
        assert words in COUNTS_FORMAT


# -- parameter errors -----------------------------------------------------------------------------------


def test_a_parameter_error_names_the_parameter_and_can_be_renamed() -> None:
    with pytest.raises(ParameterError) as err:
        plan_sample_size(0.05, 0.0)
    e = err.value
    assert e.field == "mde"
    assert e.message == "mde must be a positive effect size (got 0.0)"  # the library's / API's names
    assert e.hint is not None and "mde_type='absolute'" in e.hint
    cli = e.renamed({"mde": "--mde", "absolute_mde": "--absolute"})
    assert cli.message == "--mde must be a positive effect size (got 0.0)"
    assert cli.hint == "e.g. 0.1 for a 10% relative lift, or 0.005 with --absolute"
    assert cli.field == "mde" and isinstance(cli, InvalidInputError)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"baseline_rate": 1.5, "mde": 0.1}, "baseline_rate"),
        ({"baseline_rate": 0.05, "mde": 0.1, "n_arms": 1}, "n_arms"),
        ({"baseline_rate": 0.05, "mde": 0.1, "alpha": 0.0}, "alpha"),
        ({"baseline_rate": 0.05, "mde": 0.1, "power": 1.0}, "power"),
        ({"baseline_rate": 0.05, "mde": 0.1, "daily_traffic": -1.0}, "daily_traffic"),
        ({"baseline_rate": 0.6, "mde": 1.0}, "mde"),
    ],
)
def test_plan_errors_carry_their_field(kwargs: dict[str, float], field: str) -> None:
    with pytest.raises(ParameterError) as err:
        plan_sample_size(**kwargs)  # type: ignore[arg-type]
    assert err.value.field == field
    assert "{" not in str(err.value)  # every placeholder filled


# -- one read-out ---------------------------------------------------------------------------------------


def test_read_out_is_the_decision_of_the_three_read_outs() -> None:
    rows = daily_rows(14, {"control": (1000, 0.05), "B": (1000, 0.065)})
    read = read_out(rows)
    series = cumulative_by_arm(rows)
    sequential = analyze_sequential(series)
    expected = decide(
        check_health(daily=series),
        sequential,
        frequentist=analyze_frequentist(series.final()),
        bayesian=analyze_bayesian(series.final()),
    )
    assert read.decision == expected
    assert read.result("sequential") == sequential and read.decision.action == "ship"


def test_arm_lines_are_words_and_percents() -> None:
    read = read_out(daily_rows(14, {"control": (1000, 0.05), "B": (1000, 0.065)}))
    control, b = read.arm_lines("sequential")
    assert (control.arm, control.control, control.rate, control.lift, control.verdict) == (
        "control",
        True,
        "5.00%",
        "",
        "control",
    )
    assert (b.visitors, b.conversions, b.rate, b.lift, b.verdict) == (14000, 910, "6.50%", "+30.0%", "better")
    assert re.fullmatch(r"\+\d+\.\d% to \+\d+\.\d%", b.interval), b.interval
    assert b.evidence.startswith("always-valid p ")
    assert read.interval_name("sequential") == "always-valid 95% interval"
    assert read.interval_name("frequentist") == "95% confidence interval"
    assert read.arm_lines("bayesian")[1].evidence.endswith("% chance to beat the control")
    assert read.arm_lines("frequentist")[1].evidence.startswith("p ")


def test_read_out_with_another_control_puts_it_first_everywhere() -> None:
    read = read_out(daily_rows(14, {"control": (1000, 0.05), "B": (1000, 0.065)}), control="B")
    assert [line.arm for line in read.arm_lines("frequentist")] == ["B", "control"]
    assert read.sequential.control == read.frequentist.control == read.bayesian.control == "B"
    assert read.decision.action == "ship" and read.decision.arm == "B"  # every variant worse: keep B


def test_levels_and_chances_are_not_rounded_into_what_they_are_not() -> None:
    from textops.experiments._readout import _chance, _level

    assert (_level(0.95), _level(0.975), _level(0.9833333)) == ("95%", "97.5%", "98.3%")
    assert (_chance(0.9996), _chance(0.004), _chance(0.5)) == ("> 99%", "< 1%", "50%")
