"""Request and result models of the headline job (pydantic; the API serves them as they are)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from textops.errors import InvalidInputError
from textops.headlines._lint import Lint

__all__ = [
    "MAX_HEADLINE_CHARS",
    "BrandMessaging",
    "Constraints",
    "HeadlineReport",
    "ScoredHeadline",
    "Tone",
    "UnsatisfiableConstraintError",
]

MAX_HEADLINE_CHARS = 300
"""Longest headline accepted (characters)."""

Tone = Literal["any", "formal", "casual", "calm", "urgent"]


class UnsatisfiableConstraintError(InvalidInputError):
    """No headline can meet a constraint (or two constraints contradict each other)."""

    code = "unsatisfiable_constraint"

    def __init__(self, constraint: str, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint or f"relax or remove the `{constraint}` constraint")
        self.constraint = constraint


class Constraints(BaseModel):
    """Hard constraints every returned variant meets."""

    max_chars: int | None = Field(default=None, ge=1, le=1000, description="maximum characters")
    max_words: int | None = Field(default=None, ge=1, le=200, description="maximum words")
    required_terms: list[str] = Field(
        default_factory=list, max_length=20, description="must appear (any case)"
    )
    banned_terms: list[str] = Field(default_factory=list, max_length=100, description="must not appear")
    max_grade: float | None = Field(default=None, ge=0, le=30, description="maximum Flesch-Kincaid grade")
    tone: Tone = Field(
        default="any",
        description="formal: no contractions or '!'; calm: no urgency words or '!'; others: any",
    )


class BrandMessaging(BaseModel):
    """Approved messages (a campaign's copy or its message pillars) variants should stay on."""

    name: str | None = Field(default=None, max_length=200)
    messages: list[str] = Field(min_length=1, max_length=100, description="message sentences or pillars")
    require_on_message: bool = Field(default=False, description="drop variants that are not on-message")


class ScoredHeadline(BaseModel):
    """A headline (the original or a variant) with its scores, explanations and lint."""

    text: str
    strategy: str = Field(
        description="the strategy that made it ('original', 'user', a built-in or 'neural:…')"
    )
    backend: str = Field(description="builtin, transformers, openai or user")
    rank: int = 0
    win_probability: float = Field(description="predicted P(beats the original in an A/B test)")
    win_low: float = Field(description="lower end of a 90% interval (parameter uncertainty only)")
    win_high: float = Field(description="upper end of a 90% interval (parameter uncertainty only)")
    contributions: dict[str, float] = Field(
        default_factory=dict,
        description="logit contribution of each feature: coefficient × standardised diff",
    )
    similarity: float = Field(description="cosine similarity of the embedding to the original")
    meaning: Literal["original", "same_message", "related", "styling"] = "related"
    brand_similarity: float | None = None
    on_message: bool | None = None
    flags: list[str] = Field(default_factory=list, description="soft problems (invented claims, constraints)")
    lint: Lint


class HeadlineReport(BaseModel):
    """Ranked variants of a headline."""

    original: ScoredHeadline
    variants: list[ScoredHeadline]
    dropped: dict[str, int] = Field(default_factory=dict, description="candidates dropped, by reason")
    scorer: dict[str, object] = Field(
        default_factory=dict, description="the scorer model and its validation figures"
    )
