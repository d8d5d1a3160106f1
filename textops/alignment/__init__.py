"""Messaging alignment: how consistently reps deliver what the campaign copy promises."""

from textops.alignment._claims import analyse_claim, distortions, is_small_talk, numbers_in
from textops.alignment._models import (
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
from textops.alignment._pipeline import AlignmentConfig, align

__all__ = [
    "AlignmentConfig",
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
    "align",
    "analyse_claim",
    "distortions",
    "is_small_talk",
    "numbers_in",
]
