"""Headline variants: parse-driven rewrites, neural generators, filters, and an A/B-trained scorer.

The scorer is trained on real A/B outcomes (the Upworthy Research Archive).
"""

from collections.abc import Sequence

from textops.headlines._features import FEATURE_NAMES, headline_features
from textops.headlines._lint import Lint, PlacementFit, lint_headline, pixel_width
from textops.headlines._models import (
    MAX_HEADLINE_CHARS,
    BrandMessaging,
    Constraints,
    HeadlineReport,
    ScoredHeadline,
    Tone,
    UnsatisfiableConstraintError,
)
from textops.headlines._neural import (
    OpenAICompatGenerator,
    TransformersGenerator,
    VariantGenerator,
    load_causal_lm,
)
from textops.headlines._pipeline import SIMILARITY_BAND, generate_variants, invented_claims, score_headlines
from textops.headlines._scorer import HeadlineScorer, WinEstimate, load_scorer
from textops.headlines._strategies import STRATEGIES, sentence_case, title_case

__all__ = [
    "FEATURE_NAMES",
    "MAX_HEADLINE_CHARS",
    "SIMILARITY_BAND",
    "STRATEGIES",
    "BrandMessaging",
    "Constraints",
    "HeadlineReport",
    "HeadlineScorer",
    "Lint",
    "OpenAICompatGenerator",
    "PlacementFit",
    "ScoredHeadline",
    "Tone",
    "TransformersGenerator",
    "UnsatisfiableConstraintError",
    "VariantGenerator",
    "WinEstimate",
    "generate_variants",
    "get_generators",
    "headline_features",
    "invented_claims",
    "lint_headline",
    "load_causal_lm",
    "load_scorer",
    "pixel_width",
    "score_headlines",
    "sentence_case",
    "title_case",
]


def get_generators(backends: Sequence[str]) -> list[VariantGenerator]:
    """Neural generators for the named backends (``builtin`` needs none) configured from the settings."""
    from textops.errors import ConfigError
    from textops.settings import get_settings

    s = get_settings()
    out: list[VariantGenerator] = []
    for name in backends:
        if name == "builtin":
            continue
        if name == "transformers":
            out.append(TransformersGenerator())
        elif name == "openai":
            out.append(
                OpenAICompatGenerator(
                    s.headline_openai_base_url or "",
                    s.headline_openai_model or "",
                    timeout_s=s.headline_openai_timeout_s,
                    retries=s.headline_openai_retries,
                )
            )
        else:
            raise ConfigError(
                f"unknown headline backend {name!r}", hint="use builtin, transformers or openai"
            )
    return out
