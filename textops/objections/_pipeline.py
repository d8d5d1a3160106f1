"""The objection-mining pipeline: detect → categorise → reply/repeat → themes → report; and ``classify``."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Literal, TypedDict, Unpack

from spacy.language import Language

from textops.embeddings import Embedder, get_embedder
from textops.embeddings._cache import prime
from textops.errors import InvalidInputError
from textops.objections._aggregate import (
    call_rep,
    quote_of,
    reply_claims_check,
    report_tables,
    trend_granularity,
)
from textops.objections._classifier import ObjectionModel, prepare
from textops.objections._detect import DetectConfig, Detector, DetectResult
from textops.objections._encoder import encoder_label, objection_embedder
from textops.objections._models import ClassifyResult, Detection, Objection, ObjectionReport, PainPoints
from textops.objections._outcome import link_repeats, rep_reply
from textops.objections._taxonomy import CATEGORY_KEYS, CustomCategory, check_custom_categories
from textops.objections._themes import ThemeConfig, find_themes
from textops.objections._training import get_model
from textops.roles import FIX_HINT, RolesCheck, as_reported, check_roles
from textops.types import Role, Transcript, Utterance

__all__ = [
    "ObjectionConfig",
    "ObjectionInputs",
    "ObjectionRun",
    "classify_utterance",
    "finish_objections",
    "mine_objections",
    "start_objections",
    "warm",
]

Progress = Callable[[str, float], None]

METHOD = (
    "Prospect turns split into sentences, and sentences with several clauses into clauses, each scored; "
    "spaCy Matcher rules + "
    "MiniLM-style sentence embeddings + word n-grams → logistic regression, Platt-calibrated on 5-fold "
    "out-of-fold scores of the labelled seed set (corpora/objections/seed.jsonl); threshold = best "
    "out-of-fold F1; category by a temperature-scaled multinomial logistic regression; custom categories by "
    "nearest examples. Themes: agglomerative clustering (cosine, average linkage) or HDBSCAN for large "
    "groups, c-TF-IDF + MMR keyphrases; outliers kept. Win rates on decided calls with Wilson intervals, "
    "Newcombe difference intervals and Fisher's exact test."
)


@dataclass
class ObjectionConfig:
    """Knobs of :func:`mine_objections` (defaults are the calibrated ones)."""

    threshold: float | None = None
    """P(objection) cut; ``None`` uses the model's cross-validated threshold."""
    custom_categories: Sequence[CustomCategory] = ()
    since: date | datetime | None = None
    """Only calls that started on or after this date (calls without a date are then left out)."""
    roles: tuple[Role, ...] = ("prospect",)
    """Speaker roles whose turns are scanned for objections."""
    trend: Literal["auto", "week", "month"] = "auto"
    min_calls: int = 5
    """Decided calls needed on each side before a win rate is shown."""
    detect: DetectConfig = field(default_factory=DetectConfig)
    themes: ThemeConfig = field(default_factory=ThemeConfig)


def _since(value: date | datetime | None) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _filter_since(
    calls: Sequence[Transcript], since: datetime | None, warnings: list[str]
) -> list[Transcript]:
    if since is None:
        return list(calls)
    undated = sum(t.started_at is None for t in calls)
    if undated:
        warnings.append(f"{undated} call(s) without a start date were left out by --since")
    return [t for t in calls if t.started_at is not None and _aware(t.started_at) >= since]


def _parsing(nlp: Language | None) -> Language | None:
    """``nlp`` when it parses (the claims check of replies wants the parse), else None: the default."""
    return nlp if nlp is not None and nlp.has_pipe("parser") else None


def _detector(embedder: Embedder, model: ObjectionModel | None, config: ObjectionConfig) -> Detector:
    check_custom_categories(config.custom_categories)
    detect = config.detect
    if config.threshold is not None:
        if not 0.0 < config.threshold < 1.0:
            raise InvalidInputError(
                f"threshold {config.threshold} is not between 0 and 1", hint="omit it for the default"
            )
        detect = DetectConfig(**{**detect.__dict__, "threshold": config.threshold})
    return Detector(model or get_model(embedder), embedder, config.custom_categories, detect)


@dataclass
class ObjectionRun:
    """An objection analysis between its steps: the calls, the detector and the prospect turns to scan.

    :func:`mine_objections` is :func:`start_objections` → :meth:`detect` over all turns →
    :func:`finish_objections`; a corpus engine runs :meth:`detect` on consecutive slices of :attr:`units`
    (in threads, or on a cluster) and concatenates the results, which gives the same report.
    """

    calls: list[Transcript]
    config: ObjectionConfig
    embedder: Embedder
    detector: Detector
    units: list[tuple[Transcript, Utterance]]
    contexts: list[str]
    since: datetime | None
    warnings: list[str]
    roles: RolesCheck

    def detect(
        self,
        lo: int = 0,
        hi: int | None = None,
        *,
        nlp: Language | None = None,
        progress: Progress | None = None,
        embedder: Embedder | None = None,
    ) -> DetectResult:
        """Detect objections in the prospect turns ``units[lo:hi]`` (safe to call from several threads).

        ``embedder``: the same model as :attr:`embedder` with a cache of the slice's own (see
        :func:`textops.engine.analyze`).
        """
        hi = len(self.units) if hi is None else hi
        texts = [u.text for _, u in self.units[lo:hi]]
        return self.detector.run(
            texts,
            nlp=nlp,
            progress=progress,
            contexts=self.contexts[lo:hi],
            embedder=embedder,
            span_vectors=True,
        )


class ObjectionInputs(TypedDict, total=False):
    """The optional inputs of :func:`mine_objections` and :func:`start_objections` (``None``: a default)."""

    embedder: Embedder | None
    """Default: the packaged MiniLM (cached), or the tuned objection encoder where it is installed."""
    config: ObjectionConfig | None
    model: ObjectionModel | None
    """A trained model; default: the packaged (or freshly trained) one for ``config``."""


def start_objections(
    transcripts: Sequence[Transcript], *, progress: Progress | None = None, **inputs: Unpack[ObjectionInputs]
) -> ObjectionRun:
    """The first step of :func:`mine_objections`: choose the calls, train (or fetch) the model, list turns."""
    config = inputs.get("config") or ObjectionConfig()
    step = progress or (lambda _m, _f: None)
    embedder = objection_embedder(inputs.get("embedder") or get_embedder())
    warnings: list[str] = []
    since = _since(config.since)
    calls = as_reported(_filter_since(transcripts, since, warnings))
    if not calls:
        raise InvalidInputError(
            "no calls to analyse" + (f" on or after {since.date()}" if since else ""),
            hint="give transcripts (or an earlier --since date)",
        )
    model = inputs.get("model")
    step("training the classifier" if model is None else "starting", 0.0)
    detector = _detector(embedder, model, config)
    units = [(t, u) for t in calls for u in t.utterances if u.role in config.roles and u.text.strip()]
    roles = check_roles(calls)
    if roles.warning:
        warnings.insert(0, roles.warning)
    if not units:
        warnings.append(f"no prospect turns found in {len(calls)} call(s): {FIX_HINT}")
    contexts = [previous_rep_text(t, u.index) for t, u in units]
    return ObjectionRun(calls, config, embedder, detector, units, contexts, since, warnings, roles)


def mine_objections(
    transcripts: Sequence[Transcript],
    *,
    nlp: Language | None = None,
    progress: Progress | None = None,
    **inputs: Unpack[ObjectionInputs],
) -> ObjectionReport:
    """Find, categorise and analyse the objections prospects raise in ``transcripts``.

    The other inputs are those of :class:`ObjectionInputs`; ``nlp`` (any pipeline that sets sentence
    boundaries) replaces the built-in regex sentence splitter; ``progress(message, fraction)`` reports
    progress. Example::

        report = mine_objections(read_paths([Path("calls/")]).transcripts)
        report.categories[0].count, report.themes[0].label
    """
    step = progress or (lambda _m, _f: None)
    run = start_objections(transcripts, progress=step, **inputs)
    found = run.detect(nlp=nlp, progress=lambda m, f: step(m, 0.02 + 0.78 * f))
    return finish_objections(run, found, nlp=nlp, progress=step)


def finish_objections(
    run: ObjectionRun, found: DetectResult, *, nlp: Language | None = None, progress: Progress | None = None
) -> ObjectionReport:
    """The last step of :func:`mine_objections`: replies, repeats, themes, tables — the report."""
    step = progress or (lambda _m, _f: None)
    calls, config, embedder, detector, units = run.calls, run.config, run.embedder, run.detector, run.units
    warnings, since = list(run.warnings), run.since
    if len(found.objections) != len(units):
        raise ValueError(f"detections for {len(found.objections)} turns, expected {len(units)}")
    rep_of = {id(t): call_rep(t) for t in calls}  # once a call, not once an objection
    objections = [
        located(d, i + 1, t, u, reply=True, rep=rep_of[id(t)])
        for i, ((t, u), d) in enumerate(_spans(units, found.objections))
    ]
    link_repeats(objections)
    prime(embedder, found.vectors)  # the spans' vectors, where the detection ran in other processes
    pains = [
        located(d, i + 1, t, u, rep=rep_of[id(t)])
        for i, ((t, u), d) in enumerate(_spans(units, found.pain_points))
    ]
    step("finding themes", 0.8)
    vectors = embedder.encode([prepare(o.text) for o in objections])
    themes, cross = find_themes(
        objections, vectors, embedder, config.themes, lambda m, f: step(m, 0.8 + 0.15 * f)
    )
    pain_report = pain_points(pains, embedder, config.themes, len(calls), detector)
    order = [*CATEGORY_KEYS, *(c.key for c in config.custom_categories)]
    granularity = trend_granularity(calls, config.trend)
    undated = sum(t.started_at is None for t in calls)
    if undated and since is None:
        warnings.append(f"{undated} call(s) have no start date and are not in the trend")
    decided = sum(t.outcome in ("won", "lost") for t in calls)
    if decided < 2 * config.min_calls:
        warnings.append(f"only {decided} call(s) have a won/lost outcome: win rates need more")
    if embedder.name.startswith("hashing"):
        warnings.append(
            "the embedder is the model-free hashing fake: figures are for tests, not for decisions"
        )
    step("report", 0.97)
    report = ObjectionReport(
        calls=len(calls),
        calls_with_objections=len({o.call_id for o in objections}),
        prospect_utterances=len(units),
        sentences_scored=found.scored,
        objections=objections,
        themes=themes,
        cross_themes=cross,
        trend_granularity=granularity,
        **dict(
            report_tables(
                calls,
                objections,
                order,
                granularity,
                check=reply_claims_check(_parsing(nlp)),
                custom=config.custom_categories,
                min_calls=config.min_calls,
            )
        ),
        custom_categories=[c.key for c in config.custom_categories],
        threshold=detector.threshold,
        since=since,
        model=f"{encoder_label(embedder)} + training set {detector.model.digest}",
        method=METHOD,
        warnings=warnings,
        roles=run.roles,
        pain_points=pain_report,
    )
    step("done", 1.0)
    return report


Unit = tuple[Transcript, Utterance]


def _spans(units: Sequence[Unit], found: Sequence[Sequence[Detection]]) -> list[tuple[Unit, Detection]]:
    return [(unit, d) for unit, ds in zip(units, found, strict=True) for d in ds]


def located(
    d: Detection, ident: int, t: Transcript, u: Utterance, *, reply: bool = False, rep: str | None = None
) -> Objection:
    """A detection with where it was said (call, turn, speaker, the call's rep, segment, outcome).

    ``rep``: the call's :func:`call_rep`, when the caller has it already (default: found here).

    Built without validation from fields that are validated already, sharing the detection's own values
    (its evidence and scores): a corpus's objections are the largest part of its report, and a validated
    copy of each held them twice.
    """
    return Objection.model_construct(
        **{name: getattr(d, name) for name in Detection.model_fields},
        id=ident,
        call_id=t.call_id,
        utterance_index=u.index,
        speaker=u.speaker,
        start=u.start,
        rep=call_rep(t) if rep is None else rep,
        segment=t.segment,
        started_at=t.started_at,
        outcome=t.outcome,
        reply=rep_reply(t, u.index) if reply else None,
    )


def previous_rep_text(t: Transcript, index: int) -> str:
    """The rep's turn just before utterance ``index`` (within two turns), or ``""``: the model's context."""
    for u in reversed(t.utterances[max(0, index - 2) : index]):
        if u.role == "rep" and u.text.strip():
            return u.text
    return ""


def pain_points(
    pains: list[Objection], embedder: Embedder, themes: ThemeConfig, n_calls: int, detector: Detector
) -> PainPoints:
    """The report's pain-point section: counts, themes (clustered like objections) and the top quotes."""
    head = detector.model.pain
    if not pains:
        return PainPoints(threshold=None if head is None else head.threshold)
    vectors = embedder.encode([prepare(o.text) for o in pains])
    found, _ = find_themes(pains, vectors, embedder, themes, lambda _m, _f: None)
    best: dict[str, Objection] = {}
    for o in pains:
        if o.call_id not in best or o.confidence > best[o.call_id].confidence:
            best[o.call_id] = o
    quotes = [quote_of(o) for o in sorted(best.values(), key=lambda o: -o.confidence)[:10]]
    calls = len({o.call_id for o in pains})
    return PainPoints(
        count=len(pains),
        calls=calls,
        share_of_calls=round(calls / max(1, n_calls), 4),
        items=pains,
        themes=found,
        quotes=quotes,
        threshold=None if head is None else head.threshold,
    )


def classify_utterance(
    text: str,
    *,
    embedder: Embedder | None = None,
    custom_categories: Sequence[CustomCategory] = (),
    threshold: float | None = None,
    model: ObjectionModel | None = None,
) -> ClassifyResult:
    """Classify one utterance (low latency: regex sentences, tokenizer-only rules, one embedding batch).

    Example: ``classify_utterance("Honestly it's way over our budget.").detections[0].category == "price"``
    """
    t0 = time.perf_counter()
    if not text.strip():
        raise InvalidInputError("the text is empty", hint="send the words of one utterance")
    embedder = objection_embedder(embedder or get_embedder())
    config = ObjectionConfig(threshold=threshold, custom_categories=custom_categories)
    detector = _detector(embedder, model, config)
    found = detector.detect([text])[0]
    return ClassifyResult(
        text=text,
        is_objection=bool(found),
        confidence=round(detector.max_confidence, 4),
        threshold=detector.threshold,
        detections=found,
        model=f"{encoder_label(embedder)} + training set {detector.model.digest}",
        elapsed_ms=round(1000 * (time.perf_counter() - t0), 2),
    )


def warm(embedder: Embedder | None = None) -> ObjectionModel:
    """Train (or fetch) the model and embed once, so the first ``classify`` call is fast (API lifespan)."""
    embedder = objection_embedder(embedder or get_embedder())
    model = get_model(embedder)
    embedder.encode(["warm-up"])
    return model
