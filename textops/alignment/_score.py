"""The consistency score and its components, and the statistics behind the drift flag."""

from __future__ import annotations

import math
from collections import Counter

from scipy.spatial.distance import jensenshannon
from scipy.stats import fisher_exact

from textops.alignment._models import ScoreComponents

__all__ = ["WEIGHTS", "components", "js_divergence", "rate_is_high"]

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


def rate_is_high(
    hits: int, total: int, rest_hits: int, rest_total: int, *, alpha: float = 0.05, floor: float = 0.2
) -> bool:
    """Tell whether ``hits/total`` is ≥ ``floor`` and significantly above the others' (one-sided Fisher)."""
    if total == 0 or hits / total < floor:
        return False
    if rest_total == 0:
        return hits >= 3
    table = [[hits, total - hits], [rest_hits, rest_total - rest_hits]]
    _, p = fisher_exact(table, alternative="greater")
    return bool(p < alpha)
