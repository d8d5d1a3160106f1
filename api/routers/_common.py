"""What the analysis routers share: the routes every kind of analysis answers.

A kind of analysis (:class:`api._analyses.JobKind`) is created with ``POST /v1/<kind>`` (run now, or started
as a job), read back with ``GET /v1/<kind>/{report_id}`` (JSON, or a Markdown/HTML/CSV download) and listed
with ``GET /v1/<kind>``. :func:`add_job_routes` adds those routes to a router, each with its own name (its
OpenAPI operation id), summary and description; the router keeps the request model and the work.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Response

from api._analyses import (
    DOWNLOAD_RESPONSES,
    JOB_RESPONSES,
    FormatQuery,
    JobAccepted,
    JobContextDep,
    JobKind,
    LimitQuery,
)
from api.deps import RunnerDep, StoreDep, WorkspaceDep
from textops.store import ReportSummary

__all__ = ["RouteText", "add_job_routes"]


@dataclass(frozen=True)
class RouteText:
    """What a route says about itself: its name (the OpenAPI operation id's stem), summary and description.

    The description reads like an endpoint's docstring: it is dedented the same way (``inspect.cleandoc``).
    """

    name: str
    summary: str
    description: str


def add_job_routes(
    router: APIRouter,
    kind: JobKind[Any, Any],
    path: str,
    *,
    create: RouteText,
    read: RouteText | None,
    listing: RouteText,
) -> None:
    """Add ``POST path``, ``GET path/{report_id}`` (unless ``read`` is None) and ``GET path`` for ``kind``.

    ``POST`` answers the stored report with its id, or 202 and the job when the request runs as a job
    (its ``background`` field; by default when it holds many calls). ``GET path/{report_id}`` answers a
    stored report as JSON, or with ``?format=md|html|csv`` as a download. ``GET path`` lists the
    workspace's reports of the kind, newest first.
    """

    def create_endpoint(body: Any, response: Response, ctx: JobContextDep, runner: RunnerDep) -> Any:
        return kind.run(body, ctx, runner, response, background=body.background)

    # FastAPI reads the body's model from the annotation: this kind's request model
    create_endpoint.__annotations__["body"] = kind.request_model
    router.add_api_route(
        path,
        create_endpoint,
        methods=["POST"],
        name=create.name,
        response_model=kind.stored | JobAccepted,
        summary=create.summary,
        description=inspect.cleandoc(create.description),
        responses=JOB_RESPONSES,
    )

    if read is not None:

        def read_endpoint(
            report_id: str, store: StoreDep, ws: WorkspaceDep, fmt: FormatQuery = "json"
        ) -> Any:
            return kind.answer(store, ws, report_id, fmt)

        router.add_api_route(
            path + "/{report_id}",
            read_endpoint,
            methods=["GET"],
            name=read.name,
            response_model=kind.stored,
            summary=read.summary,
            description=inspect.cleandoc(read.description),
            responses=DOWNLOAD_RESPONSES,
        )

    def list_endpoint(store: StoreDep, ws: WorkspaceDep, limit: LimitQuery = 50) -> list[ReportSummary]:
        return kind.summaries(store, ws, limit)

    router.add_api_route(
        path,
        list_endpoint,
        methods=["GET"],
        name=listing.name,
        response_model=list[ReportSummary],
        summary=listing.summary,
        description=inspect.cleandoc(listing.description),
    )
