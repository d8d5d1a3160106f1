"""Shared fixtures. The network is closed for the whole session: a hidden download fails loudly.

Database backends: tests under ``tests/api`` and ``tests/store`` that use the ``settings``/``store``
fixtures run on SQLite and on PostgreSQL. PostgreSQL is a throwaway cluster started for the session (Debian's
``postgresql`` package, ``make postgres``; unix socket only, fsync off), one fresh database per test; or
the server ``TEXTOPS_TEST_DATABASE_URL`` names (a URL with ``{db}`` in place of the database name). Without
PostgreSQL those variants are skipped, unless ``TEXTOPS_REQUIRE_POSTGRES=1`` (set by ``make test``) makes
that a failure.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

import pytest
import spacy
from fastapi import FastAPI
from fastapi.testclient import TestClient
from spacy.language import Language

from api import create_app
from tests.support import AppClientFactory, AppFactory, use_embedder
from textops.embeddings import Embedder, HashingEmbedder
from textops.settings import Settings, override_settings
from textops.store import Store
from textops.store.throwaway import ThrowawayPostgres, postgres_bindir

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: Any) -> Any:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and (host.startswith("127.") or host in {"localhost", "::1"} or "/" in host):
        return _real_connect(self, address)
    raise RuntimeError(f"test tried to reach the network ({address!r}); textops must work offline")


socket.socket.connect = _loopback_only  # type: ignore[method-assign]


_BOTH_BACKENDS = ("tests/api/", "tests/store/")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the store and API tests on both database backends."""
    path = metafunc.definition.path.as_posix()
    uses_db = {"settings", "store", "database_url"} & set(metafunc.fixturenames)
    if uses_db and any(part in path for part in _BOTH_BACKENDS):
        metafunc.parametrize("db_backend", ["sqlite", "postgresql"])


@pytest.fixture(scope="session")
def pg_server() -> Iterator[ThrowawayPostgres]:
    """A PostgreSQL server for the session (a throwaway cluster, or ``TEXTOPS_TEST_DATABASE_URL``'s)."""
    given = os.environ.get("TEXTOPS_TEST_DATABASE_URL")
    if given and "{db}" not in given:
        given = given.rsplit("/", 1)[0] + "/{db}"
    if not given and postgres_bindir() is None:
        if os.environ.get("TEXTOPS_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL is not installed: run `make postgres` (Debian's postgresql package)")
        pytest.skip("PostgreSQL is not installed (make postgres): its test variants are skipped")
    with ThrowawayPostgres(given) as server:
        yield server


@pytest.fixture
def db_backend() -> str:
    """The database backend of a test (``sqlite``; the store and API tests are parametrized over both)."""
    return "sqlite"


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path, db_backend: str) -> Iterator[str]:
    """A fresh, empty database for the test on its backend."""
    if db_backend != "postgresql":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    server: ThrowawayPostgres = request.getfixturevalue("pg_server")
    url = server.create_database()
    try:
        yield url
    finally:
        server.drop_database(url)


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Iterator[Settings]:
    with override_settings(
        data_dir=tmp_path,
        database_url=database_url,
        api_warm_models=False,
        auth_enabled=False,
        rate_limit="",
    ) as s:
        yield s


@pytest.fixture
def store(settings: Settings) -> Store:
    return Store(settings.resolved_database_url)


@pytest.fixture
def make_app(settings: Settings, store: Store) -> Iterator[AppFactory]:
    """``make_app(**settings)``: the API app over the test's store, with the fake embedder.

    Keyword arguments update the test's settings (``auth_enabled=True``, ``rate_limit="3/minute"``) for
    the app, and for the library until the test ends (each app's from the test's, not the previous app's);
    ``embedder=`` replaces the fake ``HashingEmbedder(64)``; ``real_models=True`` keeps the packaged models
    (no dependency overrides).
    """
    with ExitStack() as stack:

        def make(*, embedder: Embedder | None = None, real_models: bool = False, **updates: Any) -> FastAPI:
            app_settings = (
                stack.enter_context(override_settings(**{**settings.model_dump(), **updates}))
                if updates
                else settings
            )
            app = create_app(app_settings, store=store)
            return app if real_models else use_embedder(app, store, embedder)

        yield make


@pytest.fixture
def app_client(make_app: AppFactory) -> Iterator[AppClientFactory]:
    """``app_client(**settings)``: a started ``TestClient`` of ``make_app(**settings)``, closed at the end."""
    with ExitStack() as stack:

        def start(
            *, embedder: Embedder | None = None, real_models: bool = False, **updates: Any
        ) -> TestClient:
            app = make_app(embedder=embedder, real_models=real_models, **updates)
            return stack.enter_context(TestClient(app))

        yield start


@pytest.fixture
def fake_embedder() -> HashingEmbedder:
    return HashingEmbedder(dim=128)


@pytest.fixture
def blank_nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


# --- headline backends: a local OpenAI-compatible stub and a tiny causal LM ------------------------------

TINY_LM_WORDS = ["<unk>", "<s>", "</s>", "access", "cash", "home", "equity", "your", "the", "in", "from"]


@pytest.fixture
def openai_stub() -> Iterator[Callable[[str], str]]:
    """``openai_stub(content)`` starts a localhost OpenAI-compatible server answering every chat completion
    with ``content``; returns its base URL (``.../v1``). Servers stop at the end of the test."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    servers: list[HTTPServer] = []

    def start(content: str) -> str:
        raw = json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}).encode()

        class Stub(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers["Content-Length"]))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args: Any) -> None:
                pass

        server = HTTPServer(("127.0.0.1", 0), Stub)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/v1"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture
def tiny_causal_lm(tmp_path: Path) -> Path:
    """A 1-layer Llama with an 11-word vocabulary (``TINY_LM_WORDS``), saved as a local model folder."""
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    tok = Tokenizer(models.WordLevel({w: i for i, w in enumerate(TINY_LM_WORDS)}, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="<unk>", bos_token="<s>", eos_token="</s>")
    torch.manual_seed(0)
    cfg = LlamaConfig(
        vocab_size=len(TINY_LM_WORDS),
        hidden_size=16,
        intermediate_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        num_key_value_heads=2,
        max_position_embeddings=128,
        bos_token_id=1,
        eos_token_id=2,
    )
    path = tmp_path / "tiny"
    LlamaForCausalLM(cfg).save_pretrained(path)
    fast.save_pretrained(path)
    return path
