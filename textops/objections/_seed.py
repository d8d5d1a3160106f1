"""The labelled seed set the objection classifier is trained on (``corpora/objections/seed.jsonl``)."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from textops.errors import ConfigError, InvalidInputError
from textops.objections._taxonomy import CATEGORY_KEYS, NONE

__all__ = [
    "SEED_ENV",
    "SeedExample",
    "author_of",
    "default_head_paths",
    "default_seed_path",
    "default_training_paths",
    "load_head_set",
    "load_seed",
    "load_training_set",
    "seed_digest",
]

SEED_ENV = "TEXTOPS_OBJECTION_SEED"
"""Environment variable naming another seed file (same JSONL schema)."""


@dataclass(frozen=True)
class SeedExample:
    """One labelled sentence: ``label`` is ``none`` or a category key; ``kind`` says what sort of sentence."""

    text: str
    label: str
    kind: str = ""
    context: str = ""
    """The rep's turn just before the sentence, where the training line gives it (``rep``)."""
    source: str = ""
    """Who wrote it: the file's author group (:func:`author_of`), e.g. ``seed``, ``chat_informal``,
    ``author4`` (for ``author4_*.jsonl``); per-author sample weights and the leave-one-author-out dev
    evaluation use it. Not part of :func:`seed_digest`."""

    @property
    def is_pain(self) -> bool:
        """A pain point: the prospect describes a problem they have (a reason *to* buy), not an objection."""
        return self.label == NONE and self.kind == "pain"


def default_seed_path() -> Path:
    """``$TEXTOPS_OBJECTION_SEED`` if set, else ``corpora/objections/seed.jsonl`` next to the package."""
    configured = os.environ.get(SEED_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(__file__).resolve().parents[2] / "corpora" / "objections" / "seed.jsonl"


def load_seed(path: Path | None = None, *, whole_set: bool = True) -> list[SeedExample]:
    """Read and validate a seed file: one ``{"text", "label", "kind"}`` object per line.

    ``whole_set``: the file must be a training set on its own (``none`` examples and two categories);
    :func:`load_training_set` checks that of all its files together instead.
    """
    path = path or default_seed_path()
    if not path.is_file():
        raise ConfigError(
            f"objection seed set not found at {path}",
            hint=f"run from a clone of the textops repository or set {SEED_ENV} to a seed JSONL file",
        )
    allowed = {*CATEGORY_KEYS, NONE}
    out: list[SeedExample] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            text, label = str(row["text"]).strip(), str(row["label"])
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InvalidInputError(
                f"{path}:{n}: not a seed record ({exc})", hint='each line must be {"text": ..., "label": ...}'
            ) from exc
        if label not in allowed or not text:
            raise InvalidInputError(
                f"{path}:{n}: label {label!r} is not one of {sorted(allowed)} or the text is empty",
                hint="fix the line",
            )
        out.append(
            SeedExample(
                text=text,
                label=label,
                kind=str(row.get("kind", "")),
                context=str(row.get("rep") or "").strip(),
                source=author_of(path),
            )
        )
    if whole_set:
        _check_set(out, str(path))
    return out


def _check_set(examples: list[SeedExample], where: str) -> None:
    labels = {e.label for e in examples}
    if NONE not in labels or len(labels) < 3:
        raise InvalidInputError(
            f"{where}: the seed set needs 'none' examples and at least two categories",
            hint="add labelled sentences",
        )


def author_of(path: Path) -> str:
    """The author group of a training file: ``authorN`` for ``authorN_*.jsonl``, else the file's stem.

    One author wrote ``seed.jsonl``, each ``train/*.jsonl`` and ``smalltalk_logistics.jsonl``; the
    ``pending/authorN_*`` files are grouped by their author.
    """
    stem = path.stem
    head = stem.split("_", 1)[0]
    return head if head.startswith("author") and head[6:].isdigit() else stem


def default_training_paths() -> list[Path]:
    """``$TEXTOPS_OBJECTION_SEED`` alone if set; else ``seed.jsonl`` and every ``train/*.jsonl`` beside it."""
    if os.environ.get(SEED_ENV):
        return [default_seed_path()]
    seed = default_seed_path()
    return [seed, *sorted((seed.parent / "train").glob("*.jsonl"))]


def default_head_paths() -> list[Path]:
    """The files the classifier head trains on besides the training set: ``pending/*.jsonl`` next to it.

    None when ``$TEXTOPS_OBJECTION_SEED`` names another seed file (that file is then the whole training set).
    """
    if os.environ.get(SEED_ENV):
        return []
    return sorted((default_seed_path().parent / "pending").glob("*.jsonl"))


def load_head_set(paths: list[Path] | None = None) -> list[SeedExample]:
    """Labelled sentences the classifier head trains on but the fine-tuned encoder has not seen.

    ``corpora/objections/pending/``: written after the encoder was tuned (another author's sentences, small
    talk and meeting logistics). They change the head without changing the encoder's training set, so the
    shipped encoder stays valid; the head sees them through the final encoder's vectors, which are
    out-of-sample for them, like the training set's out-of-fold vectors. Sentences that are also in the
    training set are left out.
    """
    files = paths if paths is not None else default_head_paths()
    if not files:
        return []
    known = {_key(e.text) for e in load_training_set()}
    return [e for e in load_training_set(files) if _key(e.text) not in known]


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def load_training_set(paths: list[Path] | None = None) -> list[SeedExample]:
    """Every labelled training sentence: the seed set and the register files of ``corpora/objections/train``.

    Sentences that occur in more than one file are kept once (the first label wins). The files are read
    again only when one of them changed (size or modification time): ``get_model`` asks for the set on every
    request, and parsing ~5,000 lines costs ~20 ms.
    """
    files = tuple(paths or default_training_paths())
    stamp = tuple((str(p), *_stat(p)) for p in files)
    with _LOCK:
        cached = _READ.get(stamp)
    if cached is None:
        cached = _read_training_set(files)
        with _LOCK:
            if len(_READ) >= 4:  # the training set and the head set, each as last read
                _READ.clear()
            _READ[stamp] = cached
    return list(cached)


_READ: dict[tuple[tuple[object, ...], ...], list[SeedExample]] = {}
_LOCK = threading.Lock()


def _stat(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (-1, -1)  # load_seed reports the missing file
    return (st.st_size, st.st_mtime_ns)


def _read_training_set(files: tuple[Path, ...]) -> list[SeedExample]:
    out: list[SeedExample] = []
    seen: set[str] = set()
    for path in files:
        for e in load_seed(path, whole_set=False):
            key = _key(e.text)
            if key not in seen:
                seen.add(key)
                out.append(e)
    _check_set(out, ", ".join(str(p) for p in files))
    return out


def seed_digest(examples: list[SeedExample]) -> str:
    """A short hash of the training content (part of the model's identity)."""
    h = hashlib.sha256()
    for e in examples:
        h.update(f"{e.label}\x00{e.kind}\x00{e.text}\x00{e.context}\n".encode())
    return h.hexdigest()[:16]
