"""Pydantic models of detections, objections and the objection report (the JSON the API returns)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from textops.alignment._claims import ClaimFlag
from textops.roles import RolesCheck
from textops.types import Outcome

__all__ = [
    "CallCategoryStat",
    "CategoryCount",
    "CategoryStat",
    "ClassifyResult",
    "CrossTheme",
    "Detection",
    "Evidence",
    "GroupStat",
    "NeighbourOut",
    "Objection",
    "ObjectionReport",
    "OutcomeStat",
    "PainPoints",
    "Quote",
    "Reply",
    "RuleEvidence",
    "Theme",
    "TrendPoint",
]


class RuleEvidence(BaseModel):
    """A rule that fired on the span."""

    rule: str
    category: str
    text: str


class NeighbourOut(BaseModel):
    """A labelled example near the span (seed sentence or custom-category example)."""

    text: str
    label: str
    similarity: float


class Evidence(BaseModel):
    """Why the span was flagged: rules that fired and the nearest labelled examples."""

    rules: list[RuleEvidence] = Field(default_factory=list)
    neighbours: list[NeighbourOut] = Field(default_factory=list)


class Detection(BaseModel):
    """An objection span in one utterance."""

    text: str = Field(description="the span, verbatim")
    start_char: int = Field(description="offset of the span in the utterance text")
    end_char: int
    category: str
    category_label: str
    confidence: float = Field(description="calibrated P(objection) of the span")
    category_confidence: float = Field(
        description="calibrated P(category | objection) (built-in); a similarity share (custom categories)"
    )
    category_scores: dict[str, float] = Field(
        default_factory=dict, description="the three most likely categories"
    )
    source: Literal["model", "custom_examples"] = "model"
    evidence: Evidence = Field(default_factory=Evidence)


class ClassifyResult(BaseModel):
    """``classify`` of one utterance: whether it holds objections, and each span."""

    text: str
    is_objection: bool
    confidence: float = Field(description="highest P(objection) over the utterance's sentences and clauses")
    threshold: float
    detections: list[Detection]
    model: str
    elapsed_ms: float


class Reply(BaseModel):
    """The rep turn that follows an objection.

    ``flagged_claims`` are its sentences the alignment claims check flags (guarantees, comparisons with
    others): such a reply is never offered as a best reply. ``None`` where it was not checked (replies
    outside the best-reply candidates, and reports made before the check).
    """

    utterance_index: int
    speaker: str
    text: str
    start: float | None = None
    flagged_claims: list[ClaimFlag] | None = None


class Objection(Detection):
    """A detection with its call context, the rep's reply and repeat links."""

    id: int
    call_id: str
    utterance_index: int
    speaker: str
    start: float | None = Field(default=None, description="seconds from the start of the call")
    rep: str | None = None
    segment: str | None = None
    started_at: datetime | None = None
    outcome: Outcome | None = None
    reply: Reply | None = None
    repeat_of: int | None = Field(
        default=None, description="id of the earlier objection this one comes back to"
    )
    raised_again: bool = Field(default=False, description="the prospect came back to it later in the call")
    theme_id: int | None = Field(default=None, description="None: an outlier kept outside any theme")


class CategoryCount(BaseModel):
    """A count of objections in one category."""

    category: str
    count: int


class Quote(BaseModel):
    """A verbatim quote with where it was said."""

    objection_id: int
    call_id: str
    speaker: str
    start: float | None
    text: str
    confidence: float


class Theme(BaseModel):
    """A recurring theme: a cluster of similar objections, labelled by keyphrases."""

    id: int
    category: str
    label: str
    keyphrases: list[str]
    size: int
    calls: int
    representative: Quote
    objection_ids: list[int]


class CrossTheme(BaseModel):
    """A theme found across categories (one cluster whose members fall in two or more categories)."""

    label: str
    keyphrases: list[str]
    size: int
    categories: dict[str, int]
    representative: Quote
    objection_ids: list[int]


class OutcomeStat(BaseModel):
    """Win rate of decided calls with vs without a category: Wilson intervals, Newcombe difference."""

    category: str
    calls_with: int
    wins_with: int
    calls_without: int
    wins_without: int
    win_rate_with: float | None
    win_rate_with_ci: tuple[float, float] | None
    win_rate_without: float | None
    win_rate_without_ci: tuple[float, float] | None
    difference: float | None = Field(description="win rate with minus without")
    difference_ci: tuple[float, float] | None = Field(description="Newcombe hybrid score interval (95%)")
    fisher_p: float | None
    status: Literal["ok", "too_few_calls"]
    reason: str | None = None


class CategoryStat(BaseModel):
    """Frequency of a category: objections, calls, share of calls, repeats and theme outliers."""

    category: str
    label: str
    count: int
    calls: int
    share_of_calls: float
    repeats: int
    outliers: int
    mean_confidence: float


class TrendPoint(BaseModel):
    """Objections per category in one period (ISO week ``YYYY-Www`` or month ``YYYY-MM``).

    ``calls_with[c]`` is the number of the period's ``calls`` in which category ``c`` was raised (the share
    of calls, ``calls_with[c] / calls``, is what the trend shows); ``counts[c]`` the objections.
    """

    period: str
    calls: int
    counts: dict[str, int]
    calls_with: dict[str, int] = Field(default_factory=dict)


class GroupStat(BaseModel):
    """Objections in the calls of one rep or one segment."""

    name: str
    calls: int
    objections: int
    per_call: float
    counts: dict[str, int]


class CallCategoryStat(BaseModel):
    """The categories raised in one call (call-level view, e.g. for evaluation against call labels)."""

    call_id: str
    categories: list[str]
    objections: int


class PainPoints(BaseModel):
    """Pain points: what prospects say hurts today (a reason *to* buy), reported apart from objections."""

    count: int = 0
    calls: int = 0
    share_of_calls: float = 0.0
    items: list[Objection] = Field(default_factory=list)
    """Every pain-point span (``category="pain"``), with its call, speaker and confidence."""
    themes: list[Theme] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    """The most confident quotes, one per call."""
    threshold: float | None = None
    """The calibrated P(pain point) cut; ``None`` when the model has no pain detector."""


class ReportTables(BaseModel):
    """The tables of an :class:`ObjectionReport`, computed from calls and objections (``report_tables``)."""

    categories: list[CategoryStat]
    trend: list[TrendPoint]
    by_rep: list[GroupStat]
    by_segment: list[GroupStat]
    outcomes: list[OutcomeStat]
    top_quotes: dict[str, list[Quote]]
    best_replies: dict[str, list[Objection]]
    per_call: list[CallCategoryStat]


class ObjectionReport(ReportTables):
    """Objection mining over a set of calls: its tables and the following."""

    kind: Literal["objections"] = "objections"
    calls: int
    calls_with_objections: int
    prospect_utterances: int
    sentences_scored: int
    objections: list[Objection]
    themes: list[Theme]
    cross_themes: list[CrossTheme]
    trend_granularity: Literal["week", "month"]
    custom_categories: list[str] = Field(default_factory=list)
    threshold: float
    since: datetime | None = None
    model: str
    method: str
    warnings: list[str] = Field(default_factory=list)
    roles: RolesCheck = Field(default_factory=RolesCheck)
    """How many calls had their speakers' roles known, inferred or unknown (unknown: not analysed)."""
    pain_points: PainPoints = Field(default_factory=PainPoints)
    """What prospects describe as their problems: quotes and themes (not objections)."""
