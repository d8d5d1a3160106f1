"""``Store.delete_corpus`` takes everything derived from the corpus with it, and nothing of another's."""

from __future__ import annotations

import numpy as np
import pytest

from tests.support import two_turn_call
from textops.embeddings import text_key
from textops.errors import SourceDeletedError
from textops.store import Store
from textops.types import CopyBlock, CopyDocument


def _vec() -> np.ndarray:
    return np.ones(4, dtype=np.float32)


def test_delete_corpus_removes_its_derived_data_only(store: Store) -> None:
    ws = store.workspace()
    a, b = store.create_corpus(ws, "a"), store.create_corpus(ws, "b")
    copy = CopyDocument(
        doc_id="lp",
        title="Alpha page",
        blocks=[CopyBlock(kind="paragraph", text="Alpha body.", heading="Why")],
    )
    store.add_documents(ws, a.id, [two_turn_call("a1", "Alpha one."), copy])
    store.add_documents(ws, b.id, [two_turn_call("b1", "Beta one.")])
    raw_a = ["Alpha one.", "Alpha one. Too expensive.", "Alpha page", "Alpha body.", "Why"]
    for model in ("m1", "m2"):  # raw texts are found under every model the cache holds
        store.put_vectors(model, {text_key(model, t): _vec() for t in raw_a})
    store.put_vectors("m1", {text_key("m1", "Beta one."): _vec()})
    # keys an analysis of a (and one of a + b) linked before storing its vectors
    store.link_embeddings([a.id], ["sent-a", "shared"])
    store.link_embeddings([b.id], ["sent-b", "shared"])
    store.put_vectors("m1", {"sent-a": _vec(), "sent-b": _vec(), "shared": _vec(), "unlinked": _vec()})
    only_a = store.save_report(ws, "objections", {"x": 1}, corpus_ids=[a.id])
    both = store.save_report(ws, "alignment", {"x": 2}, corpus_ids=[b.id, a.id])
    only_b = store.save_report(ws, "objections", {"x": 3}, corpus_ids=[b.id])
    before = store.count_vectors()

    gone = store.delete_corpus(ws, "a")

    assert (gone.documents, gone.utterances, gone.reports) == (2, 2, 2)
    expected = {"sent-a", "shared"} | {text_key(m, t) for m in ("m1", "m2") for t in raw_a}
    assert set(gone.embedding_keys) == expected and gone.embeddings == len(expected)
    assert store.count_vectors() == before - len(expected)
    assert set(store.get_vectors("m1", ["sent-b", "unlinked", text_key("m1", "Beta one.")])) == {
        "sent-b",
        "unlinked",
        text_key("m1", "Beta one."),
    }
    assert store.get_report(ws, only_b).body["x"] == 3
    for rid in (only_a, both):
        assert rid not in {r.id for r in store.list_reports(ws)}
    assert store.get_corpus(ws, "b").transcripts == 1
    # an analysis still running on the deleted corpus is stopped at its next link, and stores nothing
    with pytest.raises(SourceDeletedError, match="deleted while the analysis ran"):
        store.link_embeddings([a.id], ["late"])
    store.link_embeddings([], ["nothing"])
    with pytest.raises(SourceDeletedError):
        store.save_report(ws, "objections", {"x": 4}, corpus_ids=[a.id])
    assert len(store.list_reports(ws)) == 1


def test_vectors_written_after_the_delete_are_dropped(store: Store) -> None:
    """#16 item 1: linked, then the corpus is deleted, then the vectors are written: none may remain."""
    ws = store.workspace()
    a, b = store.create_corpus(ws, "a"), store.create_corpus(ws, "b")
    store.link_embeddings([a.id, b.id], ["k1", "k2"])  # an analysis of a and b
    store.link_embeddings([b.id], ["k3"])
    store.delete_corpus(ws, a.id)
    store.put_vectors("m", {"k1": _vec(), "k2": _vec(), "k3": _vec()})
    with pytest.raises(SourceDeletedError):
        store.confirm_embeddings([a.id, b.id], ["k1", "k2"])
    assert set(store.get_vectors("m", ["k1", "k2", "k3"])) == {"k3"}
    store.confirm_embeddings([b.id], ["k3"])  # live: nothing happens
    assert set(store.get_vectors("m", ["k3"])) == {"k3"}


def test_delete_of_an_empty_corpus_with_an_empty_cache(store: Store) -> None:
    ws = store.workspace()
    c = store.create_corpus(ws, "empty")
    gone = store.delete_corpus(ws, c.id)
    assert (gone.documents, gone.reports, gone.embeddings) == (0, 0, 0)
