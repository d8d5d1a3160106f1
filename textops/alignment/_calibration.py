"""Similarity thresholds for messaging alignment, calibrated on data textops did not write (STS Benchmark).

A rep sentence *delivers* an approved message when the cosine similarity of their MiniLM embeddings
reaches a threshold. That threshold is not guessed: it is chosen on human similarity judgements, the
STS Benchmark (Agirre et al., SemEval 2017; scores 0–5, CC BY-SA 4.0), by maximising F1 for a binary
reading of the gold scores:

* **match** — gold ≥ 3.5: "the same message, perhaps worded differently". The STS guidelines put
  3 at "roughly equivalent, but some important information differs/missing" and 4 at "mostly equivalent,
  but some unimportant details differ". A delivered message may drop unimportant details (4) but a 3 has
  lost important information, so the cut lies between them; 3.5 is the midpoint and also the point where
  annotators' averaged scores round to "mostly equivalent" rather than "roughly equivalent".
* **topical** — gold ≥ 2.0: "same topic, details may differ" (STS 2 = "not equivalent, but share some
  details"). A rep sentence that is topical but not a match is a candidate *distorted* delivery.

Thresholds are chosen on train + dev and reported on test only (the benchmark's own protocol: test is for
the final system). ``bench/alignment_quality.py --write`` produces the shipped
``textops/data/similarity_calibration.json``; :func:`load_calibration` reads it.

Preprocessing: pair similarities are computed by :func:`pair_similarities` with a pluggable ``embed``
function and an optional ``preprocess`` applied to *both* sentences (STS is written text, so none is used for
calibration; for transcripts the pipeline applies :func:`textops.nlp.normalise_speech` to the spoken side).
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "CALIBRATION_RESOURCE",
    "MATCH_CUT",
    "TOPICAL_CUT",
    "SimilarityCalibration",
    "SplitFigures",
    "StsPair",
    "ThresholdChoice",
    "build_calibration",
    "choose_threshold",
    "evaluate_threshold",
    "load_calibration",
    "load_pairs",
    "load_sts",
    "pair_similarities",
    "spearman",
]

MATCH_CUT = 3.5
"""Gold STS score (0–5) from which a pair counts as "the same message, perhaps worded differently"."""

TOPICAL_CUT = 2.0
"""Gold STS score (0–5) from which a pair counts as "same topic, details may differ"."""

CALIBRATION_RESOURCE = "data/similarity_calibration.json"
"""Path of the shipped calibration inside the ``textops`` package."""

FloatArray = npt.NDArray[np.float64]
Scores = Sequence[float] | FloatArray


@dataclass(frozen=True)
class StsPair:
    """A sentence pair with a gold similarity score on the STS scale 0–5."""

    sentence1: str
    sentence2: str
    score: float
    genre: str = ""
    source: str = ""
    year: str = ""
    id: str = ""


def load_sts(path: str | Path) -> list[StsPair]:
    """Read an STS Benchmark file: tab-separated, no header, columns genre, source, year, id, score, s1, s2.

    Only the first seven columns are read (some lines carry licence columns after them). Quotes are
    literal text (``csv.QUOTE_NONE``). Sentences are stripped of surrounding whitespace.
    """
    pairs: list[StsPair] = []
    with Path(path).open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        for lineno, row in enumerate(reader, start=1):
            if not row or all(not cell.strip() for cell in row):
                continue
            if len(row) < 7:
                raise ValueError(
                    f"{path}:{lineno}: expected at least 7 tab-separated columns, got {len(row)}"
                )
            genre, source, year, pair_id, score, s1, s2 = row[:7]
            pairs.append(
                StsPair(
                    sentence1=s1.strip(),
                    sentence2=s2.strip(),
                    score=_score(score, 5.0, f"{path}:{lineno}"),
                    genre=genre,
                    source=source,
                    year=year,
                    id=pair_id,
                )
            )
    return pairs


def load_pairs(path: str | Path, *, scale_max: float = 5.0) -> list[StsPair]:
    """Read any pair file with a header naming (at least) ``sentence1``, ``sentence2`` and ``score``.

    The delimiter is a tab when the header line contains one (or the file ends in ``.tsv``), else a comma.
    CSV follows the usual quoting rules; TSV is read with quotes as literal text, like the STS files.
    Column names are matched case-insensitively; other columns are ignored. Scores must lie in
    ``[0, scale_max]`` and are rescaled to the STS scale 0–5, so the 3.5 / 2.0 cuts apply unchanged.
    """
    if scale_max <= 0:
        raise ValueError(f"scale_max must be positive, got {scale_max}")
    p = Path(path)
    with p.open(encoding="utf-8-sig", newline="") as fh:
        header = fh.readline()
        fh.seek(0)
        tsv = "\t" in header or p.suffix.lower() == ".tsv"
        reader = (
            csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if tsv else csv.reader(fh, delimiter=",")
        )
        rows = iter(reader)
        names = [c.strip().lower() for c in next(rows, [])]
        missing = [c for c in ("sentence1", "sentence2", "score") if c not in names]
        if missing:
            raise ValueError(f"{path}: header lacks column(s) {missing}; found {names}")
        i1, i2, isc = names.index("sentence1"), names.index("sentence2"), names.index("score")
        pairs: list[StsPair] = []
        for lineno, row in enumerate(rows, start=2):
            if not row or all(not cell.strip() for cell in row):
                continue
            if len(row) <= max(i1, i2, isc):
                raise ValueError(f"{path}:{lineno}: too few columns ({len(row)})")
            raw = _score(row[isc], scale_max, f"{path}:{lineno}")
            pairs.append(
                StsPair(
                    sentence1=row[i1].strip(),
                    sentence2=row[i2].strip(),
                    score=raw * 5.0 / scale_max,
                    source=p.name,
                    id=str(lineno),
                )
            )
    return pairs


def _score(text: str, scale_max: float, where: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{where}: score {text!r} is not a number") from None
    if not math.isfinite(value) or not 0.0 <= value <= scale_max:
        raise ValueError(f"{where}: score {value} outside [0, {scale_max}] (is --scale-max right?)")
    return value


def pair_similarities(
    pairs: Sequence[StsPair],
    embed: Callable[[Sequence[str]], npt.NDArray[np.float32]],
    *,
    preprocess: Callable[[str], str] | None = None,
) -> FloatArray:
    """Cosine similarity of each pair, embedding every distinct (preprocessed) sentence exactly once.

    ``embed`` is any function returning L2-normalised rows, e.g. ``get_embedder().encode``;
    ``preprocess`` is applied to both sentences of every pair before embedding (default: none).
    """
    prep = preprocess or (lambda s: s)
    left = [prep(p.sentence1) for p in pairs]
    right = [prep(p.sentence2) for p in pairs]
    distinct = list(dict.fromkeys(left + right))
    if not distinct:
        return np.zeros(0, dtype=np.float64)
    index = {s: i for i, s in enumerate(distinct)}
    vectors = np.asarray(embed(distinct), dtype=np.float64)
    a = vectors[[index[s] for s in left]]
    b = vectors[[index[s] for s in right]]
    sims: FloatArray = np.einsum("ij,ij->i", a, b)
    return sims


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class ThresholdChoice(_Model):
    """A cosine threshold and how well ``similarity >= threshold`` recovers ``gold >= cut`` on ``n`` pairs.

    ``precision`` is 0 when nothing is predicted positive (sklearn's ``zero_division=0`` convention).
    """

    threshold: float
    precision: float = Field(ge=0, le=1)
    recall: float = Field(ge=0, le=1)
    f1: float = Field(ge=0, le=1)
    n: int = Field(ge=0, description="pairs evaluated")
    positives: int = Field(ge=0, description="pairs with gold >= cut")


def _arrays(similarities: Scores, gold: Scores) -> tuple[FloatArray, FloatArray]:
    s = np.asarray(similarities, dtype=np.float64).ravel()
    g = np.asarray(gold, dtype=np.float64).ravel()
    if s.shape != g.shape:
        raise ValueError(f"{s.size} similarities but {g.size} gold scores")
    if s.size == 0:
        raise ValueError("no pairs")
    if not (np.isfinite(s).all() and np.isfinite(g).all()):
        raise ValueError("similarities and gold scores must be finite")
    return s, g


def _metrics(tp: int, predicted: int, positives: int) -> tuple[float, float, float]:
    precision = tp / predicted if predicted else 0.0
    recall = tp / positives if positives else 0.0
    f1 = 2 * tp / (predicted + positives) if predicted + positives else 0.0
    return precision, recall, f1


def evaluate_threshold(
    similarities: Scores,
    gold_scores: Scores,
    gold_cut: float,
    threshold: float,
) -> ThresholdChoice:
    """Precision, recall and F1 of ``similarity >= threshold`` against ``gold >= gold_cut``."""
    s, g = _arrays(similarities, gold_scores)
    truth = g >= gold_cut
    pred = s >= threshold
    tp, predicted, positives = int((truth & pred).sum()), int(pred.sum()), int(truth.sum())
    precision, recall, f1 = _metrics(tp, predicted, positives)
    return ThresholdChoice(
        threshold=float(threshold),
        precision=precision,
        recall=recall,
        f1=f1,
        n=int(s.size),
        positives=positives,
    )


def choose_threshold(
    similarities: Scores,
    gold_scores: Scores,
    gold_cut: float,
) -> ThresholdChoice:
    """The cosine threshold that maximises F1 for ``gold >= gold_cut`` (ties: the higher precision).

    Every distinct similarity is a candidate cut-off (predict positive when ``similarity >= cut-off``).
    The returned threshold is the midpoint between the best cut-off and the next lower observed similarity
    (or the cut-off itself when it is the lowest), so it classifies the fitted data identically while
    leaving equal margin on both sides. Raises ``ValueError`` when no pair is positive.
    """
    s, g = _arrays(similarities, gold_scores)
    truth = g >= gold_cut
    positives = int(truth.sum())
    if positives == 0:
        raise ValueError(f"no pair has gold >= {gold_cut}; F1 is undefined")
    order = np.argsort(-s, kind="stable")
    s_sorted, t_sorted = s[order], truth[order]
    # last index of each run of equal similarities: predicting positive down to it is one candidate
    ends = np.flatnonzero(np.r_[s_sorted[1:] != s_sorted[:-1], True])
    tp = np.cumsum(t_sorted)[ends]
    predicted = ends + 1
    f1 = 2 * tp / (predicted + positives)
    precision = tp / predicted
    best = max(range(ends.size), key=lambda i: (round(float(f1[i]), 12), round(float(precision[i]), 12)))
    cut = float(s_sorted[ends[best]])
    threshold = (cut + float(s_sorted[ends[best] + 1])) / 2 if best + 1 < ends.size else cut
    p, r, f = _metrics(int(tp[best]), int(predicted[best]), positives)
    return ThresholdChoice(
        threshold=threshold, precision=p, recall=r, f1=f, n=int(s.size), positives=positives
    )


def spearman(similarities: Scores, gold_scores: Scores) -> float:
    """Spearman rank correlation of similarities with gold scores (``scipy.stats.spearmanr``)."""
    from scipy.stats import spearmanr

    s, g = _arrays(similarities, gold_scores)
    if s.size < 2:
        raise ValueError("Spearman needs at least two pairs")
    return float(spearmanr(s, g).statistic)


class SplitFigures(_Model):
    """Figures of one data split at the shipped thresholds."""

    n_pairs: int = Field(ge=0)
    spearman: float = Field(ge=-1, le=1)
    match: ThresholdChoice
    topical: ThresholdChoice


class SimilarityCalibration(_Model):
    """The shipped similarity calibration: thresholds for MiniLM cosine, with the figures behind them.

    ``splits`` holds figures for ``train``, ``dev``, ``train+dev`` (where the thresholds were fitted, so
    in-sample) and ``test`` (held out: the honest estimate).
    """

    model: str = Field(description="embedding model the thresholds belong to")
    dataset: str
    preprocessing: str = Field(description="what was applied to both sentences before embedding")
    match_cut: float = Field(gt=0, le=5, description="gold STS score from which a pair is a match")
    topical_cut: float = Field(gt=0, le=5, description="gold STS score from which a pair is topical")
    match_threshold: float = Field(gt=0, lt=1)
    topical_threshold: float = Field(gt=0, lt=1)
    fitted_on: str
    splits: dict[str, SplitFigures]
    created: date
    produced_by: str

    @model_validator(mode="after")
    def _consistent(self) -> SimilarityCalibration:
        if not (self.topical_cut < self.match_cut and self.topical_threshold < self.match_threshold):
            raise ValueError("the topical cut and threshold must lie below the match ones")
        if "test" not in self.splits:
            raise ValueError("a calibration must report held-out test figures")
        return self

    @property
    def test(self) -> SplitFigures:
        """Held-out figures (STS Benchmark test)."""
        return self.splits["test"]

    @property
    def thresholds(self) -> dict[str, float]:
        """``{"match": ..., "topical": ...}``."""
        return {"match": self.match_threshold, "topical": self.topical_threshold}

    def label(self, similarity: float) -> Literal["match", "topical", "none"]:
        """``match`` at or above the match threshold, ``topical`` at or above the topical one, else ``none``.

        For a delivery check, ``topical`` marks a possibly distorted delivery (same topic, not the message).
        """
        if similarity >= self.match_threshold:
            return "match"
        if similarity >= self.topical_threshold:
            return "topical"
        return "none"


def build_calibration(
    split_scores: dict[str, tuple[FloatArray, FloatArray]],
    *,
    model: str,
    fit_split: str = "train+dev",
    dataset: str = "STS Benchmark (SemEval 2017), train/dev/test",
    preprocessing: str = "none (written text)",
    produced_by: str = "produced by bench/alignment_quality.py --write",
    today: date | None = None,
) -> SimilarityCalibration:
    """Fit both thresholds on ``split_scores[fit_split]`` and report every split at them.

    ``split_scores`` maps a split name to ``(similarities, gold scores on 0–5)``; it must contain
    ``fit_split`` and ``test``.
    """
    fit_s, fit_g = split_scores[fit_split]
    match = choose_threshold(fit_s, fit_g, MATCH_CUT).threshold
    topical = choose_threshold(fit_s, fit_g, TOPICAL_CUT).threshold
    splits = {
        name: SplitFigures(
            n_pairs=len(s),
            spearman=spearman(s, g),
            match=evaluate_threshold(s, g, MATCH_CUT, match),
            topical=evaluate_threshold(s, g, TOPICAL_CUT, topical),
        )
        for name, (s, g) in split_scores.items()
    }
    return SimilarityCalibration(
        model=model,
        dataset=dataset,
        preprocessing=preprocessing,
        match_cut=MATCH_CUT,
        topical_cut=TOPICAL_CUT,
        match_threshold=match,
        topical_threshold=topical,
        fitted_on=fit_split,
        splits=splits,
        created=today or date.today(),
        produced_by=produced_by,
    )


@cache
def load_calibration() -> SimilarityCalibration:
    """The shipped calibration (``textops/data/similarity_calibration.json``), read once per process."""
    text = resources.files("textops").joinpath(CALIBRATION_RESOURCE).read_text(encoding="utf-8")
    return SimilarityCalibration.model_validate(json.loads(text))
