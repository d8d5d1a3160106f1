"""generate → filter → score: the headline-variants pipeline and scoring of user-written variants."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from spacy.language import Language
from spacy.tokens import Doc

from textops.embed import Embedder
from textops.errors import InputTooLargeError, InvalidInputError
from textops.headlines._encoder import (
    HeadlineEncoder,
    SimilarityThresholds,
    encoder_for,
    headline_encoder,
)
from textops.headlines._features import feature_matrix
from textops.headlines._lexicons import CLAIM_WORDS, NUMBER_WORDS, URGENCY_WORDS
from textops.headlines._lint import lint_headline
from textops.headlines._models import (
    MAX_HEADLINE_CHARS,
    BrandMessaging,
    Constraints,
    HeadlineReport,
    ScoredHeadline,
    UnsatisfiableConstraintError,
)
from textops.headlines._parse import detect_style, parse_headline, sentence_case_naive
from textops.headlines._readability import reading_grade
from textops.headlines._scorer import HeadlineScorer, load_scorer
from textops.headlines._strategies import STRATEGIES, STYLING, StrategyContext, title_case

__all__ = ["generate_variants", "invented_claims", "score_headlines"]

_NORM_RE = re.compile(r"[^a-z0-9 ]+")
_CLAIM_RE = re.compile(r"\d[\d,.]*%?|#1|[A-Za-z][A-Za-z\-]*")
_CONTRACTION_RE = re.compile(r"(?i)\b\w+(?:n't|'re|'ll|'ve|'d|'m|’re|’ll)\b|\b(?:it|that|what|here)['’]s\b")


@dataclass
class _Candidate:
    text: str
    strategy: str
    backend: str
    flags: list[str] = field(default_factory=list)


def _norm(text: str) -> str:
    return " ".join(_NORM_RE.sub(" ", text.lower()).split())


def invented_claims(text: str, sources: Sequence[str]) -> list[str]:
    """Numbers and claim words ("free", "guaranteed", …) in ``text`` that none of ``sources`` contains."""
    source_words = {w.lower() for s in sources for w in _CLAIM_RE.findall(s)}
    source_words |= {NUMBER_WORDS[w] for w in source_words if w in NUMBER_WORDS}
    source_words |= {k for k, v in NUMBER_WORDS.items() if v in source_words}
    found = []
    for word in _CLAIM_RE.findall(text):
        low = word.lower()
        is_claim = low[0].isdigit() or low in CLAIM_WORDS or low in NUMBER_WORDS or low == "#1"
        if is_claim and low not in source_words and low not in found:
            found.append(low)
    return found


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
    if c.tone == "formal" and ("!" in text or _CONTRACTION_RE.search(text)):
        return "tone"
    if c.tone == "calm" and (
        "!" in text or any(re.search(rf"\b{re.escape(w)}\b", low) for w in URGENCY_WORDS)
    ):
        return "tone"
    return None


def _grammar_problem(doc: Doc) -> str | None:
    words = [t for t in doc if t.is_alpha]
    if not words:
        return "no words"
    for a, b in itertools.pairwise(doc):
        if a.is_alpha and a.lower_ == b.lower_:
            return f"repeated word '{a.text}'"
    last = next((t for t in reversed(doc) if not t.is_punct), None)
    if (last is not None and last.pos_ in ("DET", "CCONJ", "SCONJ")) or (
        last is not None and last.lower_ in {"to", "of", "the"}
    ):
        return f"dangling '{last.text}' at the end"
    text = doc.text
    if text.count("(") != text.count(")") or text.count('"') % 2:
        return "unbalanced brackets or quotes"
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return "no root"
    if root.pos_ in ("VERB", "AUX"):
        return None
    if root.pos_ in ("PROPN", "PRON") or any(chunk.root.i == root.i for chunk in doc.noun_chunks):
        return None
    return "neither a verb nor a well-formed noun phrase at the root"


def _builtin(headline: str, nlp: Language, ctx: StrategyContext) -> tuple[list[_Candidate], Doc | None]:
    """The built-in candidates, and the headline's own doc when it is a plain parse of its analysed text."""
    parsed = parse_headline(headline, nlp)
    out = []
    for name, fn in STRATEGIES.items():
        text = fn(parsed, ctx)
        if not text:
            continue
        text = " ".join(text.split())
        text = text[:1].upper() + text[1:]
        if parsed.style == "title" and name not in STYLING:
            text = title_case(text)
        out.append(_Candidate(text, name, "builtin"))
    return out, (parsed.doc if parsed.offset == 0 else None)


def _grammar_docs(texts: list[str], nlp: Language, known: Doc | None) -> list[Doc]:
    """Parse each distinct text once (reusing ``known`` for its own text); the lemmatizer is not needed."""
    analysed = [sentence_case_naive(t) if detect_style(t) == "title" else t for t in texts]
    docs: dict[str, Doc] = {known.text: known} if known is not None else {}
    todo = [t for t in dict.fromkeys(analysed) if t not in docs]
    disable = [name for name in ("lemmatizer",) if name in nlp.pipe_names]
    docs.update(zip(todo, nlp.pipe(todo, disable=disable), strict=True))
    return [docs[t] for t in analysed]


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
        strategy = "original" if i == 0 else cands[i - 1].strategy
        meaning = (
            "original"
            if i == 0
            else (
                "styling"
                if strategy in STYLING
                else ("same_message" if sims[i] >= th.same_message else "related")
            )
        )
        rows.append(
            ScoredHeadline(
                text=original if i == 0 else cands[i - 1].text,
                strategy=strategy,
                backend="original" if i == 0 else cands[i - 1].backend,
                win_probability=round(est.win_probability, 4),
                win_low=round(est.low, 4),
                win_high=round(est.high, 4),
                contributions={k: round(v, 4) for k, v in est.contributions.items()},
                similarity=round(float(sims[i]), 4),
                meaning=meaning,
                brand_similarity=None if brand_sims is None else round(float(brand_sims[i]), 4),
                on_message=None if brand_sims is None else bool(brand_sims[i] >= th.topical),
                flags=[] if i == 0 else list(cands[i - 1].flags),
                lint=lint_headline(original if i == 0 else cands[i - 1].text),
            )
        )
    return rows[0], rows[1:]


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


def generate_variants(
    headline: str,
    *,
    body: str = "",
    audience: str | None = None,
    constraints: Constraints | None = None,
    brand: BrandMessaging | None = None,
    n: int = 10,
    generators: Sequence[object] = (),
    nlp: Language | None = None,
    embedder: Embedder | None = None,
    scorer: HeadlineScorer | None = None,
) -> HeadlineReport:
    """Rewrite ``headline`` with the built-in strategies (and any neural ``generators``), filter, score, rank.

    Raises :class:`UnsatisfiableConstraintError` when the constraints contradict each other or remove every
    candidate; the error names the constraint.
    """
    from textops.headlines._neural import VariantGenerator
    from textops.nlp import get_nlp
    from textops.settings import get_settings

    original = _check_input(headline)
    constraints = constraints or Constraints()
    _check_feasible(constraints)
    nlp = nlp or get_nlp("parse")
    encoder = encoder_for(embedder) if embedder is not None else headline_encoder()
    th = encoder.thresholds
    scorer = scorer or load_scorer()
    cands, original_doc = _builtin(original, nlp, StrategyContext(body=body, audience=audience))
    sources = [original, body, audience or "", *(brand.messages if brand else [])]
    for gen in generators:
        assert isinstance(gen, VariantGenerator)
        for text in gen.generate(original, get_settings().headline_samples, body=body, audience=audience):
            cands.append(_Candidate(" ".join(text.split()), f"neural:{gen.name}", gen.backend))
    dropped: Counter[str] = Counter()
    kept: list[_Candidate] = []
    seen = {_norm(original)}
    for cand in cands:
        key = _norm(cand.text) if cand.strategy not in STYLING else cand.text
        if key in seen or not cand.text:
            dropped["duplicate"] += 1
            continue
        seen.add(key)
        claims = invented_claims(cand.text, sources)
        if claims:
            if cand.backend != "builtin":
                dropped["invented_claim"] += 1
                continue
            cand.flags.append(f"invented_claim: {', '.join(claims)}")
        violation = _constraint_violation(cand.text, constraints)
        if violation:
            dropped[f"constraint:{violation}"] += 1
            continue
        kept.append(cand)
    docs = _grammar_docs([c.text for c in kept], nlp, original_doc)
    grammatical = []
    for cand, doc in zip(kept, docs, strict=True):
        if _grammar_problem(doc):
            dropped["grammar"] += 1
        else:
            grammatical.append(cand)
    brand_msgs = list(brand.messages) if brand else []
    vecs = encoder.embedder.encode([original] + [c.text for c in grammatical] + brand_msgs)
    brand_vecs = vecs[len(vecs) - len(brand_msgs) :] if brand_msgs else None
    vecs = vecs[: len(vecs) - len(brand_msgs)] if brand_msgs else vecs
    keep_idx = [0]
    for i, cand in enumerate(grammatical, start=1):
        sim = float(vecs[i] @ vecs[0])
        if sim < th.band_low:
            dropped["meaning_drift"] += 1
        elif sim > th.copy and cand.strategy not in STYLING:
            dropped["too_close_to_original"] += 1
        elif (
            any(
                float(vecs[i] @ vecs[j]) > th.duplicate
                for j in keep_idx[1:]
                if grammatical[j - 1].strategy not in STYLING
            )
            and cand.strategy not in STYLING
        ):
            dropped["near_duplicate"] += 1
        else:
            keep_idx.append(i)
    final = [grammatical[i - 1] for i in keep_idx[1:]]
    orig_row, rows = _score(original, final, vecs[keep_idx], scorer, encoder, brand_vecs)
    if brand is not None and brand.require_on_message:
        before = len(rows)
        rows = [r for r in rows if r.on_message]
        if before - len(rows):
            dropped["off_message"] += before - len(rows)
    if not rows and any(k.startswith("constraint:") for k in dropped):
        worst = max((k for k in dropped if k.startswith("constraint:")), key=lambda k: dropped[k])
        name = worst.split(":", 1)[1]
        raise UnsatisfiableConstraintError(
            name, f"no variant meets `{name}`: it removed {dropped[worst]} of {len(cands)} candidates"
        )
    rows.sort(key=lambda r: -r.win_probability)
    rows = rows[:n]
    for rank, row in enumerate(rows, start=1):
        row.rank = rank
    return HeadlineReport(
        original=orig_row,
        variants=rows,
        dropped=dict(dropped),
        scorer=_scorer_info(scorer, encoder, vecs.shape[1]),
    )


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
