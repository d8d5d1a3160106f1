"""Headline variants: parse-driven rewrites, neural generators, filters, and an A/B-trained scorer.

The scorer is trained on real A/B outcomes (the Upworthy Research Archive).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textops.headlines import _models
from textops.headlines._encoder import HeadlineEncoder, SimilarityThresholds, headline_encoder
from textops.headlines._features import FEATURE_NAMES, headline_features
from textops.headlines._filters import invented_claims
from textops.headlines._lint import Lint, PlacementFit, lint_headline, pixel_width
from textops.headlines._models import *  # noqa: F403  (the request and result models: _models.__all__)
from textops.headlines._neural import (
    OpenAICompatGenerator,
    TransformersGenerator,
    VariantGenerator,
    load_causal_lm,
)
from textops.headlines._pipeline import generate_variants
from textops.headlines._scorer import HeadlineScorer, WinEstimate, load_scorer
from textops.headlines._scoring import score_headlines
from textops.headlines._strategies import LABELS, STRATEGIES
from textops.headlines._text import sentence_case, title_case
from textops.headlines._voice import VoiceOfCustomer, VoicePhrase, voice_from_report

if TYPE_CHECKING:
    from textops.settings import Settings

__all__ = [
    "BACKENDS",
    "FEATURE_NAMES",
    "LABELS",
    "STRATEGIES",
    "HeadlineEncoder",
    "HeadlineScorer",
    "Lint",
    "OpenAICompatGenerator",
    "PlacementFit",
    "SimilarityThresholds",
    "TransformersGenerator",
    "VariantGenerator",
    "VoiceOfCustomer",
    "VoicePhrase",
    "WinEstimate",
    "generate_variants",
    "get_generators",
    "headline_encoder",
    "headline_features",
    "invented_claims",
    "lint_headline",
    "load_causal_lm",
    "load_scorer",
    "pixel_width",
    "score_headlines",
    "sentence_case",
    "title_case",
    "voice_from_report",
]
__all__ += _models.__all__


BACKENDS = ("builtin", "transformers", "openai")
"""Names accepted in ``TEXTOPS_HEADLINE_BACKENDS``, the API's ``backends`` and the CLI's ``--backend``."""


def get_generators(
    backends: Sequence[str] | None = None, *, settings: Settings | None = None
) -> list[VariantGenerator]:
    """Neural generators for ``backends`` (default: the ``headline_backends`` setting), checked up front.

    ``builtin`` needs none. A backend that cannot work is a clear error before any generation starts: an
    unknown name or an OpenAI backend without URL/model is a :class:`~textops.errors.ConfigError`, a
    transformers backend whose model is not installed (or not a folder/GGUF file) a
    :class:`~textops.errors.ModelNotAvailableError`; the message names the setting to fix.
    """
    from textops.errors import ConfigError, ModelNotAvailableError
    from textops.headlines._neural import default_model_location
    from textops.settings import get_settings

    s = settings or get_settings()
    configured = backends is None
    names = list(s.headline_backends if backends is None else backends)
    where = "configured in TEXTOPS_HEADLINE_BACKENDS" if configured else "requested"
    out: list[VariantGenerator] = []
    for name in dict.fromkeys(names):
        if name == "builtin":
            continue
        if name == "transformers":
            try:
                folder, gguf = default_model_location(s)
            except ModelNotAvailableError as exc:
                raise ModelNotAvailableError(
                    f"headline backend 'transformers' ({where}) cannot load: {exc.message}", hint=exc.hint
                ) from exc
            out.append(TransformersGenerator(folder, gguf, cache_dir=s.data_dir / "models"))
        elif name == "openai":
            if not s.headline_openai_base_url or not s.headline_openai_model:
                missing = [
                    var
                    for var, value in (
                        ("TEXTOPS_HEADLINE_OPENAI_BASE_URL", s.headline_openai_base_url),
                        ("TEXTOPS_HEADLINE_OPENAI_MODEL", s.headline_openai_model),
                    )
                    if not value
                ]
                raise ConfigError(
                    f"headline backend 'openai' ({where}) needs {' and '.join(missing)}",
                    hint="set them (e.g. http://127.0.0.1:11434/v1 for a local Ollama) or drop the backend",
                )
            out.append(
                OpenAICompatGenerator(
                    s.headline_openai_base_url,
                    s.headline_openai_model,
                    timeout_s=s.headline_openai_timeout_s,
                    retries=s.headline_openai_retries,
                )
            )
        else:
            raise ConfigError(
                f"unknown headline backend {name!r} ({where})", hint=f"use {', '.join(BACKENDS)}"
            )
    return out
