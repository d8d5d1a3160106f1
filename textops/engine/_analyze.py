"""One analysis of a corpus: messaging alignment and objection mining from one pass over its calls.

``analyze`` reads the calls once, then hands the engine one alignment task and the objection detection in
slices of prospect turns; the engine runs them side by side (spaCy's parse of rep speech overlaps the
encoder's passes over prospect turns), and the objection report is finished from the slices' results — the
same report as :func:`~textops.objections.mine_objections` gives, because every turn is detected on its own.
Without copy or a messaging framework there is nothing to align, and only the objection report is made;
the same when the calls have no rep speech to align (roles unknown) — the result's notes say why.

Every vector of an analysis is computed afresh, each slice's in batches of its own, with caches of its own
(never the store's): the embeddings of a text differ in their last bits with the batch it is computed in,
so this is what makes the reports the same on any engine, with any number of workers, whatever ran
before. The price is that a text repeated in several slices is embedded once per slice.
"""

from __future__ import annotations

import gc
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel, Field, PrivateAttr

from textops.alignment import AlignmentConfig, AlignmentReport
from textops.alignment._pipeline import RepSlice, finish_alignment, rep_slice, start_alignment
from textops.alignment._run import AlignmentRun
from textops.embeddings import Embedder, get_embedder
from textops.embeddings._cache import fresh_cache
from textops.engine._parallel import (
    Engine,
    LocalEngine,
    Portable,
    SharedSetting,
    Task,
    TaskProgress,
    get_engine,
    one_torch_thread,
    release_memory,
)
from textops.errors import InvalidInputError
from textops.ingest import MessagingFramework
from textops.objections import CustomCategory, ObjectionConfig, ObjectionReport
from textops.objections._classifier import ObjectionModel
from textops.objections._detect import DetectConfig, Detector, DetectResult
from textops.objections._encoder import objection_embedder
from textops.objections._pipeline import ObjectionRun, finish_objections, start_objections
from textops.store import ReportPart, report_json
from textops.types import CopyDocument, Transcript

if TYPE_CHECKING:
    from textops.store import Store

__all__ = [
    "Analysis",
    "AnalysisConfig",
    "AnalysisSummary",
    "CorpusSource",
    "analyze",
    "analyze_corpus",
    "read_corpus",
]

R = TypeVar("R")

SLICE_UNITS = 1500
"""Prospect turns in one objection-detection slice (a task of the engine)."""

SLICE_CALLS = 25
"""Calls in one alignment slice (a task of the engine): their parses are held only while it runs."""

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
    slice_calls: int = SLICE_CALLS
    """Calls per alignment task."""


@dataclass
class Analysis:
    """Both reports of an analysis (``alignment`` is None when there was no copy or framework)."""

    alignment: AlignmentReport | None
    objections: ObjectionReport
    notes: list[str]
    engine: str

    def summary(self, call_corpus_ids: Sequence[int], copy_corpus_ids: Sequence[int] = ()) -> AnalysisSummary:
        """The summary to store, with both reports as its parts (new ids; corpora they were made from)."""
        calls, copy = list(call_corpus_ids), [c for c in copy_corpus_ids if c not in call_corpus_ids]
        parts: list[ReportPart] = []
        alignment_id = None
        if self.alignment is not None:
            alignment_id = str(uuid.uuid4())
            params = {"analysis": True, "call_corpus_ids": calls, "copy_corpus_ids": copy}
            result = report_json(self.alignment)
            parts.append(ReportPart(alignment_id, "alignment", result, [*calls, *copy], params))
        objections_id = str(uuid.uuid4())
        # serialised straight to ASCII JSON text (no dicts in between): at corpus scale the objection list is
        # the largest thing an analysis holds, and dicts and their dump held it three times over
        result = report_json(self.objections)
        params = {"analysis": True, "corpus_ids": calls}
        parts.append(ReportPart(objections_id, "objections", result, calls, params))
        o = self.objections
        out = AnalysisSummary(
            calls=o.calls,
            corpus_ids=[*calls, *copy],
            alignment_report_id=alignment_id,
            objections_report_id=objections_id,
            alignment_score=None if self.alignment is None else self.alignment.components.score,
            objections=len(o.objections),
            calls_with_objections=o.calls_with_objections,
            notes=self.notes,
            engine=self.engine,
        )
        out._parts = parts
        return out


class AnalysisSummary(BaseModel):
    """What an analysis stored: the two reports' ids and their headline figures.

    Stored itself as a report of kind ``analysis``; :meth:`parts` are the two reports, saved with it.
    """

    calls: int
    corpus_ids: list[int] = Field(description="the corpora read: the calls' corpus first, then copy corpora")
    alignment_report_id: str | None = None
    objections_report_id: str
    alignment_score: float | None = Field(default=None, description="the overall consistency score (0–100)")
    objections: int
    calls_with_objections: int
    notes: list[str] = Field(default_factory=list)
    engine: str
    _parts: list[ReportPart] = PrivateAttr(default_factory=list)

    def parts(self) -> list[ReportPart]:
        """The alignment and objection reports, to be saved with this summary (one transaction)."""
        return list(self._parts)


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
    # every vector of the analysis is computed afresh (caches of its own, never the store's), each slice's in
    # its own batches: the reports do not depend on what ran before, nor on the engine or its worker count
    embedder = fresh_cache(embedder or get_embedder())
    step = progress or (lambda _m, _f: None)
    if not transcripts:
        raise InvalidInputError(
            "no call transcripts to analyse", hint="ingest transcripts into the corpus first"
        )
    # one torch thread throughout, as in every engine's workers: a bfloat16 vector depends on the thread
    # count its request ran with, and the driver's own requests (messages, themes) must match a worker's
    with one_torch_thread(), _lean_runtime():
        return _analyze(copy_docs, transcripts, config, embedder, engine, step)


def _lean() -> Callable[[], None]:
    """Apply the analysis's process settings; returns what undoes them.

    numpy's BLAS on one thread (its small products run in the engine's threads already; more BLAS threads
    only spin), and the cyclic garbage collector run less often, with the objects alive before the
    analysis (models, modules) frozen out of its scans.
    """
    from threadpoolctl import threadpool_limits

    saved = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(saved[0], 50_000), saved[1], saved[2])
    blas = threadpool_limits(limits=1, user_api="blas")

    def undo() -> None:
        gc.set_threshold(*saved)
        gc.unfreeze()
        blas.restore_original_limits()

    return undo


_LEAN = SharedSetting(_lean)


def _lean_runtime() -> AbstractContextManager[None]:
    """The process settings an analysis runs under (:func:`_lean`; restored when the last one ends)."""
    return _LEAN.held()


def _analyze(
    copy_docs: Sequence[CopyDocument],
    transcripts: Sequence[Transcript],
    config: AnalysisConfig,
    embedder: Embedder,
    engine: Engine,
    step: Callable[[str, float], None],
) -> Analysis:
    notes: list[str] = []
    aligning = bool(copy_docs) or config.framework is not None
    step("reading the copy and the calls", 0.0)
    run = start_objections(transcripts, embedder=embedder, config=config.objections)
    _warm(run, embedder, aligning=aligning)
    aligned: AlignmentRun | None = None
    align_tasks: list[Task[RepSlice | DetectResult]] = []
    if aligning:
        aligned = start_alignment(
            copy_docs, transcripts, framework=config.framework, embedder=embedder, config=config.alignment
        )
        align_tasks = _align_tasks(aligned, copy_docs, config)
    else:
        notes.append("no alignment report: the corpus has no copy and no messaging framework was given")
    detect_tasks: list[Task[RepSlice | DetectResult]] = list(_detect_tasks(run, config.slice_units))
    tasks = _interleave(align_tasks, detect_tasks)
    with _parse_elsewhere(engine, aligned if align_tasks else None):
        results = engine.run(tasks, lambda m, f: step(m, 0.02 + 0.88 * f))
    parts = [r for r in results if isinstance(r, RepSlice)]
    found = DetectResult()
    for r in results:
        if isinstance(r, DetectResult):
            found.extend(r)
    del results, tasks, align_tasks, detect_tasks  # each task's closure holds its slice of the corpus
    step("finishing the alignment report", 0.9)
    alignment = None
    if aligned is not None:
        try:
            alignment = finish_alignment(aligned, parts)
        except InvalidInputError as exc:  # e.g. no rep speech (roles unknown): the objections still stand
            notes.append(f"no alignment report: {exc}")
        del aligned, parts  # the slices' sentences and similarities: in the report now
        release_memory()
    objections = finish_objections(run, found, progress=lambda m, f: step(m, 0.93 + 0.07 * f))
    return Analysis(alignment=alignment, objections=objections, notes=notes, engine=engine.name)


@contextmanager
def _parse_elsewhere(engine: Engine, run: AlignmentRun | None) -> Iterator[None]:
    """The alignment's spaCy parses in a parse process of their own while the local engine's threads run.

    spaCy holds the GIL the threads share (:mod:`textops.engine._parse`); the run's own pipeline after.
    """
    if run is None or not isinstance(engine, LocalEngine) or engine.workers < 2:
        yield
        return
    from textops.engine._parse import ParseProcess
    from textops.settings import get_settings

    with ParseProcess(run.nlp, get_settings().spacy_model, "parse") as process:
        run.parser = process
        try:
            yield
        finally:
            run.parser = None


def _interleave(a: list[Task[R]], b: list[Task[R]]) -> list[Task[R]]:
    """Both kinds of task in turn (parse-bound alignment beside encoder-bound detection), order kept."""
    out: list[Task[R]] = []
    for i in range(max(len(a), len(b))):
        out.extend(a[i : i + 1])
        out.extend(b[i : i + 1])
    return out


def _warm(run: ObjectionRun, embedder: Embedder, *, aligning: bool) -> None:
    """Load every model in this thread before the tasks start (imports are not safe to race in threads)."""
    from textops.objections._rules import rule_doc

    run.embedder.encode(["warm-up"])
    rule_doc("warm-up")
    if aligning:
        from textops.nlp import get_nlp

        embedder.encode(["warm-up"])
        get_nlp("parse")


@dataclass(frozen=True)
class _AlignSpec:
    copy_docs: list[CopyDocument]
    config: AnalysisConfig


def _align_tasks(
    run: AlignmentRun, copy_docs: Sequence[CopyDocument], config: AnalysisConfig
) -> list[Task[RepSlice | DetectResult]]:
    spec = _AlignSpec(list(copy_docs), config)
    calls = run.transcripts
    tasks: list[Task[RepSlice | DetectResult]] = []
    size = max(1, config.slice_calls)
    for lo in range(0, len(calls), size):
        chunk = list(calls[lo : lo + size])
        words = sum(len(u.text.split()) for t in chunk for u in t.utterances if u.role == "rep")

        def work(_progress: TaskProgress, chunk: list[Transcript] = chunk, lo: int = lo) -> RepSlice:
            return rep_slice(run, chunk, lo, embedder=fresh_cache(run.embedder))

        portable = Portable(_align_setup, spec, _align_item, (lo, chunk))
        tasks.append(
            Task(f"alignment of calls {lo + 1}–{lo + len(chunk)}", work, ALIGNMENT_COST * words, portable)
        )
    return tasks


def _align_setup(spec: _AlignSpec) -> AlignmentRun:
    """A worker's alignment run: the copy's messages made again there, with the worker's (same) models."""
    return start_alignment(
        spec.copy_docs,
        [],
        framework=spec.config.framework,
        embedder=fresh_cache(get_embedder()),
        config=spec.config.alignment,
    )


def _align_item(run: AlignmentRun, item: tuple[int, list[Transcript]]) -> RepSlice:
    offset, calls = item
    return rep_slice(run, calls, offset, embedder=fresh_cache(run.embedder))


@dataclass(frozen=True)
class _DetectorSpec:
    model: ObjectionModel
    custom: list[CustomCategory]
    config: DetectConfig


def _detector_setup(spec: _DetectorSpec) -> Detector:
    """A worker's detector: the driver's trained model, the worker's own (same) objection encoder."""
    embedder = objection_embedder(fresh_cache(get_embedder()))
    embedder.encode(["warm-up"])
    return Detector(spec.model, embedder, spec.custom, spec.config)


def _detect_item(detector: Detector, item: tuple[list[str], list[str]]) -> DetectResult:
    texts, contexts = item
    return detector.run(texts, contexts=contexts, embedder=fresh_cache(detector.embedder), span_vectors=True)


def _detect_tasks(run: ObjectionRun, size: int) -> list[Task[DetectResult]]:
    spec = _DetectorSpec(run.detector.model, list(run.detector.custom), run.detector.config)
    tasks: list[Task[DetectResult]] = []
    for lo in range(0, max(1, len(run.units)), max(1, size)):
        hi = min(len(run.units), lo + max(1, size))
        words = sum(len(u.text.split()) for _, u in run.units[lo:hi])

        def detect(progress: TaskProgress, lo: int = lo, hi: int = hi) -> DetectResult:
            return run.detect(lo, hi, progress=progress, embedder=fresh_cache(run.embedder))

        item = ([u.text for _, u in run.units[lo:hi]], run.contexts[lo:hi])
        portable = Portable(_detector_setup, spec, _detect_item, item)
        tasks.append(Task(f"objections {lo + 1}–{hi}", detect, float(words), portable))
    return tasks


@dataclass(frozen=True)
class CorpusSource:
    """What an analysis of a stored corpus reads: its calls, and the copy of it and of further corpora."""

    corpus_id: int
    copy_corpus_ids: list[int]
    calls: list[Transcript]
    copy_docs: list[CopyDocument]


def read_corpus(
    store: Store, ws: int, corpus: int | str, copy_corpora: Sequence[int | str] = ()
) -> CorpusSource:
    """The calls of ``corpus`` and the copy of it and of ``copy_corpora``; an error when it holds no calls."""
    info = store.get_corpus(ws, corpus)
    copy_ids = [i for i in dict.fromkeys(store.get_corpus(ws, c).id for c in copy_corpora) if i != info.id]
    calls = store.load_transcripts(ws, [info.id])
    if not calls:
        raise InvalidInputError(
            f"corpus {info.name!r} holds no transcripts",
            hint="add call transcripts to it first (textops ingest, or an upload in the web UI or API)",
        )
    return CorpusSource(info.id, copy_ids, calls, store.load_copy(ws, [info.id, *copy_ids]))


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

    ``embedder`` (default: the packaged model) names the model. The analysis computes its vectors afresh
    and keeps them to itself (see :func:`analyze`): none are written to the store.
    """
    source = read_corpus(store, ws, corpus, copy_corpora)
    result = analyze(
        source.copy_docs, source.calls, config=config, embedder=embedder, engine=engine, progress=progress
    )
    summary = result.summary([source.corpus_id], source.copy_corpus_ids)
    del result  # the reports are in the summary's parts as JSON text now
    store.save_report(
        ws, "analysis", summary.model_dump(mode="json"), corpus_ids=summary.corpus_ids, parts=summary.parts()
    )
    return summary
