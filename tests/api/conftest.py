from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api import create_app
from textops.embeddings import HashingEmbedder
from textops.settings import Settings
from textops.store import Store


@pytest.fixture
def client(settings: Settings, store: Store) -> Iterator[TestClient]:
    app = create_app(settings, store=store, embedder=HashingEmbedder(64))
    with TestClient(app) as c:
        yield c
