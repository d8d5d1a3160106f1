"""Messaging alignment: how consistently reps deliver what the campaign copy promises."""

from textops.alignment._claims import (
    FLAGGED_KINDS,
    ClaimFlag,
    analyse_claim,
    distortions,
    flag_claims,
    is_small_talk,
    negated_description,
    numbers_in,
)
from textops.alignment._models import (
    METHOD,
    AlignmentReport,
    CallAlignment,
    Delivery,
    Message,
    MessageAlignment,
    PillarAlignment,
    RepAlignment,
    ScoreComponents,
    Terminology,
    UnbackedClaim,
)
from textops.alignment._pipeline import AlignmentInputs, align
from textops.alignment._run import AlignmentConfig
from textops.alignment._score import ScorePart, ScoreReading, read_score
from textops.alignment._views import CallView, Evidence, EvidenceItem, call_view, evidence, load_report

__all__ = [
    "FLAGGED_KINDS",
    "METHOD",
    "AlignmentConfig",
    "AlignmentInputs",
    "AlignmentReport",
    "CallAlignment",
    "CallView",
    "ClaimFlag",
    "Delivery",
    "Evidence",
    "EvidenceItem",
    "Message",
    "MessageAlignment",
    "PillarAlignment",
    "RepAlignment",
    "ScoreComponents",
    "ScorePart",
    "ScoreReading",
    "Terminology",
    "UnbackedClaim",
    "align",
    "analyse_claim",
    "call_view",
    "distortions",
    "evidence",
    "flag_claims",
    "is_small_talk",
    "load_report",
    "negated_description",
    "numbers_in",
    "read_score",
]
