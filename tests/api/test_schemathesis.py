"""Property-based fuzzing of every operation in the app's own OpenAPI schema, in-process: no 5xx, ever.

Bounded: a few examples per operation (``TEXTOPS_FUZZ_EXAMPLES``, default 8), with auth on and an admin
key, so requests get past authentication and reach the handlers.
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
from schemathesis.checks import not_a_server_error

from api import create_app
from textops.embed import HashingEmbedder
from textops.settings import Settings
from textops.store import Store

EXAMPLES = int(os.environ.get("TEXTOPS_FUZZ_EXAMPLES", "8"))

# schemathesis parametrizes at import time, so the app is built here (its own temp database).
_DIR = Path(tempfile.mkdtemp(prefix="textops-fuzz-"))
_SETTINGS = Settings(
    data_dir=_DIR,
    database_url=f"sqlite:///{_DIR / 'fuzz.db'}",
    api_warm_models=False,
    auth_enabled=True,
    rate_limit="",
)
_STORE = Store(_SETTINGS.resolved_database_url)
_APP = create_app(_SETTINGS, store=_STORE, embedder=HashingEmbedder(64))
_, _SECRET = _STORE.create_key(_STORE.workspace("default"), "admin", "fuzz")
_STORE.create_corpus(_STORE.workspace("default"), "fuzz-corpus")

schema = schemathesis.openapi.from_asgi("/openapi.json", _APP)


@pytest.fixture(scope="module", autouse=True)
def _running_app() -> Iterator[None]:
    with TestClient(_APP):  # runs the lifespan once: app.state gets the store, embedder and job runner
        yield
    shutil.rmtree(_DIR, ignore_errors=True)


@pytest.mark.model
@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_operation_answers_5xx(case: Any) -> None:
    response = case.call(headers={"Authorization": f"Bearer {_SECRET}"})
    case.validate_response(response, checks=[not_a_server_error])
