"""Detection: objection spans in spoken turns, with calibrated confidence, category and evidence.

Per turn: split into sentences; skip backchannels ("Yeah, okay."); score every sentence (rules + embedding
→ calibrated ``P(objection)``). A sentence with several clauses ("It looks great, but the price is way too
steep") has its clauses scored too, split at contrast markers ("but", "though", "plus"), and — when the
sentence is an objection itself — also at ", and we …"; positive clauses become the spans (partial
sentences; two objections of different categories in one sentence become two spans), else a positive
sentence is the span. Adjacent spans of one category in a turn merge ("The cost. The cost is the problem.").

**Custom categories** need no retraining. Their examples are embedded; a sentence's score for a custom
category is the mean cosine of its three nearest examples, and a built-in category's score is the same
quantity over the seed objections of that category. A detected objection takes the custom category when
that score is at least ``custom_min_similarity`` and beats every built-in category's score; a sentence the
detector missed still counts as an objection of a custom category when its score reaches
``custom_detect_similarity`` (``source="custom_examples"``). The category confidence of a custom category is
its share of a softmax over all category scores (temperature 0.05): a similarity share, not a calibrated
probability.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypedDict, Unpack

import numpy as np
from spacy.language import Language

from textops.embeddings import Embedder, Vectors
from textops.errors import ConfigError
from textops.objections._classifier import KNN_K, Floats, Neighbour, ObjectionModel, prepare, top_k_mean
from textops.objections._models import Detection, Evidence, NeighbourOut, RuleEvidence
from textops.objections._rules import REASSURE, RuleHit, rule_doc, rule_hits
from textops.objections._taxonomy import CustomCategory, category_label, check_custom_categories
from textops.objections._text import Piece, clause_pieces, is_backchannel, sentence_pieces

__all__ = ["PAIN", "DetectConfig", "DetectInputs", "DetectResult", "Detector"]

PAIN = "pain"
"""The category key of pain-point spans (a signal of its own, never an objection category)."""

Progress = Callable[[str, float], None]


class DetectInputs(TypedDict, total=False):
    """The optional inputs of :meth:`Detector.detect` and :meth:`Detector.run` (``None``: the default)."""

    nlp: Language | None
    """A pipeline that sets sentence boundaries; default: the built-in regex sentence splitter."""
    progress: Progress | None
    """``progress(message, fraction)``."""
    contexts: Sequence[str] | None
    """The rep's turn before each text (``""`` where there is none), a feature of the model."""
    embedder: Embedder | None
    """The same model as the detector's (e.g. with a cache of its own), to embed the sentences instead."""
    span_vectors: bool
    """Also embed the spans that join several sentences or clauses, so that :attr:`DetectResult.vectors`
    holds every span's vector (a corpus analysis: they are embedded in the slices, side by side, instead of
    one after the other when the report is finished). Default: only the spans that are one scored piece."""


_EMBED_CHUNK = 1024
_SOFTMAX_T = 0.05


@dataclass
class DetectConfig:
    """Knobs of detection; ``threshold`` ``None`` uses the model's cross-validated threshold."""

    threshold: float | None = None
    clause_floor: float = 0.2
    """Clauses of a sentence are scored only when the sentence's own ``P(objection)`` reaches this: a clause
    cut from a sentence that is plainly not an objection ("but the audio's fine.") loses the context that made
    it harmless (demo corpus: 5 such spans fewer, no objection turn lost)."""
    custom_min_similarity: float = 0.5
    custom_detect_similarity: float = 0.75
    neighbours: int = 3


@dataclass
class DetectResult:
    """What :meth:`Detector.run` found in a list of texts (one entry per text, in order).

    Results of consecutive slices of a list concatenate (:meth:`extend`) to the result of the whole list:
    every text is detected on its own, so a corpus can be detected in chunks, in parallel.
    """

    objections: list[list[Detection]] = field(default_factory=list)
    pain_points: list[list[Detection]] = field(default_factory=list)
    """Pain-point spans (``category="pain"``): sentences describing a problem, which are not objections."""
    scored: int = 0
    """Sentences and clauses scored."""
    max_confidence: float = 0.0
    """The highest ``P(objection)`` seen."""
    vectors: dict[str, Vectors] = field(default_factory=dict)
    """The embedding of each span that is one scored sentence or clause (of every span, with
    ``span_vectors``), by the text that was embedded (``prepare(span.text)``): the report embeds the spans
    again to find themes, and a detection run in another process hands its vectors back, so the themes do not
    depend on where it ran."""

    def extend(self, other: DetectResult) -> None:
        """Append the result of the texts that follow this result's texts."""
        self.objections.extend(other.objections)
        self.pain_points.extend(other.pain_points)
        self.scored += other.scored
        self.max_confidence = max(self.max_confidence, other.max_confidence)
        self.vectors.update(other.vectors)


@dataclass
class _Cand:
    unit: int
    piece: Piece
    sentence: int  # index of the sentence candidate this belongs to (itself for sentences)
    is_clause: bool = False
    p: float = 0.0
    pain: float = 0.0
    cats: Floats = field(default_factory=lambda: np.zeros(0))
    hits: list[RuleHit] = field(default_factory=list)
    vector: Vectors = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    custom: Floats = field(default_factory=lambda: np.zeros(0))


class Detector:
    """Finds objection spans with a trained :class:`ObjectionModel`, an embedder and custom categories."""

    def __init__(
        self,
        model: ObjectionModel,
        embedder: Embedder,
        custom: Sequence[CustomCategory] = (),
        config: DetectConfig | None = None,
    ) -> None:
        check_custom_categories(custom)
        if model.embedder_name != embedder.name:
            raise ConfigError(
                f"the objection model was trained with embedder {model.embedder_name!r}, "
                f"not {embedder.name!r}",
                hint="use textops.objections.get_model(embedder) for the embedder you pass",
            )
        self.model = model
        self.embedder = embedder
        self.custom = list(custom)
        self.config = config or DetectConfig()
        self.threshold = self.config.threshold if self.config.threshold is not None else model.threshold
        self._custom_vectors: list[Vectors] = [
            embedder.encode([prepare(e) for e in c.examples]) for c in self.custom
        ]
        self.scored = 0
        """Sentences and clauses scored by the last :meth:`detect`."""
        self.max_confidence = 0.0
        """The highest ``P(objection)`` seen by the last :meth:`detect`."""
        self.pain_points: list[list[Detection]] = []
        """Pain-point spans (``category="pain"``) of each text of the last :meth:`detect`: sentences the
        prospect uses to describe a problem they have, which are not objections."""

    # -- scoring --------------------------------------------------------------------------------------

    def _score(
        self,
        cands: list[_Cand],
        progress: Progress | None,
        share: tuple[float, float],
        contexts: Sequence[str] | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        if not cands:
            return
        embedder = embedder or self.embedder
        texts = [c.piece.text for c in cands]
        vectors = np.zeros((len(cands), embedder.dim), dtype=np.float32)
        for lo in range(0, len(cands), _EMBED_CHUNK):
            vectors[lo : lo + _EMBED_CHUNK] = embedder.encode(
                [prepare(t) for t in texts[lo : lo + _EMBED_CHUNK]]
            )
            if progress is not None:
                done = min(len(cands), lo + _EMBED_CHUNK) / len(cands)
                progress("scoring sentences", share[0] + (share[1] - share[0]) * done)
        hits = [rule_hits(t, rule_doc(t)) for t in texts]
        ctx = None if contexts is None else [contexts[c.unit] for c in cands]
        p, cats, pain = self.model.predict_all(texts, vectors, hits, ctx)
        custom = self._custom_scores(vectors)
        for i, c in enumerate(cands):
            c.p, c.cats, c.hits, c.vector, c.custom = float(p[i]), cats[i], hits[i], vectors[i], custom[i]
            c.pain = float(pain[i])

    def _custom_scores(self, vectors: Vectors) -> Floats:
        out = np.zeros((len(vectors), len(self.custom)))
        for j, ex in enumerate(self._custom_vectors):
            out[:, j] = top_k_mean(vectors @ ex.T, KNN_K)
        return out

    def _custom_hit(self, c: _Cand) -> bool:
        return bool(len(c.custom)) and float(c.custom.max()) >= self.config.custom_detect_similarity

    def _positive(self, c: _Cand) -> bool:
        return c.p >= self.threshold or self._custom_hit(c)

    # -- spans ----------------------------------------------------------------------------------------

    def detect(self, texts: Sequence[str], **inputs: Unpack[DetectInputs]) -> list[list[Detection]]:
        """Objection spans of each text (a spoken turn), in order of appearance.

        Pain-point spans are left in :attr:`pain_points`, counts in :attr:`scored` and
        :attr:`max_confidence` (use :meth:`run` to get them returned instead, e.g. from several threads).
        """
        found = self.run(texts, **inputs)
        self.scored, self.max_confidence = found.scored, found.max_confidence
        self.pain_points = found.pain_points
        return found.objections

    def run(self, texts: Sequence[str], **inputs: Unpack[DetectInputs]) -> DetectResult:
        """Objection and pain-point spans of each text, and what was scored; changes no state of ``self``."""
        nlp, progress = inputs.get("nlp"), inputs.get("progress")
        contexts, embedder = inputs.get("contexts"), inputs.get("embedder")
        sentences: list[_Cand] = []
        pieces = _split(texts, nlp)
        for ui, ps in enumerate(pieces):
            for piece in ps:
                if not is_backchannel(piece.text):
                    sentences.append(_Cand(ui, piece, len(sentences)))
        self._score(sentences, progress, (0.0, 0.85), contexts, embedder)
        clauses: list[_Cand] = []
        for s in sentences:
            if s.p >= self.config.clause_floor or self._custom_hit(s):
                parts = clause_pieces(texts[s.unit], s.piece, additive=self._positive(s))
                clauses.extend(_Cand(s.unit, cp, s.sentence, is_clause=True) for cp in parts)
        self._score(clauses, progress, (0.85, 0.95), contexts, embedder)
        by_sentence: dict[int, list[_Cand]] = {}
        for c in clauses:
            by_sentence.setdefault(c.sentence, []).append(c)
        chosen: list[list[_Cand]] = [[] for _ in texts]
        for s in sentences:
            positive_clauses = [c for c in by_sentence.get(s.sentence, []) if self._positive(c)]
            if positive_clauses:
                chosen[s.unit].extend(positive_clauses)
            elif self._positive(s):
                chosen[s.unit].append(s)
        vectors: dict[str, Vectors] = {}
        near = self._nearest([c for cands in chosen for c in cands])
        out = [self._merge(texts[ui], cands, vectors, near) for ui, cands in enumerate(chosen)]
        pains: list[list[_Cand]] = [[] for _ in texts]
        pain_head = self.model.pain
        if pain_head is not None:
            taken = {id(c) for cs in chosen for c in cs}
            for s in sentences:
                if s.pain >= pain_head.threshold and not self._positive(s) and id(s) not in taken:
                    pains[s.unit].append(s)
        if progress is not None:
            progress("spans", 1.0)
        pain_points = [self._pain_spans(texts[ui], cands, vectors) for ui, cands in enumerate(pains)]
        if inputs.get("span_vectors"):
            spans = (prepare(d.text) for ds in (*out, *pain_points) for d in ds)
            joined = [k for k in dict.fromkeys(spans) if k not in vectors]
            if joined:
                vectors.update(zip(joined, (embedder or self.embedder).encode(joined), strict=True))
        return DetectResult(
            objections=out,
            pain_points=pain_points,
            scored=len(sentences) + len(clauses),
            max_confidence=max((c.p for c in [*sentences, *clauses]), default=0.0),
            vectors=_compact(vectors),
        )

    def _nearest(self, cands: list[_Cand]) -> dict[int, list[Neighbour]]:
        """The seed neighbours of each candidate (by ``id``), in one batched search."""
        if not cands:
            return {}
        found = self.model.nearest(np.stack([c.vector for c in cands]), self.config.neighbours)
        return {id(c): n for c, n in zip(cands, found, strict=True)}

    def _merge(
        self, text: str, cands: list[_Cand], vectors: dict[str, Vectors], near: dict[int, list[Neighbour]]
    ) -> list[Detection]:
        spans = [(c, self._categorise(c)) for c in sorted(cands, key=lambda c: c.piece.start)]
        groups: list[list[tuple[_Cand, tuple[str, float, dict[str, float]]]]] = []
        for item in spans:
            if groups and groups[-1][-1][1][0] == item[1][0] and _adjacent(text, groups[-1][-1][0], item[0]):
                groups[-1].append(item)
            else:
                groups.append([item])
        for g in groups:
            if len(g) == 1:
                vectors[prepare(g[0][0].piece.text)] = g[0][0].vector
        return [self._detection(text, g, near) for g in groups]

    def _pain_spans(self, text: str, cands: list[_Cand], vectors: dict[str, Vectors]) -> list[Detection]:
        groups: list[list[_Cand]] = []
        for c in sorted(cands, key=lambda c: c.piece.start):
            if groups and _adjacent(text, groups[-1][-1], c):
                groups[-1].append(c)
            else:
                groups.append([c])
        out = []
        for g in groups:
            if len(g) == 1:
                vectors[prepare(g[0].piece.text)] = g[0].vector
            start, end = g[0].piece.start, g[-1].piece.end
            conf = max(c.pain for c in g)
            out.append(
                Detection(
                    text=text[start:end],
                    start_char=start,
                    end_char=end,
                    category=PAIN,
                    category_label="Pain point",
                    confidence=round(conf, 4),
                    category_confidence=round(conf, 4),
                    source="model",
                )
            )
        return out

    def _categorise(self, c: _Cand) -> tuple[str, float, dict[str, float]]:
        keys = self.model.categories
        order = np.argsort(-c.cats)
        best, conf = keys[int(order[0])], float(c.cats[order[0]])
        scores = {keys[int(j)]: round(float(c.cats[j]), 4) for j in order[:3]}
        if self.custom:
            builtin = self.model.category_similarity(c.vector.reshape(1, -1))[0]
            j = int(np.argmax(c.custom))
            if c.custom[j] >= self.config.custom_min_similarity and c.custom[j] > builtin.max():
                all_scores = np.concatenate([builtin, c.custom])
                share = np.exp((all_scores - all_scores.max()) / _SOFTMAX_T)
                share /= share.sum()
                names = [*keys, *(cc.key for cc in self.custom)]
                top = np.argsort(-share)[:3]
                best, conf = self.custom[j].key, float(share[len(keys) + j])
                scores = {names[int(t)]: round(float(share[t]), 4) for t in top}
        return best, conf, scores

    def _detection(
        self,
        text: str,
        group: list[tuple[_Cand, tuple[str, float, dict[str, float]]]],
        near: dict[int, list[Neighbour]],
    ) -> Detection:
        lead, (category, cat_conf, scores) = max(group, key=lambda g: g[0].p)
        start, end = group[0][0].piece.start, group[-1][0].piece.end
        rules = {
            (h.rule, h.text): RuleEvidence(rule=h.rule, category=h.category, text=h.text)
            for c, _ in group
            for h in c.hits
            if h.category != REASSURE
        }
        neighbours = self._neighbours(lead, category, near[id(lead)])
        from_custom = all(c.p < self.threshold for c, _ in group)
        return Detection(
            text=text[start:end],
            start_char=start,
            end_char=end,
            category=category,
            category_label=category_label(category, self.custom),
            confidence=round(max(c.p for c, _ in group), 4),
            category_confidence=round(cat_conf, 4),
            category_scores=scores,
            source="custom_examples" if from_custom else "model",
            evidence=Evidence(rules=list(rules.values()), neighbours=neighbours),
        )

    def _neighbours(self, c: _Cand, category: str, seed: list[Neighbour]) -> list[NeighbourOut]:
        k = self.config.neighbours
        found = list(seed)
        for cc, ex in zip(self.custom, self._custom_vectors, strict=True):
            if cc.key == category:
                sims = ex @ c.vector
                for i in np.argsort(-sims)[:k]:
                    found.append(Neighbour(cc.examples[int(i)], cc.key, round(float(sims[i]), 4)))
        found.sort(key=lambda n: -n.similarity)
        return [NeighbourOut(text=n.text, label=n.label, similarity=n.similarity) for n in found[:k]]


def _compact(vectors: dict[str, Vectors]) -> dict[str, Vectors]:
    """The same vectors, as rows of one array of their own.

    Each candidate's vector is a row of the whole batch's array (every sentence and clause scored), and a
    kept row would keep that array alive for as long as the result lives — in a corpus analysis, until the
    report is built.
    """
    if not vectors:
        return {}
    block = np.stack(list(vectors.values()))
    return dict(zip(vectors, block, strict=True))


def _adjacent(text: str, a: _Cand, b: _Cand) -> bool:
    """Nothing but spaces and punctuation lies between two spans (consecutive sentences or clauses)."""
    between = text[a.piece.end : b.piece.start]
    return b.piece.start >= a.piece.end and not any(ch.isalnum() for ch in between)


def _split(texts: Sequence[str], nlp: Language | None) -> list[list[Piece]]:
    if nlp is None:
        return [sentence_pieces(t) for t in texts]
    out: list[list[Piece]] = []
    for doc in nlp.pipe(texts, batch_size=256):
        pieces: list[Piece] = []
        for span in doc.sents:
            chunk = span.text.strip()
            if chunk:
                offset = span.start_char + (len(span.text) - len(span.text.lstrip()))
                pieces.append(Piece(chunk, offset, offset + len(chunk)))
        out.append(pieces)
    return out
