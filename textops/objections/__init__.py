"""Objection mining: find, categorise and cluster what prospects push back on, and how reps answer.

Quick start::

    from textops.objections import classify_utterance, mine_objections
    classify_utterance("Honestly it's way over our budget.").detections[0].category   # "price"
    report = mine_objections(transcripts)          # an ObjectionReport (JSON-ready pydantic model)

See ``corpora/objections/README.md`` for the seed set and the evaluation sets.
"""

from textops.objections._aggregate import (
    best_replies,
    call_rep,
    category_stats,
    group_stats,
    per_call,
    reply_claims_check,
    report_tables,
    top_quotes,
    trend,
)
from textops.objections._classifier import CvFigures, ObjectionModel
from textops.objections._detect import DetectConfig
from textops.objections._filter import CallFilter, filter_report
from textops.objections._models import (
    CategoryStat,
    ClassifyResult,
    CrossTheme,
    Detection,
    Evidence,
    GroupStat,
    Objection,
    ObjectionReport,
    OutcomeStat,
    Quote,
    Reply,
    Theme,
    TrendPoint,
)
from textops.objections._outcome import outcome_stats
from textops.objections._pipeline import (
    ObjectionConfig,
    ObjectionInputs,
    classify_utterance,
    mine_objections,
    warm,
)
from textops.objections._seed import SeedExample, default_seed_path, load_seed
from textops.objections._taxonomy import BUILTIN_CATEGORIES, CATEGORY_KEYS, Category, CustomCategory
from textops.objections._themes import ThemeConfig
from textops.objections._training import clear_model_cache, get_model, train_model
from textops.objections._views import ObjectionCallView, call_view, filtered_report, load_report, report_calls

__all__ = [
    "BUILTIN_CATEGORIES",
    "CATEGORY_KEYS",
    "CallFilter",
    "Category",
    "CategoryStat",
    "ClassifyResult",
    "CrossTheme",
    "CustomCategory",
    "CvFigures",
    "DetectConfig",
    "Detection",
    "Evidence",
    "GroupStat",
    "Objection",
    "ObjectionCallView",
    "ObjectionConfig",
    "ObjectionInputs",
    "ObjectionModel",
    "ObjectionReport",
    "OutcomeStat",
    "Quote",
    "Reply",
    "SeedExample",
    "Theme",
    "ThemeConfig",
    "TrendPoint",
    "best_replies",
    "call_rep",
    "call_view",
    "category_stats",
    "classify_utterance",
    "clear_model_cache",
    "default_seed_path",
    "filter_report",
    "filtered_report",
    "get_model",
    "group_stats",
    "load_report",
    "load_seed",
    "mine_objections",
    "outcome_stats",
    "per_call",
    "reply_claims_check",
    "report_calls",
    "report_tables",
    "top_quotes",
    "train_model",
    "trend",
    "warm",
]
