from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from pydantic import BaseModel

from textops.errors import ConflictError, InvalidInputError, NotFoundError
from textops.store import (
    RawJSON,
    ReportPart,
    ReportSummary,
    Store,
    StoredReport,
    content_hash,
    report_json,
)
from textops.types import CopyBlock, CopyDocument, Transcript, Utterance


def _call(call_id: str = "c1", text: str = "We cut invoice time by 60%.") -> Transcript:
    return Transcript(
        call_id=call_id,
        started_at=datetime(2026, 3, 2, 15, tzinfo=UTC),
        outcome="won",
        segment="smb",
        utterances=[
            Utterance(speaker="Dana", role="rep", text=text, start=0.0, end=3.0, index=0),
            Utterance(speaker="Sam", role="prospect", text="That sounds too expensive.", start=3.5, index=1),
        ],
        source="c1.txt",
    )


def test_corpus_lifecycle_and_counts(store: Store) -> None:
    ws = store.workspace()
    c = store.create_corpus(ws, "calls", "q1")
    with pytest.raises(ConflictError):
        store.create_corpus(ws, "calls")
    assert store.create_corpus(ws, "calls", exist_ok=True).id == c.id
    with pytest.raises(InvalidInputError):
        store.create_corpus(ws, "  ")
    copy = CopyDocument(doc_id="lp", blocks=[CopyBlock(kind="headline", text="Close the books faster")])
    res = store.add_documents(ws, c.id, [_call(), _call("c2", "Other words here."), copy])
    assert (res.added, res.duplicates) == (3, 0)
    info = store.get_corpus(ws, "calls")
    assert (info.transcripts, info.copy_documents, info.utterances) == (2, 1, 4)
    assert info.words == sum(len(u.text.split()) for u in _call().utterances) + 7 + 4
    docs = store.list_documents(ws, c.id, kind="transcript")
    assert [d.external_id for d in docs] == ["c1", "c2"] and docs[0].outcome == "won"
    loaded = store.get_document(ws, docs[0].id)
    assert isinstance(loaded, Transcript) and loaded.utterances[1].role == "prospect"
    assert [t.call_id for t in store.load_transcripts(ws, ["calls"])] == ["c1", "c2"]
    assert [d.doc_id for d in store.load_copy(ws, [c.id])] == ["lp"]
    store.delete_corpus(ws, c.id)
    with pytest.raises(NotFoundError):
        store.get_corpus(ws, c.id)
    with pytest.raises(NotFoundError):
        store.get_document(ws, docs[0].id)


def test_reingest_is_idempotent_by_content(store: Store) -> None:
    ws = store.workspace()
    store.create_corpus(ws, "calls")
    assert store.add_documents(ws, "calls", [_call()]).added == 1
    renamed = _call().model_copy(update={"source": "renamed.txt"})
    again = store.add_documents(ws, "calls", [renamed, _call()])
    assert (again.added, again.duplicates) == (0, 2)
    changed = store.add_documents(ws, "calls", [_call(text="A different sentence.")])
    assert changed.added == 1
    assert content_hash(_call()) == content_hash(renamed)


def test_workspaces_are_isolated(store: Store) -> None:
    a, b = store.workspace("a"), store.workspace("b")
    ca = store.create_corpus(a, "calls")
    store.add_documents(a, ca.id, [_call()])
    doc_id = store.list_documents(a, ca.id)[0].id
    with pytest.raises(NotFoundError):
        store.get_corpus(b, ca.id)
    with pytest.raises(NotFoundError):
        store.get_document(b, doc_id)
    with pytest.raises(NotFoundError):
        store.delete_corpus(b, ca.id)
    rid = store.save_report(a, "alignment", {"score": 1}, corpus_ids=[ca.id])
    with pytest.raises(NotFoundError):
        store.get_report(b, rid)
    assert store.get_report(a, rid).body["score"] == 1
    assert store.list_corpora(b) == []


def test_failed_batch_leaves_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = store.workspace()
    store.create_corpus(ws, "calls")
    import textops.store._store as impl

    real = impl._document_row
    calls = {"n": 0}

    def flaky(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(impl, "_document_row", flaky)
    with pytest.raises(RuntimeError):
        store.add_documents(ws, "calls", [_call("a"), _call("b", "x y z")])
    assert store.get_corpus(ws, "calls").transcripts == 0


def test_jobs_survive_restart(store: Store) -> None:
    ws = store.workspace()
    job = store.create_job(ws, "alignment", {"corpora": [1]})
    store.update_job(job.id, status="running", done=3, total=10)
    assert store.get_job(ws, job.id).done == 3
    restarted = Store(store.url)
    assert restarted.mark_interrupted_jobs() == 1
    again = restarted.get_job(ws, job.id)
    assert again.status == "interrupted" and "start it again" in (again.message or "")
    assert restarted.job_params(ws, job.id) == {"corpora": [1]}
    with pytest.raises(ValueError, match="unknown job status"):
        store.update_job(job.id, status="exploded")


def test_concurrent_writers_do_not_crash(store: Store) -> None:
    import threading

    import numpy as np

    ws = store.workspace()
    store.create_corpus(ws, "calls")
    errors: list[BaseException] = []
    vec = {f"k{i}": np.ones(4, dtype=np.float32) for i in range(50)}

    def writer() -> None:
        try:
            for _ in range(10):
                store.put_vectors("m", vec)
                store.add_documents(ws, "calls", [_call("same")])
                store.create_corpus(ws, "other", exist_ok=True)
                store.workspace("team-b")
        except BaseException as exc:  # pragma: no cover - the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.count_vectors() == 50
    assert store.get_corpus(ws, "calls").transcripts == 1


def test_all_digit_corpus_names_are_refused(store: Store) -> None:
    with pytest.raises(InvalidInputError, match="all digits"):
        store.create_corpus(store.workspace(), "2024")


def test_database_errors_never_carry_the_bound_values(store: Store) -> None:
    """#16 item 2: SQLAlchemy's ``[parameters: ...]`` put utterance text and names into the server log."""
    from sqlalchemy.exc import IntegrityError

    from textops.store._schema import WorkspaceRow

    secret = "jane.doe@example.com said the budget is gone"
    store.workspace(secret[:100])
    with pytest.raises(IntegrityError) as info, store.session() as s:
        s.add(WorkspaceRow(name=secret[:100]))  # a duplicate: the unique constraint fails
        s.flush()
    assert "parameters hidden" in str(info.value)
    # PostgreSQL's own message quotes the row ("Key (name)=(jane.doe…) already exists"): what is logged
    # goes through log_safe, which withholds it
    from textops.store import DatabaseFailure, log_safe

    safe = log_safe(info.value)
    assert isinstance(safe, DatabaseFailure) and "jane.doe" not in str(safe)
    assert "INSERT INTO workspaces" in str(safe) and safe.__traceback__ is info.value.__traceback__


def test_latest_report_of_a_corpus_is_found_behind_many_newer_ones(store: Store) -> None:
    """The headline voice lookup read only the newest 500 reports: an older one of the corpus was missed."""
    ws = store.workspace()
    a, b = store.create_corpus(ws, "a"), store.create_corpus(ws, "b")
    old = store.save_report(ws, "objections", {"x": 0}, corpus_ids=[a.id])
    for i in range(520):
        store.save_report(ws, "objections", {"x": i}, corpus_ids=[b.id])
    assert store.latest_report_id(ws, "objections", a.id) == old
    assert store.latest_report_id(ws, "alignment", a.id) is None
    assert store.latest_report_id(store.workspace("other"), "objections", a.id) is None


def test_a_stored_report_keeps_its_summary_apart_from_its_body(store: Store) -> None:
    """``get_report`` used to merge id, kind and created_at into the report's JSON; callers stripped them."""
    ws = store.workspace()
    c = store.create_corpus(ws, "calls")
    rid = store.save_report(ws, "objections", {"calls": 3, "kind": "a report field"}, corpus_ids=[c.id])
    stored = store.get_report(ws, rid, kind="objections")
    assert isinstance(stored, StoredReport)
    assert (stored.id, stored.kind, stored.corpus_ids) == (rid, "objections", [c.id])
    assert stored.body == {"calls": 3, "kind": "a report field"}  # a body key named like a summary key stays
    assert isinstance(stored.created_at, datetime)
    with pytest.raises(NotFoundError):
        store.get_report(ws, rid, kind="alignment")
    listed = store.list_reports(ws, kind="objections")
    summary = ReportSummary(id=rid, kind="objections", corpus_ids=[c.id], created_at=stored.created_at)
    assert listed == [summary]
    assert store.list_reports(ws, kind="alignment") == []
    # the API's JSON keeps the ISO text it always had
    assert listed[0].model_dump(mode="json")["created_at"] == stored.created_at.isoformat()


def test_a_report_serialised_already_is_stored_as_it_is_and_reads_back_as_json(store: Store) -> None:
    """An analysis stores its large reports from ``model_dump_json`` (:class:`RawJSON`), without dicts."""
    ws = store.workspace()
    c = store.create_corpus(ws, "calls")
    body = {"calls": 2, "quotes": ["naïve — “quoted”", "price"], "score": 0.1 + 0.2, "none": None}
    part = ReportPart("part-1", "objections", RawJSON(json.dumps(body, ensure_ascii=False)), [c.id])
    rid = store.save_report(ws, "analysis", RawJSON('{"parts": 1}'), corpus_ids=[c.id], parts=[part])
    assert store.get_report(ws, rid).body == {"parts": 1}
    assert store.get_report(ws, "part-1", kind="objections").body == body
    # a dict is still dumped by json, and a plain str is a JSON string, not a document
    rid = store.save_report(ws, "objections", {"text": "{not json}"}, corpus_ids=[c.id])
    assert store.get_report(ws, rid).body == {"text": "{not json}"}


class _Quotes(BaseModel):
    quotes: list[str]
    score: float
    none: None = None


def test_report_json_is_ascii_text_that_reads_back_as_the_model(store: Store) -> None:
    """``report_json`` escapes non-ASCII (above the BMP as surrogate pairs) the way ``json.dumps`` does."""
    model = _Quotes(quotes=["naïve — “quoted”", "too pricey 😬🙏", "ok", '\u00e9\n"x"'], score=0.1 + 0.2)
    text = report_json(model)
    assert isinstance(text, RawJSON) and text.isascii()
    assert json.loads(text) == model.model_dump(mode="json")
    assert "\\ud83d\\ude2c" in text  # 😬 as a surrogate pair, as json.dumps writes it
    assert json.loads(json.dumps(model.model_dump(mode="json"))) == json.loads(text)
    ws = store.workspace()
    c = store.create_corpus(ws, "calls")
    rid = store.save_report(ws, "objections", text, corpus_ids=[c.id])
    assert _Quotes.model_validate(store.get_report(ws, rid).body) == model


def test_find_transcript_takes_the_newest_copy_of_a_call_in_the_given_corpora(store: Store) -> None:
    ws, other = store.workspace(), store.workspace("other")
    a, b = store.create_corpus(ws, "a"), store.create_corpus(ws, "b")
    store.add_documents(ws, a.id, [_call("c1")])
    newer = store.add_documents(ws, b.id, [_call("c1", "Another version of the call.")]).document_ids[0]
    found = store.find_transcript(ws, [a.id, b.id], "c1")
    assert found is not None and found[0] == newer and found[1].utterances[0].text.startswith("Another")
    only_a = store.find_transcript(ws, [a.id], "c1")
    assert only_a is not None and only_a[1].utterances[0].text == "We cut invoice time by 60%."
    assert store.find_transcript(ws, [a.id], "c2") is None
    assert store.find_transcript(ws, [], "c1") is None
    assert store.find_transcript(other, [a.id, b.id], "c1") is None
