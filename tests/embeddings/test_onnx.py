"""ONNX Runtime for small embedding requests (textops/embeddings/_onnx.py): same vectors, cached export."""

from __future__ import annotations

import builtins
import logging
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from textops.embeddings import TransformerEmbedder
from textops.embeddings import _onnx as onnx_mod
from textops.embeddings._onnx import OnnxUnavailableError, export_path, load_onnx_encoder
from textops.embeddings._packed import packed_forward
from textops.errors import ModelNotAvailableError
from textops.loaders import load_transformer
from textops.settings import Settings, get_settings

TEXTS = [
    "Access cash from the equity in your home",
    "",
    "Why?",
    *(f"Refinance your mortgage to lower your monthly payment, option {i}" for i in range(20)),
    "We already use another vendor and the contract runs until next March, so not this quarter.",
]


@pytest.fixture
def fresh_onnx(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget the model's ONNX session so each test builds (or fails to build) its own."""
    monkeypatch.setattr(TransformerEmbedder().packed_runtime, "_onnx", None)


def _loaded() -> Any:
    return load_transformer(get_settings().embedding_model)


@pytest.mark.model
def test_onnx_packed_path_gives_the_torch_vectors(settings: Settings, fresh_onnx: None) -> None:
    onnx = TransformerEmbedder(runtime="onnx")
    onnx.warm()
    assert onnx.active_runtime == "onnx"
    got = onnx.encode(TEXTS)
    padded = TransformerEmbedder(packed=False, precision="fp32").encode(TEXTS)
    torch_packed = TransformerEmbedder(runtime="torch").encode(TEXTS)
    full = [i for i, t in enumerate(TEXTS) if t]
    assert np.sum(got[full] * padded[full], axis=1).min() > 0.99999
    np.testing.assert_allclose(got, torch_packed, atol=1e-5)
    assert not got[1].any()  # the empty text keeps its zero vector
    for one in (["ok"], [TEXTS[0]]):  # a single short text: one worker in the calling thread
        np.testing.assert_allclose(
            onnx.encode(one), TransformerEmbedder(packed=False, precision="fp32").encode(one), atol=1e-5
        )
    assert export_path(_loaded(), settings.data_dir / "models").is_file()


@pytest.mark.model
def test_export_is_cached_and_a_broken_file_is_exported_again(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = _loaded()
    root = settings.data_dir / "models"
    first = load_onnx_encoder(loaded, root, packed_forward)
    path = export_path(loaded, root)
    assert first.path == path and path.is_file()
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".tmp-")]  # no temporary left

    def no_export(model: Any, target: Path) -> None:
        raise AssertionError("exported again although a good file was cached")

    monkeypatch.setattr(onnx_mod, "_export", no_export)
    load_onnx_encoder(loaded, root, packed_forward)  # loads the cached file

    path.write_bytes(b"not an onnx graph")
    monkeypatch.undo()
    again = load_onnx_encoder(loaded, root, packed_forward)
    ids = loaded.tokenizer(TEXTS[:3:2])["input_ids"]
    np.testing.assert_allclose(again.forward(ids), packed_forward(loaded.model, ids), atol=1e-5)


@pytest.mark.model
def test_a_session_whose_vectors_differ_is_refused(settings: Settings) -> None:
    def shuffled(model: Any, ids: list[list[int]]) -> np.ndarray:
        vecs = packed_forward(model, ids)
        return np.roll(vecs, 1, axis=1)  # a different vector of the same norm

    with pytest.raises(OnnxUnavailableError, match="differ"):
        load_onnx_encoder(_loaded(), settings.data_dir / "models", shuffled)


@pytest.mark.model
def test_without_onnxruntime_auto_falls_back_and_onnx_says_what_to_do(
    settings: Settings, fresh_onnx: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    real_import = builtins.__import__

    def no_ort(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "onnxruntime":
            raise ImportError("No module named 'onnxruntime'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ort)
    with caplog.at_level(logging.WARNING, logger="textops.embeddings"):
        auto = TransformerEmbedder(runtime="auto")
        vecs = auto.encode(TEXTS[:3])
    assert auto.active_runtime == "torch"
    assert "onnxruntime is not installed" in caplog.text
    np.testing.assert_allclose(
        vecs, TransformerEmbedder(packed=False, precision="fp32").encode(TEXTS[:3]), atol=1e-5
    )
    with pytest.raises(ModelNotAvailableError, match="onnxruntime") as err:
        TransformerEmbedder(runtime="onnx").encode(TEXTS[:3])
    assert "TEXTOPS_EMBEDDING_RUNTIME=torch" in str(err.value.hint)


def test_runtime_setting_is_validated() -> None:
    with pytest.raises(ValueError, match="auto, torch or onnx"):
        TransformerEmbedder(runtime="tensorrt")
    with pytest.raises(ValueError):
        Settings(embedding_runtime="tensorrt")
