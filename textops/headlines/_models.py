"""Request and result models of the headline job (pydantic; the API serves them as they are)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

from textops.errors import InvalidInputError
from textops.headlines._lint import Lint

__all__ = [
    "MAX_HEADLINE_CHARS",
    "BannedTermNote",
    "BrandMessaging",
    "Channel",
    "Constraints",
    "Explanation",
    "FilterNote",
    "HeadlineReport",
    "ScoredHeadline",
    "StrategyNote",
    "StylingNote",
    "Tone",
    "UnsatisfiableConstraintError",
]

MAX_HEADLINE_CHARS = 300
"""Longest headline accepted (characters)."""

Tone = Literal["any", "plain", "urgent", "playful", "formal", "casual", "calm"]
"""Tone of the wording; ``casual`` = ``playful`` and ``calm`` = ``plain`` (older names)."""

Channel = Literal["any", "email", "search", "social"]
"""Where the headline runs: shapes its length (email/search 60, social 70 characters) and form."""


TONE_ALIASES = {"casual": "playful", "calm": "plain"}
"""Older tone names and the tone each now means (the constraints store the new name)."""


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
        description=(
            "changes the wording: plain (no hype, urgency or curiosity gaps), urgent (time cues), playful "
            "(contractions, looser openers), formal (no contractions or '!'); any: all strategies"
        ),
    )

    @field_validator("tone", mode="before")
    @classmethod
    def _older_tone_names(cls, value: object) -> object:
        """``casual`` is the playful tone and ``calm`` the plain one (older names, still accepted)."""
        return TONE_ALIASES.get(value, value) if isinstance(value, str) else value


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
    sources: list[str] = Field(
        default_factory=list, description="quotes (lede, body copy or calls) whose words the variant reuses"
    )
    lint: Lint


class StrategyNote(BaseModel):
    """A strategy that gave no variant, and why (in a marketer's words)."""

    strategy: str
    label: str
    reason: str


class FilterNote(BaseModel):
    """How many candidates one filter removed, and what that filter means."""

    filter: str
    removed: int
    reason: str
    examples: list[str] = Field(default_factory=list, description="up to two removed candidates")


class StylingNote(BaseModel):
    """A casing restyle of the original: advice, not a test arm (casing alone rarely moves clicks)."""

    style: Literal["title_case", "sentence_case"]
    text: str
    note: str


class BannedTermNote(BaseModel):
    """A banned term found in the original headline: rewritten out, or why it could not be."""

    term: str
    removed: bool
    how: str


class Explanation(BaseModel):
    """Why the report has the variants it has: strategies that did not apply and what each filter removed."""

    asked: int
    returned: int
    summary: str
    strategies_not_applied: list[StrategyNote] = Field(default_factory=list)
    filters: list[FilterNote] = Field(default_factory=list)
    brief: list[str] = Field(default_factory=list, description="what the tone, channel and audience changed")


class HeadlineReport(BaseModel):
    """Ranked variants of a headline."""

    original: ScoredHeadline
    variants: list[ScoredHeadline]
    dropped: dict[str, int] = Field(default_factory=dict, description="candidates dropped, by reason")
    scorer: dict[str, object] = Field(
        default_factory=dict, description="the scorer model and its validation figures"
    )
    explanation: Explanation | None = Field(
        default=None,
        description="strategies that did not apply and what each filter removed (generation only)",
    )
    styling: list[StylingNote] = Field(
        default_factory=list, description="casing restyles of the original: notes, not variants"
    )
    banned_terms: list[BannedTermNote] = Field(
        default_factory=list, description="banned terms found in the original and what became of them"
    )
