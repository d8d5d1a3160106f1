"""``textops analyze``: both reports of a stored corpus from one command (real models, a tiny corpus)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.support import DEMO
from textops.cli import app
from textops.store import Store

runner = CliRunner()

CALL = """# rep: Dana Ruiz
# outcome: lost
Dana Ruiz: Brightlane cuts invoice processing time by sixty percent, and it syncs with NetSuite.
Sam Lee: Honestly, the price is way over our budget for this year.
Dana Ruiz: Most teams are live in thirty days with a dedicated onboarding specialist.
Sam Lee: I'd have to run it by my CFO before we commit to anything.
"""


@pytest.mark.model
def test_analyze_stores_both_reports_and_prints_their_ids(tmp_path: Path) -> None:
    db = f"sqlite:///{(tmp_path / 't.db').as_posix()}"
    for i in range(2):
        (tmp_path / f"call-{i}.txt").write_text(CALL.replace("Sam Lee", f"Sam Lee{i}"), encoding="utf-8")
    ingest = runner.invoke(
        app, ["--db", db, "ingest", str(tmp_path / "call-0.txt"), str(tmp_path / "call-1.txt"), "-c", "calls"]
    )
    assert ingest.exit_code == 0, ingest.output
    copy = runner.invoke(app, ["--db", db, "ingest", str(DEMO / "copy"), "-c", "copy"])
    assert copy.exit_code == 0, copy.output
    done = runner.invoke(
        app,
        [
            "--db",
            db,
            "analyze",
            "calls",
            "--copy",
            "copy",
            "--seller",
            "brightlane",
            "--engine",
            "local",
            "--json",
        ],
    )
    assert done.exit_code == 0, done.output
    summary = json.loads(done.stdout)
    assert summary["calls"] == 2 and summary["engine"] == "local"
    store = Store(db)
    ws = store.workspace()
    objections = store.get_report(ws, summary["objections_report_id"], kind="objections")
    alignment = store.get_report(ws, summary["alignment_report_id"], kind="alignment")
    assert objections.body["calls"] == 2 and summary["objections"] == len(objections.body["objections"])
    assert {o["category"] for o in objections.body["objections"]} >= {"price"}
    assert alignment.body["rep_sentences"] > 0
    assert alignment.body["components"]["score"] == summary["alignment_score"]


def test_analyze_errors_say_what_to_do(tmp_path: Path) -> None:
    db = f"sqlite:///{(tmp_path / 't.db').as_posix()}"
    missing = runner.invoke(app, ["--db", db, "analyze", "nope"])
    assert missing.exit_code != 0
    assert "corpus 'nope' not found" in missing.output and "textops corpora" in missing.output
    copy_only = runner.invoke(app, ["--db", db, "ingest", str(DEMO / "copy"), "-c", "copy"])
    assert copy_only.exit_code == 0, copy_only.output
    empty = runner.invoke(app, ["--db", db, "analyze", "copy"])
    assert empty.exit_code != 0 and "holds no transcripts" in empty.output
    bad_engine = runner.invoke(app, ["--db", db, "analyze", "copy", "--engine", "spark"])
    assert bad_engine.exit_code != 0 and "unknown engine 'spark'" in bad_engine.output
