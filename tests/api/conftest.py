"""The API tests' client: the app over the test's store (SQLite and PostgreSQL) with the fake embedder."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.support import AppClientFactory


@pytest.fixture
def client(app_client: AppClientFactory) -> TestClient:
    """A started client of the app with the test's settings, store and the fake embedder."""
    return app_client()
