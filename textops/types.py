"""Typed documents that every pipeline consumes: call transcripts and campaign copy.

Readers in :mod:`textops.ingest` produce these; the store persists them; pipelines read them.
They are pydantic models so they serialise to the JSON the API returns without a second schema.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, Field, StringConstraints

__all__ = [
    "MAX_CALL_ID",
    "MAX_ROW_ID",
    "MAX_SEGMENT",
    "MAX_SOURCE",
    "MAX_SPEAKER",
    "MAX_TITLE",
    "CopyBlock",
    "CopyDocument",
    "Document",
    "Outcome",
    "Participant",
    "ReportCall",
    "Role",
    "RoleSource",
    "RowId",
    "Transcript",
    "Utterance",
]

MAX_SPEAKER = 200
"""Longest speaker (participant) name, in characters: the store's column and the readers' check."""
MAX_CALL_ID = 300
"""Longest call id or copy document id."""
MAX_SEGMENT = 100
"""Longest segment (and stage) label."""
MAX_TITLE = 500
"""Longest title."""
MAX_SOURCE = 500
"""Longest source file name."""
MAX_ROW_ID = 2**31 - 1
"""Largest stored row id (corpora, documents, keys): the id columns are 32-bit integers on PostgreSQL."""

RowId = Annotated[int, Field(ge=1, le=MAX_ROW_ID)]
"""A stored row id in a request (larger ones are a 422, not a database error)."""


def _drop_nul(value: object) -> object:
    """NUL characters carry no meaning in text and PostgreSQL cannot store them: they are dropped."""
    return value.replace("\x00", "") if isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(_drop_nul)]
"""A string with NUL characters removed."""


Speaker = Annotated[str, StringConstraints(max_length=MAX_SPEAKER), BeforeValidator(_drop_nul)]
DocId = Annotated[str, StringConstraints(max_length=MAX_CALL_ID), BeforeValidator(_drop_nul)]
Segment = Annotated[str, StringConstraints(max_length=MAX_SEGMENT), BeforeValidator(_drop_nul)]
Title = Annotated[str, StringConstraints(max_length=MAX_TITLE), BeforeValidator(_drop_nul)]
Source = Annotated[str, StringConstraints(max_length=MAX_SOURCE), BeforeValidator(_drop_nul)]

Role = Literal["rep", "prospect", "unknown"]
"""Who is speaking: the seller's side (``rep``), the buyer's side (``prospect``), or not known."""

RoleSource = Literal["explicit", "user", "label", "domain", "company", "rest", "inferred"]
"""Why a speaker has its role: the file said so (a ``role`` field or a header list), the user's mapping, a
role-like speaker label (``Customer``), an email domain or company, "the others are prospects", or inferred
from what the speaker says (with a confidence)."""

Outcome = Literal["won", "lost", "open"]
"""The deal result attached to a call, where known."""

BlockKind = Literal["headline", "heading", "paragraph", "bullet", "body", "cta"]


class Participant(BaseModel):
    """A person on a call."""

    name: Speaker
    role: Role = "unknown"
    company: Text | None = None
    email: Text | None = None
    title: Text | None = None
    role_source: RoleSource | None = None
    """Which rule decided ``role`` (``None`` while it is unknown)."""
    role_confidence: float | None = None
    """For an inferred role, how sure the inference is (0.5–1); 1.0 for every other source."""


class Utterance(BaseModel):
    """One speaker turn: who said what, and when (seconds from the start of the call)."""

    speaker: Speaker
    role: Role = "unknown"
    text: Text
    start: float | None = None
    end: float | None = None
    index: int = 0
    line: int | None = Field(default=None, description="line in the source file, for error messages")


class Transcript(BaseModel):
    """A call transcript with optional call metadata."""

    kind: Literal["transcript"] = "transcript"
    call_id: DocId
    title: Title | None = None
    started_at: datetime | None = None
    participants: list[Participant] = Field(default_factory=list)
    utterances: list[Utterance] = Field(default_factory=list)
    outcome: Outcome | None = None
    segment: Segment | None = None
    stage: Segment | None = None
    source: Source | None = Field(default=None, description="file name the transcript came from")
    metadata: dict[str, Text] = Field(default_factory=dict)

    @property
    def reps(self) -> list[str]:
        """Names of the speakers on the seller's side, in order of first appearance."""
        seen: dict[str, None] = {}
        for u in self.utterances:
            if u.role == "rep":
                seen.setdefault(u.speaker, None)
        return list(seen)

    @property
    def word_count(self) -> int:
        """Whitespace-separated words across all utterances."""
        return sum(len(u.text.split()) for u in self.utterances)

    @property
    def roles_status(self) -> Literal["known", "inferred", "unknown"]:
        """Whether the call's roles are ``known``, ``inferred`` (guessed from the content) or ``unknown``.

        ``unknown`` when some speaker's role is unknown, or when several people speak and none of them is a
        prospect or none a rep. A call with one speaker only (a voicemail, a one-sided recording) has the
        status of that speaker's role: one side is all there is to analyse.
        """
        spoken = {u.role for u in self.utterances}
        speakers = {" ".join(u.speaker.split()).casefold() for u in self.utterances}
        one_sided = "rep" not in spoken or "prospect" not in spoken
        if not spoken or "unknown" in spoken or (one_sided and len(speakers) > 1):
            return "unknown"
        inferred = any(
            p.role_source == "inferred" and " ".join(p.name.split()).casefold() in speakers
            for p in self.participants
        )
        return "inferred" if inferred else "known"


class CopyBlock(BaseModel):
    """A unit of campaign copy: a headline, heading, paragraph, bullet, ad body or call to action."""

    kind: BlockKind = "paragraph"
    text: Text
    heading: Text | None = Field(default=None, description="the nearest heading above this block")
    level: int = 0
    line: int | None = None


class CopyDocument(BaseModel):
    """A piece of campaign copy (landing page, email, ad, ...) split into blocks."""

    kind: Literal["copy"] = "copy"
    doc_id: DocId
    title: Title | None = None
    doc_type: Text = "page"
    campaign: Text | None = None
    channel: Text | None = None
    blocks: list[CopyBlock] = Field(default_factory=list)
    source: Source | None = None
    metadata: dict[str, Text] = Field(default_factory=dict)

    @property
    def text(self) -> str:
        """All block texts joined by blank lines."""
        return "\n\n".join(b.text for b in self.blocks)

    @property
    def word_count(self) -> int:
        """Whitespace-separated words across all blocks."""
        return sum(len(b.text.split()) for b in self.blocks)


Document = Transcript | CopyDocument
"""Anything a reader can produce."""


class ReportCall(BaseModel):
    """One call of a stored report and its stored transcript; each kind of report adds what it found there."""

    report_id: str
    call_id: str
    document_id: int | None = Field(
        description="the stored transcript (GET /v1/documents/{id}); None if gone"
    )
    transcript: Transcript | None
