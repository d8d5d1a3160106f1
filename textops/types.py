"""Typed documents that every pipeline consumes: call transcripts and campaign copy.

Readers in :mod:`textops.ingest` produce these; the store persists them; pipelines read them.
They are pydantic models so they serialise to the JSON the API returns without a second schema.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

__all__ = [
    "CopyBlock",
    "CopyDocument",
    "Document",
    "Outcome",
    "Participant",
    "Role",
    "Transcript",
    "Utterance",
]

Role = Literal["rep", "prospect", "unknown"]
"""Who is speaking: the seller's side (``rep``), the buyer's side (``prospect``), or not known."""

Outcome = Literal["won", "lost", "open"]
"""The deal result attached to a call, where known."""

BlockKind = Literal["headline", "heading", "paragraph", "bullet", "body", "cta"]


class Participant(BaseModel):
    """A person on a call."""

    name: str
    role: Role = "unknown"
    company: str | None = None
    email: str | None = None
    title: str | None = None


class Utterance(BaseModel):
    """One speaker turn: who said what, and when (seconds from the start of the call)."""

    speaker: str
    role: Role = "unknown"
    text: str
    start: float | None = None
    end: float | None = None
    index: int = 0
    line: int | None = Field(default=None, description="line in the source file, for error messages")


class Transcript(BaseModel):
    """A call transcript with optional call metadata."""

    kind: Literal["transcript"] = "transcript"
    call_id: str
    title: str | None = None
    started_at: datetime | None = None
    participants: list[Participant] = Field(default_factory=list)
    utterances: list[Utterance] = Field(default_factory=list)
    outcome: Outcome | None = None
    segment: str | None = None
    stage: str | None = None
    source: str | None = Field(default=None, description="file name the transcript came from")
    metadata: dict[str, str] = Field(default_factory=dict)

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


class CopyBlock(BaseModel):
    """A unit of campaign copy: a headline, heading, paragraph, bullet, ad body or call to action."""

    kind: BlockKind = "paragraph"
    text: str
    heading: str | None = Field(default=None, description="the nearest heading above this block")
    level: int = 0
    line: int | None = None


class CopyDocument(BaseModel):
    """A piece of campaign copy (landing page, email, ad, ...) split into blocks."""

    kind: Literal["copy"] = "copy"
    doc_id: str
    title: str | None = None
    doc_type: str = "page"
    campaign: str | None = None
    channel: str | None = None
    blocks: list[CopyBlock] = Field(default_factory=list)
    source: str | None = None
    metadata: dict[str, str] = Field(default_factory=dict)

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
