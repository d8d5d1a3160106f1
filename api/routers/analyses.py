"""``/v1/analyses``: both reports of a corpus — alignment and objections — from one pass, as one job."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api._analyses import JobContext, PreparedJob, check_call_count, register_job_kind
from api.deps import StoreDep, WorkspaceDep
from api.routers._common import RouteText, add_job_routes
from textops.alignment import AlignmentConfig
from textops.engine import AnalysisConfig, AnalysisSummary, ProgressFn, analyze, get_engine, read_corpus
from textops.ingest import MessagingFramework
from textops.objections import ObjectionConfig
from textops.types import RowId

router = APIRouter(prefix="/v1", tags=["analyses"])


class AnalysisRequest(BaseModel):
    """A stored corpus of calls, the copy to align them with, and the knobs of both reports."""

    corpus_id: RowId = Field(description="the corpus of call transcripts (its own copy documents count too)")
    copy_corpus_ids: list[RowId] = Field(
        default_factory=list, max_length=50, description="further corpora whose copy documents to align with"
    )
    framework: MessagingFramework | None = Field(
        default=None, description="approved messages by pillar; without it pillars come from the copy"
    )
    seller_names: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        default_factory=list, max_length=20, description="your company and product names"
    )
    threshold: float | None = Field(
        default=None, gt=0, lt=1, description="P(objection) cut; default: the calibrated one"
    )
    background: bool | None = Field(
        default=None, description="run as a job (default: when the corpus holds more than 25 calls)"
    )


class StoredAnalysis(AnalysisSummary):
    """A stored analysis: its id, the two reports' ids and their headline figures."""

    id: str


def _prepare_analysis(body: AnalysisRequest, ctx: JobContext) -> PreparedJob:
    """Read the corpus and copy a request names and build its work (also when a job is re-run)."""
    source = read_corpus(ctx.store, ctx.ws, body.corpus_id, body.copy_corpus_ids)
    check_call_count(
        len(source.calls), ctx.settings, hint="split the corpus, or raise TEXTOPS_MAX_CALLS_PER_ANALYSIS"
    )
    config = AnalysisConfig(
        framework=body.framework,
        alignment=AlignmentConfig(own_names=frozenset(n.lower() for n in body.seller_names)),
        objections=ObjectionConfig(threshold=body.threshold),
    )
    engine = get_engine()
    params = body.model_dump(mode="json", include={"corpus_id", "copy_corpus_ids", "threshold"})

    def work(progress: ProgressFn) -> AnalysisSummary:
        result = analyze(
            source.copy_docs,
            source.calls,
            config=config,
            embedder=ctx.embedder,
            engine=engine,
            progress=progress,
        )
        return result.summary([source.corpus_id], source.copy_corpus_ids)

    corpus_ids = [source.corpus_id, *source.copy_corpus_ids]
    return PreparedJob(work=work, calls=len(source.calls), corpus_ids=corpus_ids, report_params=params)


ANALYSES = register_job_kind(
    "analysis",
    AnalysisRequest,
    _prepare_analysis,
    stored=StoredAnalysis,
    report_url_template="/v1/analyses/{report_id}",
)


add_job_routes(
    router,
    ANALYSES,
    "/analyses",
    create=RouteText(
        "create_analysis",
        "Alignment and objection reports of a corpus from one pass",
        """Both reports of a stored corpus in one pass (each call parsed and embedded once); both are stored.

        Without copy documents or a framework only the objection report is made (``notes`` says so). Small
        corpora answer at once; large ones start a job whose report is this summary.
        """,
    ),
    read=None,
    listing=RouteText("list_analyses", "List analyses", "The workspace's analyses, newest first."),
)


@router.get("/analyses/{analysis_id}", response_model=StoredAnalysis, summary="A stored analysis")
def get_analysis(analysis_id: str, store: StoreDep, ws: WorkspaceDep) -> StoredAnalysis:
    """The analysis's figures and its two reports' ids (``/v1/alignment/{id}``, ``/v1/objections/{id}``)."""
    return ANALYSES.load(store, ws, analysis_id)
