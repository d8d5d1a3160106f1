"""The packed path for small requests to a BERT-type encoder (a headline and its variants, one utterance).

Instead of padding a batch to its longest text, the texts are concatenated into one sequence per CPU core
(explicit position ids, a block-diagonal attention mask) and the shards run side by side on worker threads
that each run torch single-threaded. For encoders with absolute learned positions this is exact: the first
packed request per worker count is compared with the padded path, and packing switches itself off for the
model if they disagree. With ONNX Runtime the packed pass runs as an exported graph (:mod:`._onnx`).

:class:`PackedRuntime` holds this state for one loaded model: which worker counts were verified, and its
ONNX Runtime session (or why there is none). The worker threads are one pool for the whole process, so the
shards of concurrent requests, whatever their model, queue for the same cores.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from textops.embeddings._onnx import OnnxPackedEncoder, OnnxUnavailableError, load_onnx_encoder
from textops.embeddings._protocol import Vectors
from textops.errors import ModelNotAvailableError
from textops.loaders import LoadedTransformer, record_load

__all__ = ["PACKED_TOKENS_PER_WORKER", "PackedRuntime", "balanced_shards", "packed_forward"]

log = logging.getLogger(__name__)

PACKED_TOKENS_PER_WORKER = 256
"""Requests with at most this many tokens per CPU thread take the packed path (the attention of a packed
sequence costs more as it grows, so large batches keep the padded path)."""

_MIN_TOKENS_PER_WORKER = 32
_MAX_PACKED_WORKERS = 8


class _WorkerPool:
    """Worker threads that each run torch single-threaded, grown on demand, shared by every model."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self._size = 0

    def get(self, workers: int) -> ThreadPoolExecutor:
        """A pool of at least ``workers`` threads, every one of them started and single-threaded."""
        with self._lock:
            if self._pool is not None and self._size >= workers:
                return self._pool
            import torch

            default = torch.get_num_threads()
            started = threading.Barrier(workers + 1)
            pool = ThreadPoolExecutor(
                workers,
                thread_name_prefix="textops-encode",
                initializer=torch.set_num_threads,
                initargs=(1,),
            )
            # blocked tasks force every thread to start (and run the initializer) now
            for _ in range(workers):
                pool.submit(started.wait)
            started.wait()
            # torch.set_num_threads also sets the process default that new threads copy: put it back
            torch.set_num_threads(default)
            self._pool, self._size = pool, workers  # a replaced pool's threads end once it is unreferenced
        return pool


_WORKERS = _WorkerPool()


class PackedRuntime:
    """The packed path of one loaded encoder and what it learnt while running.

    ``checked`` maps a worker count to whether its packed vectors matched the padded path's (each count is
    checked on its first request); one mismatch switches packing off for this model. The ONNX Runtime
    session is built on the first packed request that may use it, once, and a failure is remembered.
    """

    def __init__(self, name: str, loaded: LoadedTransformer) -> None:
        self.name = name
        self.loaded = loaded
        self.checked: dict[int, bool] = {}
        self._onnx_lock = threading.Lock()
        self._onnx: OnnxPackedEncoder | OnnxUnavailableError | None = None
        self._bf16: Any = None
        self._bf16_lock = threading.Lock()

    def bf16_model(self) -> Any:
        """A bfloat16 copy of the model for bulk encoding (made once, on first use; ~2 bytes a weight).

        Cast from the float32 model where that is loaded already, else read from the folder as bfloat16 (the
        same weights), so that a bulk-only process never holds the float32 copy.
        """
        with self._bf16_lock:
            if self._bf16 is None:
                import copy

                import torch

                loaded = self.loaded
                if loaded.model_loaded:
                    self._bf16 = copy.deepcopy(loaded.model).to(torch.bfloat16).eval()
                else:
                    self._bf16 = loaded.load_copy(torch.bfloat16)
            return self._bf16

    @property
    def packable(self) -> bool:
        """Whether the packed path applies: a BERT-type encoder with absolute learned positions.

        Packing with explicit position ids is exact for those; a check that found the vectors differ turns it
        off.
        """
        cfg = self.loaded.config
        ok = (
            getattr(cfg, "model_type", None) == "bert"
            and getattr(cfg, "position_embedding_type", "absolute") == "absolute"
            and all(self.checked.values())
        )
        return bool(ok)

    @property
    def onnx_ready(self) -> bool:
        """Whether an ONNX Runtime session was built and passed its check."""
        return isinstance(self._onnx, OnnxPackedEncoder)

    def onnx(self, runtime: str, cache_root: Path) -> OnnxPackedEncoder | None:
        """The ONNX Runtime encoder (built once, exported under ``cache_root``), or None to stay on torch.

        ``runtime`` is the embedder's choice: ``torch`` never builds one; ``auto`` falls back to torch with a
        warning; ``onnx`` raises :class:`~textops.errors.ModelNotAvailableError` when it cannot be built.
        """
        if runtime == "torch":
            return None
        found = self._onnx
        if found is None:
            with self._onnx_lock:
                found = self._onnx
                if found is None:
                    t0 = time.perf_counter()
                    try:
                        found = load_onnx_encoder(self.loaded, cache_root, packed_forward)
                        record_load(f"onnx:{self.name}", time.perf_counter() - t0)
                    except OnnxUnavailableError as exc:
                        if runtime == "auto":
                            log.warning("%s: small requests are encoded with torch", exc)
                        found = exc
                    self._onnx = found
        if isinstance(found, OnnxPackedEncoder):
            return found
        if runtime == "onnx":
            raise ModelNotAvailableError(
                str(found),
                hint="install onnxruntime and onnx (both are dependencies of textops), "
                "or set TEXTOPS_EMBEDDING_RUNTIME=torch",
            )
        return None

    def encode(
        self,
        texts: Sequence[str],
        order: list[int],
        out: Vectors,
        *,
        max_texts: int,
        max_tokens: int,
        runtime: str,
        cache_root: Path,
    ) -> bool:
        """Fill ``out[order]`` by the packed path and return True, or return False when it does not apply.

        It applies to at most ``max_texts`` texts of at most :data:`PACKED_TOKENS_PER_WORKER` tokens per
        CPU thread, when :attr:`packable`; ``runtime`` and ``cache_root`` are passed to :meth:`onnx`.
        """
        import torch

        loaded = self.loaded
        if len(order) > max_texts or not self.packable:
            return False
        threads = max(1, min(torch.get_num_threads(), _MAX_PACKED_WORKERS))
        if sum(len(texts[i]) for i in order) > 8 * PACKED_TOKENS_PER_WORKER * threads:
            return False  # clearly too long: skip tokenising twice
        ids: list[list[int]] = loaded.tokenizer(
            [texts[i] for i in order], truncation=True, max_length=max_tokens
        )["input_ids"]
        total = sum(len(x) for x in ids)
        if total > PACKED_TOKENS_PER_WORKER * threads:
            return False
        workers = max(1, min(threads, total // _MIN_TOKENS_PER_WORKER))
        shards = balanced_shards([len(x) for x in ids], workers)
        onnx = self.onnx(runtime, cache_root)
        forward: Callable[[list[list[int]]], Vectors] = (
            onnx.forward if onnx is not None else partial(packed_forward, loaded.model)
        )
        if workers == 1:
            results = [forward([ids[j] for j in shards[0]])]
        else:
            pool = _WORKERS.get(workers)
            futures = [pool.submit(forward, [ids[j] for j in shard]) for shard in shards]
            results = [f.result() for f in futures]
        pooled = np.zeros((len(ids), loaded.dim), dtype=np.float32)
        for shard, vecs in zip(shards, results, strict=True):
            pooled[shard] = vecs
        if not self._verify(texts, order, pooled, max_tokens, workers):
            return False
        out[order] = pooled
        return True

    def _verify(
        self, texts: Sequence[str], order: list[int], packed: Vectors, max_tokens: int, workers: int
    ) -> bool:
        """Once per worker count: compare with the padded path; switch packing off if they differ."""
        if workers in self.checked:
            return self.checked[workers]
        import torch

        loaded = self.loaded
        enc = loaded.tokenizer(
            [texts[i] for i in order],
            padding=True,
            truncation=True,
            max_length=max_tokens,
            return_tensors="pt",
        )
        with torch.inference_mode():
            hidden = loaded.model(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            ref = torch.nn.functional.normalize((hidden * mask).sum(dim=1) / mask.sum(dim=1), p=2, dim=1)
        worst = float(np.min(np.sum(ref.numpy() * packed, axis=1)))
        ok = worst > 0.9999
        self.checked[workers] = ok
        if not ok:
            log.warning("packed encoding disagrees with the padded path (cosine %.5f): packing is off", worst)
        return ok


def balanced_shards(lengths: list[int], k: int) -> list[list[int]]:
    """Split indices into ``k`` groups of about equal token counts (longest first, into the lightest)."""
    shards: list[list[int]] = [[] for _ in range(k)]
    loads = [0] * k
    for i in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
        j = loads.index(min(loads))
        shards[j].append(i)
        loads[j] += lengths[i]
    return [s for s in shards if s]


def packed_forward(model: Any, ids: list[list[int]]) -> Vectors:
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
