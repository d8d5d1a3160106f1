"""The objection encoder: MiniLM fine-tuned on the labelled objection sentences.

``bench/train_objection_encoder.py`` fine-tunes all-MiniLM-L6-v2 (its token embeddings frozen) to tell the
twelve kinds of prospect sentence apart (none, pain point, ten objection categories) and writes
``textops/data/objection_encoder.npz``: the six fine-tuned layers (float16), the *out-of-fold* vectors of the
training sentences (each embedded by an encoder fine-tuned without it — what the calibrated classifier on top
is trained on), and the final encoder's vectors of the same sentences (the evidence shown with a detection).

At first use the encoder is written once as a transformers folder under ``<data_dir>/models/`` and then runs
through :class:`~textops.embeddings.TransformerEmbedder` like any model (packed path, ONNX Runtime, the vector
cache). :func:`objection_embedder` swaps it in for the shared MiniLM embedder while keeping the caller's
vector store and corpus tracking, so the objection pipeline, ``classify`` and the API use it without any
change to their callers. It is not used (the shared embedder is, with a warning where it matters) when
``TEXTOPS_OBJECTION_ENCODER=shared``, when the configured embedding model is not the MiniLM it was tuned from,
or when the training files were edited after it was trained (its out-of-fold vectors no longer match).
"""

from __future__ import annotations

import logging
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from textops.embeddings import CachedEmbedder, Embedder, TrackingEmbedder, TransformerEmbedder, Vectors
from textops.errors import ModelNotAvailableError
from textops.headlines._resource import read_student
from textops.loaders import student_folder
from textops.settings import get_settings

__all__ = ["ENCODER_RESOURCE", "TunedEncoder", "encoder_label", "objection_embedder", "tuned_encoder"]

log = logging.getLogger(__name__)

ENCODER_RESOURCE = "data/objection_encoder.npz"
"""Path of the fine-tuned layers (and the training sentences' vectors) inside the ``textops`` package."""


@dataclass(frozen=True)
class TunedEncoder:
    """The fine-tuned encoder and what was shipped with it."""

    embedder: TransformerEmbedder
    model_id: str
    training_digest: str
    oof_vectors: Vectors
    """Out-of-fold vectors of the training sentences (in ``load_training_set()`` order)."""
    final_vectors: Vectors
    """The shipped encoder's vectors of the same sentences (evidence neighbours)."""
    meta: dict[str, Any]


_lock = threading.Lock()
_built: dict[tuple[str, str, str], TunedEncoder | None] = {}


def tuned_encoder() -> TunedEncoder | None:
    """The process-wide fine-tuned encoder for the current settings, or ``None`` where it does not apply."""
    settings = get_settings()
    key = (settings.objection_encoder, settings.embedding_model, str(Path(settings.data_dir).resolve()))
    if key not in _built:
        with _lock:
            if key not in _built:
                _built[key] = _build(
                    settings.objection_encoder, settings.embedding_model, Path(settings.data_dir)
                )
    return _built[key]


def _build(choice: str, teacher_name: str, data_dir: Path) -> TunedEncoder | None:
    if choice != "tuned":
        return None
    try:
        arrays, meta = read_student(
            ENCODER_RESOURCE,
            "the objection encoder",
            "run `python bench/train_objection_encoder.py`, or set TEXTOPS_OBJECTION_ENCODER=shared",
        )
    except ModelNotAvailableError as exc:  # a missing file: say so and use the shared encoder
        log.warning("objections use the shared embedding model: %s", exc)
        return None
    from textops.objections._seed import load_training_set, seed_digest

    if seed_digest(load_training_set()) != meta["training_digest"]:
        log.warning(
            "the objection training files changed since the objection encoder was fine-tuned; objections use "
            "the shared embedding model (run `python bench/train_objection_encoder.py` to tune it again)"
        )
        return None
    folder = student_folder(
        teacher_name,
        arrays,
        meta,
        data_dir / "models",
        prefix="objections",
        made="the objection encoder was fine-tuned",
        instead="objections use that model itself",
        hint="retrain it with `python bench/train_objection_encoder.py`",
    )
    if folder is None:
        return None
    return TunedEncoder(
        embedder=TransformerEmbedder(str(folder)),
        model_id=str(meta["model_id"]),
        training_digest=str(meta["training_digest"]),
        oof_vectors=np.asarray(arrays["oof_vectors"], dtype=np.float32),
        final_vectors=np.asarray(arrays["final_vectors"], dtype=np.float32),
        meta=meta,
    )


def objection_embedder(embedder: Embedder) -> Embedder:
    """``embedder`` with the fine-tuned encoder in place of the shared MiniLM, when that applies.

    The caller's vector store (``CachedEmbedder.store``) and corpus tracking (``TrackingEmbedder``) are kept.
    Any other embedder (a test's fake, a custom model) is returned unchanged.
    """
    tracking = embedder if isinstance(embedder, TrackingEmbedder) else None
    base = tracking.inner if tracking is not None else embedder
    inner = base.inner if isinstance(base, CachedEmbedder) else base
    if not isinstance(inner, TransformerEmbedder) or inner.name != get_settings().embedding_model:
        return embedder
    tuned = tuned_encoder()
    if tuned is None:
        return embedder
    model = tuned.embedder if inner.packed else tuned.embedder.bulk()  # the caller's path (bulk or not)
    cached = _twin(base, model) if isinstance(base, CachedEmbedder) else CachedEmbedder(model)
    if tracking is not None:
        return TrackingEmbedder(cached, tracking.linker, tracking.corpus_ids)
    return cached


_twins: weakref.WeakKeyDictionary[CachedEmbedder, CachedEmbedder] = weakref.WeakKeyDictionary()


def _twin(base: CachedEmbedder, model: TransformerEmbedder) -> CachedEmbedder:
    """One tuned twin per caller's cache: same store, same memory size (a fresh cache gets a fresh twin)."""
    with _lock:
        found = _twins.get(base)
        if found is None or found.inner is not model:
            found = CachedEmbedder(model, base.store, memory_items=base.memory_items)
            _twins[base] = found
        found.store = base.store  # a store attached to the caller's cache later is used too
        return found


def encoder_label(embedder: Embedder) -> str:
    """A short name for reports: the fine-tuned encoder's id, else the embedder's name."""
    tuned = _built.get(
        (
            get_settings().objection_encoder,
            get_settings().embedding_model,
            str(Path(get_settings().data_dir).resolve()),
        )
    )
    if tuned is not None and embedder.name == tuned.embedder.name:
        return f"{tuned.model_id} (fine-tuned {tuned.meta.get('teacher', 'MiniLM')})"
    return embedder.name
