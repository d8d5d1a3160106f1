"""generate → filter → score: the headline-variants pipeline and scoring of user-written variants.

Generation: the headline is taken apart (:mod:`~textops.headlines._frame`), banned terms are rewritten out of
it, every built-in strategy rewrites it (each with fall-backs), the tone rewords and the channel's or brief's
length limit shortens (parse-driven) what is too long. Filters, in order: duplicates, invented claims
(numbers and claim words in no source: headline, body, audience, brand messages, quotes), constraints,
grammar and punctuation (spaCy parse), verb swaps that change the event (curated senses + embeddings),
meaning kept (embedding band), near-duplicates. The survivors are scored; the report keeps the best variant
of each strategy first, then the best of the rest, and says which strategies did not apply and what each
filter removed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from spacy.language import Language
from spacy.tokens import Doc

from textops.embeddings import Embedder
from textops.errors import InputTooLargeError, InvalidInputError
from textops.headlines._brief import CHANNELS, apply_tone, body_frictions, rewrite_banned
from textops.headlines._encoder import (
    HeadlineEncoder,
    SimilarityThresholds,
    encoder_for,
    headline_encoder,
)
from textops.headlines._features import feature_matrix
from textops.headlines._frame import Frame, build_frame, split_sentences
from textops.headlines._guards import (
    VERB_SENSE_MIN,
    curated_sense_problem,
    grammar_problem,
    phrase_of,
    punctuation_problem,
    set_coarse_pos,
    verb_swaps,
)
from textops.headlines._lexicons import CLAIM_WORDS, HYPE_WORDS, NUMBER_WORDS, URGENCY_WORDS
from textops.headlines._lint import lint_headline
from textops.headlines._models import (
    MAX_HEADLINE_CHARS,
    BannedTermNote,
    BrandMessaging,
    Constraints,
    Explanation,
    FilterNote,
    HeadlineReport,
    ScoredHeadline,
    StrategyNote,
    StylingNote,
    UnsatisfiableConstraintError,
)
from textops.headlines._parse import detect_style, sentence_case_naive
from textops.headlines._readability import reading_grade
from textops.headlines._scorer import HeadlineScorer, load_scorer
from textops.headlines._shorten import shorten_doc
from textops.headlines._strategies import (
    LABELS,
    STRATEGIES,
    Rewrite,
    Skip,
    StrategyContext,
    run_strategy,
    sentence_case,
    title_case,
)
from textops.headlines._voice import VoiceOfCustomer, VoicePhrase, frictions_of, voice_rewrites

__all__ = ["VOICE_MIN", "generate_variants", "invented_claims", "score_headlines"]

_NORM_RE = re.compile(r"[^a-z0-9 ]+")
_CLAIM_RE = re.compile(r"[$€£]?\d[\d,.]*[%x×]?|#1|[A-Za-z][A-Za-z\-]*")
_CONTRACTION_RE = re.compile(r"(?i)\b\w+(?:n't|'re|'ll|'ve|'d|'m|’re|’ll)\b|\b(?:it|that|what|here)['’]s\b")


@dataclass
class _Candidate:
    text: str
    strategy: str
    backend: str
    alt: int = 0
    flags: list[str] = field(default_factory=list)
    verb_pair: tuple[str, str] | None = None
    sources: list[str] = field(default_factory=list)


def _norm(text: str) -> str:
    return " ".join(_NORM_RE.sub(" ", text.lower()).split())


def _stem(word: str) -> str:
    """Crude stem so that "save", "saves", "saved" and "saving" are one claim word."""
    for suffix in ("ings", "ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=64)
def _source_words(sources: tuple[str, ...]) -> frozenset[str]:
    words = {w.lower() for s in sources for w in _CLAIM_RE.findall(s)}
    words |= {_stem(w) for w in words}
    words |= {NUMBER_WORDS[w] for w in words if w in NUMBER_WORDS}
    words |= {k for k, v in NUMBER_WORDS.items() if v in words}
    words |= {w.rstrip("%x×") for w in words}
    return frozenset(words)


def invented_claims(text: str, sources: Sequence[str]) -> list[str]:
    """Numbers, amounts and claim words ("free", "guaranteed", "fastest", …) no source has.

    A number may come spelled out in one text and in digits in the other; "saves" and "saved" are one word.
    """
    source_words = _source_words(tuple(sources))
    found = []
    for word in _CLAIM_RE.findall(text):
        low = word.lower()
        is_claim = (
            low[0].isdigit() or low[0] in "$€£" or low in CLAIM_WORDS or low in NUMBER_WORDS or low == "#1"
        )
        if is_claim and low not in source_words and _stem(low) not in source_words and low not in found:
            found.append(low)
    return found


_FILTER_WORDS: dict[str, str] = {
    "duplicate": "came out the same as the original or as another variant",
    "invented_claim": (
        "added a number or a claim (\u201cfree\u201d, \u201cfastest\u201d, \u2026) that is not in your "
        "headline, body copy or brief"
    ),
    "constraint:max_chars": (
        "were longer than the character limit and could not be shortened without losing the point"
    ),
    "constraint:max_words": "had more words than the limit",
    "constraint:required_terms": "left out a required term",
    "constraint:banned_terms": "still contained a banned term",
    "constraint:max_grade": "read above the reading-grade limit",
    "constraint:tone": "did not fit the tone",
    "channel_length": "were too long for the channel and could not be shortened without losing the point",
    "grammar": "read as broken English",
    "punctuation": "had broken punctuation or clause joins",
    "verb_sense": "swapped a verb for one that changes what happened",
    "meaning_drift": "drifted away from what the original says",
    "too_close_to_original": "changed too little to be worth an A/B test",
    "near_duplicate": "said almost the same as a variant already listed",
    "off_message": "strayed from the brand messaging",
    "not_needed": "were not needed: more candidates than asked for (ask for more to see them)",
}
"""Each filter in a marketer's words (completes "N candidates …")."""


def _check_input(headline: str) -> str:
    text = " ".join(headline.split())
    if not text:
        raise InvalidInputError("the headline is empty", hint="send the headline text to rewrite")
    if len(text) > MAX_HEADLINE_CHARS:
        raise InputTooLargeError(
            f"the headline has {len(text)} characters; at most {MAX_HEADLINE_CHARS} are accepted",
            hint="send a headline, not a body text (put body copy in `body`)",
        )
    return text


def _check_feasible(c: Constraints) -> None:
    required = [t.strip() for t in c.required_terms if t.strip()]
    banned = {t.strip().lower() for t in c.banned_terms if t.strip()}
    for term in required:
        if term.lower() in banned or any(re.search(rf"(?i)\b{re.escape(b)}\b", term) for b in banned):
            raise UnsatisfiableConstraintError(
                "banned_terms", f"'{term}' is both a required term and (contains) a banned term"
            )
    need_chars = len(" ".join(required))
    if c.max_chars is not None and need_chars > c.max_chars:
        raise UnsatisfiableConstraintError(
            "max_chars", f"max_chars={c.max_chars} cannot hold the required terms ({need_chars} characters)"
        )
    need_words = sum(len(t.split()) for t in required)
    if c.max_words is not None and need_words > c.max_words:
        raise UnsatisfiableConstraintError(
            "max_words", f"max_words={c.max_words} cannot hold the required terms ({need_words} words)"
        )


def _constraint_violation(text: str, c: Constraints) -> str | None:
    if c.max_chars is not None and len(text) > c.max_chars:
        return "max_chars"
    if c.max_words is not None and len(text.split()) > c.max_words:
        return "max_words"
    low = text.lower()
    if any(
        not re.search(rf"(?<!\w){re.escape(t.strip().lower())}(?!\w)", low)
        for t in c.required_terms
        if t.strip()
    ):
        return "required_terms"
    if any(
        re.search(rf"(?<!\w){re.escape(t.strip().lower())}(?!\w)", low) for t in c.banned_terms if t.strip()
    ):
        return "banned_terms"
    if c.max_grade is not None and reading_grade(text) > c.max_grade:
        return "max_grade"
    if _tone_violation(text, c.tone):
        return "tone"
    return None


def _styling_notes(original: str) -> list[StylingNote]:
    out = []
    style = detect_style(original)
    titled, sentenced = title_case(original), sentence_case(original)
    if titled != original and style != "title":
        out.append(
            StylingNote(
                style="title_case",
                text=titled,
                note="Title Case suits news and blog headlines; casing alone rarely changes clicks, so it is "
                "a style choice, not a test arm",
            )
        )
    if sentenced != original and style == "title":
        out.append(
            StylingNote(
                style="sentence_case",
                text=sentenced,
                note="sentence case reads more like a person talking (common in email subject lines and "
                "ads); casing alone rarely changes clicks, so it is a style choice, not a test arm",
            )
        )
    return out


@lru_cache(maxsize=4096)
def _analysed(text: str) -> str:
    return sentence_case_naive(text) if detect_style(text) == "title" else text


def _parse_all(texts: list[str], nlp: Language, known: dict[str, Doc], *, fast: bool = False) -> list[Doc]:
    """Parse each distinct (sentence-cased) text once.

    ``fast``: without the attribute ruler and the lemmatizer (a third of the parse time), the coarse POS
    set from the fine tag (:func:`set_coarse_pos`); no lemmas, so not for texts whose verbs are compared.
    """
    analysed = [_analysed(t) for t in texts]
    todo = [t for t in dict.fromkeys(analysed) if t not in known]
    if fast:
        skip = [name for name in ("attribute_ruler", "lemmatizer") if name in nlp.pipe_names]
        parsed = list(nlp.pipe(todo, disable=skip))
        for doc in parsed:
            set_coarse_pos(doc)
    else:
        parsed = list(nlp.pipe(todo))
    known.update(zip(todo, parsed, strict=True))
    return [known[t] for t in analysed]


def _score(
    original: str,
    cands: list[_Candidate],
    vectors: npt.NDArray[np.float32],
    scorer: HeadlineScorer,
    encoder: HeadlineEncoder,
    brand_vecs: npt.NDArray[np.float32] | None,
) -> tuple[ScoredHeadline, list[ScoredHeadline]]:
    feats = feature_matrix([original] + [c.text for c in cands])
    if scorer.uses_embeddings(encoder.model_id, vectors.shape[1]):
        ests = scorer.compare(feats, feats[0], vectors, vectors[0])
    else:
        ests = scorer.compare(feats, feats[0])
    sims = vectors @ vectors[0]
    brand_sims = (vectors @ brand_vecs.T).max(axis=1) if brand_vecs is not None and len(brand_vecs) else None
    th: SimilarityThresholds = encoder.thresholds
    rows = []
    for i, est in enumerate(ests):
        cand = cands[i - 1] if i else None
        rows.append(
            ScoredHeadline(
                text=original if cand is None else cand.text,
                strategy="original" if cand is None else cand.strategy,
                backend="original" if cand is None else cand.backend,
                win_probability=round(est.win_probability, 4),
                win_low=round(est.low, 4),
                win_high=round(est.high, 4),
                contributions={k: round(v, 4) for k, v in est.contributions.items()},
                similarity=round(float(sims[i]), 4),
                meaning="original"
                if cand is None
                else ("same_message" if sims[i] >= th.same_message else "related"),
                brand_similarity=None if brand_sims is None else round(float(brand_sims[i]), 4),
                on_message=None if brand_sims is None else bool(brand_sims[i] >= th.topical),
                flags=[] if cand is None else list(cand.flags),
                sources=[] if cand is None else list(cand.sources),
                lint=lint_headline(original if cand is None else cand.text),
            )
        )
    return rows[0], rows[1:]


def _builtin(
    frame: Frame, nlp: Language, ctx: StrategyContext, style_title: bool, avoid: frozenset[str]
) -> tuple[list[_Candidate], list[StrategyNote]]:
    out: list[_Candidate] = []
    skipped: list[StrategyNote] = []
    for name in STRATEGIES:
        if name in avoid:
            skipped.append(
                StrategyNote(strategy=name, label=LABELS[name], reason="it does not suit the channel")
            )
            continue
        result = run_strategy(name, frame, ctx)
        if isinstance(result, Skip):
            skipped.append(StrategyNote(strategy=name, label=LABELS[name], reason=result.reason))
            continue
        for alt, rw in enumerate(result):
            out.append(_from_rewrite(rw, name, alt, ctx.tone, style_title))
    statement = next((c for c in out if c.strategy == "plain_statement"), None)
    if frame.question and statement is not None:
        # a question's hedged statement ("Your CRM may be slowing …") takes the statement strategies
        stated = build_frame(_analysed(statement.text), nlp, ctx.audience)
        for note in list(skipped):
            if note.strategy not in _FROM_STATEMENT:
                continue
            result = run_strategy(note.strategy, stated, ctx)
            if isinstance(result, Skip):
                continue
            skipped.remove(note)
            for alt, rw in enumerate(result):
                out.append(_from_rewrite(rw, note.strategy, alt, ctx.tone, style_title))
    return out, skipped


OVERLAP = True
"""Embed the candidates on the encoder's threads while the main thread parses them."""


def _done(value: npt.NDArray[np.float32]) -> Future[npt.NDArray[np.float32]]:
    fut: Future[npt.NDArray[np.float32]] = Future()
    fut.set_result(value)
    return fut


_SPARE = 3
"""Candidates parsed and embedded beyond the ``n`` asked for (the filters remove some)."""

_FROM_STATEMENT = ("curiosity_gap", "benefit_first", "number_first", "audience_callout", "specific_benefit")


def _from_rewrite(rw: Rewrite, name: str, alt: int, tone: str, style_title: bool) -> _Candidate:
    text = apply_tone(" ".join(rw.text.split()), tone)
    text = text[:1].upper() + text[1:]
    if style_title:
        text = title_case(text)
    return _Candidate(
        text, name, "builtin", alt=alt, verb_pair=rw.verb_pair, sources=[rw.source] if rw.source else []
    )


def _fit(cands: list[_Candidate], limit: int | None, nlp: Language, docs: dict[str, Doc]) -> None:
    """Shorten (parse-driven) every candidate longer than ``limit``; flag those it changed."""
    if limit is None:
        return
    long = [c for c in cands if len(c.text) > limit]
    if not long:
        return
    for cand, doc in zip(long, _parse_all([c.text for c in long], nlp, docs), strict=True):
        outs = shorten_doc(doc, limit)
        if outs:
            text = outs[0]
            if cand.text[:1].isupper():
                text = text[:1].upper() + text[1:]
            if detect_style(cand.text) == "title":
                text = title_case(text)
            if cand.text.endswith("?") and not text.endswith("?"):
                text = text.rstrip(".!") + "?"
            cand.text = text
            cand.flags.append("shortened to fit the length limit")


def _shorter_versions(
    cands: list[_Candidate], docs: dict[str, Doc], style_title: bool, wanted: int
) -> list[_Candidate]:
    """One parse-driven cut of the longest built-in survivors of 45+ characters (under their own strategy)."""
    out: list[_Candidate] = []
    for cand in sorted(cands, key=lambda c: -len(c.text)):
        if len(out) >= wanted:
            break
        if cand.backend != "builtin" or cand.strategy == "shorten" or len(cand.text) < 45:
            continue
        doc = docs.get(_analysed(cand.text))
        if doc is None:
            continue
        cuts = shorten_doc(doc, None)
        if not cuts:
            continue
        text = cuts[-1] if len(cuts) > 1 and len(cuts[0]) > 0.9 * len(cand.text) else cuts[0]
        text = text[:1].upper() + text[1:]
        if cand.text.endswith("?") and not text.endswith("?"):
            text = text.rstrip(".!") + "?"
        if style_title:
            text = title_case(text)
        out.append(
            _Candidate(
                text,
                cand.strategy,
                "builtin",
                alt=cand.alt + 10,
                flags=[*cand.flags, "shorter version"],
                sources=list(cand.sources),
            )
        )
    return out


def _tone_violation(text: str, tone: str) -> bool:
    """Whether ``text`` breaks ``tone`` (formal: contractions or '!'; plain: '!', urgency or hype words)."""
    low = text.lower()
    if tone == "formal":
        return "!" in text or bool(_CONTRACTION_RE.search(text))
    if tone == "plain":
        return (
            "!" in text
            or any(re.search(rf"\b{re.escape(w)}\b", low) for w in URGENCY_WORDS)
            or any(w in HYPE_WORDS for w in re.findall(r"[a-z\-]+", low))
        )
    return False


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

    original = _check_input(headline)
    constraints = constraints or Constraints()
    _check_feasible(constraints)
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
    cands, skipped = _builtin(frame, nlp, ctx, style_title, prof.avoid)
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
                _from_rewrite(rw, "voice_of_customer", i, ctx.tone, style_title) for i, rw in enumerate(out)
            ]
    sources = [original, body, audience or "", *(brand.messages if brand else [])]
    sources += [q for c in cands for q in c.sources]
    for gen in generators:
        assert isinstance(gen, VariantGenerator)
        samples = gen.generate(original, get_settings().headline_samples, body=body, audience=audience)
        for i, text in enumerate(samples):
            cands.append(_Candidate(" ".join(text.split()), f"neural:{gen.name}", gen.backend, alt=i))

    docs: dict[str, Doc] = {}
    _fit(cands, limit, nlp, docs)
    dropped: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)

    def drop(reason: str, cand: _Candidate) -> None:
        dropped[reason] += 1
        if len(examples[reason]) < 2 and cand.text not in examples[reason]:
            examples[reason].append(cand.text)

    seen = {_norm(original), _norm(base)}

    def text_checks(batch: list[_Candidate]) -> list[_Candidate]:
        out: list[_Candidate] = []
        for cand in batch:
            key = _norm(cand.text)
            if key in seen or not cand.text:
                drop("duplicate", cand)
                continue
            seen.add(key)
            if invented_claims(cand.text, sources):
                drop("invented_claim", cand)
                continue
            violation = _constraint_violation(cand.text, constraints)
            if violation is None and prof.max_chars is not None and len(cand.text) > prof.max_chars:
                drop("channel_length", cand)
                continue
            if violation:
                drop(f"constraint:{violation}", cand)
                continue
            out.append(cand)
        return out

    orig_doc = _parse_all([base], nlp, docs)[0]
    orig_problems = {grammar_problem(d) for d in _parse_all(split_sentences(base) or [base], nlp, docs)}
    orig_problems.add(grammar_problem(orig_doc))
    orig_punct = {punctuation_problem(_analysed(original), orig_doc)}
    grammatical: list[_Candidate] = []
    swaps: list[tuple[int, str, str]] = []

    def parse_checks(batch: list[_Candidate]) -> None:
        # built-in rewrites change verbs only through power_verb, which names its swap (verb_pair): they
        # need no lemmas; other backends' texts get the full parse for the verb comparison
        _parse_all([c.text for c in batch if c.backend == "builtin"], nlp, docs, fast=True)
        for cand, doc in zip(batch, _parse_all([c.text for c in batch], nlp, docs), strict=True):
            problem = grammar_problem(doc)
            if problem and problem not in orig_problems:
                drop("grammar", cand)
                continue
            punct = punctuation_problem(_analysed(cand.text), doc, _analysed(original))
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
            shorter = _shorter_versions(grammatical, docs, style_title, n + 3 - len(grammatical))
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
    orig_row, rows = _score(original, final, vecs[keep_idx], scorer, encoder, brand_vecs)
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
    chosen = _select(rows, n)
    if len(rows) > len(chosen):
        dropped["not_needed"] += len(rows) - len(chosen)
    for rank, row in enumerate(chosen, start=1):
        row.rank = rank
    explanation = _explain(n, chosen, skipped, dropped, examples, ctx, prof.label, term_outcomes, audience)
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
        scorer=_scorer_info(scorer, encoder, vecs.shape[1]),
        explanation=explanation,
        styling=_styling_notes(original),
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


def _select(rows: list[ScoredHeadline], n: int) -> list[ScoredHeadline]:
    """The best variant of each strategy first (variety), then the best of the rest; ranked by P(win)."""
    by_p = sorted(rows, key=lambda r: -r.win_probability)
    chosen: list[ScoredHeadline] = []
    seen: set[str] = set()
    for row in by_p:
        if row.strategy not in seen and len(chosen) < n:
            chosen.append(row)
            seen.add(row.strategy)
    for row in by_p:
        if len(chosen) >= n:
            break
        if row not in chosen:
            chosen.append(row)
    chosen.sort(key=lambda r: -r.win_probability)
    return chosen


def _explain(
    n: int,
    chosen: list[ScoredHeadline],
    skipped: list[StrategyNote],
    dropped: Counter[str],
    examples: dict[str, list[str]],
    ctx: StrategyContext,
    channel_label: str,
    terms: Sequence[object],
    audience: str | None,
) -> Explanation:
    filters = [
        FilterNote(
            filter=k,
            removed=v,
            reason=_FILTER_WORDS.get(k, k.replace("_", " ")),
            examples=[] if k == "not_needed" else examples.get(k, []),
        )
        for k, v in sorted(dropped.items(), key=lambda kv: -kv[1])
    ]
    brief = []
    if ctx.tone != "any":
        brief.append(f"tone {ctx.tone}: the wording of every variant was adjusted for it")
    if ctx.channel != "any":
        brief.append(f"channel {ctx.channel}: variants were shortened to fit {channel_label}")
    if audience:
        brief.append(
            f"audience \u201c{audience}\u201d: used for the call-out, \u201cyou\u201d and peer framing"
        )
    strategies = len({r.strategy for r in chosen})
    if len(chosen) >= n:
        summary = f"{len(chosen)} variants from {strategies} strategies, as asked."
    else:
        removed = sum(v for k, v in dropped.items() if k != "not_needed")
        filtered = (
            f"the quality filters removed {removed} candidates"
            if removed
            else "no candidate was filtered out"
        )
        summary = (
            f"Fewer than asked: {len(chosen)} of {n}. {len(skipped)} strategies did not apply to this "
            f"headline and {filtered} (see below). Adding body copy, an audience or a calls corpus gives "
            "the strategies more to work with."
        )
    return Explanation(
        asked=n,
        returned=len(chosen),
        summary=summary,
        strategies_not_applied=skipped,
        filters=filters,
        brief=brief,
    )


def _scorer_info(scorer: HeadlineScorer, encoder: HeadlineEncoder, dim: int) -> dict[str, object]:
    model = "features+embeddings" if scorer.uses_embeddings(encoder.model_id, dim) else "features"
    res = scorer.meta.get("results", {})
    key = "full" if model == "features+embeddings" else "features"
    return {
        "model": model,
        "encoder": encoder.model_id,
        "trained_on": scorer.meta.get("data"),
        "split": scorer.meta.get("split"),
        "validation": res.get(key, {}),
        "uncertainty": scorer.meta.get("uncertainty"),
    }


def score_headlines(
    headline: str,
    variants: Sequence[str],
    *,
    brand: BrandMessaging | None = None,
    constraints: Constraints | None = None,
    embedder: Embedder | None = None,
    scorer: HeadlineScorer | None = None,
) -> HeadlineReport:
    """Score user-written ``variants`` against ``headline`` (nothing is dropped; problems become flags)."""
    original = _check_input(headline)
    texts = [_check_input(v) for v in variants]
    if not texts:
        raise InvalidInputError("no variants to score", hint="send at least one variant")
    encoder = encoder_for(embedder) if embedder is not None else headline_encoder()
    scorer = scorer or load_scorer()
    constraints = constraints or Constraints()
    cands = []
    for text in texts:
        cand = _Candidate(text, "user", "user")
        violation = _constraint_violation(text, constraints)
        if violation:
            cand.flags.append(f"constraint: {violation}")
        claims = invented_claims(text, [original, *(brand.messages if brand else [])])
        if claims:
            cand.flags.append(f"new_claim: {', '.join(claims)}")
        cands.append(cand)
    brand_msgs = list(brand.messages) if brand else []
    vecs = encoder.embedder.encode([original, *texts, *brand_msgs])
    brand_vecs = vecs[1 + len(texts) :] if brand_msgs else None
    orig_row, rows = _score(original, cands, vecs[: 1 + len(texts)], scorer, encoder, brand_vecs)
    ranked = sorted(range(len(rows)), key=lambda i: -rows[i].win_probability)
    for rank, i in enumerate(ranked, start=1):
        rows[i].rank = rank
    return HeadlineReport(
        original=orig_row, variants=rows, dropped={}, scorer=_scorer_info(scorer, encoder, vecs.shape[1])
    )
