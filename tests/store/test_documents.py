"""``Store.delete_document``: one document goes with the reports of its corpus and its cached vectors."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import pytest

from tests.support import two_turn_call
from textops.embeddings import text_key
from textops.errors import ConflictError, NotFoundError
from textops.store import DocumentDeletion, Store
from textops.store._jobs import lock_live_corpora
from textops.store._schema import ReportRow
from textops.types import CopyBlock, CopyDocument


def _vec() -> np.ndarray[Any, np.dtype[np.float32]]:
    return np.ones(4, dtype=np.float32)


def _exists(store: Store, ws: int, report_id: str) -> bool:
    try:
        store.get_report(ws, report_id)
    except NotFoundError:
        return False
    return True


def test_delete_document_takes_its_reports_and_vectors_and_nothing_else(store: Store) -> None:
    ws = store.workspace()
    a, b = store.create_corpus(ws, "a"), store.create_corpus(ws, "b")
    added = store.add_documents(
        ws, a.id, [two_turn_call("a1", "Alpha one."), two_turn_call("a2", "Alpha two.")]
    )
    gone_id, kept_id = added.document_ids
    store.add_documents(ws, b.id, [two_turn_call("b1", "Beta one.")])
    own = ["Alpha one.", "Alpha one. Too expensive."]
    kept = ["Alpha two.", "Beta one."]
    for model in ("m1", "m2"):  # the document's raw texts are found under every model the cache holds
        store.put_vectors(model, {text_key(model, t): _vec() for t in own + kept})
    store.link_embeddings([a.id], ["sent-a"])  # a sentence an analysis of corpus a embedded
    store.link_embeddings([b.id], ["sent-b"])
    store.put_vectors("m1", {"sent-a": _vec(), "sent-b": _vec()})
    only_a = store.save_report(ws, "objections", {"x": 1}, corpus_ids=[a.id])
    both = store.save_report(ws, "alignment", {"x": 2}, corpus_ids=[b.id, a.id])
    only_b = store.save_report(ws, "objections", {"x": 3}, corpus_ids=[b.id])
    assert store.count_corpus_reports(ws, a.id) == 2

    gone = store.delete_document(ws, gone_id)

    assert (gone.document_id, gone.corpus_id, gone.kind, gone.external_id) == (
        gone_id,
        a.id,
        "transcript",
        "a1",
    )
    assert (gone.utterances, gone.reports, set(gone.report_ids)) == (2, 2, {only_a, both})
    expected = {"sent-a"} | {text_key(m, t) for m in ("m1", "m2") for t in own}
    assert set(gone.embedding_keys) == expected and gone.embeddings == len(expected)
    assert "embedding_keys" not in gone.model_dump()  # hashes stay out of the API's answer
    # the other document, the other corpus, its report and the other texts' vectors are untouched
    assert [d.id for d in store.list_documents(ws, a.id)] == [kept_id]
    assert store.get_corpus(ws, a.id).transcripts == 1 and store.get_corpus(ws, a.id).utterances == 2
    assert store.get_corpus(ws, b.id).transcripts == 1
    assert [rid for rid in (only_a, both, only_b) if _exists(store, ws, rid)] == [only_b]
    left = [text_key(m, t) for m in ("m1", "m2") for t in kept] + ["sent-b"]
    assert set(store.get_vectors("m1", left)) == set(left)
    assert store.count_corpus_reports(ws, a.id) == 0
    with pytest.raises(NotFoundError):
        store.get_document(ws, gone_id)
    with pytest.raises(NotFoundError, match=f"document {gone_id} not found"):
        store.delete_document(ws, gone_id)  # twice: the second finds nothing


def test_copy_documents_take_their_blocks_headings_and_title_vectors(store: Store) -> None:
    ws = store.workspace()
    c = store.create_corpus(ws, "copy")
    doc = CopyDocument(
        doc_id="lp",
        title="Alpha page",
        blocks=[CopyBlock(kind="paragraph", text="Alpha body.", heading="Why")],
    )
    (doc_id,) = store.add_documents(ws, c.id, [doc]).document_ids
    texts = ["Alpha page", "Alpha body.", "Why"]
    store.put_vectors("m", {text_key("m", t): _vec() for t in [*texts, "Other."]})
    gone = store.delete_document(ws, doc_id, corpus="copy")
    assert (gone.kind, gone.external_id, gone.title, gone.utterances) == ("copy", "lp", "Alpha page", 0)
    assert set(gone.embedding_keys) == {text_key("m", t) for t in texts}
    assert set(store.get_vectors("m", [text_key("m", "Other.")])) == {text_key("m", "Other.")}
    assert store.get_corpus(ws, c.id).copy_documents == 0


def test_another_workspace_or_corpus_cannot_delete_it(store: Store) -> None:
    ws, other = store.workspace(), store.workspace("other")
    a = store.create_corpus(ws, "a")
    b = store.create_corpus(ws, "b")
    (doc_id,) = store.add_documents(ws, a.id, [two_turn_call("a1", "Alpha one.")]).document_ids
    rid = store.save_report(ws, "objections", {"x": 1}, corpus_ids=[a.id])
    with pytest.raises(NotFoundError):
        store.delete_document(other, doc_id)
    for wrong in (b.id, "b", str(b.id), "missing"):  # a corpus it is not in: as if it did not exist
        with pytest.raises(NotFoundError):
            store.delete_document(ws, doc_id, corpus=wrong)
    assert store.get_document(ws, doc_id).call_id == "a1"  # type: ignore[union-attr]
    assert _exists(store, ws, rid)
    assert store.delete_document(ws, doc_id, corpus=str(a.id)).reports == 1


def test_refused_while_an_analysis_of_its_corpus_runs(store: Store) -> None:
    ws = store.workspace()
    a, b = store.create_corpus(ws, "a"), store.create_corpus(ws, "b")
    (doc_id,) = store.add_documents(ws, a.id, [two_turn_call("a1", "Alpha one.")]).document_ids
    job = store.create_job(ws, "objections", {"request": {"corpus_ids": [a.id]}})
    other = store.create_job(ws, "alignment", {"request": {"copy_corpus_ids": [b.id], "call_corpus_ids": []}})
    store.update_job(other.id, status="running")
    with pytest.raises(ConflictError, match=f"objections job {job.id}") as err:
        store.delete_document(ws, doc_id)
    assert err.value.hint and "has finished" in err.value.hint
    assert store.get_corpus(ws, a.id).transcripts == 1  # nothing was deleted
    store.finish_job(ws, job.id, "objections", {"x": 1}, corpus_ids=[a.id])
    gone = store.delete_document(ws, doc_id)  # the job is done: its report goes with the document
    assert gone.reports == 1 and store.get_job(ws, job.id).report_id in gone.report_ids
    # a combined analysis names its corpus of calls on its own (POST /v1/analyses)
    (doc_id,) = store.add_documents(ws, a.id, [two_turn_call("a2", "Alpha two.")]).document_ids
    both = store.create_job(ws, "analysis", {"request": {"corpus_id": a.id, "copy_corpus_ids": [b.id]}})
    with pytest.raises(ConflictError, match=f"analysis job {both.id}"):
        store.delete_document(ws, doc_id)


def test_a_report_being_written_is_waited_for_and_deleted(store: Store) -> None:
    """A report whose transaction holds the corpus (``lock_live_corpora``, as ``save_report`` and
    ``finish_job`` take it) makes the delete wait (PostgreSQL: the row lock; SQLite: the one writer), and the
    delete then removes it with the document."""
    ws = store.workspace()
    a = store.create_corpus(ws, "a")
    (doc_id,) = store.add_documents(ws, a.id, [two_turn_call("a1", "Alpha one.")]).document_ids
    done: list[DocumentDeletion] = []
    with store.session() as s:
        lock_live_corpora(s, ws, [a.id])
        s.add(
            ReportRow(id="r-1", workspace_id=ws, kind="objections", corpus_ids=[a.id], params={}, result={})
        )
        s.flush()
        deleter = threading.Thread(target=lambda: done.append(store.delete_document(ws, doc_id)))
        deleter.start()
        deleter.join(timeout=1.0)
        assert deleter.is_alive() and done == []  # waiting for the report's transaction
    deleter.join(timeout=30)
    assert [d.report_ids for d in done] == [["r-1"]]
    assert not _exists(store, ws, "r-1") and store.get_corpus(ws, a.id).transcripts == 0
