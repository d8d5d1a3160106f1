"""The database going away while the server runs: 503 in the error body, not a 500 "unexpected error"."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

from api.errors import told_to_clients
from tests.support import fake_app
from textops.settings import Settings
from textops.store import Store
from textops.store._connect import unavailable
from textops.store.throwaway import ThrowawayPostgres


def test_a_database_gone_while_serving_is_503_saying_why_but_not_where(
    settings: Settings,
    store: Store,
    db_backend: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    caplog: pytest.LogCaptureFixture,
) -> None:
    if db_backend == "sqlite":  # a file in a folder that is then removed
        store = Store(f"sqlite:///{tmp_path / 'gone' / 'textops.db'}")
    with TestClient(fake_app(settings, store), raise_server_exceptions=False) as client:
        assert client.get("/v1/corpora").status_code == 200
        if db_backend == "sqlite":
            shutil.rmtree(tmp_path / "gone")
            store.engine.dispose()
        else:
            pg: ThrowawayPostgres = request.getfixturevalue("pg_server")
            pg.drop_database(store.url)  # closes the server's connections too
        with caplog.at_level("ERROR", logger="textops.api"):
            for _ in range(2):  # a connection that broke, then a new one that cannot be made
                r = client.get("/v1/corpora")
                assert r.status_code == 503, r.text
                error = r.json()["error"]
                assert error["code"] == "database_unavailable"
                assert error["message"].startswith("the server cannot reach its database: ")
                assert "try again" in error["hint"]
                assert str(tmp_path) not in r.text and "postgres" not in r.text  # no path, host or user
            page = client.get("/ui/")
            assert page.status_code == 503 and "the server cannot reach its database" in page.text
        logged = " ".join(r.getMessage() for r in caplog.records)
        assert "database unavailable: cannot " in logged  # the operator reads which database and why
        health = client.get("/health")
        assert health.status_code == 200 and health.json()["database"] is False


def test_a_reason_in_the_drivers_own_words_is_not_told_to_clients() -> None:
    says = 'connection to server at "10.1.2.3", port 5432 failed: something new'
    error = unavailable(OperationalError(None, None, Exception(says)), "postgresql://me@db.internal/x")
    assert error is not None and "10.1.2.3" in error.message  # the CLI and the server log keep it
    told = told_to_clients(error)
    assert told.message == "the server cannot reach its database: it does not answer"
    assert "10.1.2.3" not in str(told) and "db.internal" not in str(told)
