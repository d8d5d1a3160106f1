"""The messaging-alignment pipeline: copy messages ↔ rep speech → report.

:func:`align` runs named steps over one :class:`~textops.alignment._run.AlignmentRun`: messages → rep
speech → matches → claims → terminology → scores (:func:`textops.alignment._report.report_of`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
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
from textops.alignment._run import AlignmentConfig, AlignmentRun, RepSentence
from textops.embeddings import Embedder, get_embedder
from textops.errors import InvalidInputError
from textops.ingest import MessagingFramework
from textops.nlp import get_nlp, normalise_speech
from textops.roles import FIX_HINT, check_roles
from textops.types import CopyDocument, Transcript

__all__ = ["align"]

Progress = Callable[[str, float], None]

WEAK_DISTORTIONS = frozenset({"added_number", "unbacked_name"})
"""Distortions that count only for sentences that already match the message (they may be incidental)."""


def align(
    copy_docs: Sequence[CopyDocument],
    transcripts: Sequence[Transcript],
    *,
    framework: MessagingFramework | None = None,
    embedder: Embedder | None = None,
    nlp: Language | None = None,
    config: AlignmentConfig | None = None,
    progress: Progress | None = None,
) -> AlignmentReport:
    """Measure how consistently the reps on ``transcripts`` deliver the messages of ``copy_docs``.

    ``framework`` (pillars with approved statements) is optional: without it, pillars are found by
    clustering the copy's claims. ``nlp`` needs a tagger, lemmatizer and parser (the ``parse`` profile).
    """
    step = progress or (lambda _msg, _frac: None)
    run = _start(copy_docs, transcripts, framework, embedder, nlp, config or AlignmentConfig())
    step("reading the copy", 0.05)
    _messages(run)
    step("reading the calls", 0.2)
    _rep_speech(run)
    step("embedding", 0.5)
    _similarities(run)
    step("matching", 0.7)
    _matches(run)
    _claims(run)
    step("terminology", 0.8)
    _terminology(run)
    step("scoring", 0.9)
    return report_of(run)


def _start(
    copy_docs: Sequence[CopyDocument],
    transcripts: Sequence[Transcript],
    framework: MessagingFramework | None,
    embedder: Embedder | None,
    nlp: Language | None,
    config: AlignmentConfig,
) -> AlignmentRun:
    """The run with its inputs, models and thresholds; an error for input there is nothing to align in."""
    nlp = nlp or get_nlp("parse")
    embedder = embedder or get_embedder()
    match, topical, notes = _thresholds(config, embedder)
    if not copy_docs and framework is None:
        raise InvalidInputError("no campaign copy given", hint="pass copy documents or a messaging framework")
    if not transcripts:
        raise InvalidInputError("no call transcripts given", hint="pass at least one transcript")
    return AlignmentRun(copy_docs, transcripts, framework, config, nlp, embedder, match, topical, notes)


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


def _rep_speech(run: AlignmentRun) -> None:
    """Step 2: the reps' sentences, parsed once, small talk and questions left out (and counted)."""
    items: list[tuple[int, str, float | None, str]] = []
    for ci, t in enumerate(run.transcripts):
        for u in t.utterances:
            if u.role == "rep":
                text = normalise_speech(u.text)
                if text:
                    items.append((ci, u.speaker, u.start, text))
    own = run.config.own_names
    docs = run.nlp.pipe([i[3] for i in items], batch_size=256)
    for (ci, speaker, start, _), doc in zip(items, docs, strict=True):
        for sent in doc.sents:
            text = sent.text.strip()
            if not text:
                continue
            if is_small_talk(text) or text.endswith("?"):
                run.dropped += 1
                continue
            run.sentences.append(RepSentence(ci, speaker, start, sent, analyse_claim(sent, own_names=own)))
    if not run.sentences:
        raise InvalidInputError(
            "the transcripts have no rep speech to check (no utterance with role 'rep' beyond small talk)",
            hint=check_roles(run.transcripts).warning or FIX_HINT,
        )


def _similarities(run: AlignmentRun) -> None:
    """Step 3a: every rep sentence against every message (in chunks: sentences × messages, never more)."""
    msg_vecs = run.embedder.encode([m.text for m in run.messages])
    sent_vecs = run.embedder.encode([s.span.text for s in run.sentences])
    n = len(run.sentences)
    run.sims = np.zeros((n, len(run.messages)), dtype=np.float32)
    for lo in range(0, n, 4096):
        run.sims[lo : lo + 4096] = sent_vecs[lo : lo + 4096] @ msg_vecs.T
    best = run.sims.argmax(axis=1)
    run.best = best.tolist()
    run.best_sim = run.sims[np.arange(n), best].tolist()


def _matches(run: AlignmentRun) -> None:
    """Step 3b: the deliveries — faithful, or distorted — and the sentences on a message's topic.

    A sentence delivers its closest message faithfully when it reaches the match threshold with no change
    to the claim; distorted when it is at least topical and the parse shows a changed number, negation or
    strength. Below the match threshold only a change *to the message* makes a (distorted) delivery: an
    incidental number or name in an on-topic sentence does not.
    """
    backed = frozenset(q for m in run.messages for q in numbers_in(m.text))
    names = (
        frozenset(t.lower_ for m in run.messages for t in m.doc if t.pos_ == "PROPN") | run.config.own_names
    )
    call_names = [_call_names(t) for t in run.transcripts]
    match, topical = run.match_threshold, run.topical_threshold
    for si, s in enumerate(run.sentences):
        mi, sim = run.best[si], run.best_sim[si]
        message = run.messages[mi]
        issues = (
            distortions(s.span, message.doc, backed_numbers=backed, backed_names=names | call_names[s.call])
            if sim >= topical and (s.claim.is_claim or sim >= match)
            else []
        )
        if sim < match:
            issues = [i for i in issues if i not in WEAK_DISTORTIONS]
        if sim >= match or issues:
            run.deliveries.append(
                Delivery(**_said(run, s), message_id=mi, similarity=round(sim, 4), distortions=issues)
            )
            run.delivery_pillar.append(message.pillar)
            run.delivery_call.append(s.call)
            run.matched.add(si)
        elif sim >= topical:
            run.partial[s.call] += 1  # on topic, but neither the same message nor a distortion of it
            run.matched.add(si)


def _claims(run: AlignmentRun) -> None:
    """Step 4: the reps' claims, and the unbacked ones — close to no message — riskiest first."""
    unbacked: list[tuple[UnbackedClaim, int]] = []
    for si, s in enumerate(run.sentences):
        if not s.claim.is_claim:
            continue
        run.claims_by_call[s.call] += 1
        run.claims_by_rep[s.speaker] += 1
        if si in run.matched:
            continue
        claim = UnbackedClaim(
            **_said(run, s),
            kinds=list(s.claim.kinds),
            risk=s.claim.risk,
            closest_message=run.messages[run.best[si]].text,
            closest_similarity=round(run.best_sim[si], 4),
        )
        unbacked.append((claim, s.call))
    unbacked.sort(key=lambda u: (-u[0].risk, u[0].closest_similarity))
    run.unbacked = [u for u, _ in unbacked]
    run.unbacked_call = [ci for _, ci in unbacked]


def _terminology(run: AlignmentRun) -> None:
    """Step 5: the words each side uses that the other does not (weighted log-odds), and likely pairs."""
    from textops.alignment._drift import distinctive_terms, extract_terms, fightin_words, term_pairs

    copy_texts = [_as_doc(m.doc) for m in run.messages] + list(
        run.nlp.pipe([b.text for d in run.copy_docs for b in d.blocks])
    )
    run.copy_terms = extract_terms(copy_texts, extra_stop=CONVERSATIONAL)
    by_call: dict[int, Counter[str]] = defaultdict(Counter)
    by_rep: dict[str, Counter[str]] = defaultdict(Counter)
    for s in run.sentences:
        terms = extract_terms([s.span.as_doc()], extra_stop=CONVERSATIONAL)
        by_call[s.call].update(terms)
        by_rep[s.speaker].update(terms)
    run.rep_terms_by_call, run.rep_terms_by_rep = by_call, by_rep
    for c in by_call.values():
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


def _said(run: AlignmentRun, s: RepSentence) -> dict[str, Any]:
    """Where a rep sentence was said, and its text: the fields a delivery and an unbacked claim share."""
    return {
        "call_id": run.transcripts[s.call].call_id,
        "speaker": s.speaker,
        "start": s.start,
        "sentence": s.span.text.strip(),
    }


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
