from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textops.cli import app, read_counts_csv
from textops.cli._experiments import COUNTS_HELP
from textops.experiments import COUNTS_FORMAT, ArmCounts, analyses, analyze_frequentist, plan_sample_size
from textops.store import Observation, Store

runner = CliRunner()


def test_plan_prints_the_library_figures() -> None:
    r = runner.invoke(
        app, ["experiment", "plan", "--baseline", "0.05", "--mde", "0.1", "--daily-traffic", "4000", "--json"]
    )
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["n_per_arm"] == plan_sample_size(0.05, 0.1, daily_traffic=4000).n_per_arm
    human = runner.invoke(app, ["experiment", "plan", "--baseline", "0.05", "--mde", "0.1"])
    assert "visitors per arm" in human.stdout


def test_analyze_reads_a_csv_of_daily_counts(tmp_path: Path) -> None:
    f = tmp_path / "counts.csv"
    f.write_text(
        "date,variant,impressions,clicks\n2026-03-01,A,1000,50\n2026-03-01,B,1000,70\n"
        "2026-03-02,A,1000,45\n2026-03-02,B,1000,72\n"
    )
    r = runner.invoke(app, ["experiment", "analyze", str(f), "--method", "frequentist", "--json"])
    assert r.exit_code == 0, r.output
    body = json.loads(r.stdout)
    expected = analyze_frequentist(
        [
            ArmCounts(name="A", visitors=2000, conversions=95),
            ArmCounts(name="B", visitors=2000, conversions=142),
        ]
    )
    assert body["result"]["comparisons"][0]["p_value"] == expected.comparisons[0].p_value
    assert any(w["code"] == "under_one_week" for w in body["health"]["warnings"])
    table = runner.invoke(app, ["experiment", "analyze", str(f)])
    assert table.exit_code == 0 and "B" in table.stdout


def test_analyze_bad_csv_is_a_clear_error(tmp_path: Path) -> None:
    f = tmp_path / "bad.csv"
    f.write_text("day,arm,visitors\n2026-03-01,A,10\n")
    r = runner.invoke(app, ["experiment", "analyze", str(f)])
    assert r.exit_code == 2 and "conversions" in r.output
    g = tmp_path / "neg.csv"
    g.write_text("day,arm,visitors,conversions\n2026-03-01,A,-5,0\n2026-03-01,B,5,0\n")
    r = runner.invoke(app, ["experiment", "analyze", str(g)])
    assert r.exit_code == 2 and "error" in r.output


# -- issue 10: errors and help in the user's words -----------------------------------------------------


def _error_lines(output: str) -> list[str]:
    return [" ".join(line.split()) for line in output.splitlines() if line.startswith(("error:", "hint:"))]


@pytest.mark.parametrize(
    ("args", "error", "hint"),
    [
        (
            ["--baseline", "1.5", "--mde", "0.1"],
            "error: --baseline must be between 0 and 1 (got 1.5)",
            "0.03",
        ),
        (
            ["--baseline", "0.05", "--mde", "0.1", "--arms", "1"],
            "error: --arms must be at least 2 (got 1)",
            "",
        ),
        (
            ["--baseline", "0.05", "--mde", "0"],
            "error: --mde must be a positive effect size",
            "with --absolute",
        ),
        (
            ["--baseline", "0.05", "--mde", "0.1", "--power", "1"],
            "error: --power must be between 0 and 1",
            "",
        ),
        (
            ["--baseline", "0.6", "--mde", "1"],
            "error: --baseline 0.6 plus the effect 0.6 reaches 1.2",
            "--mde",
        ),
        (
            ["--baseline", "0.05", "--mde", "0.1", "--daily-traffic", "0"],
            "error: --daily-traffic must be",
            "",
        ),
    ],
)
def test_plan_errors_name_the_cli_flags(args: list[str], error: str, hint: str) -> None:
    r = runner.invoke(app, ["experiment", "plan", *args])
    assert r.exit_code == 2
    lines = _error_lines(r.output)
    assert lines[0].startswith(error), lines
    assert lines[1].startswith("hint:") and hint in lines[1], lines
    assert not any(name in r.output for name in ("baseline_rate", "n_arms", "mde_type", "daily_traffic"))


def test_analyze_alpha_error_names_the_flag(tmp_path: Path) -> None:
    f = tmp_path / "counts.csv"
    f.write_text("day,arm,visitors,conversions\n2026-03-01,A,100,5\n2026-03-01,B,100,6\n")
    r = runner.invoke(app, ["experiment", "analyze", str(f), "--alpha", "2"])
    assert (
        r.exit_code == 2 and _error_lines(r.output)[0] == "error: --alpha must be between 0 and 1 (got 2.0)"
    )


@pytest.mark.parametrize(
    ("text", "error", "hint"),
    [
        (
            "day,arm,visitors,conversions\n1,A,1000,50\n1,B,1000,60\n",
            "counts.csv:2: column 'day' holds '1', not a date like 2026-03-01",
            "Day numbers (1, 2, …) are not read",
        ),
        (
            "day,arm,visitors,conversions\n2026-03-01,A,100.5,5\n",
            "counts.csv:2: column 'visitors' holds '100.5', not a whole number",
            "whole numbers",
        ),
        (
            "Date,Variant,Impressions,Clicks\n2026-03-01,A,100,5\n2026-03-01,B,100,\n",
            "counts.csv:3: column 'Clicks' is empty; it needs a whole number",
            "whole numbers",
        ),
    ],
)
def test_analyze_csv_errors_say_line_column_value_and_what_is_expected(
    tmp_path: Path, text: str, error: str, hint: str
) -> None:
    f = tmp_path / "counts.csv"
    f.write_text(text)
    r = runner.invoke(app, ["experiment", "analyze", str(f)], env={"COLUMNS": "300"})
    assert r.exit_code == 2
    said = " ".join(r.output.split())
    assert f"{f}:" in said and error in said.split("hint:")[0], said
    assert hint in said.split("hint:")[1]
    assert "isoformat" not in r.output and "int()" not in r.output


@pytest.mark.parametrize("sep", [";", "\t", ","])
def test_analyze_reads_semicolon_and_tab_separated_counts(tmp_path: Path, sep: str) -> None:
    f = tmp_path / "counts.csv"
    rows = [["day", "arm", "visitors", "conversions"], ["2026-03-01", "A", "1000", "50"]]
    rows.append(["2026-03-01", "B", "1000", "60"])
    f.write_text("".join(sep.join(r) + "\n" for r in rows))
    r = runner.invoke(app, ["experiment", "analyze", str(f), "--json"])
    assert r.exit_code == 0, r.output
    assert [a["visitors"] for a in json.loads(r.stdout)["result"]["arms"]] == [1000, 1000]


def test_analyze_help_says_what_each_column_holds() -> None:
    r = runner.invoke(app, ["experiment", "analyze", "--help"], env={"COLUMNS": "200"})
    text = " ".join(r.output.replace("│", " ").split())
    for words in ("a date like 2026-03-01", "the arm's name", "that day's new visitors, a whole number"):
        assert words in text, words
    assert "semicolons or tabs" in text and "Day numbers (1, 2, …) are not read" in text
    assert COUNTS_HELP == COUNTS_FORMAT  # the CLI's copy of the library's words (kept to start fast)


# -- issue 13: the API's decision and a table in words ------------------------------------------------


def _srm_csv(tmp_path: Path) -> Path:
    lines = ["day,arm,visitors,conversions"]
    for d in range(14):
        day = (date(2026, 3, 1) + timedelta(days=d)).isoformat()
        lines += [f"{day},control,1000,50", f"{day},B,1200,62"]
    f = tmp_path / "srm.csv"
    f.write_text("\n".join(lines) + "\n")
    return f


def test_analyze_shows_the_apis_decision(tmp_path: Path, store: Store) -> None:
    f = _srm_csv(tmp_path)
    ws = store.workspace("default")
    exp = store.create_experiment(ws, "srm", [("control", None, None), ("B", None, None)])
    rows = read_counts_csv(f)
    store.record_observations(
        ws, exp.id, [Observation(day=d, arm=a, visitors=v, conversions=c) for d, a, v, c in rows]
    )
    for method in ("sequential", "frequentist", "bayesian"):
        api = analyses(store, ws, exp.id, [method])[method]  # type: ignore[list-item]
        r = runner.invoke(app, ["experiment", "analyze", str(f), "--method", method, "--json"])
        assert r.exit_code == 0, r.output
        body = json.loads(r.stdout)
        assert body["decision"] == api.decision.model_dump(mode="json")
        assert body["decision"]["title"] == "Stop: data problem"
        assert body["result"] == api.result.model_dump(mode="json")
        assert body["health"] == api.health.model_dump(mode="json")


def test_analyze_table_is_in_words(tmp_path: Path) -> None:
    r = runner.invoke(app, ["experiment", "analyze", str(_srm_csv(tmp_path))], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0] == "Stop: data problem"
    rows = {
        line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]]
        for line in r.output.splitlines()
        if line.startswith("│")
    }
    assert rows["control"] == ["14,000", "700", "5.00%", "", "", "", "control"]
    assert rows["B"][:4] == ["16,800", "868", "5.17%", "+3.3%"]
    assert rows["B"][4].startswith("−") and " to +" in rows["B"][4]
    assert rows["B"][6] == "not readable: data problem"
    for key in ("absolute_lift", "relative_cs_low", "inconclusive", "winner", "srm:"):
        assert key not in r.output
