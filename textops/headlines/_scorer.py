"""The pairwise headline scorer trained on Upworthy A/B outcomes (``textops/data/headline_scorer.npz``).

P(variant beats original) = sigmoid(w · z), z = standardised difference of the two headlines' features
(interpretable features, plus the sentence embedding when it comes from the encoder used in training —
the distilled headline encoder, :mod:`textops.headlines._encoder`).
Uncertainty: a 90 % interval on the probability from the delta method on the logit, with the Laplace
covariance of the penalised fit inflated by the design effect of pairs that share a test. It covers the
model's parameter uncertainty only — the outcome of one A/B test is far noisier (validation accuracy is
reported in :attr:`HeadlineScorer.meta`).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from textops.errors import ModelNotAvailableError
from textops.headlines._features import FEATURE_NAMES
from textops.headlines._resource import read_npz

__all__ = ["SCORER_RESOURCE", "HeadlineScorer", "WinEstimate", "load_scorer"]

SCORER_RESOURCE = "data/headline_scorer.npz"
"""Path of the shipped scorer inside the ``textops`` package."""

_Z90 = 1.6448536269514722
F64 = npt.NDArray[np.float64]


@dataclass(frozen=True)
class WinEstimate:
    """Predicted probability that a headline beats a reference, with an interval and explanations."""

    win_probability: float
    low: float
    high: float
    logit: float
    logit_se: float
    contributions: dict[str, float]
    model: str


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


class HeadlineScorer:
    """Scores headlines against a reference with the shipped pairwise model."""

    def __init__(self, arrays: dict[str, Any]) -> None:
        self.meta: dict[str, Any] = json.loads(str(arrays["meta"]))
        self.feature_scale: F64 = np.asarray(arrays["feature_scale"], dtype=np.float64)
        self.embedding_scale: F64 = np.asarray(arrays["embedding_scale"], dtype=np.float64)
        self.coef_full: F64 = np.asarray(arrays["coef_full"], dtype=np.float64)
        self.cov_full: F64 = np.asarray(arrays["cov_full"], dtype=np.float64)
        self.coef_features: F64 = np.asarray(arrays["coef_features"], dtype=np.float64)
        self.cov_features: F64 = np.asarray(arrays["cov_features"], dtype=np.float64)
        self.coef_embeddings: F64 = np.asarray(arrays["coef_embeddings"], dtype=np.float64)
        self.coef_length: F64 = np.asarray(arrays["coef_length"], dtype=np.float64)
        if tuple(self.meta["feature_names"]) != FEATURE_NAMES:
            raise ModelNotAvailableError(
                "the headline scorer file was trained with other features than this code computes",
                hint="retrain it with `python bench/train_headline_model.py`",
            )

    @property
    def embedding_dim(self) -> int:
        """Dimension of the embeddings the full model expects."""
        return int(self.meta["embedding_dim"])

    @property
    def embedding_model(self) -> str:
        """Identity of the encoder whose vectors the full model was trained on (a headline encoder's id)."""
        return str(self.meta["embedding_model"])

    def uses_embeddings(self, model_id: str, dim: int | None) -> bool:
        """Whether vectors of encoder ``model_id`` (dimension ``dim``) can feed the full model."""
        return model_id == self.embedding_model and dim == self.embedding_dim

    def compare(
        self,
        features: F64,
        reference_features: F64,
        vectors: npt.NDArray[np.float32] | None = None,
        reference_vector: npt.NDArray[np.float32] | None = None,
    ) -> list[WinEstimate]:
        """P(row i beats the reference) for each row of ``features``, and of ``vectors`` when given.

        Pass vectors only from the encoder the scorer was trained on (:meth:`uses_embeddings`); vectors of
        another dimension are ignored.
        """
        zf = (np.atleast_2d(features) - reference_features) / self.feature_scale
        use_emb = (
            vectors is not None and reference_vector is not None and vectors.shape[1] == self.embedding_dim
        )
        if use_emb and vectors is not None and reference_vector is not None:
            ze = (vectors.astype(np.float64) - reference_vector.astype(np.float64)) / self.embedding_scale
            z = np.hstack([zf, ze])
            coef, cov, name = self.coef_full, self.cov_full, "features+embeddings"
        else:
            z, coef, cov, name = zf, self.coef_features, self.cov_features, "features"
        logits = z @ coef
        ses = np.sqrt(np.maximum(((z @ cov) * z).sum(axis=1), 0.0))  # diag(z Σ zᵀ) without the n×n
        nf = len(FEATURE_NAMES)
        out = []
        for i in range(z.shape[0]):
            contrib = {n: float(coef[j] * z[i, j]) for j, n in enumerate(FEATURE_NAMES)}
            if use_emb:
                contrib["embedding"] = float(coef[nf:] @ z[i, nf:])
            logit, se = float(logits[i]), float(ses[i])
            out.append(
                WinEstimate(
                    win_probability=_sigmoid(logit),
                    low=_sigmoid(logit - _Z90 * se),
                    high=_sigmoid(logit + _Z90 * se),
                    logit=logit,
                    logit_se=se,
                    contributions=contrib,
                    model=name,
                )
            )
        return out


@lru_cache(maxsize=1)
def load_scorer() -> HeadlineScorer:
    """The shipped scorer (loaded once per process)."""
    arrays = read_npz(
        SCORER_RESOURCE, "the headline scorer", "run `python bench/train_headline_model.py` to build it"
    )
    return HeadlineScorer(arrays)
