"""The FastAPI application factory."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI

from api.auth import RateLimiter, authorize
from api.errors import ErrorResponse, install_error_handlers
from api.limits import BodySizeLimit, RejectNul
from api.observability import Metrics, RequestContext, metrics_router
from api.routers import access, alignment, analyses, corpora, experiments, health, jobs
from api.routers import headlines as headlines_router
from api.routers import objections as objections_router
from textops import __version__
from textops.embeddings import CachedEmbedder, store_embedder
from textops.engine import JobRunner, job_memory_limit_mb
from textops.settings import Settings, get_settings
from textops.store import Store

log = logging.getLogger("textops.api")

__all__ = ["create_app"]


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> FastAPI:
    """Build the app over ``settings`` and ``store`` (by default the environment's, and its database's).

    The embedders are dependencies (:mod:`api.deps`): tests swap them through ``app.dependency_overrides``.
    """
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = store or Store(settings.resolved_database_url)
        app.state.default_workspace = app.state.store.workspace("default")
        interrupted = app.state.store.mark_interrupted_jobs()
        if interrupted:
            log.warning(
                "%d job(s) were interrupted by the last shutdown; they can be started again", interrupted
            )
        app.state.embedder = store_embedder(app.state.store)  # the store's cache; the model loads on use
        app.state.jobs = JobRunner(
            app.state.store,
            workers=settings.job_workers,
            per_workspace=settings.job_workers_per_workspace,
            time_limit_s=settings.job_time_limit_s or None,
            memory_limit_mb=job_memory_limit_mb(settings.job_memory_limit_mb),
            on_finish=app.state.metrics.observe_job,
        )
        if settings.demo_corpus:
            from textops.corpus import load_demo

            load_demo(app.state.store, app.state.default_workspace)
        if settings.api_warm_models:
            _warm_models(app.state.embedder)
            # the models are long-lived: move them out of the collector's reach, so a full collection
            # (~0.2 s with the models loaded) does not land on a random request
            gc.collect()
            gc.freeze()
        if settings.auth_enabled:
            if not app.state.store.has_keys():
                log.warning(
                    "auth is on and no API key exists yet: create the first admin key with "
                    "`textops keys create --workspace default --role admin`"
                )
        else:
            log.warning(
                "AUTH IS OFF: local single-user mode; every caller is the admin of the default workspace. "
                "Never expose this server beyond this machine (set TEXTOPS_AUTH_ENABLED=true)."
            )
        yield
        app.state.jobs.shutdown()

    app = FastAPI(
        title="textops",
        version=__version__,
        summary="Messaging alignment, objection mining and headline A/B tooling for revenue teams.",
        lifespan=lifespan,
        responses={
            401: {"model": ErrorResponse, "description": "no or invalid API key"},
            403: {"model": ErrorResponse, "description": "the key's role is too low, or a CSRF failure"},
            404: {"model": ErrorResponse, "description": "not found"},
            413: {"model": ErrorResponse, "description": "too large"},
            422: {"model": ErrorResponse, "description": "invalid input"},
            429: {"model": ErrorResponse, "description": "rate limited"},
        },
    )
    app.state.settings = settings
    app.state.rate_limiter = RateLimiter(settings.rate_limit)
    app.state.metrics = Metrics()
    app.add_middleware(RejectNul)  # inside the size limit: it buffers JSON bodies the limit has bounded
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(RequestContext, metrics=app.state.metrics)  # outermost: sees every answer, 413s too
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(metrics_router)
    app.include_router(access.public_router)
    # Every /v1 router runs `authorize`: key -> workspace + role, rate limit, CSRF for browser writes.
    guarded = [Depends(authorize)]
    for router in (
        access.session_router,
        access.keys_router,
        corpora.router,
        alignment.router,
        analyses.router,
        jobs.router,
        experiments.router,
        headlines_router.router,
        objections_router.router,
    ):
        app.include_router(router, dependencies=guarded)
    from api.ui import mount_ui  # the web UI: pages over the same store and API, and /static

    mount_ui(app)
    return app


def _warm_models(embedder: CachedEmbedder) -> None:
    from textops.nlp import get_nlp

    for profile in ("full", "parse", "lemmas", "sentences"):
        get_nlp(profile)  # type: ignore[arg-type]
    from textops.objections import warm

    warm(embedder)  # trains the objection classifier once, so the first /classify is fast
    from textops.headlines import headline_encoder

    # the headline encoder's folder is written on the first start
    for emb in (embedder, headline_encoder().embedder):
        emb.encode(["warm-up"])
        warm_inner = getattr(getattr(emb, "inner", None), "warm", None)
        if callable(warm_inner):
            warm_inner()  # builds the ONNX Runtime session of the packed path (small requests) now
