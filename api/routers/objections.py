"""``/v1/objections``: objection reports (stored corpora, inline or uploaded transcripts) and ``classify``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field, model_validator

from api.deps import EmbedderDep, RunnerDep, SettingsDep, StoreDep, WorkspaceDep
from api.routers.alignment import ReportSummary, list_reports
from api.routers.jobs import JobAccepted, JobContext, PreparedJob, register_job_kind, run_or_start
from textops.engine import ProgressFn
from textops.errors import InputTooLargeError, InvalidInputError, NotFoundError
from textops.ingest import read_bytes
from textops.ingest.redact import redactor_from_settings
from textops.ingest.redact_inline import redact_transcript_file
from textops.objections import (
    ClassifyResult,
    CustomCategory,
    Objection,
    ObjectionConfig,
    ObjectionReport,
    classify_utterance,
    mine_objections,
)
from textops.objections._models import PainPoints
from textops.reports import DOWNLOAD_HEADERS, MEDIA_TYPES
from textops.settings import Settings
from textops.store import Store
from textops.types import RowId, Transcript

router = APIRouter(prefix="/v1", tags=["objections"])

BACKGROUND_ABOVE = 25
"""Requests with more calls than this run as a background job unless ``background`` says otherwise."""


class TranscriptFile(BaseModel):
    """A transcript file sent inline: its name (the extension picks the format) and its text."""

    name: str = Field(min_length=1, max_length=255, description="e.g. 'call-17.vtt' (.txt .vtt .srt .json)")
    content: str = Field(min_length=1, max_length=2_000_000)


class ObjectionsRequest(BaseModel):
    """Which calls to mine (stored corpora, typed transcripts and/or transcript files) and how."""

    corpus_ids: list[RowId] = Field(default_factory=list, max_length=50)
    calls: list[Transcript] = Field(default_factory=list, max_length=200)
    files: list[TranscriptFile] = Field(default_factory=list, max_length=200)
    since: date | None = Field(default=None, description="only calls that started on or after this date")
    threshold: float | None = Field(
        default=None, gt=0, lt=1, description="P(objection) cut; default calibrated"
    )
    custom_categories: list[CustomCategory] = Field(default_factory=list, max_length=20)
    trend: Literal["auto", "week", "month"] = "auto"
    background: bool | None = Field(
        default=None,
        description=f"run as a job (202 + job id); default: above {BACKGROUND_ABOVE} calls",
    )
    redact: bool | None = Field(
        default=None,
        description="replace emails, phone numbers, card numbers, IBANs and US SSNs in `calls` and `files` "
        "(texts, call ids, file names) before mining, so neither the report nor a job keeps them (default: "
        "the server's TEXTOPS_REDACT_UPLOADS, which is on)",
    )

    @model_validator(mode="after")
    def _something_to_mine(self) -> ObjectionsRequest:
        if not (self.corpus_ids or self.calls or self.files):
            raise ValueError("give calls: `corpus_ids`, `calls` or `files`")
        return self


class ClassifyRequest(BaseModel):
    """One utterance to classify, optionally with custom categories."""

    text: str = Field(min_length=1, max_length=5_000)
    custom_categories: list[CustomCategory] = Field(default_factory=list, max_length=20)
    threshold: float | None = Field(default=None, gt=0, lt=1)


class StoredObjectionReport(ObjectionReport):
    """An objection report with its id."""

    id: str


def _read_files(files: list[TranscriptFile]) -> list[Transcript]:
    out: list[Transcript] = []
    for f in files:
        for doc in read_bytes(f.content.encode("utf-8"), f.name, kind="transcript"):
            if isinstance(doc, Transcript):
                out.append(doc)
    return out


def _redacted(body: ObjectionsRequest, settings: Settings) -> ObjectionsRequest:
    """The request with its inline calls and files redacted, as the report and a job's request keep them.

    Files become JSON call exports of their redacted calls (same calls, same roles).
    """
    if not (settings.redact_uploads if body.redact is None else body.redact) or not (
        body.calls or body.files
    ):
        return body
    redactor = redactor_from_settings(settings)
    files = [redact_transcript_file(f.name, f.content, redactor) for f in body.files]
    calls = [c for c in redactor.documents(body.calls) if isinstance(c, Transcript)]
    return body.model_copy(
        update={
            "calls": calls,
            "files": [TranscriptFile.model_construct(name=n, content=c) for n, c in filter(None, files)],
        }
    )


def _prepare_objections(body: ObjectionsRequest, ctx: JobContext) -> PreparedJob:
    """Read the calls a request names and build its work (also when a job is re-run)."""
    store, ws, settings = ctx.store, ctx.ws, ctx.settings
    calls = [*store.load_transcripts(ws, body.corpus_ids), *body.calls, *_read_files(body.files)]
    if not calls:
        raise InvalidInputError(
            "the request holds no transcripts", hint="upload transcripts to the corpora first"
        )
    if len(calls) > settings.max_calls_per_analysis:
        raise InputTooLargeError(
            f"{len(calls)} calls; one analysis takes at most {settings.max_calls_per_analysis}",
            hint="use `since`, split the corpus, or raise TEXTOPS_MAX_CALLS_PER_ANALYSIS",
        )
    config = ObjectionConfig(
        threshold=body.threshold, since=body.since, custom_categories=body.custom_categories, trend=body.trend
    )
    params = body.model_dump(mode="json", include={"corpus_ids", "since", "threshold", "trend"})
    params["custom_categories"] = [c.key for c in body.custom_categories]
    embedder = ctx.tracked(body.corpus_ids)

    def work(progress: ProgressFn) -> ObjectionReport:
        return mine_objections(calls, embedder=embedder, config=config, progress=progress)

    return PreparedJob(work=work, calls=len(calls), corpus_ids=list(body.corpus_ids), report_params=params)


register_job_kind(
    "objections", ObjectionsRequest, _prepare_objections, report_url_template="/v1/objections/{report_id}"
)


@router.post(
    "/objections",
    response_model=StoredObjectionReport | JobAccepted,
    summary="Objection mining over calls",
    responses={202: {"model": JobAccepted, "description": "started as a background job"}},
)
def create_objections(
    body: ObjectionsRequest,
    response: Response,
    store: StoreDep,
    ws: WorkspaceDep,
    embedder: EmbedderDep,
    settings: SettingsDep,
    runner: RunnerDep,
) -> Any:
    """Detect, categorise and cluster objections. Small inputs answer at once; large ones start a job."""
    body = _redacted(body, settings)
    prepared = _prepare_objections(body, JobContext(store, ws, embedder, settings))
    background = body.background if body.background is not None else prepared.calls > BACKGROUND_ABOVE
    outcome = run_or_start(
        runner, store, ws, "objections", body, prepared, background=background, response=response
    )
    if isinstance(outcome, JobAccepted):
        return outcome
    rid, report = outcome
    return StoredObjectionReport(id=rid, **report.model_dump())


@router.get(
    "/objections/{report_id}",
    response_model=StoredObjectionReport,
    summary="A stored objection report (JSON, or Markdown/HTML/CSV with `format`)",
    responses={200: {"content": {m.split(";")[0]: {} for f, m in MEDIA_TYPES.items() if f != "json"}}},
)
def get_objections(
    report_id: str,
    store: StoreDep,
    ws: WorkspaceDep,
    fmt: Annotated[Literal["json", "md", "html", "csv"], Query(alias="format")] = "json",
) -> Any:
    """A report made earlier (directly or by a job); ``?format=html`` gives the page with charts."""
    stored = store.get_report(ws, report_id, kind="objections")
    if fmt == "json":
        return stored
    from textops.reports import render

    report = ObjectionReport.model_validate(
        {k: v for k, v in stored.items() if k not in ("id", "created_at")}
    )
    return Response(content=render(report, fmt), media_type=MEDIA_TYPES[fmt], headers=DOWNLOAD_HEADERS)


@router.post(
    "/objections/classify", response_model=ClassifyResult, summary="Classify one utterance (low latency)"
)
def classify(body: ClassifyRequest, embedder: EmbedderDep) -> ClassifyResult:
    """Objection spans in one utterance, with category, calibrated confidence and evidence."""
    return classify_utterance(
        body.text, embedder=embedder, custom_categories=body.custom_categories, threshold=body.threshold
    )


# -- read-only views for the web UI and scripts: report list, filtered view, one call ------------------------


class ObjectionCallView(BaseModel):
    """One call of an objection report: its stored transcript and the objections raised in it."""

    report_id: str
    call_id: str
    document_id: int | None = Field(
        description="the stored transcript (GET /v1/documents/{id}); None if gone"
    )
    transcript: Transcript | None
    objections: list[Objection]


def load_report(store: Store, ws: int, report_id: str) -> ObjectionReport:
    """A stored objection report as its model."""
    stored = store.get_report(ws, report_id, kind="objections")
    return ObjectionReport.model_validate(
        {k: v for k, v in stored.items() if k not in ("id", "kind", "created_at")}
    )


def _in_range(when: datetime | None, since: date | None, until: date | None) -> bool:
    if since is None and until is None:
        return True
    if when is None:
        return False
    day = when.date()
    return (since is None or day >= since) and (until is None or day <= until)


def _filtered_pain(pain: PainPoints, ids: set[str], n_calls: int) -> PainPoints:
    """The pain-point section restricted to the kept calls (themes keep only their kept members)."""
    items = [o for o in pain.items if o.call_id in ids]
    kept = {o.id for o in items}
    calls = len({o.call_id for o in items})
    return pain.model_copy(
        update={
            "count": len(items),
            "calls": calls,
            "share_of_calls": round(calls / max(1, n_calls), 4),
            "items": items,
            "themes": [t for t in pain.themes if kept.intersection(t.objection_ids)],
            "quotes": [q for q in pain.quotes if q.call_id in ids],
        }
    )


def filter_report(
    report: ObjectionReport,
    calls: list[Transcript],
    *,
    rep: str | None = None,
    segment: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> ObjectionReport:
    """The report restricted to the calls of one rep / segment / date range, every table recomputed.

    ``calls`` are the report's stored transcripts; calls without a start date are left out by a date filter.
    """
    from textops.objections import (
        CATEGORY_KEYS,
        best_replies,
        call_rep,
        category_stats,
        group_stats,
        outcome_stats,
        per_call,
        reply_claims_check,
        top_quotes,
        trend,
    )

    if rep is None and segment is None and since is None and until is None:
        return report
    in_report = {c.call_id for c in report.per_call}
    kept = [
        t
        for t in calls
        if t.call_id in in_report
        and (rep is None or call_rep(t) == rep)
        and (segment is None or (t.segment or "unknown") == segment)
        and _in_range(t.started_at, since, until)
    ]
    ids = {t.call_id for t in kept}
    objections = [o for o in report.objections if o.call_id in ids]
    order = [*CATEGORY_KEYS, *report.custom_categories]
    labels = {c.category: c.label for c in report.categories}
    categories = [
        c.model_copy(update={"label": labels.get(c.category, c.label)})
        for c in category_stats(order, objections, len(kept), ())
    ]
    kept_ids = {o.id for o in objections}
    by_id = {o.id: o for o in objections}
    themes = []
    for th in report.themes:
        members = [i for i in th.objection_ids if i in kept_ids]
        if not members:
            continue
        rep_quote = th.representative
        if rep_quote.objection_id not in kept_ids:
            best = max((by_id[i] for i in members), key=lambda o: o.confidence)
            rep_quote = rep_quote.model_copy(
                update={
                    "objection_id": best.id,
                    "call_id": best.call_id,
                    "speaker": best.speaker,
                    "start": best.start,
                    "text": best.text,
                    "confidence": best.confidence,
                }
            )
        themes.append(
            th.model_copy(
                update={
                    "objection_ids": members,
                    "size": len(members),
                    "calls": len({by_id[i].call_id for i in members}),
                    "representative": rep_quote,
                }
            )
        )
    prospect_turns = sum(1 for t in kept for u in t.utterances if u.role == "prospect" and u.text.strip())
    scope = ", ".join(
        f"{k} {v}" for k, v in (("rep", rep), ("segment", segment), ("since", since), ("until", until)) if v
    )
    return report.model_copy(
        update={
            "calls": len(kept),
            "calls_with_objections": len({o.call_id for o in objections}),
            "prospect_utterances": prospect_turns,
            "objections": objections,
            "categories": categories,
            "themes": sorted(themes, key=lambda t: -t.size),
            "cross_themes": [],
            "trend": trend(kept, objections, order, report.trend_granularity),
            "by_rep": group_stats(kept, objections, order, call_rep),
            "by_segment": group_stats(kept, objections, order, lambda t: t.segment or "unknown"),
            "outcomes": outcome_stats(order, kept, objections),
            "top_quotes": top_quotes(objections, order),
            "best_replies": best_replies(objections, order, check=reply_claims_check()),
            "per_call": per_call(kept, objections, order),
            "pain_points": _filtered_pain(report.pain_points, ids, len(kept)),
            "warnings": [
                *report.warnings,
                f"filtered to {scope}: {len(kept)} of {report.calls} calls; the count of sentences scored "
                "is that of the whole report and cross-category themes are left out",
            ],
        }
    )


def report_calls(store: Store, ws: int, report_id: str) -> list[Transcript]:
    """The stored transcripts a report read (from its corpora)."""
    from api.routers.alignment import report_corpus_ids

    corpus_ids = report_corpus_ids(store, ws, report_id)
    if not corpus_ids:
        raise InvalidInputError(
            "this report was made from inline calls, which are not stored: it cannot be filtered",
            hint="upload the calls to a corpus and run the report on it",
        )
    return store.load_transcripts(ws, corpus_ids)


def filtered_report(
    store: Store,
    ws: int,
    report_id: str,
    *,
    rep: str | None = None,
    segment: str | None = None,
    since: date | None = None,
    until: date | None = None,
    report: ObjectionReport | None = None,
) -> ObjectionReport:
    """A stored report, filtered (the report itself when no filter is given); ``report`` if already loaded."""
    report = report or load_report(store, ws, report_id)
    if rep is None and segment is None and since is None and until is None:
        return report
    if since is not None and until is not None and since > until:
        raise InvalidInputError(f"since ({since}) is after until ({until})", hint="swap the dates")
    calls = report_calls(store, ws, report_id)
    return filter_report(report, calls, rep=rep, segment=segment, since=since, until=until)


def call_view(store: Store, ws: int, report_id: str, call_id: str) -> ObjectionCallView:
    """One call of a stored report with its transcript and objections."""
    from api.routers.alignment import find_call, report_corpus_ids

    report = load_report(store, ws, report_id)
    if call_id not in {c.call_id for c in report.per_call}:
        raise NotFoundError(f"call {call_id!r} is not in report {report_id!r}")
    found = find_call(store, ws, report_corpus_ids(store, ws, report_id), call_id)
    return ObjectionCallView(
        report_id=report_id,
        call_id=call_id,
        document_id=found[0] if found else None,
        transcript=found[1] if found else None,
        objections=[o for o in report.objections if o.call_id == call_id],
    )


@router.get("/objections", response_model=list[ReportSummary], summary="List objection reports")
def list_objections(
    store: StoreDep, ws: WorkspaceDep, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> list[ReportSummary]:
    """The workspace's objection reports, newest first."""
    return list_reports(store, ws, "objections", limit)


@router.get(
    "/objections/{report_id}/view",
    response_model=StoredObjectionReport,
    summary="A stored report filtered by rep, segment and dates (JSON, or Markdown/HTML/CSV)",
    responses={200: {"content": {m.split(";")[0]: {} for f, m in MEDIA_TYPES.items() if f != "json"}}},
)
def view_objections(
    report_id: str,
    store: StoreDep,
    ws: WorkspaceDep,
    rep: Annotated[str | None, Query(max_length=300)] = None,
    segment: Annotated[str | None, Query(max_length=300)] = None,
    since: Annotated[date | None, Query(description="calls that started on or after this day")] = None,
    until: Annotated[date | None, Query(description="calls that started on or before this day")] = None,
    fmt: Annotated[Literal["json", "md", "html", "csv"], Query(alias="format")] = "json",
) -> Any:
    """Every table of the report recomputed over the calls that match the filters (no re-detection)."""
    report = filtered_report(store, ws, report_id, rep=rep, segment=segment, since=since, until=until)
    if fmt != "json":
        from textops.reports import render

        return Response(content=render(report, fmt), media_type=MEDIA_TYPES[fmt], headers=DOWNLOAD_HEADERS)
    return StoredObjectionReport(id=report_id, **report.model_dump())


@router.get(
    "/objections/{report_id}/calls/{call_id:path}",
    response_model=ObjectionCallView,
    summary="One call of a report with its objections and the rep's replies",
)
def get_objection_call(report_id: str, call_id: str, store: StoreDep, ws: WorkspaceDep) -> ObjectionCallView:
    """The stored transcript of a call and the report's objections in it (spans, categories, replies)."""
    return call_view(store, ws, report_id, call_id)
