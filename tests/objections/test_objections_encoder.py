"""The fine-tuned objection encoder: where it is used, and that it keeps the caller's cache and tracking."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from textops.embeddings import CachedEmbedder, HashingEmbedder, TrackingEmbedder, get_embedder
from textops.objections import get_model, mine_objections
from textops.objections._encoder import encoder_label, objection_embedder, tuned_encoder
from textops.settings import override_settings
from textops.types import Transcript, Utterance


class _Linker:
    def __init__(self) -> None:
        self.linked: list[tuple[list[int], list[str]]] = []

    def link_embeddings(self, corpus_ids: Sequence[int], keys: Sequence[str]) -> None:
        self.linked.append((list(corpus_ids), list(keys)))

    def confirm_embeddings(self, corpus_ids: Sequence[int], keys: Sequence[str]) -> None:
        pass


def test_other_embedders_are_left_alone() -> None:
    fake = HashingEmbedder(32)
    assert objection_embedder(fake) is fake
    cached = CachedEmbedder(fake)
    assert objection_embedder(cached) is cached


def test_the_shared_setting_keeps_the_shared_encoder() -> None:
    with override_settings(objection_encoder="shared"):
        shared = get_embedder()
        assert objection_embedder(shared) is shared
        assert tuned_encoder() is None


@pytest.mark.model
def test_the_tuned_encoder_replaces_minilm_and_keeps_store_and_tracking() -> None:
    tuned = tuned_encoder()
    assert tuned is not None, "textops/data/objection_encoder.npz should ship with the package"
    assert tuned.oof_vectors.shape == tuned.final_vectors.shape and tuned.oof_vectors.shape[1] == 384
    base = CachedEmbedder(get_embedder().inner, store=None, memory_items=0)
    swapped = objection_embedder(base)
    assert isinstance(swapped, CachedEmbedder) and swapped.inner is tuned.embedder
    assert swapped.memory_items == 0 and objection_embedder(base) is swapped
    linker = _Linker()
    tracked = objection_embedder(TrackingEmbedder(base, linker, [3]))
    assert isinstance(tracked, TrackingEmbedder) and tracked.corpus_ids == [3]
    tracked.encode(["That is more than we budgeted."])
    assert linker.linked and linker.linked[0][0] == [3]
    assert "objections" in encoder_label(swapped)
    model = get_model(swapped)
    assert model.embedder_name == swapped.name and model.pain is not None


@pytest.mark.model
def test_a_report_with_the_tuned_encoder_has_objections_and_pain_points() -> None:
    turns = [
        ("Sales Rep", "Thanks for joining. How do you handle supplier invoices today?"),
        (
            "Customer",
            "Honestly it's all manual, we key every invoice in by hand and month end is a nightmare.",
        ),
        ("Sales Rep", "Our platform does that for you. It's forty dollars per user a month."),
        ("Customer", "It's too expensive for us. I'd need our CFO to sign off on it before we do anything."),
    ]
    call = Transcript(
        call_id="c1",
        utterances=[
            Utterance(speaker=s, role="rep" if s == "Sales Rep" else "prospect", text=t, index=i)
            for i, (s, t) in enumerate(turns)
        ],
    )
    report = mine_objections([call])
    assert {o.category for o in report.objections} == {"price", "authority"}
    assert report.pain_points.count >= 1 and "manual" in report.pain_points.items[0].text
    assert "objections" in report.model
