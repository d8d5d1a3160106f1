"""The packaged MiniLM through transformers/torch (textops/embeddings/_transformer.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from textops.embeddings import TransformerEmbedder


@pytest.mark.model
def test_real_minilm_loads_offline_and_ranks_paraphrases() -> None:
    e = TransformerEmbedder()
    v = e.encode(["A plane is taking off.", "An air plane is taking off.", "A man is playing a flute.", ""])
    assert v.shape == (4, 384) and e.dim == 384
    np.testing.assert_allclose(np.linalg.norm(v[:3], axis=1), 1.0, rtol=1e-4)
    assert float(v[0] @ v[1]) > 0.8 > 0.3 > float(v[0] @ v[2])
    assert np.all(v[3] == 0)
    # batching and length-sorting must not change a vector
    single = e.encode(["A man is playing a flute."])
    np.testing.assert_allclose(single[0], v[2], atol=1e-5)


def test_bulk_precision_follows_the_setting_and_the_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    from textops.embeddings import _transformer

    monkeypatch.setattr(_transformer, "native_bf16", lambda: False)
    assert _transformer.bulk_precision("auto") == "fp32"
    monkeypatch.setattr(_transformer, "native_bf16", lambda: True)
    assert _transformer.bulk_precision("auto") == "bf16"
    assert _transformer.bulk_precision("fp32") == "fp32"
    assert TransformerEmbedder(precision="bf16").precision == "bf16"
    with pytest.raises(ValueError, match="auto, fp32 or bf16"):
        TransformerEmbedder(precision="int8")


@pytest.mark.model
def test_bf16_bulk_vectors_stay_within_the_stated_tolerance_of_float32() -> None:
    """bfloat16 autocast moves a bulk vector by less than the README's stated cosine (0.9999); pooling and
    normalisation stay float32 (unit rows, float32 out). Forced here, so it also runs where bf16 is slow."""
    texts = [
        "Honestly the price is a lot for a team our size.",
        "I'd have to run this by our CFO before we commit to anything.",
        "Our month-end close is a nightmare of spreadsheets.",
        "We sync with the ERP every fifteen minutes, so the ledger is always current.",
        "",
    ]
    fp32 = TransformerEmbedder(packed=False, precision="fp32").encode(texts)
    bf16 = TransformerEmbedder(packed=False, precision="bf16").encode(texts)
    assert bf16.dtype == np.float32 and np.all(bf16[-1] == 0)
    np.testing.assert_allclose(np.linalg.norm(bf16[:-1], axis=1), 1.0, rtol=1e-5)
    cosines = np.sum(fp32[:-1] * bf16[:-1], axis=1)
    assert cosines.min() > 0.9999
    assert not np.array_equal(fp32, bf16)  # the autocast did run


@pytest.mark.model
def test_the_bulk_bf16_model_is_read_as_bf16_without_loading_the_float32_model() -> None:
    """A bulk-only process (a corpus analysis) never holds the float32 weights; the bf16 copy it reads is
    the float32 model cast, weight for weight."""
    import copy

    import torch

    from textops.embeddings._packed import PackedRuntime
    from textops.loaders import load_transformer
    from textops.settings import get_settings

    name = get_settings().embedding_model
    loaded = load_transformer.__wrapped__(name)  # a fresh load, not the process's shared one
    runtime = PackedRuntime(name, loaded)
    assert runtime.packable and loaded.dim == 384
    bf16 = runtime.bf16_model()
    assert not loaded.model_loaded
    assert runtime.bf16_model() is bf16
    cast = copy.deepcopy(loaded.model).to(torch.bfloat16).state_dict()
    assert loaded.model_loaded and loaded.model.dtype == torch.float32
    got = bf16.state_dict()
    assert got.keys() == cast.keys()
    assert all(got[k].dtype == cast[k].dtype and torch.equal(got[k], cast[k]) for k in got)


@pytest.mark.model
def test_a_model_folder_without_weights_is_a_named_error(tmp_path: Path) -> None:
    """The float32 weights load on first use, but a folder that has none is refused at load, naming it."""
    import shutil

    from textops.errors import ModelNotAvailableError
    from textops.loaders import load_transformer, resolve_embedding_path
    from textops.settings import get_settings

    source = resolve_embedding_path(get_settings().embedding_model)
    folder = tmp_path / "no-weights"
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns("*.safetensors", "*.bin", "onnx"))
    with pytest.raises(ModelNotAvailableError, match="no weights file") as err:
        load_transformer.__wrapped__(str(folder))
    assert str(folder) in str(err.value)
