"""generate → filter → score: the headline-variants pipeline (user-written variants: :mod:`._scoring`).

Generation: the headline is taken apart (:mod:`~textops.headlines._frame`), banned terms are rewritten out of
it, every built-in strategy rewrites it (each with fall-backs), the tone rewords and the channel's or brief's
length limit shortens (parse-driven) what is too long. Filters, in order: duplicates, invented claims
(numbers and claim words in no source: headline, body, audience, brand messages, quotes), constraints,
grammar and punctuation (spaCy parse), verb swaps that change the event (curated senses + embeddings),
meaning kept (embedding band), near-duplicates. The survivors are scored; the report keeps the best variant
of each strategy first, then the best of the rest, and says which strategies did not apply and what each
filter removed.

The steps: :mod:`._candidates` (the strategies' candidates, length fitting), :mod:`._filters` (the checks
that need no parse or model), :mod:`._guards` (the parse checks), :mod:`._scoring` (P(win), the pick) and
:mod:`._explain` (what the report says about itself); this module runs them in order.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import numpy.typing as npt
from spacy.language import Language
from spacy.tokens import Doc

from textops.embeddings import Embedder
from textops.headlines._brief import CHANNELS, body_frictions, rewrite_banned
from textops.headlines._candidates import (
    Candidate,
    analysed,
    builtin_candidates,
    fit_length,
    from_rewrite,
    parse_all,
    shorter_versions,
)
from textops.headlines._encoder import HeadlineEncoder, encoder_for, headline_encoder
from textops.headlines._explain import explain, styling_notes
from textops.headlines._filters import (
    COVERAGE_MIN,
    check_feasible,
    check_input,
    constraint_violation,
    invented_claims,
    lost_point,
    norm,
)
from textops.headlines._frame import build_frame
from textops.headlines._guards import (
    VERB_SENSE_MIN,
    curated_sense_problem,
    grammar_problem,
    phrase_of,
    punctuation_problem,
    verb_swaps,
)
from textops.headlines._hype import split_sentences
from textops.headlines._models import (
    BannedTermNote,
    BrandMessaging,
    Constraints,
    HeadlineReport,
    StrategyNote,
    UnsatisfiableConstraintError,
)
from textops.headlines._parse import detect_style
from textops.headlines._scorer import HeadlineScorer, load_scorer
from textops.headlines._scoring import score_rows, scorer_info, select
from textops.headlines._strategies import LABELS, Skip, StrategyContext
from textops.headlines._voice import VoiceOfCustomer, VoicePhrase, frictions_of, voice_rewrites

__all__ = ["VOICE_MIN", "generate_variants"]

OVERLAP = True
"""Embed the candidates on the encoder's threads while the main thread parses them."""


def _done(value: npt.NDArray[np.float32]) -> Future[npt.NDArray[np.float32]]:
    fut: Future[npt.NDArray[np.float32]] = Future()
    fut.set_result(value)
    return fut


_SPARE = 3
"""Candidates parsed and embedded beyond the ``n`` asked for (the filters remove some)."""


def generate_variants(
    headline: str,
    *,
    body: str = "",
    audience: str | None = None,
    channel: str = "any",
    constraints: Constraints | None = None,
    brand: BrandMessaging | None = None,
    n: int = 10,
    generators: Sequence[object] = (),
    nlp: Language | None = None,
    embedder: Embedder | None = None,
    scorer: HeadlineScorer | None = None,
    voice: VoiceOfCustomer | None = None,
) -> HeadlineReport:
    """Rewrite ``headline`` with the built-in strategies (and any neural ``generators``), filter, score, rank.

    ``channel`` (any/email/search/social) sets a length and drops strategies that do not suit it; the
    constraints' ``tone`` rewords; banned terms in the original are rewritten out first (the report says
    which could not be). ``voice``: prospects' phrases from a calls corpus (:func:`voice_from_report`);
    the ones close to the headline's topic feed the voice-of-customer strategy and "X without Y", each
    variant tagged with the quote it reuses.
    Raises :class:`UnsatisfiableConstraintError` when the constraints contradict each other or remove every
    candidate; the error names the constraint.
    """
    from textops.headlines._neural import VariantGenerator
    from textops.nlp import get_nlp
    from textops.settings import get_settings

    original = check_input(headline)
    constraints = constraints or Constraints()
    check_feasible(constraints)
    prof = CHANNELS.get(channel, CHANNELS["any"])
    nlp = nlp or get_nlp("parse")
    encoder = encoder_for(embedder) if embedder is not None else headline_encoder()
    th = encoder.thresholds
    scorer = scorer or load_scorer()
    tone = constraints.tone
    limits = [x for x in (constraints.max_chars, prof.max_chars) if x is not None]
    limit = min(limits) if limits else None

    base, term_outcomes = rewrite_banned(original, constraints.banned_terms, nlp)
    frictions: list[tuple[str, str | None]] = [(p, q) for p, q in body_frictions(body)]
    related = _related_voice(original, voice, encoder) if voice is not None else []
    frictions = [*frictions_of(related), *frictions]
    ctx = StrategyContext(
        body=body,
        audience=audience,
        tone=tone,
        channel=prof.name,
        limit=limit,
        frictions=tuple(frictions),
    )
    style_title = detect_style(original) == "title"
    frame = build_frame(base, nlp, ctx.audience)  # parsed once: the strategies and the voice share it
    cands, skipped = builtin_candidates(frame, nlp, ctx, style_title, prof.avoid)
    if voice is not None:
        out = voice_rewrites(frame, related, ctx)
        if isinstance(out, Skip):
            skipped.append(
                StrategyNote(
                    strategy="voice_of_customer", label=LABELS["voice_of_customer"], reason=out.reason
                )
            )
        else:
            cands += [
                from_rewrite(rw, "voice_of_customer", i, ctx.tone, style_title) for i, rw in enumerate(out)
            ]
    sources = [original, body, audience or "", *(brand.messages if brand else [])]
    sources += [q for c in cands for q in c.sources]
    for gen in generators:
        assert isinstance(gen, VariantGenerator)
        samples = gen.generate(original, get_settings().headline_samples, body=body, audience=audience)
        for i, text in enumerate(samples):
            cands.append(Candidate(" ".join(text.split()), f"neural:{gen.name}", gen.backend, alt=i))

    docs: dict[str, Doc] = {}
    fit_length(cands, limit, nlp, docs)
    dropped: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)

    def drop(reason: str, cand: Candidate) -> None:
        dropped[reason] += 1
        if len(examples[reason]) < 2 and cand.text not in examples[reason]:
            examples[reason].append(cand.text)

    seen = {norm(original), norm(base)}
    hype = " ".join(frame.hype)

    def text_checks(batch: list[Candidate]) -> list[Candidate]:
        out: list[Candidate] = []
        for cand in batch:
            key = norm(cand.text)
            if key in seen or not cand.text:
                drop("duplicate", cand)
                continue
            seen.add(key)
            if invented_claims(cand.text, sources):
                drop("invented_claim", cand)
                continue
            loose = cand.backend != "builtin" or cand.strategy == "voice_of_customer" or cand.flags
            if lost_point(cand.text, base, ignore=hype, least=0.5 if loose else COVERAGE_MIN):
                drop("lost_point", cand)
                continue
            violation = constraint_violation(cand.text, constraints)
            if violation is None and prof.max_chars is not None and len(cand.text) > prof.max_chars:
                drop("channel_length", cand)
                continue
            if violation:
                drop(f"constraint:{violation}", cand)
                continue
            out.append(cand)
        return out

    orig_doc = parse_all([base], nlp, docs)[0]
    orig_problems = {grammar_problem(d) for d in parse_all(split_sentences(base) or [base], nlp, docs)}
    orig_problems.add(grammar_problem(orig_doc))
    orig_punct = {punctuation_problem(analysed(original), orig_doc)}
    grammatical: list[Candidate] = []
    swaps: list[tuple[int, str, str]] = []

    def parse_checks(batch: list[Candidate]) -> None:
        # built-in rewrites change verbs only through power_verb, which names its swap (verb_pair): they
        # need no lemmas; other backends' texts get the full parse for the verb comparison
        parse_all([c.text for c in batch if c.backend == "builtin"], nlp, docs, fast=True)
        for cand, doc in zip(batch, parse_all([c.text for c in batch], nlp, docs), strict=True):
            problem = grammar_problem(doc)
            if problem and problem not in orig_problems:
                drop("grammar", cand)
                continue
            punct = punctuation_problem(analysed(cand.text), doc, analysed(original))
            if punct and punct not in orig_punct:
                drop("punctuation", cand)
                continue
            pairs = verb_swaps(orig_doc, doc) if cand.backend != "builtin" else []
            if any(curated_sense_problem(old, new) for old, new in pairs):
                drop("verb_sense", cand)
                continue
            if cand.verb_pair is not None:
                swaps.append((len(grammatical), *cand.verb_pair))
            elif pairs:
                old, new = pairs[0]
                swaps.append((len(grammatical), phrase_of(old), phrase_of(new)))
            grammatical.append(cand)

    first = text_checks(cands)
    # parse (and later embed) only as many as the answer can use: every strategy's pick first, then the
    # fall-backs in order; the rest are counted as "not needed"
    first.sort(key=lambda c: c.alt)
    budget = n + _SPARE
    brand_msgs = list(brand.messages) if brand else []
    # the encoder runs on its own worker threads: embed the candidates while the main thread parses them
    early = list(
        dict.fromkeys(
            [original, *(c.text for c in first[:budget])]
            + [t for c in first[:budget] if c.verb_pair for t in c.verb_pair]
            + brand_msgs
        )
    )
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending: Future[npt.NDArray[np.float32]] = (
            pool.submit(encoder.embedder.encode, early) if OVERLAP else _done(encoder.embedder.encode(early))
        )
        parse_checks(first[:budget])
        while len(grammatical) < n + 1 and budget < len(first):
            more = first[budget : budget + n + 3 - len(grammatical)]
            budget += len(more)
            parse_checks(more)
        for cand in first[budget:]:
            drop("not_needed", cand)
        if len(grammatical) < n + 2:
            # second pass: a shorter version of the longest survivors (a copywriter tests length too)
            shorter = shorter_versions(grammatical, docs, style_title, n + 3 - len(grammatical))
            cands += shorter
            parse_checks(text_checks(shorter))
        vec_of = dict(zip(early, pending.result(), strict=True))
    pair_texts = [t for _, a, b in swaps for t in (a, b)]
    texts = [original] + [c.text for c in grammatical]
    late = [t for t in dict.fromkeys(texts + pair_texts) if t not in vec_of]
    if late:
        vec_of.update(zip(late, encoder.embedder.encode(late), strict=True))
    vecs = np.stack([vec_of[t] for t in texts])
    pair_vecs = np.stack([vec_of[t] for t in pair_texts]) if pair_texts else vecs[:0]
    brand_vecs = np.stack([vec_of[t] for t in brand_msgs]) if brand_msgs else None
    bad_sense = {
        idx
        for k, (idx, _, _) in enumerate(swaps)
        if float(pair_vecs[2 * k] @ pair_vecs[2 * k + 1]) < VERB_SENSE_MIN
    }
    keep_idx = [0]
    for i, cand in enumerate(grammatical, start=1):
        sim = float(vecs[i] @ vecs[0])
        if (i - 1) in bad_sense:
            drop("verb_sense", cand)
        elif sim < th.band_low:
            drop("meaning_drift", cand)
        elif sim > th.copy:
            drop("too_close_to_original", cand)
        elif any(float(vecs[i] @ vecs[j]) > th.duplicate for j in keep_idx[1:]):
            drop("near_duplicate", cand)
        else:
            keep_idx.append(i)
    final = [grammatical[i - 1] for i in keep_idx[1:]]
    orig_row, rows = score_rows(original, final, vecs[keep_idx], scorer, encoder, brand_vecs)
    if brand is not None and brand.require_on_message:
        for cand, row in zip(final, rows, strict=True):
            if not row.on_message:
                drop("off_message", cand)
        rows = [r for r in rows if r.on_message]
    kept_term = any(not t.removed for t in term_outcomes)
    if (
        not rows
        and not kept_term
        and any(k.startswith("constraint:") or k == "channel_length" for k in dropped)
    ):
        worst = max(
            (k for k in dropped if k.startswith("constraint:") or k == "channel_length"),
            key=lambda k: dropped[k],
        )
        name = worst.split(":", 1)[1] if ":" in worst else "max_chars"
        raise UnsatisfiableConstraintError(
            name, f"no variant meets `{name}`: it removed {dropped[worst]} of {len(cands)} candidates"
        )
    chosen = select(rows, n)
    if len(rows) > len(chosen):
        dropped["not_needed"] += len(rows) - len(chosen)
    for rank, row in enumerate(chosen, start=1):
        row.rank = rank
    explanation = explain(n, chosen, skipped, dropped, examples, ctx, prof.label, audience)
    if voice is not None:
        used = ", ".join(f"\u201c{vp.phrase}\u201d" for vp in related) or "none close to this headline"
        where = voice.source or "the calls"
        explanation.brief.append(
            f"voice of the customer: {len(voice.phrases)} prospect phrases from {where}; used: {used}"
        )
    return HeadlineReport(
        original=orig_row,
        variants=chosen,
        dropped=dict(dropped),
        scorer=scorer_info(scorer, encoder, vecs.shape[1]),
        explanation=explanation,
        styling=styling_notes(original),
        banned_terms=[BannedTermNote(term=t.term, removed=t.removed, how=t.how) for t in term_outcomes],
    )


VOICE_MIN = 0.35
"""Least cosine between a prospect phrase and the headline for the phrase to be used (headline encoder)."""


def _related_voice(original: str, voice: VoiceOfCustomer, encoder: HeadlineEncoder) -> list[VoicePhrase]:
    """The prospects' phrases closest to the headline's topic (at most three, cosine ≥ ``VOICE_MIN``)."""
    if not voice.phrases:
        return []
    vecs = encoder.embedder.encode([original, *(vp.phrase for vp in voice.phrases)])
    sims = vecs[1:] @ vecs[0]
    order = sorted(range(len(voice.phrases)), key=lambda i: -float(sims[i]))
    return [voice.phrases[i] for i in order if float(sims[i]) >= VOICE_MIN][:3]
