"""Property-based fuzzing of every operation in the app's own OpenAPI schema, in-process: no 5xx, ever.

Bounded: a few examples per operation (``TEXTOPS_FUZZ_EXAMPLES``, default 8), with auth on and an admin
key, so requests get past authentication and reach the handlers. Run on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from tests.support import fake_app
from textops.settings import Settings
from textops.store import Store

EXAMPLES = int(os.environ.get("TEXTOPS_FUZZ_EXAMPLES", "8"))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])  # module scope: one app per backend
def fuzz_app(request: pytest.FixtureRequest) -> Iterator[tuple[TestClient, str]]:
    """A client of the app on each backend (its own database), auth on, an admin key and one corpus."""
    folder = Path(tempfile.mkdtemp(prefix="textops-fuzz-"))
    cluster = request.getfixturevalue("pg_server") if request.param == "postgresql" else None
    url = cluster.create_database() if cluster is not None else f"sqlite:///{folder / 'fuzz.db'}"
    settings_ = Settings(
        data_dir=folder, database_url=url, api_warm_models=False, auth_enabled=True, rate_limit=""
    )
    store = Store(settings_.resolved_database_url)
    app = fake_app(settings_, store)
    _, secret = store.create_key(store.workspace("default"), "admin", "fuzz")
    store.create_corpus(store.workspace("default"), "fuzz-corpus")
    try:
        with TestClient(app) as client:  # runs the lifespan once: the store, embedder and job runner
            yield client, secret
    finally:
        store.engine.dispose()
        if cluster is not None:
            cluster.drop_database(url)
        shutil.rmtree(folder, ignore_errors=True)


# schemathesis parametrizes at import time: the schema comes from an app built here; each case is then sent
# to the backend's app through its TestClient (the schemas are the same).
_SCHEMA_DIR = Path(tempfile.mkdtemp(prefix="textops-fuzz-schema-"))
_SCHEMA_APP = fake_app(
    Settings(data_dir=_SCHEMA_DIR, database_url=f"sqlite:///{_SCHEMA_DIR / 's.db'}", api_warm_models=False),
    Store(f"sqlite:///{_SCHEMA_DIR / 's.db'}"),
)
schema = schemathesis.openapi.from_asgi("/openapi.json", _SCHEMA_APP)


@pytest.mark.model
@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_operation_answers_5xx(case: Any, fuzz_app: tuple[TestClient, str]) -> None:
    client, secret = fuzz_app
    auth = {"Authorization": f"Bearer {secret}"}
    kwargs = case.as_transport_kwargs(base_url=str(client.base_url), headers=auth)
    cookies = kwargs.pop("cookies", None) or {}  # per-request cookies are deprecated: send the header
    if cookies:
        kwargs["headers"]["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    response = client.request(**kwargs)
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} answered {response.status_code}: {response.text[:300]}\n"
        f"reproduce: {case.as_curl_command()}"
    )
