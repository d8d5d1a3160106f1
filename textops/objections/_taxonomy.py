"""The objection taxonomy: nine built-in categories plus ``other``, and user-defined categories.

A user category is a key, a label and a few example sentences. It needs no retraining: examples are
embedded and matched by nearest neighbours next to the built-in classifier (see :mod:`._model`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel, Field, field_validator

from textops.errors import InvalidInputError

__all__ = [
    "BUILTIN_CATEGORIES",
    "CATEGORY_KEYS",
    "NONE",
    "OTHER",
    "Category",
    "CustomCategory",
    "category_label",
    "check_custom_categories",
]

NONE = "none"
"""The label of a sentence that is not an objection."""

OTHER = "other"
"""The catch-all category of objections that fit no other category."""


@dataclass(frozen=True)
class Category:
    """A built-in objection category."""

    key: str
    label: str
    description: str


BUILTIN_CATEGORIES: tuple[Category, ...] = (
    Category(
        "price",
        "Price / budget",
        "too expensive, no budget, pricing model does not fit, price increases, ROI doubts on cost",
    ),
    Category(
        "timing", "Timing / priority", "not now, not a priority, busy season, revisit next quarter, on hold"
    ),
    Category(
        "authority",
        "Authority / decision process",
        "not my decision, needs sign-off, committee or board approval, run it by someone",
    ),
    Category(
        "need", "Need / fit", "no problem to solve, too small, missing capability, does not fit the workflow"
    ),
    Category(
        "competitor",
        "Competitor / status quo",
        "already use another vendor or tool, built in-house, happy with the incumbent, not worth switching",
    ),
    Category(
        "trust",
        "Trust / risk",
        "unknown vendor, scepticism about claims, bad past experience, fear of failure",
    ),
    Category(
        "implementation",
        "Implementation / integration",
        "integration with existing systems, migration effort, IT bandwidth, training and adoption",
    ),
    Category(
        "contract",
        "Contract / legal",
        "term length, auto-renewal, termination, liability, payment terms, legal redlines, procurement "
        "paperwork",
    ),
    Category(
        "security",
        "Security / compliance",
        "certifications (SOC 2, ISO), data residency, HIPAA/GDPR, SSO, security review, privacy",
    ),
    Category(
        OTHER,
        "Other",
        "brush-offs ('just send me some info'), not interested, end-user or union resistance, franchise or "
        "landlord restrictions, anything else",
    ),
)
"""The built-in categories, in report order."""

CATEGORY_KEYS: tuple[str, ...] = tuple(c.key for c in BUILTIN_CATEGORIES)
"""Keys of the built-in categories (``price`` … ``security``, ``other``)."""

_KEY_RE = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")


class CustomCategory(BaseModel):
    """A user-defined category: a key, a label and a few example objections (no retraining needed).

    Example::

        CustomCategory(key="data_quality", label="Data quality",
                       examples=["Our CRM data is too messy for this", "Half our contacts are out of date"])
    """

    key: str = Field(min_length=1, max_length=40, description="lower-case identifier, e.g. 'data_quality'")
    label: str | None = Field(default=None, max_length=80, description="display name; default: the key")
    examples: list[str] = Field(min_length=2, max_length=200, description="example objection sentences")

    @field_validator("key")
    @classmethod
    def _key_shape(cls, value: str) -> str:
        key = value.strip().lower()
        if not _KEY_RE.match(key):
            raise ValueError("use lower-case letters, digits, '_' or '-', starting with a letter")
        return key

    @field_validator("examples")
    @classmethod
    def _examples_text(cls, value: list[str]) -> list[str]:
        cleaned = [e.strip() for e in value if e and e.strip()]
        if len(cleaned) < 2:
            raise ValueError("give at least 2 non-empty example sentences")
        if any(len(e) > 1000 for e in cleaned):
            raise ValueError("an example sentence may have at most 1000 characters")
        return cleaned

    @property
    def display(self) -> str:
        """The label, or the key when no label was given."""
        return self.label or self.key


def check_custom_categories(categories: Sequence[CustomCategory]) -> None:
    """Reject custom categories that reuse a built-in key or each other's key."""
    seen: set[str] = set()
    for c in categories:
        if c.key in CATEGORY_KEYS or c.key == NONE:
            raise InvalidInputError(
                f"custom category {c.key!r} clashes with a built-in category",
                hint=f"choose a key other than {', '.join((*CATEGORY_KEYS, NONE))}",
            )
        if c.key in seen:
            raise InvalidInputError(
                f"custom category {c.key!r} is given twice", hint="merge its examples into one"
            )
        seen.add(c.key)


def category_label(key: str, custom: Sequence[CustomCategory] = ()) -> str:
    """The display label of a category key (built-in or custom)."""
    for c in BUILTIN_CATEGORIES:
        if c.key == key:
            return c.label
    for cc in custom:
        if cc.key == key:
            return cc.display
    return key
