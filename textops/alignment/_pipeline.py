"""The messaging-alignment pipeline: copy messages ↔ rep speech → report.

:func:`align` runs named steps over one :class:`~textops.alignment._run.AlignmentRun`: messages → rep
speech → matches → claims → terminology → scores (:func:`textops.alignment._report.report_of`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any, TypedDict, Unpack

import numpy as np
import numpy.typing as npt
from spacy.language import Language
from spacy.tokens import Doc, Span

from textops.alignment._claims import analyse_claim, distortions, is_small_talk, numbers_in
from textops.alignment._lexicons import CONVERSATIONAL
from textops.alignment._messages import build_pillars, copy_messages
from textops.alignment._models import (
    AlignmentReport,
    Delivery,
    Terminology,
    TermOut,
    TermPairOut,
    UnbackedClaim,
)
from textops.alignment._report import report_of
from textops.alignment._run import AlignmentConfig, AlignmentRun, RepResults, RepSentence
from textops.embeddings import Embedder, get_embedder
from textops.errors import InvalidInputError
from textops.ingest import MessagingFramework
from textops.nlp import get_nlp, normalise_speech
from textops.roles import FIX_HINT, as_reported, check_roles
from textops.types import CopyDocument, Transcript

__all__ = ["AlignmentInputs", "RepSlice", "align", "finish_alignment", "rep_slice", "start_alignment"]

Progress = Callable[[str, float], None]

WEAK_DISTORTIONS = frozenset({"added_number", "unbacked_name"})
"""Distortions that count only for sentences that already match the message (they may be incidental)."""


class AlignmentInputs(TypedDict, total=False):
    """The optional inputs of :func:`align` and :func:`start_alignment` (left out or ``None``: a default)."""

    framework: MessagingFramework | None
    """Pillars with approved statements; without it, pillars are found by clustering the copy's claims."""
    embedder: Embedder | None
    """Default: the shared embedder (:func:`~textops.embeddings.get_embedder`)."""
    nlp: Language | None
    """A pipeline with a tagger, lemmatizer and parser; default: the ``parse`` profile."""
    config: AlignmentConfig | None


def align(
    copy_docs: Sequence[CopyDocument],
    transcripts: Sequence[Transcript],
    *,
    progress: Progress | None = None,
    **inputs: Unpack[AlignmentInputs],
) -> AlignmentReport:
    """Measure how consistently the reps on ``transcripts`` deliver the messages of ``copy_docs``.

    The other inputs are those of :class:`AlignmentInputs`; ``progress(message, fraction)`` reports the
    steps.
    """
    step = progress or (lambda _msg, _frac: None)
    if not transcripts and (copy_docs or inputs.get("framework") is not None):
        raise InvalidInputError("no call transcripts given", hint="pass at least one transcript")
    step("reading the copy", 0.05)
    run = start_alignment(copy_docs, transcripts, **inputs)
    step("reading the calls", 0.2)
    part = rep_slice(run, run.transcripts, 0)
    step("terminology", 0.8)
    return finish_alignment(run, [part])


def start_alignment(
    copy_docs: Sequence[CopyDocument], transcripts: Sequence[Transcript], **inputs: Unpack[AlignmentInputs]
) -> AlignmentRun:
    """The first step of :func:`align`: the run with its models, thresholds and the copy's messages.

    :func:`align` is ``start_alignment`` → :func:`rep_slice` over all calls → :func:`finish_alignment`; a
    corpus engine runs :func:`rep_slice` on consecutive slices of the calls (in threads, or on a cluster,
    where each worker makes its own run with ``transcripts=[]``) and passes the slices in call order.
    ``transcripts`` may be empty here (a worker's run); :func:`finish_alignment` needs rep speech.
    """
    config = inputs.get("config") or AlignmentConfig()
    framework = inputs.get("framework")
    if not copy_docs and framework is None:
        raise InvalidInputError("no campaign copy given", hint="pass copy documents or a messaging framework")
    nlp = inputs.get("nlp") or get_nlp("parse")
    embedder = inputs.get("embedder") or get_embedder()
    match, topical, notes = _thresholds(config, embedder)
    run = AlignmentRun(
        copy_docs=copy_docs,
        transcripts=as_reported(transcripts),
        framework=framework,
        config=config,
        nlp=nlp,
        embedder=embedder,
        match_threshold=match,
        topical_threshold=topical,
        notes=notes,
    )
    _messages(run)
    return run


def _thresholds(config: AlignmentConfig, embedder: Embedder) -> tuple[float, float, list[str]]:
    from textops.alignment._calibration import load_calibration

    cal = load_calibration()
    notes: list[str] = []
    defaults_used = config.match_threshold is None or config.topical_threshold is None
    if defaults_used and embedder.name != cal.model:
        notes.append(
            f"the similarity thresholds were calibrated for {cal.model!r}, "
            f"but the embedder is {embedder.name!r}: "
            "recalibrate with bench/alignment_quality.py --write or pass thresholds explicitly"
        )
    match = config.match_threshold if config.match_threshold is not None else cal.match_threshold
    topical = config.topical_threshold if config.topical_threshold is not None else cal.topical_threshold
    if not 0.0 < topical <= match < 1.0:
        raise InvalidInputError(
            f"thresholds must satisfy 0 < topical ({topical}) <= match ({match}) < 1",
            hint="omit them to use the calibrated defaults",
        )
    return match, topical, notes


def _messages(run: AlignmentRun) -> None:
    """Step 1: the approved messages of the copy (and framework), grouped into pillars."""
    candidates = copy_messages(run.copy_docs, run.nlp, own_names=run.config.own_names)
    run.pillars = build_pillars(
        candidates,
        run.nlp,
        run.embedder,
        framework=run.framework,
        match_threshold=run.match_threshold,
        topical_threshold=run.topical_threshold,
    )
    run.messages = [m for p in run.pillars for m in p.messages]
    if not run.messages:
        raise InvalidInputError(
            "the copy contains no claims or value propositions to check",
            hint="add copy with concrete benefits, or a messaging framework with approved statements",
        )
    run.message_vectors = run.embedder.encode([m.text for m in run.messages])
    run.backed_numbers = frozenset(q for m in run.messages for q in numbers_in(m.text))
    run.known_names = (
        frozenset(t.lower_ for m in run.messages for t in m.doc if t.pos_ == "PROPN") | run.config.own_names
    )


@dataclass
class RepSlice(RepResults):
    """What the rep speech of consecutive calls contributes to a run (steps 2–4 and the terms of step 5).

    Sentence indices (``matched``) are the slice's; the unbacked claims come with their call, unsorted.
    """

    unbacked: list[tuple[UnbackedClaim, int]] = field(default_factory=list)
    terms_by_call: dict[int, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    terms_by_rep: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))


def rep_slice(
    run: AlignmentRun, calls: Sequence[Transcript], offset: int, *, embedder: Embedder | None = None
) -> RepSlice:
    """Steps 2–4 for ``calls``, the run's calls ``offset, offset + 1, …``: safe to run in several threads.

    The parses live only while their slice is worked on: what is kept are sentence texts, claim readings,
    similarities and term counts. ``embedder`` (the run's model, e.g. with a cache of the slice's own)
    embeds the sentences instead of the run's.
    """
    part = RepSlice()
    with run.parse_lock if run.parser is None else nullcontext():
        parsed = _rep_speech(run, calls, offset, part)
    _similarities(run, part, embedder or run.embedder)
    _matches(run, calls, offset, parsed, part)
    _claims(run, calls, offset, part)
    _rep_terms(parsed, part)
    return part


def finish_alignment(run: AlignmentRun, parts: Sequence[RepSlice]) -> AlignmentReport:
    """The last steps of :func:`align` over the slices of all calls, in call order: terminology, scores."""
    unbacked: list[tuple[UnbackedClaim, int]] = []
    sims: list[npt.NDArray[np.float32]] = []
    for part in parts:
        base = len(run.sentences)
        run.sentences.extend(part.sentences)
        run.dropped += part.dropped
        sims.append(part.sims)
        run.best.extend(part.best)
        run.best_sim.extend(part.best_sim)
        run.deliveries.extend(part.deliveries)
        run.delivery_pillar.extend(part.delivery_pillar)
        run.delivery_call.extend(part.delivery_call)
        run.partial.update(part.partial)
        run.matched.update(base + i for i in part.matched)
        run.claims_by_call.update(part.claims_by_call)
        run.claims_by_rep.update(part.claims_by_rep)
        unbacked.extend(part.unbacked)
        for ci, terms in part.terms_by_call.items():
            run.rep_terms_by_call.setdefault(ci, Counter()).update(terms)
        for rep, terms in part.terms_by_rep.items():
            run.rep_terms_by_rep.setdefault(rep, Counter()).update(terms)
    if not run.sentences:
        raise InvalidInputError(
            "the transcripts have no rep speech to check (no utterance with role 'rep' beyond small talk)",
            hint=check_roles(run.transcripts).warning or FIX_HINT,
        )
    run.sims = np.concatenate(sims) if sims else np.zeros((0, len(run.messages)), dtype=np.float32)
    unbacked.sort(key=lambda u: (-u[0].risk, u[0].closest_similarity))
    run.unbacked = [u for u, _ in unbacked]
    run.unbacked_call = [ci for _, ci in unbacked]
    _terminology(run)
    return report_of(run)


def _rep_speech(
    run: AlignmentRun, calls: Sequence[Transcript], offset: int, part: RepSlice
) -> list[tuple[RepSentence, Span]]:
    """Step 2: the reps' sentences, parsed once, small talk and questions left out (and counted)."""
    items: list[tuple[int, str, float | None, str]] = []
    for ci, t in enumerate(calls, start=offset):
        for u in t.utterances:
            if u.role == "rep":
                text = normalise_speech(u.text)
                if text:
                    items.append((ci, u.speaker, u.start, text))
    own = run.config.own_names
    parsed: list[tuple[RepSentence, Span]] = []
    docs = (run.parser or run.nlp).pipe([i[3] for i in items], batch_size=256)
    for (ci, speaker, start, _), doc in zip(items, docs, strict=True):
        for sent in doc.sents:
            text = sent.text.strip()
            if not text:
                continue
            if is_small_talk(text) or text.endswith("?"):
                part.dropped += 1
                continue
            s = RepSentence(ci, speaker, start, sent.text, analyse_claim(sent, own_names=own))
            part.sentences.append(s)
            parsed.append((s, sent))
    return parsed


def _similarities(run: AlignmentRun, part: RepSlice, embedder: Embedder) -> None:
    """Step 3a: every rep sentence against every message (in chunks: sentences × messages, never more)."""
    sent_vecs = embedder.encode([s.text for s in part.sentences])
    n = len(part.sentences)
    part.sims = np.zeros((n, len(run.messages)), dtype=np.float32)
    for lo in range(0, n, 4096):
        part.sims[lo : lo + 4096] = sent_vecs[lo : lo + 4096] @ run.message_vectors.T
    if n:
        best = part.sims.argmax(axis=1)
        part.best = best.tolist()
        part.best_sim = part.sims[np.arange(n), best].tolist()


def _matches(
    run: AlignmentRun,
    calls: Sequence[Transcript],
    offset: int,
    parsed: list[tuple[RepSentence, Span]],
    part: RepSlice,
) -> None:
    """Step 3b: the deliveries — faithful, or distorted — and the sentences on a message's topic.

    A sentence delivers its closest message faithfully when it reaches the match threshold with no change
    to the claim; distorted when it is at least topical and the parse shows a changed number, negation or
    strength. Below the match threshold only a change *to the message* makes a (distorted) delivery: an
    incidental number or name in an on-topic sentence does not.
    """
    backed, names = run.backed_numbers, run.known_names
    call_names = {offset + i: _call_names(t) for i, t in enumerate(calls)}
    match, topical = run.match_threshold, run.topical_threshold
    for si, (s, span) in enumerate(parsed):
        mi, sim = part.best[si], part.best_sim[si]
        message = run.messages[mi]
        issues = (
            distortions(span, message.doc, backed_numbers=backed, backed_names=names | call_names[s.call])
            if sim >= topical and (s.claim.is_claim or sim >= match)
            else []
        )
        if sim < match:
            issues = [i for i in issues if i not in WEAK_DISTORTIONS]
        if sim >= match or issues:
            part.deliveries.append(
                Delivery(
                    **_said(calls[s.call - offset], s),
                    message_id=mi,
                    similarity=round(sim, 4),
                    distortions=issues,
                )
            )
            part.delivery_pillar.append(message.pillar)
            part.delivery_call.append(s.call)
            part.matched.add(si)
        elif sim >= topical:
            part.partial[s.call] += 1  # on topic, but neither the same message nor a distortion of it
            part.matched.add(si)


def _claims(run: AlignmentRun, calls: Sequence[Transcript], offset: int, part: RepSlice) -> None:
    """Step 4: the reps' claims, and the unbacked ones — close to no message (sorted when merged)."""
    for si, s in enumerate(part.sentences):
        if not s.claim.is_claim:
            continue
        part.claims_by_call[s.call] += 1
        part.claims_by_rep[s.speaker] += 1
        if si in part.matched:
            continue
        claim = UnbackedClaim(
            **_said(calls[s.call - offset], s),
            kinds=list(s.claim.kinds),
            risk=s.claim.risk,
            closest_message=run.messages[part.best[si]].text,
            closest_similarity=round(part.best_sim[si], 4),
        )
        part.unbacked.append((claim, s.call))


def _rep_terms(parsed: list[tuple[RepSentence, Span]], part: RepSlice) -> None:
    """Step 5a: the terms of every rep sentence, counted per call and per rep."""
    from textops.alignment._drift import extract_terms

    for s, span in parsed:
        terms = extract_terms([span.as_doc()], extra_stop=CONVERSATIONAL)
        part.terms_by_call[s.call].update(terms)
        part.terms_by_rep[s.speaker].update(terms)


def _terminology(run: AlignmentRun) -> None:
    """Step 5b: the words each side uses that the other does not (weighted log-odds), and likely pairs."""
    from textops.alignment._drift import distinctive_terms, extract_terms, fightin_words, term_pairs

    copy_texts = [_as_doc(m.doc) for m in run.messages] + list(
        run.nlp.pipe([b.text for d in run.copy_docs for b in d.blocks])
    )
    run.copy_terms = extract_terms(copy_texts, extra_stop=CONVERSATIONAL)
    for c in run.rep_terms_by_call.values():
        run.rep_terms.update(c)
    scores = fightin_words(run.copy_terms, run.rep_terms)
    copy_top = distinctive_terms(scores, "a", run.config.top_terms, min_count=2)
    rep_top = distinctive_terms(scores, "b", run.config.top_terms, min_count=2)
    pairs = term_pairs(
        [t.term for t in copy_top],
        [t.term for t in rep_top],
        run.embedder,
        threshold=run.topical_threshold + 0.1,
        k=10,
    )
    run.terminology = Terminology(
        copy_terms=[
            TermOut(term=t.term, z=round(t.z, 3), copy_count=t.count_a, rep_count=t.count_b) for t in copy_top
        ],
        rep_terms=[
            TermOut(term=t.term, z=round(-t.z, 3), copy_count=t.count_a, rep_count=t.count_b) for t in rep_top
        ],
        pairs=[
            TermPairOut(copy_term=p.term_a, rep_term=p.term_b, similarity=round(p.similarity, 4))
            for p in pairs
        ],
    )


def _said(call: Transcript, s: RepSentence) -> dict[str, Any]:
    """Where a rep sentence was said, and its text: the fields a delivery and an unbacked claim share."""
    return {"call_id": call.call_id, "speaker": s.speaker, "start": s.start, "sentence": s.text.strip()}


def _call_names(t: Transcript) -> frozenset[str]:
    """Words of the people and companies on a call: naming them is not an unbacked claim."""
    words: set[str] = set()
    for p in t.participants:
        words.update(w.lower() for w in f"{p.name} {p.company or ''}".split())
    for u in t.utterances:
        words.update(w.lower() for w in u.speaker.split())
    return frozenset(words)


def _as_doc(span: Doc | Span) -> Doc:
    return span if isinstance(span, Doc) else span.as_doc()
