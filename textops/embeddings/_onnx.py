"""ONNX Runtime for the packed encoder path (small requests: a headline and its variants, one utterance).

The packed forward pass of a BERT-type encoder (texts concatenated into one sequence, explicit position ids,
a block-diagonal attention mask built from a per-token segment id) is exported once with torch's ONNX
exporter into ``<data_dir>/models/onnx-…/packed.onnx`` and run by ONNX Runtime. On CPUs without AVX-512
its MLAS kernels run the same fp32 arithmetic faster than torch's (``bench/headline_latency.py``; the
figures are in the CHANGELOG). Nothing is approximated: the session is checked against the torch packed
path on fixed probe texts when it is built (cosine > 0.9999 for each), and the embedder's first packed
request is compared with the padded torch path as before; a session that fails either is not used.

The export is keyed by the model folder's files (names, sizes, modification times) and the torch,
transformers and exporter versions, written atomically, and rebuilt when it cannot be loaded.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from textops.embeddings._protocol import Vectors
from textops.loaders import LoadedTransformer

__all__ = ["OnnxPackedEncoder", "OnnxUnavailableError", "export_path", "load_onnx_encoder"]

log = logging.getLogger(__name__)

EXPORT_VERSION = 1
"""Bumped whenever the exported graph changes (inputs, outputs, wrapper)."""

PROBE_TEXTS = (
    "Access cash from the equity in your home",
    "Why?",
    "Refinance your mortgage to lower your monthly payment — and keep the difference.",
    "We already use another vendor and the contract runs until next March.",
    "ok",
)
"""Texts of different lengths (one packed sequence, then each alone) that a new session must reproduce."""

_MIN_PROBE_COSINE = 0.9999


class OnnxUnavailableError(RuntimeError):
    """ONNX Runtime cannot run this encoder here (package missing, export failed, or vectors differ)."""


class OnnxPackedEncoder:
    """Runs the exported packed forward pass; :meth:`forward` is safe to call from several threads at once."""

    def __init__(self, session: Any, path: Path):
        self._session = session
        self.path = path

    def forward(self, ids: list[list[int]]) -> Vectors:
        """Mean-pooled, L2-normalised vectors of the token-id lists ``ids``, run as one packed sequence."""
        lens = np.fromiter((len(x) for x in ids), dtype=np.int64, count=len(ids))
        flat = np.fromiter((t for x in ids for t in x), dtype=np.int64, count=int(lens.sum()))
        starts = np.concatenate(([0], np.cumsum(lens)[:-1]))
        positions = np.arange(flat.size, dtype=np.int64) - np.repeat(starts, lens)
        segment = np.repeat(np.arange(len(ids), dtype=np.int64), lens)
        hidden = self._session.run(
            None, {"input_ids": flat[None], "position_ids": positions[None], "segment": segment}
        )[0]
        pooled = np.add.reduceat(hidden, starts, axis=0) / lens[:, None]
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return np.asarray(pooled / np.maximum(norms, 1e-12), dtype=np.float32)


def export_path(loaded: LoadedTransformer, cache_root: Path) -> Path:
    """Where the export of ``loaded`` lives under ``cache_root`` (changes when the model or tools change)."""
    import torch
    import transformers

    parts = [str(loaded.path.resolve()), torch.__version__, transformers.__version__, str(EXPORT_VERSION)]
    for f in sorted(loaded.path.iterdir()):
        if f.is_file():
            st = f.stat()
            parts.append(f"{f.name}:{st.st_size}:{st.st_mtime_ns}")
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]
    label = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{loaded.path.parent.name}-{loaded.path.name}")[-60:]
    return cache_root / f"onnx-{label}-{digest}" / "packed.onnx"


def _export(model: Any, target: Path) -> None:
    """Export the packed forward pass of ``model`` to ``target`` (atomically: temporary file, rename)."""
    import torch

    class Packed(torch.nn.Module):
        def __init__(self, inner: Any):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, position_ids: Any, segment: Any) -> Any:
            mask = (segment[:, None] == segment[None, :])[None, None]
            out = self.inner(
                input_ids=input_ids,
                attention_mask=mask,
                position_ids=position_ids,
                token_type_ids=torch.zeros_like(input_ids),
            )
            return out.last_hidden_state[0]

    example = ([101, 2000, 3000, 102], [101, 4000, 102])
    flat = torch.tensor([[t for x in example for t in x]])
    positions = torch.tensor([[i for x in example for i in range(len(x))]])
    segment = torch.tensor([k for k, x in enumerate(example) for _ in x])
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=".onnx", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with warnings.catch_warnings(), torch.inference_mode():
            warnings.simplefilter("ignore")  # tracer warnings about Python-level branches of the model
            torch.onnx.export(
                Packed(model).eval(),
                (flat, positions, segment),
                str(tmp),
                input_names=["input_ids", "position_ids", "segment"],
                output_names=["hidden"],
                dynamic_axes={
                    "input_ids": {1: "tokens"},
                    "position_ids": {1: "tokens"},
                    "segment": {0: "tokens"},
                    "hidden": {0: "tokens"},
                },
                opset_version=17,
                dynamo=False,
            )
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _session(path: Path) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1  # callers run one shard per core in their own threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # no busy-waiting threads: a shared server's other work keeps its cores
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def _probe(encoder: OnnxPackedEncoder, loaded: LoadedTransformer, reference: Any) -> float:
    """Smallest cosine between the session's and ``reference``'s vectors on :data:`PROBE_TEXTS`."""
    ids: list[list[int]] = loaded.tokenizer(list(PROBE_TEXTS))["input_ids"]
    worst = 1.0
    for batch in (ids, *([x] for x in ids)):
        got, want = encoder.forward(batch), reference(loaded.model, batch)
        worst = min(worst, float(np.min(np.sum(got * want, axis=1))))
    return worst


def load_onnx_encoder(loaded: LoadedTransformer, cache_root: Path, reference: Any) -> OnnxPackedEncoder:
    """Export (once) and load the packed ONNX encoder of ``loaded``, checked against ``reference``.

    ``reference(model, ids)`` is the torch packed forward pass. Raises :class:`OnnxUnavailableError` when
    ONNX Runtime or the exporter is missing, the export fails, or the vectors differ.
    """
    try:
        import onnxruntime  # noqa: F401
    except ImportError as exc:
        raise OnnxUnavailableError("the package onnxruntime is not installed") from exc
    t0 = time.perf_counter()
    path = export_path(loaded, cache_root)
    session = None
    if path.exists():
        try:
            session = _session(path)
        except Exception as exc:  # a truncated or foreign file: export it again
            log.warning("could not load %s (%s): exporting it again", path, exc)
    if session is None:
        try:
            _export(loaded.model, path)
            session = _session(path)
        except Exception as exc:  # any exporter failure means: stay on torch
            raise OnnxUnavailableError(f"could not export {loaded.path} to ONNX: {exc}") from exc
        log.info("exported %s to %s in %.2fs", loaded.path, path, time.perf_counter() - t0)
    encoder = OnnxPackedEncoder(session, path)
    worst = _probe(encoder, loaded, reference)
    if worst <= _MIN_PROBE_COSINE:
        raise OnnxUnavailableError(
            f"ONNX Runtime's vectors differ from torch's for {loaded.path} (cosine {worst:.5f})"
        )
    log.info("ONNX Runtime encoder ready in %.2fs (probe cosine %.7f)", time.perf_counter() - t0, worst)
    return encoder
