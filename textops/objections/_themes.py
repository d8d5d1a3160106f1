"""Themes: clusters of similar objections within and across categories, labelled with keyphrases.

* **Clustering** (scikit-learn): agglomerative, average linkage on cosine distance, cut at
  ``1 - theme_similarity`` — deterministic, and right for the tens to low thousands of objections a
  category holds. Above ``hdbscan_above`` objections in one group, HDBSCAN on a 32-d PCA projection
  (``min_cluster_size`` = max(5, n/100)) keeps it near-linear. Clusters smaller than ``min_theme_size`` and
  HDBSCAN noise are **outliers**: they keep ``theme_id=None`` and stay in the report (counted per category).
* **Labels**: class-based TF-IDF (BERTopic's c-TF-IDF, ``tf · log(1 + A / f_t)``, all themes of the run as
  classes) over content words and bigrams that cross no stop word or punctuation gives ten candidates;
  KeyBERT-style maximal marginal relevance on their embeddings (λ = 0.6 relevance to the theme centroid
  vs diversity) picks three keyphrases.
* **Representative quote**: the member closest to the theme centroid.
* **Across categories**: the same clustering over all objections; a cluster whose members fall in two or
  more categories (each with at least 2 members and 20% of the cluster) is reported as a cross theme.
"""

from __future__ import annotations

import itertools
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sklearn.cluster import HDBSCAN, AgglomerativeClustering
from sklearn.decomposition import PCA
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from textops.embeddings import Embedder, Vectors, l2_normalise
from textops.nlp import FILLERS
from textops.objections._aggregate import quote_of
from textops.objections._classifier import prepare
from textops.objections._models import CrossTheme, Objection, Theme

__all__ = ["ThemeConfig", "find_themes", "phrase_terms"]

_EXTRA_STOP = """
    yeah okay honestly like just really kind sort gonna wanna know mean think guess actually right
    stuff thing things lot bit pretty maybe probably said say sure look honest feel feels great good
    fine well able want need get got make way
"""
_STOP_SET = frozenset(ENGLISH_STOP_WORDS | FILLERS | set(_EXTRA_STOP.split()))


@dataclass
class ThemeConfig:
    """Knobs of theme finding (similarities on the embedder's cosine scale; defaults suit MiniLM)."""

    theme_similarity: float = 0.5
    min_theme_size: int = 2
    hdbscan_above: int = 2000
    max_cluster_points: int = 10_000
    """Distinct vectors clustered at most; the rest join the nearest theme (bounds time and memory: HDBSCAN's
    neighbour search and spanning tree grow faster than the points — 20,000 took ~30 s of a 1,000-call
    analysis's one-core finish)."""
    keyphrases: int = 3
    mmr_lambda: float = 0.6
    cross_share: float = 0.2


_THEME_THREADS = max(1, min(4, os.cpu_count() or 1))
"""Threads that cluster the themes of different categories side by side."""


def _cluster(vectors: Vectors, config: ThemeConfig) -> npt.NDArray[np.int64]:
    """Theme labels for ``vectors`` (-1: outlier), clustering each distinct vector once.

    Repeated text (a pasted script, a call uploaded many times over) gives identical vectors: they are
    clustered as one point and counted with their repeats, so a file of one exchange repeated 100,000 times
    costs what one exchange costs. Above ``max_cluster_points`` distinct vectors a seeded sample is
    clustered and the others join the nearest theme centroid when they are similar enough.
    """
    n = len(vectors)
    if n < 2:
        return np.full(n, -1, dtype=np.int64)
    unique, inverse = np.unique(np.round(vectors, 5), axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    counts = np.bincount(inverse, minlength=len(unique))
    if len(unique) > config.max_cluster_points:
        rng = np.random.default_rng(0)
        sample = np.sort(rng.choice(len(unique), config.max_cluster_points, replace=False))
        sample_labels = _cluster_distinct(unique[sample], config)
        labels_u = _assign(unique, sample, sample_labels, config)
    else:
        labels_u = _cluster_distinct(unique, config)
    # a sentence repeated often enough is a theme of its own, even where HDBSCAN called it noise
    lone = np.flatnonzero((labels_u < 0) & (counts >= config.min_theme_size))
    labels_u[lone] = labels_u.max(initial=-1) + 1 + np.arange(len(lone))
    sizes: Counter[int] = Counter()
    for lab, c in zip(labels_u.tolist(), counts.tolist(), strict=True):
        sizes[int(lab)] += int(c)
    out = labels_u[inverse]
    return np.array([int(x) if x >= 0 and sizes[int(x)] >= config.min_theme_size else -1 for x in out])


def _cluster_all(
    vectors: Vectors, jobs: list[list[int] | None], config: ThemeConfig, started: Callable[[int], None]
) -> list[npt.NDArray[np.int64]]:
    """:func:`_cluster` of the rows of ``vectors`` each job names (``None``: all), in threads.

    HDBSCAN's compiled loops run beside each other; each job's rows are copied out only while it runs.
    The largest job starts first; the labels come back in the jobs' order, the same as one by one.
    ``started(n)`` is told when job ``n`` is waited for (progress).
    """
    sizes = [len(vectors) if rows is None else len(rows) for rows in jobs]
    order = sorted(range(len(jobs)), key=lambda n: -sizes[n])
    with ThreadPoolExecutor(max_workers=_THEME_THREADS, thread_name_prefix="textops-themes") as pool:
        futures = {n: pool.submit(_cluster_rows, vectors, jobs[n], config) for n in order}
        results = []
        for n in range(len(jobs)):
            started(n)
            results.append(futures[n].result())
    return results


def _cluster_rows(vectors: Vectors, rows: list[int] | None, config: ThemeConfig) -> npt.NDArray[np.int64]:
    return _cluster(vectors if rows is None else vectors[rows], config)


def _assign(
    points: Vectors, sample: npt.NDArray[np.int64], labels: npt.NDArray[np.int64], config: ThemeConfig
) -> npt.NDArray[np.int64]:
    """Labels for all ``points``: the sample's own, the others' nearest centroid if similar enough."""
    out = np.full(len(points), -1, dtype=np.int64)
    out[sample] = labels
    ids = sorted(set(labels.tolist()) - {-1})
    if not ids:
        return out
    centroids = l2_normalise(np.stack([points[sample[labels == i]].mean(axis=0) for i in ids]))
    rest = np.setdiff1d(np.arange(len(points)), sample)
    for lo in range(0, len(rest), 4096):
        chunk = rest[lo : lo + 4096]
        sims = l2_normalise(points[chunk]) @ centroids.T
        best = sims.argmax(axis=1)
        ok = sims[np.arange(len(chunk)), best] >= config.theme_similarity
        out[chunk[ok]] = np.asarray(ids)[best[ok]]
    return out


def _cluster_distinct(vectors: Vectors, config: ThemeConfig) -> npt.NDArray[np.int64]:
    n = len(vectors)
    if n < 2:
        return np.zeros(n, dtype=np.int64)  # one distinct point: its repeats form one group
    if n > config.hdbscan_above:
        reduced = PCA(n_components=min(32, vectors.shape[1]), random_state=0).fit_transform(vectors)
        labels = HDBSCAN(min_cluster_size=max(5, n // 100), copy=True).fit_predict(l2_normalise(reduced))
    else:
        labels = AgglomerativeClustering(
            n_clusters=None,
            metric="cosine",
            linkage="average",
            distance_threshold=1.0 - config.theme_similarity,
        ).fit_predict(vectors)
    return np.asarray(labels, dtype=np.int64)


_TOKEN = re.compile(r"[a-z][a-z'’-]*[a-z]|[.,;:!?—–]")


def phrase_terms(text: str) -> list[str]:
    """Candidate keyphrases: content words, and bigrams that cross no stop word or punctuation."""
    terms: list[str] = []
    run: list[str] = []
    for tok in [*_TOKEN.findall(text.lower()), "."]:
        if tok in _STOP_SET or "'" in tok or "’" in tok or len(tok) < 3 or not tok[0].isalpha():
            terms.extend(run)
            terms.extend(f"{a} {b}" for a, b in itertools.pairwise(run) if a != b)
            run = []
        else:
            run.append(tok)
    return terms


def _ctfidf_candidates(docs: list[str], top: int) -> list[list[str]]:
    """Top ``top`` keyphrase candidates per class document by c-TF-IDF (BERTopic's weighting)."""
    if not docs:
        return []
    vec = CountVectorizer(analyzer=phrase_terms)
    try:
        counts = vec.fit_transform(docs).astype(np.float64)
    except ValueError:  # nothing but stop words
        return [[] for _ in docs]
    terms = vec.get_feature_names_out()
    tf = counts.toarray()
    avg_words = tf.sum() / max(1, len(docs))
    idf = np.log(1.0 + avg_words / np.maximum(tf.sum(axis=0), 1e-9))
    scores = tf * idf
    return [[str(terms[j]) for j in np.argsort(-row)[:top] if row[j] > 0] for row in scores]


def _mmr(centroid: Vectors, candidates: list[str], cand_vectors: Vectors, k: int, lam: float) -> list[str]:
    if not candidates:
        return []
    relevance = cand_vectors @ centroid
    chosen = [int(np.argmax(relevance))]
    while len(chosen) < min(k, len(candidates)):
        rest = [i for i in range(len(candidates)) if i not in chosen]
        redundancy = (cand_vectors[rest] @ cand_vectors[chosen].T).max(axis=1)
        score = lam * relevance[rest] - (1 - lam) * redundancy
        chosen.append(rest[int(np.argmax(score))])
    return [candidates[i] for i in chosen]


@dataclass
class _Group:
    members: list[int]
    category: str | None


def find_themes(
    objections: Sequence[Objection],
    vectors: Vectors,
    embedder: Embedder,
    config: ThemeConfig | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> tuple[list[Theme], list[CrossTheme]]:
    """Cluster ``objections`` (rows of ``vectors``) into themes; sets ``theme_id`` on members (in place)."""
    config = config or ThemeConfig()
    step = progress or (lambda _m, _f: None)
    groups: list[_Group] = []
    by_cat: dict[str, list[int]] = {}
    for i, o in enumerate(objections):
        by_cat.setdefault(o.category, []).append(i)
    cats = sorted(by_cat.items())
    jobs: list[list[int] | None] = [idx for _, idx in cats]
    if len(objections) >= 3:
        jobs.append(None)  # all of them: the themes across categories

    def started(n: int) -> None:
        if n < len(cats):
            step(f"clustering {cats[n][0]}", n / max(1, len(cats)))

    found = _cluster_all(vectors, jobs, config, started)
    for (cat, idx), labels in zip(cats, found, strict=False):
        for lab in sorted(set(labels.tolist()) - {-1}):
            groups.append(_Group([idx[j] for j in np.flatnonzero(labels == lab)], cat))
    cross: list[_Group] = []
    if len(objections) >= 3:
        labels = found[-1]
        for lab in sorted(set(labels.tolist()) - {-1}):
            rows = [int(j) for j in np.flatnonzero(labels == lab)]
            counts = Counter(objections[j].category for j in rows)
            big = [c for c, k in counts.items() if k >= 2 and k / len(rows) >= config.cross_share]
            if len(big) >= 2:
                cross.append(_Group(rows, None))
    all_groups = groups + cross
    docs = [" . ".join(prepare(objections[j].text) for j in g.members) for g in all_groups]
    candidates = _ctfidf_candidates(docs, 10)
    flat = sorted({c for cs in candidates for c in cs})
    cand_vec = dict(zip(flat, embedder.encode(flat), strict=True)) if flat else {}
    labelled: list[tuple[_Group, list[str], Objection]] = []
    for g, cands in zip(all_groups, candidates, strict=True):
        centroid = l2_normalise(vectors[g.members].mean(axis=0, keepdims=True))[0]
        phrases = (
            _mmr(
                centroid, cands, np.stack([cand_vec[c] for c in cands]), config.keyphrases, config.mmr_lambda
            )
            if cands
            else []
        )
        rep = objections[g.members[int(np.argmax(vectors[g.members] @ centroid))]]
        labelled.append((g, phrases, rep))
    themes: list[Theme] = []
    cross_themes: list[CrossTheme] = []
    order = sorted(labelled[: len(groups)], key=lambda item: (-len(item[0].members), item[0].category or ""))
    for tid, (g, phrases, rep) in enumerate(order, start=1):
        members = [objections[j] for j in g.members]
        for o in members:
            o.theme_id = tid
        themes.append(
            Theme(
                id=tid,
                category=g.category or "",
                label=", ".join(phrases) or rep.text[:60],
                keyphrases=phrases,
                size=len(members),
                calls=len({o.call_id for o in members}),
                representative=quote_of(rep),
                objection_ids=[o.id for o in members],
            )
        )
    for g, phrases, rep in sorted(labelled[len(groups) :], key=lambda item: -len(item[0].members)):
        counts = Counter(objections[j].category for j in g.members)
        cross_themes.append(
            CrossTheme(
                label=", ".join(phrases) or rep.text[:60],
                keyphrases=phrases,
                size=len(g.members),
                categories=dict(counts.most_common()),
                representative=quote_of(rep),
                objection_ids=[objections[j].id for j in g.members],
            )
        )
    step("themes", 1.0)
    return themes, cross_themes
