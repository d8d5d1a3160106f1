"""Messaging alignment: how consistently reps deliver what the campaign copy promises."""

from textops.alignment import _models
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
from textops.alignment._models import *  # noqa: F403  (the report models: _models.__all__)
from textops.alignment._pipeline import AlignmentInputs, align
from textops.alignment._run import AlignmentConfig
from textops.alignment._score import ScorePart, ScoreReading, read_score
from textops.alignment._views import CallView, Evidence, EvidenceItem, call_view, evidence, load_report

__all__ = [
    "FLAGGED_KINDS",
    "AlignmentConfig",
    "AlignmentInputs",
    "CallView",
    "ClaimFlag",
    "Evidence",
    "EvidenceItem",
    "ScorePart",
    "ScoreReading",
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
__all__ += _models.__all__
