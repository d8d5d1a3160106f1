"""The headline encoder: MiniLM distilled to 3 layers, and the similarity thresholds that go with it.

The headline endpoints embed the original and every variant on each request. On a small CPU the 6-layer
all-MiniLM-L6-v2 alone takes most of the p99 budget for scoring 20 variants (the measured figures are in the
README's headline section and the CHANGELOG). ``bench/distill_headline_encoder.py`` trains a student that
keeps 3 of the teacher's 6 layers (the teacher's token embeddings, frozen, so they need not be shipped) to
reproduce the teacher's sentence vectors; ``textops/data/headline_encoder.npz`` holds its layers (float16) and
its figures: STS Benchmark test Spearman, agreement with the teacher on held-out headlines, and the thresholds
below, calibrated on STS train + dev exactly as the alignment job calibrates the teacher's.

At first use the student is written out once as an ordinary transformers folder under
``<data_dir>/models/headline-…`` (teacher's tokenizer + the student's config and weights) and then runs
through :class:`~textops.embeddings.TransformerEmbedder` like any model: packed path, ONNX Runtime, caches.

``TEXTOPS_HEADLINE_ENCODER=full`` uses the configured embedding model itself instead (better similarity
figures, slower (see README); the scorer then uses its interpretable features only, since its embedding part
was trained on the student's vectors). The student is also bypassed, with a warning, when the configured
embedding model is not the teacher it was distilled from.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from textops.embeddings import CachedEmbedder, Embedder, TransformerEmbedder, get_embedder
from textops.headlines._resource import read_student
from textops.loaders import student_folder
from textops.settings import get_settings

__all__ = [
    "ENCODER_RESOURCE",
    "HeadlineEncoder",
    "SimilarityThresholds",
    "encoder_for",
    "headline_encoder",
]

log = logging.getLogger(__name__)

ENCODER_RESOURCE = "data/headline_encoder.npz"
"""Path of the distilled layers inside the ``textops`` package."""


@dataclass(frozen=True)
class SimilarityThresholds:
    """Cosine thresholds of one encoder (the meaning filters and labels of the headline pipeline).

    ``same_message`` / ``topical``: calibrated on the STS Benchmark (gold ≥ 3.5 / ≥ 2.0, chosen by F1 on
    train + dev). ``band_low``: below it a variant drifted off the original's meaning; ``copy``: above it a
    non-styling variant is a copy; ``duplicate``: two variants this close are near-duplicates.
    """

    same_message: float
    topical: float
    band_low: float
    copy: float
    duplicate: float


MINILM_THRESHOLDS = SimilarityThresholds(
    same_message=0.7514, topical=0.4865, band_low=0.55, copy=0.99, duplicate=0.985
)
"""The 6-layer MiniLM's thresholds: STS-calibrated ``same_message``/``topical`` (textops/data/
similarity_calibration.json); the band's low end sits a little above ``topical``; ``copy``/``duplicate``
were set by hand on this model."""


@dataclass(frozen=True)
class HeadlineEncoder:
    """What the headline pipeline embeds with: the embedder, its identity and its thresholds.

    ``model_id`` is compared with the scorer file's ``embedding_model``: the scorer uses embeddings only
    when they come from the encoder it was trained on.
    """

    embedder: Embedder
    model_id: str
    thresholds: SimilarityThresholds


def encoder_for(embedder: Embedder) -> HeadlineEncoder:
    """A caller's own embedder (tests, a custom model): identified by its name, MiniLM's thresholds."""
    return HeadlineEncoder(embedder, embedder.name, MINILM_THRESHOLDS)


_lock = threading.Lock()
_encoders: dict[tuple[str, str, str], HeadlineEncoder] = {}


def headline_encoder() -> HeadlineEncoder:
    """The process-wide headline encoder for the current settings (built once; see the module docs)."""
    settings = get_settings()
    key = (settings.headline_encoder, settings.embedding_model, str(Path(settings.data_dir).resolve()))
    found = _encoders.get(key)
    if found is None:
        with _lock:
            found = _encoders.get(key)
            if found is None:
                found = _build(settings.headline_encoder, settings.embedding_model, Path(settings.data_dir))
                _encoders[key] = found
    return found


def _build(choice: str, teacher_name: str, data_dir: Path) -> HeadlineEncoder:
    # memory cache only: headline texts are request data, not corpus text, so nothing goes to the store
    full = CachedEmbedder(get_embedder().inner)
    if choice == "full":
        return encoder_for(full)
    arrays, meta = read_student(
        ENCODER_RESOURCE,
        "the headline encoder",
        "run `python bench/distill_headline_encoder.py` to build it, or set TEXTOPS_HEADLINE_ENCODER=full",
    )
    folder = student_folder(
        teacher_name,
        arrays,
        meta,
        data_dir / "models",
        prefix="headline",
        made="the distilled headline encoder was trained",
        instead="headlines use that model itself (slower; the scorer uses its features only)",
        hint="retrain it with `python bench/distill_headline_encoder.py`",
    )
    if folder is None:
        return encoder_for(full)
    embedder = CachedEmbedder(TransformerEmbedder(str(folder)))
    return HeadlineEncoder(embedder, str(meta["model_id"]), SimilarityThresholds(**meta["thresholds"]))
