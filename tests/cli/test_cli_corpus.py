"""``textops corpus docs`` and ``textops corpus rm-doc``: find a document's id, delete it with its reports."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from textops.cli import app
from textops.errors import NotFoundError
from textops.settings import Settings
from textops.store import Store
from textops.types import Transcript, Utterance

runner = CliRunner()


def _call(call_id: str) -> Transcript:
    return Transcript(
        call_id=call_id,
        utterances=[
            Utterance(speaker="Dana", role="rep", text="We cut invoice time by 60%.", index=0),
            Utterance(speaker="Sam", role="prospect", text=f"{call_id}: the price is too high.", index=1),
        ],
    )


def _seed(settings: Settings) -> tuple[Store, int, int, list[int], str]:
    store = Store(settings.resolved_database_url)
    ws = store.workspace()
    calls = store.create_corpus(ws, "q3-calls")
    ids = store.add_documents(ws, calls.id, [_call("c-1"), _call("c-[2]")]).document_ids
    rid = store.save_report(ws, "objections", {"calls": 2}, corpus_ids=[calls.id])
    return store, ws, calls.id, ids, rid


def test_docs_lists_the_ids_rm_doc_takes(settings: Settings) -> None:
    _store, _ws, _cid, ids, _rid = _seed(settings)
    db = ["--db", settings.resolved_database_url]
    listed = runner.invoke(app, [*db, "corpus", "docs", "q3-calls", "--json"])
    assert listed.exit_code == 0, listed.output
    assert [(d["id"], d["external_id"]) for d in json.loads(listed.output)] == list(
        zip(ids, ["c-1", "c-[2]"], strict=True)
    )
    table = runner.invoke(app, [*db, "corpus", "docs", "q3-calls"])
    assert table.exit_code == 0 and "c-[2]" in table.output  # a name with brackets is not Rich markup
    missing = runner.invoke(app, [*db, "corpus", "docs", "nope"])
    assert missing.exit_code == 2 and "not found" in missing.output
    bad = runner.invoke(app, [*db, "corpus", "docs", "q3-calls", "--kind", "video"])
    assert bad.exit_code == 2 and "unknown kind" in bad.output


def test_rm_doc_asks_says_what_goes_and_deletes_the_reports(settings: Settings) -> None:
    store, ws, cid, ids, rid = _seed(settings)
    db = ["--db", settings.resolved_database_url]
    declined = runner.invoke(app, [*db, "corpus", "rm-doc", str(ids[0])], input="n\n")
    assert (
        declined.exit_code == 1 and "1 report(s)" in declined.output and "nothing deleted" in declined.output
    )
    assert store.get_corpus(ws, cid).transcripts == 2

    done = runner.invoke(app, [*db, "corpus", "rm-doc", str(ids[0]), "--corpus", "q3-calls"], input="y\n")
    assert done.exit_code == 0, done.output
    assert f"deleted document {ids[0]} (c-1) and 1 report(s)" in done.output
    assert [d.external_id for d in store.list_documents(ws, cid)] == ["c-[2]"]
    try:
        store.get_report(ws, rid)
    except NotFoundError:
        pass
    else:
        raise AssertionError("the corpus's report outlived the deleted document")

    again = runner.invoke(app, [*db, "corpus", "rm-doc", str(ids[0]), "--yes"])
    assert again.exit_code == 2 and f"document {ids[0]} not found" in again.output
    wrong = runner.invoke(app, [*db, "corpus", "rm-doc", str(ids[1]), "--yes", "--corpus", "other"])
    assert wrong.exit_code == 2 and store.get_corpus(ws, cid).transcripts == 1
    as_json = runner.invoke(app, [*db, "corpus", "rm-doc", str(ids[1]), "--yes", "--json"])
    assert as_json.exit_code == 0, as_json.output
    body = json.loads(as_json.output)
    assert (body["document_id"], body["external_id"], body["reports"]) == (ids[1], "c-[2]", 0)
    assert store.get_corpus(ws, cid).transcripts == 0


def test_ingest_says_which_call_was_stored_under_another_id(settings: Settings, tmp_path: Path) -> None:
    """`call.txt` and `call.vtt`: two calls, one name; the second is stored as `call.vtt`, and it says so."""
    text = "Sales Rep: Hello.\nCustomer: Hi, what does it cost?\n"
    (tmp_path / "call.txt").write_text(text, encoding="utf-8")
    cues = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Sales Rep>Morning.\n\n00:00:04.000 --> 00:00:05.000\n"
    (tmp_path / "call.vtt").write_text(cues + "<v Customer>Hi.\n", encoding="utf-8")
    db = ["--db", settings.resolved_database_url]
    result = runner.invoke(app, [*db, "ingest", str(tmp_path), "--corpus", "named"])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "call id 'call' is another call's in this corpus, so this call is stored as 'call.vtt'" in said
    assert "+2 new" in said
