"""The distilled headline encoder (textops/headlines/_encoder.py): what it loads, and when it steps aside."""

from __future__ import annotations

import copy
import json
import logging
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from textops import loaders
from textops.embeddings import get_embedder
from textops.errors import ModelNotAvailableError
from textops.headlines import _encoder, score_headlines
from textops.headlines._encoder import ENCODER_RESOURCE, MINILM_THRESHOLDS, headline_encoder
from textops.headlines._scorer import load_scorer
from textops.loaders import load_transformer
from textops.settings import Settings, override_settings

H = "Access cash from the equity in your home"
TEXTS = [H, "Tap the cash in your home equity", "How to access cash from your home", "Our app closes deals"]


def _resource() -> tuple[dict[str, np.ndarray], dict[str, object]]:
    with resources.files("textops").joinpath(ENCODER_RESOURCE).open("rb") as handle:
        data = np.load(handle, allow_pickle=False)
        return {k: data[k] for k in data.files if k != "meta"}, json.loads(str(data["meta"]))


def _reference_student(arrays: dict[str, np.ndarray], keep: list[int]) -> object:
    """The student built directly from the shipped layers, as bench/distill_headline_encoder.py builds it."""
    import torch

    student = copy.deepcopy(load_transformer(get_embedder().name).model)
    student.encoder.layer = torch.nn.ModuleList([student.encoder.layer[i] for i in keep])
    student.encoder.load_state_dict(
        {k.removeprefix("layer."): torch.from_numpy(v.astype(np.float32)) for k, v in arrays.items()}
    )
    return student.eval()


@pytest.fixture(autouse=True)
def _fresh_encoders() -> None:
    _encoder._encoders.clear()


@pytest.mark.model
def test_the_written_folder_reproduces_the_shipped_student(settings: Settings) -> None:
    import torch

    arrays, meta = _resource()
    enc = headline_encoder()
    assert enc.model_id == meta["model_id"] == load_scorer().embedding_model
    assert enc.embedder.store is None
    folder = Path(enc.embedder.name)
    assert folder.parent == Path(settings.data_dir) / "models" and (folder / "model.safetensors").is_file()
    assert json.loads((folder / "config.json").read_text())["num_hidden_layers"] == len(meta["layers_kept"])
    got = enc.embedder.encode(TEXTS)
    tok = load_transformer(get_embedder().name).tokenizer
    student = _reference_student(arrays, list(meta["layers_kept"]))  # type: ignore[arg-type]
    with torch.inference_mode():
        batch = tok(TEXTS, padding=True, return_tensors="pt")
        hidden = student(**batch).last_hidden_state  # type: ignore[operator]
        mask = batch["attention_mask"].unsqueeze(-1).float()
        want = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=1).numpy()
    assert np.allclose((got * want).sum(axis=1), 1.0, atol=1e-4)
    full = get_embedder().encode(TEXTS)
    assert not np.allclose(got, full, atol=1e-2)  # it is not the 6-layer model under another name
    # a second start reuses the folder (the weights file is not rewritten)
    mtime = (folder / "model.safetensors").stat().st_mtime_ns
    _encoder._encoders.clear()
    assert headline_encoder().embedder.name == str(folder)
    assert (folder / "model.safetensors").stat().st_mtime_ns == mtime


def test_thresholds_are_calibrated_and_ordered() -> None:
    _, meta = _resource()
    th = meta["thresholds"]
    assert isinstance(th, dict)
    assert 0 < th["topical"] < th["band_low"] < th["same_message"] < th["duplicate"] <= th["copy"] < 1
    assert MINILM_THRESHOLDS.topical < MINILM_THRESHOLDS.band_low < MINILM_THRESHOLDS.same_message


@pytest.mark.model
def test_full_setting_uses_the_embedding_model_and_scores_on_features(settings: Settings) -> None:
    with override_settings(headline_encoder="full"):
        enc = headline_encoder()
        assert enc.embedder.inner is get_embedder().inner and enc.thresholds == MINILM_THRESHOLDS
        assert enc.embedder.store is None  # headline texts are request data: never written to the store
        report = score_headlines(H, TEXTS[1:])
    assert report.scorer["model"] == "features" and report.scorer["encoder"] == get_embedder().name
    _encoder._encoders.clear()
    assert score_headlines(H, TEXTS[1:]).scorer["model"] == "features+embeddings"


@pytest.mark.model
def test_another_teacher_bypasses_the_student_with_a_warning(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(loaders, "teacher_digest", lambda folder: "not-the-teacher")
    with caplog.at_level(logging.WARNING, logger="textops.loaders"):
        enc = headline_encoder()
    assert enc.embedder.inner is get_embedder().inner
    assert "TEXTOPS_EMBEDDING_MODEL" in caplog.text
    assert not any(Path(settings.data_dir, "models").glob("headline-*"))


def test_a_missing_resource_says_how_to_rebuild(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_encoder, "ENCODER_RESOURCE", "data/no-such-file.npz")
    with pytest.raises(ModelNotAvailableError) as err:
        headline_encoder()
    assert "distill_headline_encoder" in (err.value.hint or "")
    assert "TEXTOPS_HEADLINE_ENCODER=full" in (err.value.hint or "")


def test_the_setting_is_validated() -> None:
    with pytest.raises(ValueError, match="headline_encoder"):
        Settings(headline_encoder="tiny")
