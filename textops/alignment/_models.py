"""The alignment report: pydantic models, JSON-ready (the API returns them as they are)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, model_validator

from textops.roles import RolesCheck

__all__ = [
    "METHOD",
    "AlignmentReport",
    "CallAlignment",
    "Delivery",
    "Message",
    "MessageAlignment",
    "PillarAlignment",
    "RepAlignment",
    "ScoreComponents",
    "Terminology",
    "UnbackedClaim",
]

METHOD = (
    "Every sentence a rep says (greetings, logistics and questions left out) is compared for meaning with "
    "every approved message. When a sentence says the same thing as a message, the rep delivered it. When "
    "it is about the same thing but changes it — another number, the opposite, a stronger promise, a "
    "comparison or a name the copy does not make — the rep delivered it distorted. A claim close to no "
    "message is unbacked. The score out of 100 adds four parts, each a share: coverage (weight 0.4: of the "
    "pillars, how many a call delivers faithfully, on average), fidelity (0.3: of the deliveries, how "
    "many are faithful), backed claims (0.2: of the reps' claims, how many an approved message backs) and "
    "shared vocabulary (0.1: how much the reps' words overlap the copy's, one minus the Jensen–Shannon "
    "divergence). A part that does not apply (no claims, say) is left out and the weights of the others "
    "are scaled up."
)
"""How the alignment is measured, in plain words (the report's ``method``)."""


class ScoreComponents(BaseModel):
    """The parts of a consistency score, each in [0, 1] or ``None`` where it does not apply.

    score = 100 × Σ wᵢ·cᵢ / Σ wᵢ over the components that apply, with weights coverage 0.4, fidelity 0.3,
    claim discipline (1 − unbacked-claim rate) 0.2, shared vocabulary (1 − divergence) 0.1.
    """

    score: float | None = Field(description="0–100; None when no component applies")
    coverage: float | None = Field(
        default=None,
        description="share of pillars delivered faithfully per call (or calls per pillar); distorted "
        "deliveries do not count",
    )
    fidelity: float | None = Field(default=None, description="share of deliveries without distortion")
    unbacked_rate: float | None = Field(
        default=None, description="share of rep claims that no approved message backs"
    )
    vocabulary_divergence: float | None = Field(
        default=None, description="Jensen–Shannon divergence (base 2) of copy vs rep term distributions"
    )


class Message(BaseModel):
    """An approved message: a framework statement or a claim found in the copy."""

    id: int
    pillar: str
    text: str
    source: str = Field(description="'framework' or the copy document id")


class Delivery(BaseModel):
    """A rep sentence that delivers (or distorts) a message — the evidence behind a number."""

    call_id: str
    speaker: str
    start: float | None = None
    sentence: str
    message_id: int
    similarity: float
    distortions: list[str] = Field(default_factory=list)


class MessageAlignment(BaseModel):
    """How one approved message fares on the calls: the calls that deliver it faithfully, or distort it."""

    message: Message
    calls_delivered: int = Field(description="calls with a faithful delivery of the message")
    calls_distorted: int = Field(description="calls with a distorted delivery of the message")
    reps: list[str]
    similarity_p50: float | None = None
    similarity_p90: float | None = None
    best_evidence: Delivery | None = None
    distorted_examples: list[Delivery] = Field(default_factory=list)


class PillarAlignment(BaseModel):
    """A message pillar: coverage across calls and reps (faithful deliveries; distortions counted apart)."""

    name: str
    keyphrases: list[str] = Field(default_factory=list)
    components: ScoreComponents
    calls_delivered: int = Field(description="calls with a faithful delivery of the pillar")
    calls_distorted: int = Field(default=0, description="calls with a distorted delivery of the pillar")
    calls_total: int
    reps_delivering: list[str] = Field(description="reps who delivered the pillar faithfully")
    never_delivered: bool = Field(description="no call delivers the pillar faithfully")
    messages: list[MessageAlignment]
    catch_all: bool = Field(
        default=False,
        description="the catch-all of copy claims close to no framework pillar, not a pillar of the "
        "messaging: it never counts as never delivered, and views show it only where reps touch it",
    )

    @model_validator(mode="before")
    @classmethod
    def _catch_all_of_older_reports(cls, data: Any) -> Any:
        """Reports stored before ``catch_all`` existed named the catch-all in parentheses, and only it."""
        if isinstance(data, dict) and "catch_all" not in data and str(data.get("name", "")).startswith("("):
            return {**data, "catch_all": True}
        return data


class RepAlignment(BaseModel):
    """One rep's consistency across their calls."""

    rep: str
    calls: int
    components: ScoreComponents
    deliveries: int
    distorted: int
    unbacked_claims: int
    claims: int
    pillars_delivered: dict[str, int] = Field(
        description="pillar → calls in which this rep delivered it faithfully"
    )
    pillars_distorted: dict[str, int] = Field(
        default_factory=dict, description="pillar → calls in which this rep delivered it distorted"
    )
    drifting: bool = Field(
        description="distortion or unbacked-claim rate ≥ 20% and significantly above the other reps' "
        "(one-sided Fisher exact test, Benjamini–Hochberg q < 0.05 across reps and both tests)"
    )
    drift_reasons: list[str] = Field(default_factory=list)
    watch: bool = Field(
        default=False,
        description="not drifting, but a rate ≥ 20% with nominal p < 0.05 that does not survive the "
        "correction for testing every rep: worth a look, not a finding",
    )
    watch_reasons: list[str] = Field(default_factory=list)
    distortion_p: float | None = None
    distortion_q: float | None = None
    unbacked_p: float | None = None
    unbacked_q: float | None = None


class CallAlignment(BaseModel):
    """One call's consistency."""

    call_id: str
    reps: list[str]
    started_at: str | None = None
    outcome: str | None = None
    components: ScoreComponents
    pillars_delivered: list[str] = Field(description="pillars delivered faithfully in the call")
    pillars_distorted: list[str] = Field(default_factory=list, description="pillars delivered distorted")
    distorted: int
    unbacked_claims: int


class UnbackedClaim(BaseModel):
    """A claim a rep made that matches no approved message, ranked by risk."""

    call_id: str
    speaker: str
    start: float | None = None
    sentence: str
    kinds: list[str]
    risk: int
    closest_message: str | None = None
    closest_similarity: float


class TermPairOut(BaseModel):
    """Marketing's term and the reps' term for (probably) the same thing."""

    copy_term: str
    rep_term: str
    similarity: float


class TermOut(BaseModel):
    """A term one side uses distinctively more than the other."""

    term: str
    z: float
    copy_count: int
    rep_count: int


class Terminology(BaseModel):
    """Terminology drift between the copy and the reps (weighted log-odds, informative Dirichlet prior)."""

    copy_terms: list[TermOut]
    rep_terms: list[TermOut]
    pairs: list[TermPairOut]


class AlignmentReport(BaseModel):
    """The messaging-alignment report of one campaign against a set of calls."""

    campaign: str | None = None
    components: ScoreComponents
    calls: int
    rep_sentences: int
    rep_sentences_dropped_small_talk: int
    rep_sentences_partial: int = Field(
        default=0,
        description="rep sentences on a message's topic (≥ topical) that neither deliver nor distort it",
    )
    thresholds: dict[str, float]
    pillars: list[PillarAlignment]
    reps: list[RepAlignment]
    call_scores: list[CallAlignment]
    unbacked_claims: list[UnbackedClaim]
    terminology: Terminology
    never_delivered_pillars: list[str]
    drifting_reps: list[str]
    watch_reps: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    roles: RolesCheck = Field(default_factory=RolesCheck)
    """How many calls had their speakers' roles known, inferred or unknown (unknown: rep speech not found)."""
    method: str = Field(default_factory=lambda: METHOD)
