from __future__ import annotations

import pytest

from textops.embeddings import HashingEmbedder
from textops.objections import ObjectionModel, get_model


@pytest.fixture(scope="session")
def fake() -> HashingEmbedder:
    return HashingEmbedder(dim=128)


@pytest.fixture(scope="session")
def model(fake: HashingEmbedder) -> ObjectionModel:
    """The objection model trained on the shipped seed set with the fake embedder (once per session)."""
    return get_model(fake)
