"""FastAPI dependencies: the store, the embedder, the job runner and the caller's workspace."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request
from pydantic import BaseModel, Field

from api.auth import PrincipalDep
from textops.embeddings import CachedEmbedder
from textops.engine import JobRunner
from textops.settings import Settings
from textops.store import Store

__all__ = [
    "AlphaQuery",
    "EmbedderDep",
    "EvidenceQuery",
    "EvidenceQueryParams",
    "HeadlineEmbedderDep",
    "RunnerDep",
    "SettingsDep",
    "StoreDep",
    "WorkspaceDep",
    "get_embedder",
    "get_headline_embedder",
    "get_runner",
    "get_store",
    "get_workspace",
]


def get_store(request: Request) -> Store:
    """The app's store."""
    store: Store = request.app.state.store
    return store


def get_embedder(request: Request) -> CachedEmbedder:
    """The cached embedder over the app's store (made in the app's lifespan; the model loads on first use)."""
    embedder: CachedEmbedder = request.app.state.embedder
    return embedder


def get_headline_embedder() -> CachedEmbedder | None:
    """None: headlines embed with the settings' own headline encoder (tests override this with a fake)."""
    return None


def get_app_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


def get_runner(request: Request) -> JobRunner:
    """The app's background job runner."""
    runner: JobRunner = request.app.state.jobs
    return runner


def get_workspace(principal: PrincipalDep) -> int:
    """The caller's workspace id: the API key's (``default`` in local single-user mode)."""
    return principal.workspace_id


StoreDep = Annotated[Store, Depends(get_store)]
EmbedderDep = Annotated[CachedEmbedder, Depends(get_embedder)]
HeadlineEmbedderDep = Annotated[CachedEmbedder | None, Depends(get_headline_embedder)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
WorkspaceDep = Annotated[int, Depends(get_workspace)]
RunnerDep = Annotated[JobRunner, Depends(get_runner)]
AlphaQuery = Annotated[float, Query(gt=0, lt=0.5)]
"""``?alpha=``: an experiment read-out's significance level (the API's and the experiment page's)."""


class EvidenceQuery(BaseModel):
    """Which evidence of an alignment report to show: every key given filters (the API's and the page's)."""

    pillar: str | None = Field(default=None, max_length=300)
    rep: str | None = Field(default=None, max_length=300)
    call_id: str | None = Field(default=None, max_length=300)
    message_id: int | None = Field(default=None, ge=0)


EvidenceQueryParams = Annotated[EvidenceQuery, Query()]
"""``?pillar=&rep=&call_id=&message_id=`` as one :class:`EvidenceQuery`."""
