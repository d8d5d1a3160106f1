"""Redaction of emails, phone numbers and card numbers in documents, before anything is stored or embedded.

* **email**: ``local@domain.tld`` (ASCII; spoken forms such as "dana at acme dot com" are not caught).
* **phone**: Google's libphonenumber (the ``phonenumbers`` package, offline metadata) finds numbers that are
  *valid* for their country: international ``+CC ...`` anywhere, national numbers for the configured region
  (``TEXTOPS_REDACT_PHONE_REGION``, default US). Dates, times, prices, version numbers and short ids are not
  valid phone numbers, so they stay; a 10-digit id that happens to be a valid US number does not.
* **card**: 13–19 digits that pass the Luhn check, written together or grouped as cards are printed (a
  first group of 4 digits, then groups of 3–6, separated by single spaces or dashes). A run of groups is
  searched for the longest such span, so "card 4111 1111 1111 1111 exp 2026" loses the card and keeps the
  year. A list of four-digit numbers (years) that happens to pass Luhn is redacted too: that is the price of
  catching cards written with spaces.

Each kind is replaced by a token (``[EMAIL]``, ``[PHONE]``, ``[CARD]`` by default). Redaction repeats until
nothing changes, so it is idempotent: tokens hold no digits and no ``@``, so every pass removes at least
one, and the loop ends.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from textops.errors import ConfigError
from textops.settings import Settings, get_settings
from textops.types import CopyDocument, Document, Transcript

__all__ = [
    "EMAIL_RE",
    "REDACT_KINDS",
    "RedactKind",
    "Redactor",
    "find_cards",
    "luhn_valid",
    "redact_text",
    "redactor_from_settings",
]

RedactKind = Literal["email", "phone", "card"]
REDACT_KINDS: tuple[RedactKind, ...] = ("email", "phone", "card")
DEFAULT_TOKENS: dict[str, str] = {"email": "[EMAIL]", "phone": "[PHONE]", "card": "[CARD]"}

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}", re.ASCII)
"""An email address (what redaction removes; the tests check that no match is left)."""

# digit groups joined by single spaces or dashes; not glued to other digits, nor the decimals of a number
_DIGIT_RUN = re.compile(r"(?<![0-9])(?<![0-9][.,])[0-9]+(?:[ -][0-9]+)*(?![0-9])", re.ASCII)
_GROUP = re.compile(r"[0-9]+", re.ASCII)
_ANY_DIGIT = re.compile(r"[0-9]")
_MIN_PHONE_DIGITS = 7


def luhn_valid(digits: str) -> bool:
    """True when ``digits`` (ASCII digits only) pass the Luhn checksum."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def find_cards(text: str) -> list[tuple[int, int]]:
    """Character spans of card-like numbers: 13–19 digits (whole groups of a run) that pass Luhn."""
    spans: list[tuple[int, int]] = []
    for run in _DIGIT_RUN.finditer(text):
        groups = [(m.start() + run.start(), m.end() + run.start()) for m in _GROUP.finditer(run.group())]
        a = 0
        while a < len(groups):
            found = _longest_card_from(text, groups, a)
            if found is None:
                a += 1
                continue
            spans.append((groups[a][0], groups[found][1]))
            a = found + 1
    return spans


def _longest_card_from(text: str, groups: list[tuple[int, int]], a: int) -> int | None:
    """Index of the last group of the longest Luhn-valid 13–19 digit span starting at group ``a``.

    A span is one group of 13–19 digits, or groups the way cards are printed: a first group of 4 digits,
    then groups of 3–6 (4-4-4-4, 4-6-5, 4-4-4-4-3, ...) — so "10 20 30 40 50 60 70" is not a card.
    """
    first = groups[a][1] - groups[a][0]
    if 13 <= first <= 19:
        return a if luhn_valid(text[groups[a][0] : groups[a][1]]) else None
    if first != 4:
        return None
    digits = text[groups[a][0] : groups[a][1]]
    candidates: list[int] = []
    for b in range(a + 1, len(groups)):
        size = groups[b][1] - groups[b][0]
        if not 3 <= size <= 6:
            break
        digits += text[groups[b][0] : groups[b][1]]
        if len(digits) > 19:
            break
        if len(digits) >= 13 and luhn_valid(digits):
            candidates.append(b)
    return candidates[-1] if candidates else None


@dataclass(frozen=True)
class Redactor:
    """Replaces the chosen kinds of personal data with tokens; see the module docstring for what counts."""

    kinds: frozenset[str] = frozenset(REDACT_KINDS)
    tokens: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_TOKENS))
    phone_region: str = "US"

    def __post_init__(self) -> None:
        unknown = set(self.kinds) - set(REDACT_KINDS)
        if unknown:
            raise ConfigError(
                f"unknown redaction kind(s): {', '.join(sorted(unknown))}",
                hint=f"choose from {', '.join(REDACT_KINDS)}",
            )
        for kind in self.kinds:
            token = self._token(kind)
            if not token or any(ch.isdigit() or ch == "@" for ch in token):
                raise ConfigError(
                    f"redaction token {token!r} for {kind} must be non-empty, without digits or '@'",
                    hint=f"set TEXTOPS_REDACT_{kind.upper()}_TOKEN to e.g. {DEFAULT_TOKENS[kind]!r}",
                )

        if "phone" in self.kinds:
            _ = self._phone  # an unknown region fails here, not at the first number

    @cached_property
    def _phone(self) -> Any:
        try:
            import phonenumbers
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise ConfigError(
                "phone redaction needs the package phonenumbers", hint="pip install phonenumbers"
            ) from exc
        if self.phone_region.upper() not in phonenumbers.SUPPORTED_REGIONS:
            raise ConfigError(
                f"unknown phone region {self.phone_region!r}",
                hint="set TEXTOPS_REDACT_PHONE_REGION to a two-letter country code such as US, GB or DE",
            )
        return phonenumbers

    def _token(self, kind: str) -> str:
        return self.tokens.get(kind, DEFAULT_TOKENS[kind])

    def text(self, text: str, counts: Counter[str] | None = None) -> str:
        """``text`` with every email, phone number and card number of the chosen kinds replaced.

        Passes repeat until one changes nothing (idempotence). Each replaced span holds a digit or an '@'
        and its token none, so every changing pass removes at least one of them: the loop ends.
        """
        while True:
            new = self._one_pass(text, counts)
            if new == text:
                return new
            text = new

    def _one_pass(self, text: str, counts: Counter[str] | None) -> str:
        if "email" in self.kinds and "@" in text:
            text, n = EMAIL_RE.subn(self._token("email"), text)
            if counts is not None and n:
                counts["email"] += n
        if not _ANY_DIGIT.search(text):
            return text
        if "card" in self.kinds:
            text = _replace(text, find_cards(text), self._token("card"), "card", counts)
        if "phone" in self.kinds and sum(ch.isdigit() for ch in text) >= _MIN_PHONE_DIGITS:
            pn = self._phone
            matcher = pn.PhoneNumberMatcher(text, self.phone_region.upper(), leniency=pn.Leniency.VALID)
            spans = [(m.start, m.end) for m in matcher]
            text = _replace(text, spans, self._token("phone"), "phone", counts)
        return text

    def _optional(self, value: str | None, counts: Counter[str] | None) -> str | None:
        return None if value is None else self.text(value, counts)

    def document(self, doc: Document, counts: Counter[str] | None = None) -> Document:
        """A copy of ``doc`` with its texts, titles, headings, speakers, participants and metadata redacted.

        Ids (``call_id``, ``doc_id``), roles, times and outcomes are kept. Run it after roles are inferred:
        participants' email domains decide who is a rep.
        """
        meta = {k: self.text(v, counts) for k, v in doc.metadata.items()}
        if isinstance(doc, Transcript):
            utterances = [
                u.model_copy(
                    update={"text": self.text(u.text, counts), "speaker": self.text(u.speaker, counts)}
                )
                for u in doc.utterances
            ]
            participants = [
                p.model_copy(
                    update={
                        "name": self.text(p.name, counts),
                        "email": self._optional(p.email, counts),
                        "company": self._optional(p.company, counts),
                        "title": self._optional(p.title, counts),
                    }
                )
                for p in doc.participants
            ]
            return doc.model_copy(
                update={
                    "title": self._optional(doc.title, counts),
                    "utterances": utterances,
                    "participants": participants,
                    "metadata": meta,
                }
            )
        assert isinstance(doc, CopyDocument)
        blocks = [
            b.model_copy(
                update={"text": self.text(b.text, counts), "heading": self._optional(b.heading, counts)}
            )
            for b in doc.blocks
        ]
        return doc.model_copy(
            update={"title": self._optional(doc.title, counts), "blocks": blocks, "metadata": meta}
        )

    def documents(self, docs: Iterable[Document], counts: Counter[str] | None = None) -> list[Document]:
        """:meth:`document` over many."""
        return [self.document(d, counts) for d in docs]


def _replace(
    text: str, spans: Sequence[tuple[int, int]], token: str, kind: str, counts: Counter[str] | None
) -> str:
    if not spans:
        return text
    out: list[str] = []
    last = 0
    for start, end in sorted(spans):
        if start < last:  # overlapping matches: the first one wins
            continue
        out.append(text[last:start])
        out.append(token)
        last = end
        if counts is not None:
            counts[kind] += 1
    out.append(text[last:])
    return "".join(out)


def redactor_from_settings(settings: Settings | None = None) -> Redactor:
    """The redactor the settings describe (``TEXTOPS_REDACT_*``)."""
    s = settings or get_settings()
    kinds = {
        k
        for k, on in (("email", s.redact_emails), ("phone", s.redact_phones), ("card", s.redact_cards))
        if on
    }
    return Redactor(
        kinds=frozenset(kinds),
        tokens={"email": s.redact_email_token, "phone": s.redact_phone_token, "card": s.redact_card_token},
        phone_region=s.redact_phone_region,
    )


def redact_text(text: str, kinds: Iterable[RedactKind] = REDACT_KINDS, *, phone_region: str = "US") -> str:
    """Redact one text with the default tokens (convenience for scripts and tests)."""
    return Redactor(kinds=frozenset(kinds), phone_region=phone_region).text(text)
