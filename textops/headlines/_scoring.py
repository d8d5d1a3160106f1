"""Scoring: P(win) against the original and meaning per candidate, the pick of variants, user variants."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from textops.embeddings import Embedder
from textops.errors import InvalidInputError
from textops.headlines._candidates import Candidate
from textops.headlines._encoder import HeadlineEncoder, SimilarityThresholds, encoder_for, headline_encoder
from textops.headlines._features import feature_matrix
from textops.headlines._filters import check_input, constraint_violation, invented_claims
from textops.headlines._lint import lint_headline
from textops.headlines._models import BrandMessaging, Constraints, HeadlineReport, ScoredHeadline
from textops.headlines._scorer import HeadlineScorer, load_scorer

__all__ = ["score_headlines", "score_rows", "scorer_info", "select"]


def score_rows(
    original: str,
    cands: list[Candidate],
    vectors: npt.NDArray[np.float32],
    scorer: HeadlineScorer,
    encoder: HeadlineEncoder,
    brand_vecs: npt.NDArray[np.float32] | None,
) -> tuple[ScoredHeadline, list[ScoredHeadline]]:
    """The original's row and one per candidate: P(win) against the original, meaning, brand fit, lint.

    ``vectors``: the original's embedding first, then the candidates'; ``brand_vecs``: the brand messages'.
    """
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


def select(rows: list[ScoredHeadline], n: int) -> list[ScoredHeadline]:
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


def scorer_info(scorer: HeadlineScorer, encoder: HeadlineEncoder, dim: int) -> dict[str, object]:
    """What the report says about the scorer: the model used, its training data and validation figures."""
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
    original = check_input(headline)
    texts = [check_input(v) for v in variants]
    if not texts:
        raise InvalidInputError("no variants to score", hint="send at least one variant")
    encoder = encoder_for(embedder) if embedder is not None else headline_encoder()
    scorer = scorer or load_scorer()
    constraints = constraints or Constraints()
    cands = []
    for text in texts:
        cand = Candidate(text, "user", "user")
        violation = constraint_violation(text, constraints)
        if violation:
            cand.flags.append(f"constraint: {violation}")
        claims = invented_claims(text, [original, *(brand.messages if brand else [])])
        if claims:
            cand.flags.append(f"new_claim: {', '.join(claims)}")
        cands.append(cand)
    brand_msgs = list(brand.messages) if brand else []
    vecs = encoder.embedder.encode([original, *texts, *brand_msgs])
    brand_vecs = vecs[1 + len(texts) :] if brand_msgs else None
    orig_row, rows = score_rows(original, cands, vecs[: 1 + len(texts)], scorer, encoder, brand_vecs)
    ranked = sorted(range(len(rows)), key=lambda i: -rows[i].win_probability)
    for rank, i in enumerate(ranked, start=1):
        rows[i].rank = rank
    return HeadlineReport(
        original=orig_row, variants=rows, dropped={}, scorer=scorer_info(scorer, encoder, vecs.shape[1])
    )
