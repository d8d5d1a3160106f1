"""The state of one alignment run: its inputs and what each step of :func:`~textops.alignment.align` adds."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import numpy.typing as npt
from spacy.language import Language
from spacy.tokens import Doc

from textops.alignment._claims import ClaimInfo
from textops.alignment._messages import CandidateMessage, PillarSpec
from textops.alignment._models import Delivery, Terminology, UnbackedClaim
from textops.embeddings import Embedder
from textops.ingest import MessagingFramework
from textops.types import CopyDocument, Transcript

__all__ = ["AlignmentConfig", "AlignmentRun", "RepResults", "RepSentence"]


@dataclass
class AlignmentConfig:
    """Knobs of the alignment; thresholds default to the STS-calibrated ones shipped with textops."""

    match_threshold: float | None = None
    topical_threshold: float | None = None
    own_names: frozenset[str] = field(default_factory=frozenset)
    max_claims: int = 200
    top_terms: int = 25


@dataclass
class RepSentence:
    """A sentence a rep says (small talk and questions left out), with its call index and claim reading.

    Only the text is kept, not the parse: a corpus's sentences outlive its slice, its parses do not.
    """

    call: int
    speaker: str
    start: float | None
    text: str
    """The sentence as the parser cut it (what is embedded)."""
    claim: ClaimInfo


def _no_vectors() -> npt.NDArray[np.float32]:
    return np.zeros((0, 0), dtype=np.float32)


@dataclass
class RepResults:
    """What steps 2–4 find in rep speech: a slice of the calls' (``RepSlice``) or the whole run's.

    Calls are referred to by their index in the whole run.
    """

    # rep speech
    sentences: list[RepSentence] = field(default_factory=list)
    dropped: int = 0
    """Rep sentences left out as small talk or questions."""

    # matches: every sentence against every message, and the deliveries (faithful or distorted)
    sims: npt.NDArray[np.float32] = field(default_factory=_no_vectors)
    """Similarity of each sentence (rows) to each message (columns)."""
    best: list[int] = field(default_factory=list)
    """The closest message of each sentence."""
    best_sim: list[float] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    delivery_pillar: list[str] = field(default_factory=list)
    delivery_call: list[int] = field(default_factory=list)
    partial: Counter[int] = field(default_factory=Counter)
    """Per call: sentences on a message's topic that neither deliver nor distort it."""
    matched: set[int] = field(default_factory=set)
    """Sentences that deliver a message or are on its topic (none of them is an unbacked claim)."""

    # claims: the reps' claims
    claims_by_call: Counter[int] = field(default_factory=Counter)
    claims_by_rep: Counter[str] = field(default_factory=Counter)


class Parser(Protocol):
    """What parses rep speech: ``nlp.pipe``, or the same pipeline elsewhere."""

    def pipe(self, texts: Sequence[str], batch_size: int = ...) -> Iterator[Doc]:
        """The parsed documents of ``texts``, in order."""
        ...


@dataclass(kw_only=True)
class AlignmentRun(RepResults):
    """One run of the alignment, passed from step to step.

    The inputs come first; each group after them is filled by the step it names (messages → rep speech →
    matches → claims → terminology), and the scores step reads them all. Calls are referred to by their
    index in ``transcripts`` (call ids need not be unique).
    """

    copy_docs: Sequence[CopyDocument]
    transcripts: Sequence[Transcript]
    framework: MessagingFramework | None
    config: AlignmentConfig
    nlp: Language
    embedder: Embedder
    match_threshold: float
    topical_threshold: float
    notes: list[str]
    """Warnings found while setting the run up (thresholds calibrated for another model)."""

    # messages: the approved messages, grouped into pillars (the catch-all pillar included)
    pillars: list[PillarSpec] = field(default_factory=list)
    messages: list[CandidateMessage] = field(default_factory=list)
    message_vectors: npt.NDArray[np.float32] = field(default_factory=_no_vectors)
    backed_numbers: frozenset[str] = frozenset()
    """Numbers the approved messages state."""
    known_names: frozenset[str] = frozenset()
    """Proper nouns of the approved messages and the seller's own names."""
    parse_lock: threading.Lock = field(default_factory=threading.Lock)
    """Held while spaCy parses: slices parsed in several threads take turns (the parse holds the GIL
    anyway) while the other threads embed."""
    parser: Parser | None = None
    """Parses rep speech instead of ``nlp`` (same pipeline, e.g. in a process of its own: no lock)."""

    # claims: those no approved message backs (riskiest first); the rest of steps 2–4 is in RepResults
    unbacked: list[UnbackedClaim] = field(default_factory=list)
    unbacked_call: list[int] = field(default_factory=list)

    # terminology
    copy_terms: Counter[str] = field(default_factory=Counter)
    rep_terms: Counter[str] = field(default_factory=Counter)
    rep_terms_by_call: dict[int, Counter[str]] = field(default_factory=dict)
    rep_terms_by_rep: dict[str, Counter[str]] = field(default_factory=dict)
    terminology: Terminology = field(
        default_factory=lambda: Terminology(copy_terms=[], rep_terms=[], pairs=[])
    )

    @property
    def real_pillars(self) -> list[PillarSpec]:
        """The pillars of the framework or the clusters: the catch-all of other copy claims left out."""
        return [p for p in self.pillars if not p.catch_all]

    @property
    def n_pillars(self) -> int:
        """How many real pillars there are (at least 1: the denominator of coverage)."""
        return len(self.real_pillars) or 1
