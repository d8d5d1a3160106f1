"""``GET /health``: are the models loaded and does the database answer."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel

from api.deps import SettingsDep, StoreDep
from textops import __version__
from textops.loaders import loaded_models

router = APIRouter(tags=["health"])


class HealthModels(BaseModel):
    """Which models are loaded, with their load times (seconds)."""

    spacy: bool
    embedding: bool
    load_seconds: dict[str, float]


class Health(BaseModel):
    """Service health."""

    status: Literal["ok", "degraded"]
    version: str
    database: bool
    models: HealthModels
    auth: Literal["off", "on"]


@router.get("/health", response_model=Health, summary="Service health: database and models")
def health(request: Request, store: StoreDep, settings: SettingsDep) -> Health:
    """``ok`` when the database answers and (if warming is on) both models are loaded."""
    try:
        db_ok = store.ping()
    except Exception:
        db_ok = False
    loaded = loaded_models()
    spacy_ok = any(k.startswith("spacy:") for k in loaded)
    emb_ok = any(k.startswith("embedding:") for k in loaded)
    models_ok = (spacy_ok and emb_ok) or not settings.api_warm_models
    return Health(
        status="ok" if db_ok and models_ok else "degraded",
        version=__version__,
        database=db_ok,
        auth="on" if settings.auth_enabled else "off",
        models=HealthModels(
            spacy=spacy_ok, embedding=emb_ok, load_seconds={k: round(v, 3) for k, v in loaded.items()}
        ),
    )
