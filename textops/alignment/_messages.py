"""Approved messages from campaign copy, grouped into pillars (given, or found by clustering)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from spacy.language import Language
from spacy.tokens import Doc, Span

from textops.alignment._claims import analyse_claim
from textops.embeddings import Embedder
from textops.ingest import MessagingFramework
from textops.types import CopyDocument

__all__ = ["CandidateMessage", "PillarSpec", "build_pillars", "copy_messages", "keyphrases"]

UNASSIGNED = "(other copy claims)"
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9'-]*")


@dataclass
class CandidateMessage:
    """A message: its text, parsed doc, where it came from and its pillar."""

    text: str
    doc: Doc | Span
    source: str
    pillar: str = UNASSIGNED


@dataclass
class PillarSpec:
    """A pillar with its messages and label keyphrases."""

    name: str
    keyphrases: list[str]
    messages: list[CandidateMessage]
    catch_all: bool = False
    """The pillar of copy claims close to no framework pillar (not a pillar of the messaging)."""


def copy_messages(
    docs: Sequence[CopyDocument], nlp: Language, *, own_names: frozenset[str] = frozenset()
) -> list[CandidateMessage]:
    """Candidate messages in the copy: headline/bullet units and sentences that make a claim.

    Short units (headlines, headings, bullets, ad headlines) are taken whole; longer blocks are split into
    sentences. Calls to action and label-like headings ("Pricing") are not claims and are dropped.
    """
    units: list[tuple[str, str]] = []
    for doc in docs:
        for block in doc.blocks:
            if block.kind == "cta":
                continue
            text = " ".join(block.text.split())
            if not text:
                continue
            units.append((text, doc.doc_id))
    seen: set[str] = set()
    out: list[CandidateMessage] = []
    parsed = nlp.pipe([u for u, _ in units], batch_size=128)
    for (text, source), parsed_doc in zip(units, parsed, strict=True):
        spans: list[Doc | Span] = [parsed_doc] if len(text.split()) <= 25 else list(parsed_doc.sents)
        for span in spans:
            key = re.sub(r"\W+", " ", span.text.lower()).strip()
            if not key or key in seen:
                continue
            if analyse_claim(span, own_names=own_names, seller_text=True).is_claim:
                seen.add(key)
                out.append(CandidateMessage(text=span.text.strip(), doc=span, source=source))
    return out


def keyphrases(groups: Sequence[Sequence[Doc | Span]], k: int = 3) -> list[list[str]]:
    """Top-k keyphrases per group by class-based TF-IDF (c-TF-IDF, as in BERTopic) over content lemmas."""
    counts: list[Counter[str]] = []
    for group in groups:
        c: Counter[str] = Counter()
        for doc in group:
            for t in doc:
                content = (
                    t.pos_ in {"NOUN", "PROPN", "ADJ"} or not t.pos_
                )  # untagged (blank) pipelines: any word
                if content and not t.is_stop and t.is_alpha and len(t.text) > 2:
                    c[(t.lemma_ or t.lower_).lower()] += 1
        counts.append(c)
    total_words = sum(sum(c.values()) for c in counts) or 1
    avg = total_words / max(1, len(counts))
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    out: list[list[str]] = []
    for c in counts:
        n = sum(c.values()) or 1
        scored = {w: (f / n) * math.log(1 + avg / sum(cc[w] for cc in counts)) for w, f in c.items()}
        out.append([w for w, _ in sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:k]])
    return out


def build_pillars(
    candidates: list[CandidateMessage],
    nlp: Language,
    embedder: Embedder,
    *,
    framework: MessagingFramework | None,
    match_threshold: float,
    topical_threshold: float,
) -> list[PillarSpec]:
    """Group messages into pillars.

    With a framework, its statements are the messages of each pillar and copy claims join the pillar of
    their nearest statement when they are at least topically similar (a copy claim that *matches* a
    statement is the same message and is not added twice). Without one, copy claims are clustered
    (agglomerative, average linkage, cosine distance cut at 1 − topical threshold) and each cluster is
    labelled by its c-TF-IDF keyphrases.
    """
    if framework is not None:
        statements: list[CandidateMessage] = []
        for pillar in framework.pillars:
            for doc, text in zip(nlp.pipe(pillar.statements), pillar.statements, strict=True):
                statements.append(
                    CandidateMessage(text=text, doc=doc, source="framework", pillar=pillar.name)
                )
        extra: list[CandidateMessage] = []
        if candidates and statements:
            sims = (
                embedder.encode([c.text for c in candidates])
                @ embedder.encode([s.text for s in statements]).T
            )
            for cand, row in zip(candidates, sims, strict=True):
                best = int(np.argmax(row))
                if row[best] >= match_threshold:
                    continue
                cand.pillar = statements[best].pillar if row[best] >= topical_threshold else UNASSIGNED
                extra.append(cand)
        else:
            extra = candidates
        pillars: list[PillarSpec] = []
        for pillar in framework.pillars:
            msgs = [m for m in statements + extra if m.pillar == pillar.name]
            pillars.append(PillarSpec(name=pillar.name, keyphrases=[], messages=msgs))
        unassigned = [m for m in extra if m.pillar == UNASSIGNED]
        if unassigned:
            pillars.append(PillarSpec(name=UNASSIGNED, keyphrases=[], messages=unassigned, catch_all=True))
        labels = keyphrases([[m.doc for m in p.messages] for p in pillars])
        for p, label in zip(pillars, labels, strict=True):
            p.keyphrases = label
        return pillars
    if not candidates:
        return []
    if len(candidates) == 1:
        groups = [[0]]
    else:
        vectors = embedder.encode([c.text for c in candidates])
        clustering = AgglomerativeClustering(
            n_clusters=None, metric="cosine", linkage="average", distance_threshold=1.0 - topical_threshold
        ).fit(vectors)
        by_label: dict[int, list[int]] = {}
        for i, label in enumerate(clustering.labels_):
            by_label.setdefault(int(label), []).append(i)
        groups = sorted(by_label.values(), key=lambda g: (-len(g), g[0]))
    labels = keyphrases([[candidates[i].doc for i in g] for g in groups])
    pillars = []
    for group, label in zip(groups, labels, strict=True):
        name = " / ".join(label) or candidates[group[0]].text[:40]
        for i in group:
            candidates[i].pillar = name
        pillars.append(PillarSpec(name=name, keyphrases=label, messages=[candidates[i] for i in group]))
    return pillars
