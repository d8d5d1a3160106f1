"""What many tests share: the repository's paths, an app with the fake embedder, waiting for a job.

Import it as ``tests.support`` (the repository root is on ``sys.path`` through pyproject's ``pythonpath``).
The fixtures built on it (``app_client``, ``make_app``) live in ``tests/conftest.py``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api import create_app
from api.deps import get_embedder, get_headline_embedder
from textops.embeddings import CachedEmbedder, Embedder, HashingEmbedder
from textops.ingest import read_file
from textops.settings import Settings
from textops.store import Store
from textops.types import Document, Transcript, Utterance

__all__ = [
    "ARTIFACTS",
    "CORPORA",
    "DEMO",
    "FIXTURES",
    "ROOT",
    "AppClientFactory",
    "AppFactory",
    "embedder_of",
    "fake_app",
    "read_one",
    "seed_reports",
    "two_turn_call",
    "upload",
    "use_embedder",
    "wait_for_job",
]

ROOT = Path(__file__).resolve().parent.parent
"""The repository root."""
CORPORA = ROOT / "corpora"
"""The shipped corpora (see ``corpora/README.md``)."""
DEMO = CORPORA / "demo"
"""The demo corpus: copy, calls, a messaging framework."""
FIXTURES = ROOT / "tests" / "fixtures"
"""Files in real formats that the tests read (``fixtures/ingest``: transcripts and copy)."""
ARTIFACTS = ROOT / "test-artifacts"
"""Where tests leave files for people to look at (the web UI's screenshots and journeys); git ignores it."""

HEADER_REP_CALL = (
    b"# rep: Dana Ruiz\n"
    b"Speaker 1: Thanks for joining. Our platform plugs into your ERP, $30 per user.\n"
    b"Speaker 2: We currently use spreadsheets and your price looks high.\n"
)
"""A call whose header names its rep over generic ``Speaker N`` labels: reports name Speaker 1 Dana Ruiz."""


def use_embedder(app: FastAPI, store: Store, embedder: Embedder | None = None) -> FastAPI:
    """Let ``app`` embed with ``embedder`` (the deterministic ``HashingEmbedder(64)`` by default) instead of
    the packaged models; returns ``app``.

    The overrides replace the two embedder dependencies of :mod:`api.deps`: the analyses' embedder (cached in
    ``store``, like the real one) and the headline encoder.
    """
    inner = embedder if embedder is not None else HashingEmbedder(64)
    cached, headline = CachedEmbedder(inner, store), CachedEmbedder(inner)
    app.dependency_overrides[get_embedder] = lambda: cached
    app.dependency_overrides[get_headline_embedder] = lambda: headline
    return app


def fake_app(settings: Settings, store: Store, embedder: Embedder | None = None) -> FastAPI:
    """``create_app(settings, store=store)`` embedding with a fake embedder (see :func:`use_embedder`)."""
    return use_embedder(create_app(settings, store=store), store, embedder)


def embedder_of(app: FastAPI) -> CachedEmbedder:
    """The cached embedder that :func:`use_embedder` gave ``app``'s analyses."""
    embedder: CachedEmbedder = app.dependency_overrides[get_embedder]()
    return embedder


DocT = TypeVar("DocT", bound=Document)


def read_one(path: Path, kind: type[DocT]) -> DocT:
    """The one document that ``read_file(path)`` reads, checked to be a ``kind`` (a transcript or copy)."""
    docs = read_file(path)
    assert len(docs) == 1, docs
    assert isinstance(docs[0], kind), type(docs[0])
    return docs[0]


def two_turn_call(call_id: str, text: str) -> Transcript:
    """A call of two turns: Dana (rep) says ``text``; Sam (prospect) answers it with "Too expensive."."""
    return Transcript(
        call_id=call_id,
        utterances=[
            Utterance(speaker="Dana", role="rep", text=text, index=0),
            Utterance(speaker="Sam", role="prospect", text=f"{text} Too expensive.", index=1),
        ],
    )


def upload(client: httpx.Client, corpus_id: int, paths: Sequence[Path]) -> dict[str, Any]:
    """Upload files to a corpus through the API (``POST /v1/corpora/{id}/files``); its answer."""
    files = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]
    r = client.post(f"/v1/corpora/{corpus_id}/files", files=files)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def seed_reports(
    client: httpx.Client,
    calls: Sequence[Path],
    copy: Sequence[Path],
    *,
    names: tuple[str, str] = ("calls", "copy"),
) -> dict[str, Any]:
    """Two new corpora (``names``) holding ``calls`` and ``copy``, with an alignment (the demo framework) and
    an objection report of them run in the request: the corpora's ids and the two reports.

    ``client`` is the app's ``TestClient`` or an ``httpx.Client`` of a live server.
    """
    ids = [client.post("/v1/corpora", json={"name": name}).json()["id"] for name in names]
    upload(client, ids[0], calls)
    upload(client, ids[1], copy)
    al = client.post(
        "/v1/alignment",
        json={
            "copy_corpus_ids": [ids[1]],
            "call_corpus_ids": [ids[0]],
            "framework": json.loads((DEMO / "messaging.json").read_text()),
            "background": False,
            # the hashing fake's similarities are low: thresholds that let it deliver some messages
            "match_threshold": 0.3,
            "topical_threshold": 0.15,
        },
    )
    assert al.status_code == 200, al.text
    ob = client.post("/v1/objections", json={"corpus_ids": [ids[0]], "background": False})
    assert ob.status_code == 200, ob.text
    return {"calls": ids[0], "copy": ids[1], "alignment": al.json(), "objections": ob.json()}


def wait_for_job(client: TestClient, job_id: str, timeout: float = 60) -> dict[str, Any]:
    """Wait until the app's job ``job_id`` has finished; return what ``GET /v1/jobs/{id}`` then says."""
    client.app.state.jobs.wait(job_id, timeout=timeout)  # type: ignore[attr-defined]
    deadline = time.monotonic() + timeout
    while True:  # the runner's thread is done; the job's row may be written a moment later
        job: dict[str, Any] = client.get(f"/v1/jobs/{job_id}").json()
        if job.get("status") in {"done", "failed"} or time.monotonic() > deadline:
            return job
        time.sleep(0.05)


class AppFactory(Protocol):
    """The ``make_app`` fixture: ``make_app(**settings)`` builds an app over the test's store."""

    def __call__(
        self, *, embedder: Embedder | None = None, real_models: bool = False, **settings: Any
    ) -> FastAPI:
        """An app over the test's settings updated with ``settings``, embedding with ``embedder`` (the fake
        ``HashingEmbedder(64)`` by default), or with the packaged models if ``real_models``."""
        ...


class AppClientFactory(Protocol):
    """The ``app_client`` fixture: ``app_client(**settings)`` starts an app and returns its client."""

    def __call__(
        self, *, embedder: Embedder | None = None, real_models: bool = False, **settings: Any
    ) -> TestClient:
        """A started client of ``make_app(embedder=..., real_models=..., **settings)``, closed at the end."""
        ...
