"""The consistency score and its components, and the statistics behind the drift flag."""

from __future__ import annotations

import math
from collections import Counter
from typing import Literal

from pydantic import BaseModel
from scipy.spatial.distance import jensenshannon
from scipy.stats import fisher_exact
from statsmodels.stats.multitest import multipletests

from textops.alignment._models import ScoreComponents

__all__ = [
    "BANDS",
    "PART_LABELS",
    "WEIGHTS",
    "ScorePart",
    "ScoreReading",
    "components",
    "excess_rate_p",
    "flag_excess_rates",
    "js_divergence",
    "read_score",
    "watch_excess_rate",
]

WEIGHTS = {"coverage": 0.4, "fidelity": 0.3, "claims": 0.2, "vocabulary": 0.1}
"""Weights of the consistency score's components (renormalised over the components that apply)."""


def components(
    coverage: float | None,
    fidelity: float | None,
    unbacked_rate: float | None,
    divergence: float | None,
) -> ScoreComponents:
    """Combine the components into a 0–100 score.

    ``score = 100 × (0.4·coverage + 0.3·fidelity + 0.2·(1 − unbacked_rate) + 0.1·(1 − divergence)) / Σw``,
    where the sum runs over the components that are defined for the scope (e.g. a call with no claims has
    no unbacked-claim rate) and ``Σw`` is the sum of their weights.
    """
    parts = {
        "coverage": coverage,
        "fidelity": fidelity,
        "claims": None if unbacked_rate is None else 1.0 - unbacked_rate,
        "vocabulary": None if divergence is None else 1.0 - divergence,
    }
    used = {k: v for k, v in parts.items() if v is not None}
    score = None
    if used:
        total_w = sum(WEIGHTS[k] for k in used)
        score = round(100.0 * sum(WEIGHTS[k] * v for k, v in used.items()) / total_w, 1)
    return ScoreComponents(
        score=score,
        coverage=_r(coverage),
        fidelity=_r(fidelity),
        unbacked_rate=_r(unbacked_rate),
        vocabulary_divergence=_r(divergence),
    )


def _r(x: float | None) -> float | None:
    return None if x is None else round(float(x), 4)


def js_divergence(a: Counter[str], b: Counter[str]) -> float | None:
    """Jensen–Shannon divergence (base 2, in [0, 1]) of two term-count distributions; None if one is empty."""
    if not a or not b:
        return None
    vocab = sorted(set(a) | set(b))
    pa = [a.get(w, 0) for w in vocab]
    pb = [b.get(w, 0) for w in vocab]
    d = float(jensenshannon(pa, pb, base=2) ** 2)
    return None if math.isnan(d) else d


def excess_rate_p(hits: int, total: int, rest_hits: int, rest_total: int) -> float | None:
    """One-sided Fisher exact p-value that ``hits/total`` exceeds the others' ``rest_hits/rest_total``.

    None when either side has no trials (nothing to compare).
    """
    if total == 0 or rest_total == 0:
        return None
    table = [[hits, total - hits], [rest_hits, rest_total - rest_hits]]
    _, p = fisher_exact(table, alternative="greater")
    return float(p)


def flag_excess_rates(
    tests: list[tuple[int, int, int, int]], *, q: float = 0.05, floor: float = 0.2
) -> list[tuple[bool, float | None, float | None]]:
    """Flag rates that are ≥ ``floor`` and significantly above the others'; ``(flagged, p, q_value)`` each.

    The false discovery rate is controlled across all ``tests`` (Benjamini–Hochberg at ``q``).

    Trials (sentences) within a call are treated as independent, which makes the p-values somewhat
    optimistic; the FDR control and the floor keep the flag a screening signal, not proof.
    """
    ps = [excess_rate_p(*t) for t in tests]
    defined = [i for i, p in enumerate(ps) if p is not None]
    qs: list[float | None] = [None] * len(tests)
    if defined:
        _, adjusted, _, _ = multipletests([ps[i] for i in defined], alpha=q, method="fdr_bh")
        for i, value in zip(defined, adjusted, strict=True):
            qs[i] = float(value)
    out: list[tuple[bool, float | None, float | None]] = []
    for (hits, total, _, _), p, qv in zip(tests, ps, qs, strict=True):
        flagged = qv is not None and qv < q and total > 0 and hits / total >= floor
        out.append((flagged, p, qv))
    return out


def watch_excess_rate(
    hits: int, total: int, p: float | None, *, alpha: float = 0.05, floor: float = 0.2
) -> bool:
    """A weaker signal than :func:`flag_excess_rates`: nominal ``p < alpha`` and rate ≥ ``floor``.

    Such a rate need not survive the correction for the number of tests — worth a look, not a finding.
    """
    return p is not None and p < alpha and total > 0 and hits / total >= floor


PartKey = Literal["coverage", "fidelity", "claims", "vocabulary"]

PART_LABELS: dict[PartKey, tuple[str, str]] = {
    "coverage": ("Coverage", "of the pillars, the share a call delivers faithfully (on average)"),
    "fidelity": ("Fidelity", "of the deliveries, the share that keep the message as approved"),
    "claims": (
        "Backed claims",
        "of the reps' claims, the share an approved message backs (1 − unbacked rate)",
    ),
    "vocabulary": (
        "Shared vocabulary",
        "how much the reps' words overlap the copy's (1 − Jensen–Shannon divergence)",
    ),
}
"""Each part of the score: its name for people and what its value means (higher is better for all four)."""

BANDS = ((70.0, "on_message", "on message"), (50.0, "partly", "partly on message"))
"""Score bands (at or above the bound). A rule of thumb, not a calibration: a team whose calls deliver 3 of
5 pillars faithfully, with 90% of deliveries faithful, 80% of claims backed and half the copy's vocabulary
shared scores about 72."""


class ScorePart(BaseModel):
    """One part of the score as it enters it (higher is better), its weight and the points it costs."""

    key: PartKey
    label: str
    meaning: str
    value: float | None
    weight: float
    points_lost: float | None


class ScoreReading(BaseModel):
    """What a consistency score means: a band, what drives it down here (largest loss first), the parts."""

    score: float | None
    band: Literal["on_message", "partly", "off_message"] | None
    summary: str
    drivers: list[str]
    parts: list[ScorePart]


def read_score(c: ScoreComponents) -> ScoreReading:
    """Interpret a score: ``summary`` ("49.9 out of 100: off message — ...") and ``drivers``, plain words.

    Each part's ``points_lost`` is ``100 × w × (1 − value) / Σw`` over the parts that apply, so the score is
    100 minus the points lost. Bands: see :data:`BANDS`.
    """
    values: dict[PartKey, float | None] = {
        "coverage": c.coverage,
        "fidelity": c.fidelity,
        "claims": None if c.unbacked_rate is None else 1.0 - c.unbacked_rate,
        "vocabulary": None if c.vocabulary_divergence is None else 1.0 - c.vocabulary_divergence,
    }
    total_w = sum(WEIGHTS[k] for k, v in values.items() if v is not None)
    parts = []
    for key, value in values.items():
        label, meaning = PART_LABELS[key]
        lost = (
            None if value is None or not total_w else round(100.0 * WEIGHTS[key] * (1.0 - value) / total_w, 1)
        )
        parts.append(
            ScorePart(
                key=key,
                label=label,
                meaning=meaning,
                value=value,
                weight=WEIGHTS[key],
                points_lost=lost,
            )
        )
    if c.score is None:
        return ScoreReading(
            score=None, band=None, summary="No score: nothing to measure.", drivers=[], parts=parts
        )
    band, words = next(((b, w) for bound, b, w in BANDS if c.score >= bound), ("off_message", "off message"))
    explain = {
        "coverage": lambda v: f"a call delivers {v:.0%} of the pillars faithfully, on average",
        "fidelity": lambda v: f"{1 - v:.0%} of the deliveries change the approved message",
        "claims": lambda v: f"{1 - v:.0%} of the reps' claims are backed by no approved message",
        "vocabulary": lambda v: f"the reps' words overlap the copy's by {v:.0%}",
    }
    ranked = [
        p
        for p in sorted(parts, key=lambda p: -(p.points_lost or 0.0))
        if p.value is not None and p.points_lost is not None and p.points_lost >= 0.5
    ]
    drivers = [
        f"{p.label}: −{p.points_lost:.0f} point{'s' if round(p.points_lost or 0) != 1 else ''} — "
        f"{explain[p.key](p.value or 0.0)}."
        for p in ranked
    ]
    summary = f"{c.score:.1f} out of 100: {words}" + (
        f"; {ranked[0].label.lower()} pulls it down most." if ranked else "."
    )
    return ScoreReading(score=c.score, band=band, summary=summary, drivers=drivers, parts=parts)
