from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from textops.cli import app
from textops.experiments import ArmCounts, analyze_frequentist, plan_sample_size

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
