"""Vector maths on rows of unit-length embeddings: normalising, cosine matrices, chunked top-k."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from textops.embeddings._protocol import Vectors

__all__ = ["cosine_matrix", "l2_normalise", "top_k_similar"]


def l2_normalise(matrix: npt.ArrayLike) -> Vectors:
    """Scale each row to unit length; all-zero rows stay zero."""
    m = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    normed: Vectors = (m / norms).astype(np.float32)
    return normed


def cosine_matrix(a: Vectors, b: Vectors) -> Vectors:
    """Cosine similarity of every row of ``a`` with every row of ``b`` (rows must be unit length)."""
    return np.asarray(a @ b.T, dtype=np.float32)


def top_k_similar(
    queries: Vectors, corpus: Vectors, k: int = 1, *, chunk_size: int = 4096
) -> tuple[npt.NDArray[np.int64], Vectors]:
    """Indices and similarities of the ``k`` most similar ``corpus`` rows for each query row.

    Works in chunks of ``chunk_size`` queries, so memory is ``O(chunk_size × len(corpus))`` rather than
    quadratic in the number of queries. Results are sorted by decreasing similarity.
    """
    n = queries.shape[0]
    k = max(1, min(k, corpus.shape[0]))
    idx = np.zeros((n, k), dtype=np.int64)
    sims = np.zeros((n, k), dtype=np.float32)
    if corpus.shape[0] == 0 or n == 0:
        return idx[:, :0], sims[:, :0]
    for lo in range(0, n, chunk_size):
        block = queries[lo : lo + chunk_size] @ corpus.T
        if k < corpus.shape[0]:
            part = np.argpartition(-block, k - 1, axis=1)[:, :k]
        else:
            part = np.tile(np.arange(corpus.shape[0]), (block.shape[0], 1))
        part_sims = np.take_along_axis(block, part, axis=1)
        order = np.argsort(-part_sims, axis=1)
        idx[lo : lo + chunk_size] = np.take_along_axis(part, order, axis=1)
        sims[lo : lo + chunk_size] = np.take_along_axis(part_sims, order, axis=1)
    return idx, sims
