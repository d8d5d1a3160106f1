from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from textops.cli import app
from textops.settings import Settings

runner = CliRunner()
DEMO = Path(__file__).resolve().parent.parent / "corpora" / "demo"


def _db(settings: Settings) -> list[str]:
    return ["--db", settings.resolved_database_url]


def test_help_has_examples() -> None:
    for cmd in ["ingest", "corpora", "roles", "demo", "serve", "align"]:
        result = runner.invoke(app, [cmd, "--help"])
        assert result.exit_code == 0, result.output
        assert "Example: textops" in result.output


def test_ingest_reports_bad_files_and_goes_on(settings: Settings, tmp_path: Path) -> None:
    good = tmp_path / "call.txt"
    good.write_text("# rep: Dana\nDana: Hello there, thanks for joining.\nSam: Sure, happy to be here.\n")
    bad = tmp_path / "broken.json"
    bad.write_text('{"call_id": "x", "utterances": [')
    result = runner.invoke(app, [*_db(settings), "ingest", str(good), str(bad), "--corpus", "c", "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["added"] == 1 and body["errors"] == 1
    failed = next(f for f in body["files"] if f["status"] == "error")
    assert failed["file"].endswith("broken.json") and failed["line"] == 1
    again = runner.invoke(app, [*_db(settings), "ingest", str(good), "--corpus", "c", "--json"])
    assert json.loads(again.stdout)["duplicates"] == 1
    listed = json.loads(runner.invoke(app, [*_db(settings), "corpora", "--json"]).stdout)
    assert [(c["name"], c["transcripts"]) for c in listed] == [("c", 1)]


def test_ingest_only_bad_files_exits_nonzero(settings: Settings, tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    result = runner.invoke(app, [*_db(settings), "ingest", str(bad), "--corpus", "c"])
    assert result.exit_code == 1
    assert "empty" in result.output.lower()


def test_demo_loads_the_whole_demo_corpus(settings: Settings) -> None:
    result = runner.invoke(app, [*_db(settings), "demo", "--json", "--no-report"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    truth = json.loads((DEMO / "ground_truth.json").read_text())
    assert body["errors"] == 0
    assert body["corpus"]["transcripts"] == len(truth["calls"])
    listed = {
        c["name"]: c for c in json.loads(runner.invoke(app, [*_db(settings), "corpora", "--json"]).stdout)
    }
    assert listed["demo-copy"]["copy_documents"] >= 14


def test_ingest_with_rep_and_the_roles_command(settings: Settings, tmp_path: Path) -> None:
    call = tmp_path / "call.txt"
    call.write_text("Speaker 1: Thanks for joining.\nSpeaker 2: Sure, happy to be here.\n")
    result = runner.invoke(app, [*_db(settings), "ingest", str(call), "--corpus", "c", "--rep", "Speaker 2"])
    assert result.exit_code == 0, result.output
    assert "speaker roles in the new calls: 1 from the files or labels" in result.stdout
    shown = json.loads(runner.invoke(app, [*_db(settings), "roles", "c", "--json"]).stdout)
    roles = {s["speaker"]: s["roles"] for s in shown["speakers"]}
    assert roles == {"Speaker 1": {"prospect": 1}, "Speaker 2": {"rep": 1}}
    changed = runner.invoke(app, [*_db(settings), "roles", "c", "--rep", "Speaker 1", "--json"])
    assert changed.exit_code == 0, changed.output
    body = json.loads(changed.stdout)
    assert body["changed"] == 1
    assert {s["speaker"]: s["roles"] for s in body["speakers"]}["Speaker 1"] == {"rep": 1}
    missing = runner.invoke(app, [*_db(settings), "roles", "nope"])
    assert missing.exit_code == 2 and "not found" in missing.output
