"""The spaCy layer: sentences, tokens, lemmas and noun chunks, batched, with per-task trimmed pipelines.

Pipelines come from :func:`textops.loaders.load_spacy` (once per process). Unit tests pass
``spacy.blank("en")`` with a ``sentencizer`` instead; every function here accepts any ``Language``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc, Token

from textops.loaders import SpacyProfile, load_spacy
from textops.settings import get_settings

if TYPE_CHECKING:
    pass

__all__ = [
    "FILLERS",
    "Sentence",
    "get_nlp",
    "normalise_speech",
    "pipe",
    "split_sentences",
]

FILLERS: frozenset[str] = frozenset({"um", "uh", "erm", "er", "uhm", "hmm", "mm", "mhm", "ah"})
"""Filled pauses that carry no content in spoken turns."""

_FILLER_RE = re.compile(r"(?i)(?<![\w'])(?:um+|uh+|erm+|uhm+|hmm+|mhm+)(?![\w'])[,.]?\s*")
_REPEAT_RE = re.compile(r"(?i)\b(\w+)(?:,?\s+\1\b)+")
_SPACES_RE = re.compile(r"\s+")

if not Token.has_extension("is_filler"):
    Token.set_extension("is_filler", getter=lambda t: t.lower_ in FILLERS)


@dataclass(frozen=True)
class Sentence:
    """A sentence of a source text, with its character offsets in that text."""

    text: str
    start: int
    end: int
    source: int = 0
    lemmas: tuple[str, ...] = field(default=(), compare=False)


def get_nlp(profile: SpacyProfile = "full") -> Language:
    """The configured spaCy pipeline, trimmed to ``profile`` (see :data:`textops.loaders.SPACY_PROFILES`)."""
    return load_spacy(get_settings().spacy_model, profile)


def normalise_speech(text: str) -> str:
    """Drop filled pauses ("um", "uh") and immediate word repeats ("we we use") from a spoken turn.

    Keeps everything else verbatim, so quotes stay recognisable. Used before embedding speech so
    disfluencies do not pull a sentence away from its written paraphrase.
    """
    cleaned = _FILLER_RE.sub("", text)
    cleaned = _REPEAT_RE.sub(r"\1", cleaned)
    return _SPACES_RE.sub(" ", cleaned).strip()


def pipe(texts: Iterable[str], nlp: Language | None = None, *, batch_size: int = 256) -> Iterator[Doc]:
    """Run ``nlp`` over ``texts`` in batches (``nlp.pipe``), yielding one ``Doc`` per text, in order."""
    language = nlp if nlp is not None else get_nlp("sentences")
    yield from language.pipe(texts, batch_size=batch_size)


def split_sentences(
    texts: Sequence[str],
    nlp: Language | None = None,
    *,
    batch_size: int = 256,
    min_chars: int = 1,
    with_lemmas: bool = False,
) -> list[list[Sentence]]:
    """Split each text into sentences; returns one list of :class:`Sentence` per input text.

    Uses the fast ``sentences`` profile (statistical sentence recogniser only) unless ``nlp`` is given.
    Sentences shorter than ``min_chars`` (after stripping) are dropped.
    """
    language = nlp if nlp is not None else get_nlp("lemmas" if with_lemmas else "sentences")
    out: list[list[Sentence]] = []
    for i, doc in enumerate(language.pipe(texts, batch_size=batch_size)):
        sents: list[Sentence] = []
        for span in doc.sents:
            text = span.text.strip()
            if len(text) < min_chars:
                continue
            lemmas = tuple(t.lemma_.lower() for t in span if not t.is_space) if with_lemmas else ()
            sents.append(
                Sentence(text=text, start=span.start_char, end=span.end_char, source=i, lemmas=lemmas)
            )
        out.append(sents)
    return out
