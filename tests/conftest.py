"""Shared fixtures. The network is closed for the whole session: a hidden download fails loudly."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

import pytest
import spacy
from spacy.language import Language

from textops.embed import HashingEmbedder
from textops.settings import Settings, override_settings
from textops.store import Store

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "corpora" / "demo"

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: Any) -> Any:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and (host.startswith("127.") or host in {"localhost", "::1"} or "/" in host):
        return _real_connect(self, address)
    raise RuntimeError(f"test tried to reach the network ({address!r}); textops must work offline")


socket.socket.connect = _loopback_only  # type: ignore[method-assign]


@pytest.fixture
def settings(tmp_path: Path) -> Iterator[Settings]:
    with override_settings(
        data_dir=tmp_path,
        database_url=f"sqlite:///{tmp_path / 'test.db'}",
        api_warm_models=False,
        auth_enabled=False,
        rate_limit="",
    ) as s:
        yield s


@pytest.fixture
def store(settings: Settings) -> Store:
    return Store(settings.resolved_database_url)


@pytest.fixture
def fake_embedder() -> HashingEmbedder:
    return HashingEmbedder(dim=128)


@pytest.fixture
def blank_nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp
