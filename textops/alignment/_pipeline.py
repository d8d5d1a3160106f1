"""The messaging-alignment pipeline: copy messages ↔ rep speech → report."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from spacy.language import Language
from spacy.tokens import Doc, Span

from textops.alignment._claims import ClaimInfo, analyse_claim, distortions, is_small_talk, numbers_in
from textops.alignment._messages import UNASSIGNED, CandidateMessage, PillarSpec, build_pillars, copy_messages
from textops.alignment._models import (
    AlignmentReport,
    CallAlignment,
    Delivery,
    Message,
    MessageAlignment,
    PillarAlignment,
    RepAlignment,
    Terminology,
    TermOut,
    TermPairOut,
    UnbackedClaim,
)
from textops.alignment._score import components, flag_excess_rates, js_divergence, watch_excess_rate
from textops.embeddings import Embedder, get_embedder
from textops.errors import InvalidInputError
from textops.ingest import MessagingFramework
from textops.nlp import get_nlp, normalise_speech
from textops.roles import FIX_HINT, check_roles
from textops.types import CopyDocument, Transcript

__all__ = ["AlignmentConfig", "align"]

Progress = Callable[[str, float], None]

WEAK_DISTORTIONS = frozenset({"added_number", "unbacked_name"})
"""Distortions that count only for sentences that already match the message (they may be incidental)."""

CONVERSATIONAL = frozenset(
    {
        "great",
        "good",
        "thank",
        "thanks",
        "let",
        "today",
        "hear",
        "week",
        "send",
        "sure",
        "okay",
        "ok",
        "yeah",
        "really",
        "just",
        "kind",
        "sort",
        "thing",
        "lot",
        "guy",
        "talk",
        "call",
        "time",
        "question",
        "look",
        "think",
        "know",
        "want",
        "say",
        "tell",
        "go",
        "get",
        "make",
        "see",
        "mean",
        "right",
        "well",
        "honestly",
        "basically",
        "actually",
        "gonna",
        "wanna",
        "stuff",
        "way",
        "bit",
        "quick",
        "happy",
        "glad",
        "nice",
        "awesome",
        "perfect",
    }
)
"""Words of conversation rather than content; left out of the terminology comparison."""


@dataclass
class AlignmentConfig:
    """Knobs of the alignment; thresholds default to the STS-calibrated ones shipped with textops."""

    match_threshold: float | None = None
    topical_threshold: float | None = None
    own_names: frozenset[str] = field(default_factory=frozenset)
    max_claims: int = 200
    top_terms: int = 25


@dataclass
class _RepSentence:
    call: int
    speaker: str
    start: float | None
    span: Span
    claim: ClaimInfo


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


def _rep_sentences(
    transcripts: Sequence[Transcript], nlp: Language, own: frozenset[str]
) -> tuple[list[_RepSentence], int]:
    items: list[tuple[int, str, float | None, str]] = []
    for ci, t in enumerate(transcripts):
        for u in t.utterances:
            if u.role == "rep":
                text = normalise_speech(u.text)
                if text:
                    items.append((ci, u.speaker, u.start, text))
    out: list[_RepSentence] = []
    dropped = 0
    for (ci, speaker, start, _), doc in zip(
        items, nlp.pipe([i[3] for i in items], batch_size=256), strict=True
    ):
        for sent in doc.sents:
            text = sent.text.strip()
            if not text:
                continue
            if is_small_talk(text) or text.endswith("?"):
                dropped += 1
                continue
            out.append(_RepSentence(ci, speaker, start, sent, analyse_claim(sent, own_names=own)))
    return out, dropped


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
    from textops.alignment._drift import distinctive_terms, extract_terms, fightin_words, term_pairs

    config = config or AlignmentConfig()
    step = progress or (lambda _msg, _frac: None)
    nlp = nlp or get_nlp("parse")
    embedder = embedder or get_embedder()
    match_thr, topical_thr, threshold_notes = _thresholds(config, embedder)
    if not copy_docs and framework is None:
        raise InvalidInputError("no campaign copy given", hint="pass copy documents or a messaging framework")
    if not transcripts:
        raise InvalidInputError("no call transcripts given", hint="pass at least one transcript")
    own = config.own_names

    step("reading the copy", 0.05)
    candidates = copy_messages(copy_docs, nlp, own_names=own)
    pillars = build_pillars(
        candidates,
        nlp,
        embedder,
        framework=framework,
        match_threshold=match_thr,
        topical_threshold=topical_thr,
    )
    messages: list[CandidateMessage] = [m for p in pillars for m in p.messages]
    if not messages:
        raise InvalidInputError(
            "the copy contains no claims or value propositions to check",
            hint="add copy with concrete benefits, or a messaging framework with approved statements",
        )
    real_pillars = [p for p in pillars if p.name != UNASSIGNED]
    n_pillars = len(real_pillars) or 1

    step("reading the calls", 0.2)
    sentences, dropped = _rep_sentences(transcripts, nlp, own)
    if not sentences:
        raise InvalidInputError(
            "the transcripts have no rep speech to check (no utterance with role 'rep' beyond small talk)",
            hint=check_roles(transcripts).warning or FIX_HINT,
        )

    step("embedding", 0.5)
    msg_vecs = embedder.encode([m.text for m in messages])
    sent_vecs = embedder.encode([s.span.text for s in sentences])
    sims = np.zeros((len(sentences), len(messages)), dtype=np.float32)
    for lo in range(0, len(sentences), 4096):
        sims[lo : lo + 4096] = sent_vecs[lo : lo + 4096] @ msg_vecs.T
    best = sims.argmax(axis=1)
    best_sim = sims[np.arange(len(sentences)), best]

    step("matching", 0.7)
    deliveries: list[Delivery] = []
    delivery_pillar: list[str] = []
    delivery_call: list[int] = []  # call index of each delivery (call ids need not be unique)
    unbacked_call: list[int] = []
    unbacked: list[UnbackedClaim] = []
    claims_by_call: Counter[int] = Counter()
    claims_by_rep: Counter[str] = Counter()
    partial: Counter[int] = Counter()
    backed = frozenset(q for m in messages for q in numbers_in(m.text))
    names = frozenset(t.lower_ for m in messages for t in m.doc if t.pos_ == "PROPN") | own
    call_names = [_call_names(t) for t in transcripts]
    for si, s in enumerate(sentences):
        mi, sim = int(best[si]), float(best_sim[si])
        if s.claim.is_claim:
            claims_by_call[s.call] += 1
            claims_by_rep[s.speaker] += 1
        issues = (
            distortions(
                s.span, messages[mi].doc, backed_numbers=backed, backed_names=names | call_names[s.call]
            )
            if sim >= topical_thr and (s.claim.is_claim or sim >= match_thr)
            else []
        )
        if sim < match_thr:
            # below the match threshold only a change *to the message* makes a delivery (a distorted one);
            # an incidental number or name in an on-topic sentence does not
            issues = [i for i in issues if i not in WEAK_DISTORTIONS]
        if sim >= match_thr or issues:
            # a delivery: faithful when it reaches the match threshold with no change to the claim;
            # distorted when it is at least topical and the parse shows a changed number/negation/strength
            deliveries.append(
                Delivery(
                    call_id=transcripts[s.call].call_id,
                    speaker=s.speaker,
                    start=s.start,
                    sentence=s.span.text.strip(),
                    message_id=mi,
                    similarity=round(sim, 4),
                    distortions=issues,
                )
            )
            delivery_pillar.append(messages[mi].pillar)
            delivery_call.append(s.call)
        elif sim >= topical_thr:
            partial[s.call] += 1  # on topic, but neither the same message nor a distortion of it
        elif s.claim.is_claim:
            unbacked.append(
                UnbackedClaim(
                    call_id=transcripts[s.call].call_id,
                    speaker=s.speaker,
                    start=s.start,
                    sentence=s.span.text.strip(),
                    kinds=list(s.claim.kinds),
                    risk=s.claim.risk,
                    closest_message=messages[mi].text,
                    closest_similarity=round(sim, 4),
                )
            )
            unbacked_call.append(s.call)
    order = sorted(range(len(unbacked)), key=lambda i: (-unbacked[i].risk, unbacked[i].closest_similarity))
    unbacked = [unbacked[i] for i in order]
    unbacked_call = [unbacked_call[i] for i in order]
    duplicate_ids = sorted(
        {t.call_id for t in transcripts if sum(1 for u in transcripts if u.call_id == t.call_id) > 1}
    )

    step("terminology", 0.8)
    copy_term_docs = [_as_doc(m.doc) for m in messages] + list(
        nlp.pipe([b.text for d in copy_docs for b in d.blocks])
    )
    copy_terms = extract_terms(copy_term_docs, extra_stop=CONVERSATIONAL)
    rep_terms_by_call: dict[int, Counter[str]] = defaultdict(Counter)
    rep_terms_by_rep: dict[str, Counter[str]] = defaultdict(Counter)
    for s in sentences:
        terms = extract_terms([s.span.as_doc()], extra_stop=CONVERSATIONAL)
        rep_terms_by_call[s.call].update(terms)
        rep_terms_by_rep[s.speaker].update(terms)
    rep_terms: Counter[str] = Counter()
    for c in rep_terms_by_call.values():
        rep_terms.update(c)
    scores = fightin_words(copy_terms, rep_terms)
    copy_top = distinctive_terms(scores, "a", config.top_terms, min_count=2)
    rep_top = distinctive_terms(scores, "b", config.top_terms, min_count=2)
    pairs = term_pairs(
        [t.term for t in copy_top], [t.term for t in rep_top], embedder, threshold=topical_thr + 0.1, k=10
    )
    terminology = Terminology(
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

    step("scoring", 0.9)
    return _report(
        transcripts,
        pillars,
        real_pillars,
        n_pillars,
        messages,
        deliveries,
        delivery_pillar,
        unbacked,
        claims_by_call,
        claims_by_rep,
        delivery_call,
        unbacked_call,
        duplicate_ids,
        partial,
        sims,
        sentences,
        copy_terms,
        rep_terms,
        rep_terms_by_call,
        rep_terms_by_rep,
        terminology,
        framework,
        match_thr,
        topical_thr,
        dropped,
        config,
        threshold_notes,
    )


def _report(
    transcripts: Sequence[Transcript],
    pillars: list[PillarSpec],
    real_pillars: list[PillarSpec],
    n_pillars: int,
    messages: list[CandidateMessage],
    deliveries: list[Delivery],
    delivery_pillar: list[str],
    unbacked: list[UnbackedClaim],
    claims_by_call: Counter[int],
    claims_by_rep: Counter[str],
    delivery_call: list[int],
    unbacked_call: list[int],
    duplicate_ids: list[str],
    partial: Counter[int],
    sims: npt.NDArray[np.float32],
    sentences: list[_RepSentence],
    copy_terms: Counter[str],
    rep_terms: Counter[str],
    rep_terms_by_call: dict[int, Counter[str]],
    rep_terms_by_rep: dict[str, Counter[str]],
    terminology: Terminology,
    framework: MessagingFramework | None,
    match_thr: float,
    topical_thr: float,
    dropped: int,
    config: AlignmentConfig,
    notes: list[str],
) -> AlignmentReport:
    n_calls = len(transcripts)
    real_names = {p.name for p in real_pillars}
    # per call: a pillar is delivered (coverage, heatmap) by a faithful delivery only; distortions apart
    pillars_in_call: dict[int, set[str]] = defaultdict(set)
    rep_pillars_in_call: dict[tuple[str, int], set[str]] = defaultdict(set)
    distorted_pillars_in_call: dict[int, set[str]] = defaultdict(set)
    rep_distorted_in_call: dict[tuple[str, int], set[str]] = defaultdict(set)
    distorted_by_call: Counter[int] = Counter()
    deliveries_by_call: Counter[int] = Counter()
    for d, pillar, ci in zip(deliveries, delivery_pillar, delivery_call, strict=True):
        deliveries_by_call[ci] += 1
        if pillar in real_names:
            if d.distortions:
                distorted_pillars_in_call[ci].add(pillar)
                rep_distorted_in_call[(d.speaker, ci)].add(pillar)
            else:
                pillars_in_call[ci].add(pillar)
                rep_pillars_in_call[(d.speaker, ci)].add(pillar)
        if d.distortions:
            distorted_by_call[ci] += 1
    unbacked_by_call = Counter(unbacked_call)
    unbacked_by_rep = Counter(c.speaker for c in unbacked)

    call_scores: list[CallAlignment] = []
    for ci, t in enumerate(transcripts):
        n_del = deliveries_by_call[ci]
        call_scores.append(
            CallAlignment(
                call_id=t.call_id,
                reps=t.reps,
                started_at=t.started_at.isoformat() if t.started_at else None,
                outcome=t.outcome,
                components=components(
                    len(pillars_in_call[ci]) / n_pillars,
                    (n_del - distorted_by_call[ci]) / n_del if n_del else None,
                    unbacked_by_call[ci] / claims_by_call[ci] if claims_by_call[ci] else None,
                    js_divergence(copy_terms, rep_terms_by_call.get(ci, Counter())),
                ),
                pillars_delivered=sorted(pillars_in_call[ci]),
                pillars_distorted=sorted(distorted_pillars_in_call[ci]),
                distorted=distorted_by_call[ci],
                unbacked_claims=unbacked_by_call[ci],
            )
        )

    # per rep
    rep_calls: dict[str, set[int]] = defaultdict(set)
    for ci, t in enumerate(transcripts):
        for r in t.reps:
            rep_calls[r].add(ci)
    rep_deliveries = Counter(d.speaker for d in deliveries)
    rep_distorted = Counter(d.speaker for d in deliveries if d.distortions)
    total_del, total_dist = len(deliveries), sum(rep_distorted.values())
    total_claims, total_unbacked = sum(claims_by_rep.values()), len(unbacked)
    rep_names = sorted(rep_calls)
    tests: list[tuple[int, int, int, int]] = []
    for rep in rep_names:
        n_del, n_dist = rep_deliveries[rep], rep_distorted[rep]
        n_claims, n_unb = claims_by_rep[rep], unbacked_by_rep[rep]
        tests.append((n_dist, n_del, total_dist - n_dist, total_del - n_del))
        tests.append((n_unb, n_claims, total_unbacked - n_unb, total_claims - n_claims))
    flags = flag_excess_rates(tests)
    reps: list[RepAlignment] = []
    for k, rep in enumerate(rep_names):
        calls = sorted(rep_calls[rep])
        n_del, n_dist = rep_deliveries[rep], rep_distorted[rep]
        n_claims, n_unb = claims_by_rep[rep], unbacked_by_rep[rep]
        (dist_flag, dist_p, dist_q), (unb_flag, unb_p, unb_q) = flags[2 * k], flags[2 * k + 1]
        reasons: list[str] = []
        watch: list[str] = []
        if not dist_flag and watch_excess_rate(n_dist, n_del, dist_p):
            watch.append(f"distorts {n_dist} of {n_del} deliveries (p = {dist_p:.3f}, q = {dist_q:.3f})")
        if not unb_flag and watch_excess_rate(n_unb, n_claims, unb_p):
            watch.append(f"{n_unb} of {n_claims} claims are unbacked (p = {unb_p:.3f}, q = {unb_q:.3f})")
        if dist_flag:
            reasons.append(
                f"distorts {n_dist} of {n_del} deliveries, more than the other reps (q = {dist_q:.3f})"
            )
        if unb_flag:
            reasons.append(
                f"{n_unb} of {n_claims} claims are unbacked, more than the other reps (q = {unb_q:.3f})"
            )
        per_pillar: Counter[str] = Counter()
        per_pillar_distorted: Counter[str] = Counter()
        for ci in calls:
            per_pillar.update(rep_pillars_in_call[(rep, ci)])
            per_pillar_distorted.update(rep_distorted_in_call[(rep, ci)])
        reps.append(
            RepAlignment(
                rep=rep,
                calls=len(calls),
                components=components(
                    float(np.mean([len(rep_pillars_in_call[(rep, ci)]) / n_pillars for ci in calls])),
                    (n_del - n_dist) / n_del if n_del else None,
                    n_unb / n_claims if n_claims else None,
                    js_divergence(copy_terms, rep_terms_by_rep.get(rep, Counter())),
                ),
                deliveries=n_del,
                distorted=n_dist,
                unbacked_claims=n_unb,
                claims=n_claims,
                pillars_delivered=dict(sorted(per_pillar.items())),
                pillars_distorted=dict(sorted(per_pillar_distorted.items())),
                drifting=bool(reasons),
                drift_reasons=reasons,
                watch=bool(watch) and not reasons,
                watch_reasons=watch,
                distortion_p=_r4(dist_p),
                distortion_q=_r4(dist_q),
                unbacked_p=_r4(unb_p),
                unbacked_q=_r4(unb_q),
            )
        )

    # per pillar and message
    msg_index = {id(m): i for i, m in enumerate(messages)}
    pillar_out: list[PillarAlignment] = []
    by_message: dict[int, list[Delivery]] = defaultdict(list)
    call_of = {id(d): ci for d, ci in zip(deliveries, delivery_call, strict=True)}
    for d in deliveries:
        by_message[d.message_id].append(d)
    for p in pillars:
        msg_out: list[MessageAlignment] = []
        calls_with_pillar: set[int] = set()
        calls_distorting: set[int] = set()
        reps_with_pillar: set[str] = set()
        p_del = p_dist = 0
        for m in p.messages:
            mi = msg_index[id(m)]
            ds = by_message.get(mi, [])
            calls_with_pillar.update(call_of[id(d)] for d in ds if not d.distortions)
            calls_distorting.update(call_of[id(d)] for d in ds if d.distortions)
            reps_with_pillar.update(d.speaker for d in ds if not d.distortions)
            p_del += len(ds)
            p_dist += sum(1 for d in ds if d.distortions)
            per_call_best = _per_call_best(sims[:, mi], sentences)
            faithful = [d for d in ds if not d.distortions]
            msg_out.append(
                MessageAlignment(
                    message=Message(id=mi, pillar=p.name, text=m.text, source=m.source),
                    calls_delivered=len({call_of[id(d)] for d in ds if not d.distortions}),
                    calls_distorted=len({call_of[id(d)] for d in ds if d.distortions}),
                    reps=sorted({d.speaker for d in ds}),
                    similarity_p50=_q(per_call_best, 0.5),
                    similarity_p90=_q(per_call_best, 0.9),
                    best_evidence=max(faithful or ds, key=lambda d: d.similarity) if ds else None,
                    distorted_examples=sorted((d for d in ds if d.distortions), key=lambda d: -d.similarity)[
                        :5
                    ],
                )
            )
        pillar_out.append(
            PillarAlignment(
                name=p.name,
                keyphrases=p.keyphrases,
                components=components(
                    len(calls_with_pillar) / n_calls, (p_del - p_dist) / p_del if p_del else None, None, None
                ),
                calls_delivered=len(calls_with_pillar),
                calls_distorted=len(calls_distorting),
                calls_total=n_calls,
                reps_delivering=sorted(reps_with_pillar),
                never_delivered=not calls_with_pillar,
                messages=msg_out,
            )
        )

    all_claims = sum(claims_by_call.values())
    campaign = components(
        float(np.mean([len(pillars_in_call[ci]) / n_pillars for ci in range(n_calls)])),
        (total_del - total_dist) / total_del if total_del else None,
        total_unbacked / all_claims if all_claims else None,
        js_divergence(copy_terms, rep_terms),
    )
    warnings: list[str] = list(notes)
    roles = check_roles(transcripts)
    if roles.warning:
        warnings.insert(0, roles.warning)
    if len(rep_names) < 2:
        warnings.append("only one rep: drift is judged against the other reps, so nobody can be flagged")
    if duplicate_ids:
        warnings.append(
            f"call ids used by more than one call: {', '.join(duplicate_ids[:10])}; give calls unique ids"
        )
    if n_calls < 10:
        warnings.append(f"only {n_calls} calls: per-rep and per-pillar figures are fragile")
    if framework is None:
        warnings.append("no messaging framework given: pillars were found by clustering the copy's claims")
    return AlignmentReport(
        campaign=framework.campaign if framework else None,
        components=campaign,
        calls=n_calls,
        rep_sentences=len(sentences),
        rep_sentences_dropped_small_talk=dropped,
        rep_sentences_partial=sum(partial.values()),
        thresholds={"match": round(match_thr, 4), "topical": round(topical_thr, 4)},
        pillars=pillar_out,
        reps=reps,
        call_scores=call_scores,
        unbacked_claims=unbacked[: config.max_claims],
        terminology=terminology,
        never_delivered_pillars=[p.name for p in pillar_out if p.never_delivered and p.name != UNASSIGNED],
        drifting_reps=[r.rep for r in reps if r.drifting],
        watch_reps=[r.rep for r in reps if r.watch],
        warnings=warnings,
        roles=roles,
    )


def _r4(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


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


def _per_call_best(column: npt.NDArray[np.float32], sentences: list[_RepSentence]) -> list[float]:
    best: dict[int, float] = {}
    for s, v in zip(sentences, column.tolist(), strict=True):
        if v > best.get(s.call, -1.0):
            best[s.call] = v
    return list(best.values())


def _q(values: list[float], q: float) -> float | None:
    return round(float(np.quantile(values, q)), 4) if values else None
