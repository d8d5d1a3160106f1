"""``/v1/headlines``: generate, filter and score headline variants; score user-written variants."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field, field_validator

from api.deps import HeadlineEmbedderDep, SettingsDep, StoreDep, WorkspaceDep
from textops.errors import InvalidInputError
from textops.headlines import (
    MAX_HEADLINE_CHARS,
    BrandMessaging,
    Constraints,
    HeadlineReport,
    VoiceOfCustomer,
    generate_variants,
    get_generators,
    score_headlines,
    voice_from_report,
)
from textops.store import Store

router = APIRouter(prefix="/v1", tags=["headlines"])

Backend = Literal["builtin", "transformers", "openai"]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or only whitespace")
    return value


class VariantsRequest(BaseModel):
    """A headline to rewrite, with context, constraints and optional brand messaging."""

    headline: str = Field(min_length=1, max_length=MAX_HEADLINE_CHARS)
    body: str = Field(
        default="", max_length=20_000, description="body copy or lede (numbers may come from it)"
    )
    audience: str | None = Field(default=None, max_length=100, description="e.g. 'homeowners'")
    channel: Literal["any", "email", "search", "social"] = Field(
        default="any",
        description="shapes length and form: email and search 60 characters, social 70; search drops "
        "curiosity gaps and peer framing",
    )
    constraints: Constraints = Field(default_factory=Constraints)
    brand: BrandMessaging | None = None
    n: int = Field(default=10, ge=1, le=50, description="how many variants to return")
    backends: list[Backend] | None = Field(
        default=None,
        max_length=3,
        description="variant generators; default: the server's TEXTOPS_HEADLINE_BACKENDS (builtin)",
    )
    voice_corpus: str | None = Field(
        default=None,
        max_length=200,
        description="use language from this corpus (name or id): the prospects' words in its latest "
        "objection-mining report become variants, each tagged with its quote",
    )
    voice_report: str | None = Field(
        default=None, max_length=100, description="or name the objection-mining report to take the words from"
    )

    _headline_not_blank = field_validator("headline")(_not_blank)


class ScoreRequest(BaseModel):
    """User-written variants to score against the original headline."""

    headline: str = Field(min_length=1, max_length=MAX_HEADLINE_CHARS)
    variants: list[str] = Field(min_length=1, max_length=50)
    constraints: Constraints = Field(default_factory=Constraints)
    brand: BrandMessaging | None = None

    _headline_not_blank = field_validator("headline")(_not_blank)

    @field_validator("variants")
    @classmethod
    def _variants_ok(cls, value: list[str]) -> list[str]:
        for i, v in enumerate(value):
            if not v.strip():
                raise ValueError(f"variant {i} is empty")
            if len(v) > MAX_HEADLINE_CHARS:
                raise ValueError(f"variant {i} has {len(v)} characters; at most {MAX_HEADLINE_CHARS}")
        return value


def _voice(store: Store, ws: int, corpus: str | None, report_id: str | None) -> VoiceOfCustomer | None:
    """The prospects' words of an objection report: the one named, or the latest over ``corpus``."""
    if not corpus and not report_id:
        return None
    from textops.nlp import get_nlp

    if report_id:
        stored = store.get_report(ws, report_id, kind="objections")
        where = f"objection report {report_id}"
    else:
        assert corpus is not None
        info = store.get_corpus(ws, int(corpus) if corpus.isdigit() else corpus)
        found = store.latest_report_id(ws, "objections", info.id)
        if found is None:
            raise InvalidInputError(
                f"corpus {info.name!r} has no objection-mining report to take the prospects' words from",
                hint="run objection mining on it first (POST /v1/objections or the Objections page)",
            )
        stored = store.get_report(ws, found, kind="objections")
        where = f"the calls of corpus {info.name!r} (objection report {found})"
    return voice_from_report(stored.body, get_nlp("parse"), source=where)


@router.post("/headlines/variants", response_model=HeadlineReport, summary="Generate and rank variants")
async def variants(
    body: VariantsRequest,
    embedder: HeadlineEmbedderDep,
    settings: SettingsDep,
    store: StoreDep,
    ws: WorkspaceDep,
) -> HeadlineReport:
    """Rewrite the headline with named strategies, filter, and rank by predicted win probability.

    Drops what breaks a constraint, the grammar or the meaning; ``explanation`` says which strategies did not
    apply and what each filter removed, ``styling`` gives casing restyles as notes (never variants) and
    ``banned_terms`` what became of banned terms found in the original. With ``voice_corpus`` (or
    ``voice_report``) variants reuse the prospects' words from that corpus's objection mining, each with
    its quote in ``sources``. A 422 names a constraint that cannot be met. A backend that cannot work (not
    installed, not configured) is a 503 or 500 naming the setting.
    """
    generators = get_generators(body.backends, settings=settings)
    voice = await run_in_threadpool(_voice, store, ws, body.voice_corpus, body.voice_report)
    return await run_in_threadpool(
        generate_variants,
        body.headline,
        body=body.body,
        audience=body.audience,
        channel=body.channel,
        constraints=body.constraints,
        brand=body.brand,
        n=body.n,
        generators=generators,
        embedder=embedder,
        voice=voice,
    )


@router.post("/headlines/score", response_model=HeadlineReport, summary="Score user-written variants")
async def score(body: ScoreRequest, embedder: HeadlineEmbedderDep) -> HeadlineReport:
    """Predicted win probability of each variant against the headline, with explanations and lint."""
    return await run_in_threadpool(
        score_headlines,
        body.headline,
        body.variants,
        brand=body.brand,
        constraints=body.constraints,
        embedder=embedder,
    )
