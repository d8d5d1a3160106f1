"""FastAPI dependencies: the store, the embedder, the job runner and the caller's workspace."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Query, Request
from pydantic import BaseModel, Field

from api.auth import PrincipalDep
from textops.embeddings import CachedEmbedder
from textops.engine import JobRunner
from textops.settings import Settings
from textops.store import Store

T = TypeVar("T")

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


def _from_state(name: str, kind: type[T]) -> Callable[[Request], T]:
    """A dependency that returns ``request.app.state.<name>``, a ``kind`` made when the app is created."""

    def dependency(request: Request) -> T:
        value: T = getattr(request.app.state, name)
        return value

    dependency.__name__ = dependency.__qualname__ = f"get_{name}"
    return dependency


get_store = _from_state("store", Store)
get_embedder = _from_state("embedder", CachedEmbedder)
"""The cached embedder over the app's store (made in the app's lifespan; the model loads on first use)."""
get_app_settings = _from_state("settings", Settings)
get_runner = _from_state("jobs", JobRunner)


def get_headline_embedder() -> CachedEmbedder | None:
    """None: headlines embed with the settings' own headline encoder (tests override this with a fake)."""
    return None


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
