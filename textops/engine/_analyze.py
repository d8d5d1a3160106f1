"""One analysis of a corpus: messaging alignment and objection mining from one pass over its calls.

``analyze`` reads the calls once, then hands the engine one alignment task and the objection detection in
slices of prospect turns; the engine runs them side by side (spaCy's parse of rep speech overlaps the
encoder's passes over prospect turns), and the objection report is finished from the slices' results — the
same report as :func:`~textops.objections.mine_objections` gives, because every turn is detected on its own.
Without copy or a messaging framework there is nothing to align, and only the objection report is made
(the result says so).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from textops.alignment import AlignmentConfig, AlignmentReport, align
from textops.embeddings import Embedder, get_embedder
from textops.engine._parallel import Engine, Portable, Task, TaskProgress, get_engine
from textops.errors import InvalidInputError
from textops.ingest import MessagingFramework
from textops.objections import CustomCategory, ObjectionConfig, ObjectionReport
from textops.objections._classifier import ObjectionModel
from textops.objections._detect import DetectConfig, Detector, DetectResult
from textops.objections._encoder import objection_embedder
from textops.objections._pipeline import ObjectionRun, finish_objections, start_objections
from textops.types import CopyDocument, Transcript

if TYPE_CHECKING:
    from textops.store import Store

__all__ = ["Analysis", "AnalysisConfig", "AnalysisSummary", "analyze", "analyze_corpus"]

SLICE_UNITS = 1500
"""Prospect turns in one objection-detection slice (a task of the engine)."""

ALIGNMENT_COST = 1.6
"""Work per rep word in alignment relative to a prospect word in objection detection (parse + encode vs
encode only; sets the weights of the progress shown, not the results)."""


@dataclass
class AnalysisConfig:
    """Knobs of :func:`analyze`: those of the two pipelines, and the framework to align against."""

    framework: MessagingFramework | None = None
    alignment: AlignmentConfig = field(default_factory=AlignmentConfig)
    objections: ObjectionConfig = field(default_factory=ObjectionConfig)
    slice_units: int = SLICE_UNITS
    """Prospect turns per objection-detection task (the results do not depend on it)."""


@dataclass
class Analysis:
    """Both reports of an analysis (``alignment`` is None when there was no copy or framework)."""

    alignment: AlignmentReport | None
    objections: ObjectionReport
    notes: list[str]
    engine: str


class AnalysisSummary(BaseModel):
    """What an analysis stored: the two reports' ids and their headline figures."""

    calls: int
    alignment_report_id: str | None = None
    objections_report_id: str
    alignment_score: float | None = Field(default=None, description="the overall consistency score (0–100)")
    objections: int
    calls_with_objections: int
    notes: list[str] = Field(default_factory=list)
    engine: str


def analyze(
    copy_docs: Sequence[CopyDocument],
    transcripts: Sequence[Transcript],
    *,
    config: AnalysisConfig | None = None,
    embedder: Embedder | None = None,
    engine: Engine | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> Analysis:
    """Messaging alignment and objection mining of ``transcripts`` in one pass (see the module docstring).

    Example::

        result = analyze(copy_docs, calls, config=AnalysisConfig(framework=load_pillars(path)))
        result.alignment.score, result.objections.categories[0].count
    """
    config = config or AnalysisConfig()
    engine = engine or get_engine()
    embedder = embedder or get_embedder()
    step = progress or (lambda _m, _f: None)
    if not transcripts:
        raise InvalidInputError(
            "no call transcripts to analyse", hint="ingest transcripts into the corpus first"
        )
    notes: list[str] = []
    step("reading the calls", 0.0)
    run = start_objections(transcripts, embedder=embedder, config=config.objections)
    _warm(run, embedder, aligning=bool(copy_docs) or config.framework is not None)
    tasks: list[Task[AlignmentReport | DetectResult]] = []
    aligning = bool(copy_docs) or config.framework is not None
    if aligning:
        rep_words = sum(len(u.text.split()) for t in transcripts for u in t.utterances if u.role == "rep")
        work = _align_task(copy_docs, transcripts, config, embedder)
        portable = _align_portable(copy_docs, transcripts, config)
        tasks.append(Task("alignment", work, ALIGNMENT_COST * rep_words, portable))
    else:
        notes.append("no alignment report: the corpus has no copy and no messaging framework was given")
    tasks.extend(_detect_tasks(run, config.slice_units))
    results = engine.run(tasks, lambda m, f: step(m, 0.02 + 0.9 * f))
    alignment = results[0] if aligning else None
    found = DetectResult()
    for r in results[1:] if aligning else results:
        if not isinstance(r, DetectResult):
            raise TypeError(f"an objection slice returned {type(r).__name__}")
        found.extend(r)
    objections = finish_objections(run, found, progress=lambda m, f: step(m, 0.92 + 0.08 * f))
    if alignment is not None and not isinstance(alignment, AlignmentReport):
        raise TypeError(f"the alignment task returned {type(alignment).__name__}")
    return Analysis(alignment=alignment, objections=objections, notes=notes, engine=engine.name)


def _warm(run: ObjectionRun, embedder: Embedder, *, aligning: bool) -> None:
    """Load every model in this thread before the tasks start (imports are not safe to race in threads)."""
    from textops.objections._rules import rule_doc

    run.embedder.encode(["warm-up"])
    rule_doc("warm-up")
    if aligning:
        from textops.nlp import get_nlp

        embedder.encode(["warm-up"])
        get_nlp("parse")


def _align_task(
    copy_docs: Sequence[CopyDocument], calls: Sequence[Transcript], config: AnalysisConfig, embedder: Embedder
) -> Callable[[TaskProgress], AlignmentReport]:
    def run(progress: TaskProgress) -> AlignmentReport:
        return align(
            copy_docs,
            calls,
            framework=config.framework,
            embedder=embedder,
            config=config.alignment,
            progress=progress,
        )

    return run


def _align_portable(
    copy_docs: Sequence[CopyDocument], calls: Sequence[Transcript], config: AnalysisConfig
) -> Portable:
    return Portable(_no_setup, None, _align_item, (list(copy_docs), list(calls), config))


def _no_setup(_spec: None) -> None:
    return None


def _align_item(
    _state: None, item: tuple[list[CopyDocument], list[Transcript], AnalysisConfig]
) -> AlignmentReport:
    """Alignment in a worker process, with that process's embedder (same model, loaded from the package)."""
    copy_docs, calls, config = item
    return align(copy_docs, calls, framework=config.framework, config=config.alignment)


@dataclass(frozen=True)
class _DetectorSpec:
    model: ObjectionModel
    custom: list[CustomCategory]
    config: DetectConfig


def _detector_setup(spec: _DetectorSpec) -> Detector:
    """A worker's detector: the driver's trained model, the worker's own (same) objection encoder."""
    embedder = objection_embedder(get_embedder())
    embedder.encode(["warm-up"])
    return Detector(spec.model, embedder, spec.custom, spec.config)


def _detect_item(detector: Detector, item: tuple[list[str], list[str]]) -> DetectResult:
    texts, contexts = item
    return detector.run(texts, contexts=contexts)


def _detect_tasks(run: ObjectionRun, size: int) -> list[Task[DetectResult]]:
    spec = _DetectorSpec(run.detector.model, list(run.detector.custom), run.detector.config)
    tasks: list[Task[DetectResult]] = []
    for lo in range(0, max(1, len(run.units)), max(1, size)):
        hi = min(len(run.units), lo + max(1, size))
        words = sum(len(u.text.split()) for _, u in run.units[lo:hi])

        def detect(progress: TaskProgress, lo: int = lo, hi: int = hi) -> DetectResult:
            return run.detect(lo, hi, progress=progress)

        item = ([u.text for _, u in run.units[lo:hi]], run.contexts[lo:hi])
        portable = Portable(_detector_setup, spec, _detect_item, item)
        tasks.append(Task(f"objections {lo + 1}–{hi}", detect, float(words), portable))
    return tasks


def analyze_corpus(
    store: Store,
    ws: int,
    corpus: int | str,
    *,
    copy_corpora: Sequence[int | str] = (),
    config: AnalysisConfig | None = None,
    embedder: Embedder | None = None,
    engine: Engine | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> AnalysisSummary:
    """Analyse a stored corpus (its copy, and the copy of ``copy_corpora``) and store both reports.

    ``embedder`` (default: one that caches its vectors in ``store``) is wrapped so that the vectors it
    caches are linked to the corpora: a later ``align`` or ``objections`` over the same calls reuses them,
    and deleting a corpus deletes them.
    """
    from textops.embeddings import TrackingEmbedder, store_embedder

    info = store.get_corpus(ws, corpus)
    copy_infos = [store.get_corpus(ws, c) for c in copy_corpora]
    corpus_ids = [info.id, *(c.id for c in copy_infos if c.id != info.id)]
    calls = store.load_transcripts(ws, [info.id])
    copy_docs = store.load_copy(ws, corpus_ids)
    if not calls:
        raise InvalidInputError(
            f"corpus {info.name!r} holds no transcripts", hint="ingest call transcripts into it first"
        )
    embedder = TrackingEmbedder(embedder or store_embedder(store), store, corpus_ids)
    result = analyze(copy_docs, calls, config=config, embedder=embedder, engine=engine, progress=progress)
    alignment_id = None
    if result.alignment is not None:
        alignment_id = store.save_report(
            ws,
            "alignment",
            result.alignment.model_dump(mode="json"),
            corpus_ids=corpus_ids,
            params={"analysis": True, "call_corpus_ids": [info.id], "copy_corpus_ids": corpus_ids},
        )
    objections_id = store.save_report(
        ws,
        "objections",
        result.objections.model_dump(mode="json"),
        corpus_ids=[info.id],
        params={"analysis": True, "corpus_ids": [info.id]},
    )
    o = result.objections
    return AnalysisSummary(
        calls=len(calls),
        alignment_report_id=alignment_id,
        objections_report_id=objections_id,
        alignment_score=None if result.alignment is None else result.alignment.components.score,
        objections=len(o.objections),
        calls_with_objections=o.calls_with_objections,
        notes=result.notes,
        engine=result.engine,
    )
