"""Readability, length per placement (characters and an estimated pixel width) and warnings."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from textops.headlines._lexicons import CLICKBAIT_PHRASES
from textops.headlines._readability import reading_scores

__all__ = ["PLACEMENTS", "Lint", "PlacementFit", "lint_headline", "pixel_width"]

# Approximate Arial advance widths in em; an estimate, not a font renderer.
_NARROW = set("ijlI.,:;'!|`’")
_SEMI = set('frt()-[]/" ')
_WIDE = set("mwMW@%")
_CAPS = set("ABCDEFGHJKLNOPQRSTUVXYZ&")

PLACEMENTS: dict[str, tuple[int | None, float | None, float]] = {
    # name: (max characters, max pixels, font px) — common truncation points, approximate
    "email_subject_mobile": (40, None, 16.0),
    "email_subject_desktop": (60, None, 14.0),
    "search_ad_headline": (30, None, 20.0),
    "search_result_title": (None, 600.0, 20.0),
    "social_link_headline": (70, None, 16.0),
}
"""Placements checked per headline: (character limit, pixel limit, font size in px)."""

_CLICKBAIT = [re.compile(rf"(?i)\b{re.escape(p)}") for p in CLICKBAIT_PHRASES]
_SPAMMY = re.compile(r"[!?]{2,}|\${2,}|!\s*$|\b100%|[*]{2,}")


def _em_width(text: str) -> float:
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.26
        elif ch in _SEMI:
            em += 0.33
        elif ch in _WIDE:
            em += 0.86
        elif ch in _CAPS or ch.isdigit():
            em += 0.67 if not ch.isdigit() else 0.556
        else:
            em += 0.53
    return em


def pixel_width(text: str, font_px: float = 16.0) -> float:
    """Estimated rendered width of ``text`` in Arial at ``font_px`` (±10 % for ordinary text)."""
    return round(_em_width(text) * font_px, 1)


class PlacementFit(BaseModel):
    """Whether a headline fits a placement without truncation."""

    placement: str
    chars: int
    pixels: float
    limit_chars: int | None = None
    limit_pixels: float | None = None
    fits: bool


class Lint(BaseModel):
    """Readability and warnings of one headline."""

    chars: int
    words: int
    reading_grade: float = Field(
        description="Flesch-Kincaid grade (textstat formula, pyphen syllables); noisy on short texts"
    )
    reading_ease: float = Field(description="Flesch reading ease")
    placements: list[PlacementFit]
    warnings: list[str]


def lint_headline(text: str) -> Lint:
    """Readability, placement fit and warnings (ALL CAPS, clickbait phrases, spammy punctuation)."""
    words = text.split()
    warnings: list[str] = []
    caps = [w for w in re.findall(r"[A-Za-z]+", text) if len(w) >= 4 and w.isupper()]
    if caps:
        warnings.append(
            f"all_caps: {', '.join(caps[:3])} — ALL CAPS reads as shouting and trips spam filters"
        )
    for pattern in _CLICKBAIT:
        m = pattern.search(text)
        if m:
            warnings.append(f"clickbait_phrase: '{m.group(0)}' — readers and platforms penalise it")
    if _SPAMMY.search(text):
        warnings.append("spammy_punctuation: repeated or trailing !/?, $$ or 100% — tone it down")
    placements = []
    em = _em_width(text)
    for name, (max_chars, max_px, font) in PLACEMENTS.items():
        px = round(em * font, 1)
        fits = (max_chars is None or len(text) <= max_chars) and (max_px is None or px <= max_px)
        placements.append(
            PlacementFit(
                placement=name,
                chars=len(text),
                pixels=px,
                limit_chars=max_chars,
                limit_pixels=max_px,
                fits=fits,
            )
        )
    grade, ease = reading_scores(text)
    return Lint(
        chars=len(text),
        words=len(words),
        reading_grade=grade,
        reading_ease=ease,
        placements=placements,
        warnings=warnings,
    )
