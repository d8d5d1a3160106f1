"""Pages: sign-in, home (corpora, upload, latest reports), one corpus, and background jobs."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import RedirectResponse

from api.auth import Principal, optional_principal
from api.ui._common import Built, page, settings_of, store_of
from api.ui._words import words
from textops.ingest import SUPPORTED_EXTENSIONS
from textops.roles import corpus_speakers
from textops.store import JobInfo, job_corpus_ids
from textops.types import MAX_ROW_ID

router = APIRouter(include_in_schema=False)

REPORT_PAGES = {"alignment": "/ui/alignment/", "objections": "/ui/objections/"}
"""Where a report of each kind is shown."""


def upload_config(request: Request) -> dict[str, Any]:
    """What the upload widget needs: accepted extensions and the server's size limits (for messages)."""
    settings = settings_of(request)
    return {
        "accept": ",".join(sorted({*SUPPORTED_EXTENSIONS, ".meta.json"})),
        "max_file_bytes": settings.max_file_bytes,
        "max_request_bytes": settings.max_request_bytes,
        "max_files": settings.max_files_per_request,
    }


def latest_reports(request: Request, ws: int, limit: int = 10) -> list[dict[str, Any]]:
    """The newest reports with the names of the corpora they read."""
    store = store_of(request)
    names = {c.id: c.name for c in store.list_corpora(ws)}
    out = []
    for r in store.list_reports(ws, limit=limit):
        if r.kind not in REPORT_PAGES:
            continue
        out.append(
            {
                **r.model_dump(),
                "url": REPORT_PAGES[r.kind] + r.id,
                "corpora": [names.get(i, f"#{i}") for i in r.corpus_ids],
            }
        )
    return out


@router.get("/")
def root() -> Response:
    """The UI's home."""
    return RedirectResponse("/ui/", status_code=307)


@router.get("/ui")
def ui_root() -> Response:
    """The UI's home (with the trailing slash)."""
    return RedirectResponse("/ui/", status_code=307)


def same_origin_path(value: str, default: str = "/ui/") -> str:
    r"""``value`` when it is a path on this server, else ``default`` (no open redirect after sign-in).

    Browsers read ``/\host`` and ``/<tab>/host`` as ``//host``, another origin: so a path must start with
    one ``/`` followed by neither ``/`` nor ``\``, and may hold no backslash and no control character.
    """
    if not value.startswith("/") or value[1:2] in ("/", "\\") or "\\" in value:
        return default
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        return default
    parts = urlsplit(value)
    return value if not parts.scheme and not parts.netloc else default


@router.get("/ui/login")
def login(request: Request, next_: Annotated[str, Query(alias="next", max_length=2000)] = "/ui/") -> Response:
    """Sign in with an API key (the page posts it to ``POST /v1/session``)."""
    target = same_origin_path(next_)
    if optional_principal(request) is not None and settings_of(request).auth_enabled:
        return RedirectResponse(target, status_code=303)

    def build(_p: Principal) -> Built:
        return "login.html", {"title": "Sign in", "next": target}

    return page(request, build, nav="login", public=True)


@router.get("/ui/")
def home(request: Request) -> Response:
    """Corpora with counts, upload, latest reports and experiments."""

    def build(p: Principal) -> Built:
        store = store_of(request)
        return "home.html", {
            "title": "Home",
            "corpora": store.list_corpora(p.workspace_id),
            "reports": latest_reports(request, p.workspace_id),
            "experiments": store.list_experiments(p.workspace_id)[:5],
            "upload": upload_config(request),
        }

    return page(request, build, nav="home")


@router.get("/ui/corpora/{corpus_id}")
def corpus(
    request: Request,
    corpus_id: Annotated[int, Path(ge=1, le=MAX_ROW_ID)],
    offset: Annotated[int, Query(ge=0, le=2**62)] = 0,
) -> Response:
    """One corpus: counts, speakers and their roles (who are the reps?), documents to delete, upload."""

    def build(p: Principal) -> Built:
        store = store_of(request)
        info = store.get_corpus(p.workspace_id, corpus_id)
        docs = store.list_documents(p.workspace_id, corpus_id, limit=200, offset=offset)
        return "corpus.html", {
            "title": info.name,
            "corpus": info,
            "documents": docs,
            "speakers": corpus_speakers(store, p.workspace_id, corpus_id) if info.transcripts else None,
            # a document's delete takes these along: its confirm says how many
            "corpus_reports": store.count_corpus_reports(p.workspace_id, corpus_id),
            "offset": offset,
            "upload": upload_config(request),
        }

    return page(request, build, nav="home")


def job_corpora(request: Request, ws: int, jobs: list[JobInfo]) -> dict[str, str]:
    """Job id → the names of the corpora it read ("inline input" when none is stored)."""
    store = store_of(request)
    names = {c.id: c.name for c in store.list_corpora(ws)}
    out: dict[str, str] = {}
    for j in jobs:
        ids = job_corpus_ids(store.job_params(ws, j.id))
        out[j.id] = ", ".join(names.get(i, f"corpus #{i} (deleted)") for i in ids) or "inline input"
    return out


@router.get("/ui/jobs")
def jobs(request: Request) -> Response:
    """Background jobs of the workspace, with the corpora each read (kept live from ``GET /v1/jobs``)."""

    def build(p: Principal) -> Built:
        listed = store_of(request).list_jobs(p.workspace_id, limit=50)
        return "jobs.html", {
            "title": "Jobs",
            "jobs": listed,
            "corpora": job_corpora(request, p.workspace_id, listed),
            "report_pages": REPORT_PAGES,
        }

    return page(request, build, nav="jobs")


@router.get("/ui/jobs/{job_id}")
def job(request: Request, job_id: Annotated[str, Path(max_length=100)]) -> Response:
    """One job's progress; the page follows it and opens the report when it is done.

    A job that is already done with a report goes straight to the report page.
    """

    def build(p: Principal) -> Built:
        info = store_of(request).get_job(p.workspace_id, job_id)
        if info.status == "done" and info.report_id and info.kind in REPORT_PAGES:
            return RedirectResponse(REPORT_PAGES[info.kind] + info.report_id, status_code=303)
        return "job.html", {
            "title": f"Job: {words(info.kind, 'job_kind')}",
            "job": info,
            "report_pages": REPORT_PAGES,
            "corpora": job_corpora(request, p.workspace_id, [info])[info.id],
        }

    return page(request, build, nav="jobs")
