"""Redaction of emails, phone numbers, card numbers, IBANs and US SSNs, before anything is stored or embedded.

What each kind catches (SECURITY.md, "Redaction coverage", lists what is *not* caught):

* **email**: ``local@domain.tld`` with Unicode letters and marks anywhere (``josé@empresa.es``,
  ``info@müller.de``, ``почта@пример.рф``), punycode TLDs (``xn--p1ai``), and look-alike at signs and dots:
  full-width ``＠`` / ``．``, small ``﹫``, ideographic ``。``. Spoken forms ("dana at acme dot com") and
  ``(at)`` spellings are not caught.
* **phone**: Google's libphonenumber (the ``phonenumbers`` package, offline metadata) finds numbers that are
  *valid* for their country: international ``+CC ...`` anywhere (and ``00 CC ...`` where a configured
  region dials 00 abroad), national numbers of each
  configured region (``TEXTOPS_REDACT_PHONE_REGION``, a comma-separated list, default ``US,GB,DE``: so
  ``020 7946 0958``, ``030 12345678`` and ``(415) 555-0132`` all go). Dates, times, prices, version numbers
  and short ids are not valid phone numbers, so they stay.
* **card**: 13–19 digits that pass the Luhn check, written together or grouped as cards are printed (a
  first group of 4 digits, then groups of 3–6, separated by spaces or dashes, or by dots or slashes used
  throughout). A run of groups is searched for the longest such span, so "card 4111 1111 1111 1111 exp
  2026" loses the card and keeps the year; a group after a decimal point ("0.4111111111111111") is a
  fraction, not a card. A list of four-digit numbers (years) that passes Luhn is redacted too: the price of
  catching cards written with spaces.
* **iban**: an IBAN, compact (``DE89370400440532013000``) or in groups of four (``GB82 WEST 1234 5698
  7654 32``), that passes ISO 7064 mod 97 and its country's length and format (``python-stdnum``).
* **ssn**: a US Social Security number written ``123-45-6789`` (or with spaces or dots), or nine digits
  right after "SSN" / "social security number"; areas 000, 666 and 900–999, group 00 and serial 0000 are
  not SSNs and stay (``python-stdnum``'s ``us.ssn`` rules).

Each kind is replaced by a token (``[EMAIL]``, ``[PHONE]``, ``[CARD]``, ``[IBAN]``, ``[SSN]`` by default);
the detectors that find them live in :mod:`textops.ingest._pii`, this module walks the texts and documents.
Redaction repeats until nothing changes, so it is idempotent: tokens hold no digits and no at sign, every
replaced span holds one, so every pass removes at least one and the loop ends.

A document's ids (``call_id``, ``doc_id``) are redacted like texts; an id that changed gets ``-`` and ten
letters derived from the redacted document's content (:meth:`Redactor.document`), so two calls whose ids
differ only in an email address keep different ids, and the same call redacted again gets the same id.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from textops.errors import ConfigError
from textops.ingest._pii import (
    AT_RE,
    AT_SIGNS,
    EMAIL_RE,
    find_cards,
    find_emails,
    find_ibans,
    find_ssns,
    luhn_valid,
)
from textops.settings import Settings, get_settings
from textops.types import (
    MAX_CALL_ID,
    MAX_SEGMENT,
    MAX_SOURCE,
    MAX_SPEAKER,
    MAX_TITLE,
    CopyDocument,
    Document,
    Transcript,
)

__all__ = [
    "AT_SIGNS",
    "EMAIL_RE",
    "FIELD_LIMITS",
    "REDACT_KINDS",
    "RedactKind",
    "Redactor",
    "find_cards",
    "find_emails",
    "find_ibans",
    "find_ssns",
    "luhn_valid",
    "parse_regions",
    "redact_text",
    "redactor_from_settings",
]

RedactKind = Literal["email", "phone", "card", "iban", "ssn"]
REDACT_KINDS: tuple[RedactKind, ...] = ("email", "phone", "card", "iban", "ssn")
DEFAULT_TOKENS: dict[str, str] = {
    "email": "[EMAIL]",
    "phone": "[PHONE]",
    "card": "[CARD]",
    "iban": "[IBAN]",
    "ssn": "[SSN]",
}
DEFAULT_PHONE_REGIONS = "US,GB,DE"

_ANY_DIGIT = re.compile(r"\d")  # any script's digits: libphonenumber reads full-width ones too
_MIN_PHONE_DIGITS = 7

FIELD_LIMITS: dict[str, int] = {
    "id": MAX_CALL_ID,
    "source": MAX_SOURCE,
    "title": MAX_TITLE,
    "segment": MAX_SEGMENT,
    "speaker": MAX_SPEAKER,
}
"""The documents' length limits (:mod:`textops.types`, the store's columns): a value that fitted before
redaction is cut to fit after it (a custom token can be longer than what it replaces). Stages are held to
the segment's limit and participants' names to the speaker's."""
_SUFFIX_LETTERS = 10


def parse_regions(value: str) -> tuple[str, ...]:
    """``"us, GB,de"`` → ``("US", "GB", "DE")`` (order kept, duplicates dropped)."""
    return tuple(dict.fromkeys(r.strip().upper() for r in value.split(",") if r.strip()))


@dataclass(frozen=True)
class Redactor:
    """Replaces the chosen kinds of personal data with tokens; see the module docstring for what counts."""

    kinds: frozenset[str] = frozenset(REDACT_KINDS)
    tokens: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_TOKENS))
    phone_region: str = DEFAULT_PHONE_REGIONS
    """Countries whose national-format numbers are recognised, comma-separated (``"US,GB,DE"``)."""

    def __post_init__(self) -> None:
        unknown = set(self.kinds) - set(REDACT_KINDS)
        if unknown:
            raise ConfigError(
                f"unknown redaction kind(s): {', '.join(sorted(unknown))}",
                hint=f"choose from {', '.join(REDACT_KINDS)}",
            )
        for kind in self.kinds:
            token = self._token(kind)
            if not token or any(ch.isdigit() or ch in AT_SIGNS for ch in token):
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
        regions = parse_regions(self.phone_region)
        bad = [r for r in regions if r not in phonenumbers.SUPPORTED_REGIONS]
        if bad or not regions:
            raise ConfigError(
                f"unknown phone region {', '.join(bad) or self.phone_region!r}",
                hint="set TEXTOPS_REDACT_PHONE_REGION to two-letter country codes such as US,GB,DE",
            )
        return phonenumbers

    @cached_property
    def _regions(self) -> tuple[str, ...]:
        return parse_regions(self.phone_region)

    def _token(self, kind: str) -> str:
        return self.tokens.get(kind, DEFAULT_TOKENS[kind])

    def text(self, text: str, counts: Counter[str] | None = None) -> str:
        """``text`` with every value of the chosen kinds replaced by its token.

        Passes repeat until one changes nothing (idempotence). Each replaced span holds a digit or an at
        sign and its token none, so every changing pass removes at least one of them: the loop ends.
        """
        while True:
            new = self._one_pass(text, counts)
            if new == text:
                return new
            text = new

    def _one_pass(self, text: str, counts: Counter[str] | None) -> str:
        if "email" in self.kinds and AT_RE.search(text):
            text = _replace(text, find_emails(text), self._token("email"), "email", counts)
        if not _ANY_DIGIT.search(text):
            return text
        if "iban" in self.kinds:
            text = _replace(text, find_ibans(text), self._token("iban"), "iban", counts)
        if "card" in self.kinds:
            text = _replace(text, find_cards(text), self._token("card"), "card", counts)
        if "ssn" in self.kinds:
            text = _replace(text, find_ssns(text), self._token("ssn"), "ssn", counts)
        if "phone" in self.kinds:
            pn = self._phone
            for region in self._regions:  # one region after the other: what one found, the next skips
                if sum(ch.isdigit() for ch in text) < _MIN_PHONE_DIGITS:
                    break
                matcher = pn.PhoneNumberMatcher(text, region, leniency=pn.Leniency.VALID)
                spans = [(m.start, m.end) for m in matcher]
                text = _replace(text, spans, self._token("phone"), "phone", counts)
        return text

    def _optional(
        self, value: str | None, counts: Counter[str] | None, limit: str | None = None
    ) -> str | None:
        if value is None:
            return None
        out = self.text(value, counts)
        return _fit(value, out, FIELD_LIMITS[limit]) if limit else out

    def file_name(self, name: str, counts: Counter[str] | None = None) -> str:
        """A file name (or path) redacted, its extension kept.

        ``call-sam@buyer.com.vtt`` → ``call-[EMAIL].vtt``. Not an id: no suffix is added.
        """
        stem, dot, ext = name.rpartition(".")
        if not dot or not stem or not ext.isalnum() or len(ext) > 5:
            stem, ext = name, ""
        out = self.text(stem, counts) + (f".{ext}" if ext else "")
        return _fit(name, out, FIELD_LIMITS["source"])

    def document(self, doc: Document, counts: Counter[str] | None = None) -> Document:
        """A copy of ``doc`` with every text field, its id and its file name redacted.

        Transcripts: utterance texts and speakers, title, participants (name, email, company, title),
        metadata values, segment, stage, source and ``call_id``. Copy: block texts and headings, title,
        metadata values, campaign, channel, source and ``doc_id``. Roles, times, outcomes and the
        document type are kept. Run it after roles are inferred: participants' email domains decide who is
        a rep.

        An id that redaction changed gets ``-`` and ten letters from a hash of the redacted document
        (without its roles and file name): ``call-sam@buyer.com`` → ``call-[EMAIL]-qzmxkfwbte``. The same
        call redacted again gets the same id (re-ingest stays idempotent); calls whose ids differ only in
        personal data but whose contents differ get different ids. Nothing of the original id goes into
        the hash, so it cannot be confirmed by guessing. :meth:`documents` also keeps apart calls of one
        batch that are identical once redacted.
        """
        red, id_text = self._fields(doc, counts)
        return self._with_id(red, doc, id_text, 0)

    def documents(
        self,
        docs: Iterable[Document],
        counts: Counter[str] | None = None,
        *,
        ids: dict[str, str] | None = None,
    ) -> list[Document]:
        """:meth:`document` over many; two documents with different ids never share a redacted id.

        ``ids`` (redacted id → original id) carries that guarantee across calls, e.g. over the files of one
        upload; it is updated in place.
        """
        owner: dict[str, str] = {} if ids is None else ids
        out: list[Document] = []
        for doc in docs:
            red, id_text = self._fields(doc, counts)
            salt = 0
            while True:
                done = self._with_id(red, doc, id_text, salt)
                if owner.setdefault(_id_of(done), _id_of(doc)) == _id_of(doc):
                    break
                salt += 1
            out.append(done)
        return out

    def _fields(self, doc: Document, counts: Counter[str] | None) -> tuple[Document, str]:
        """The document with everything but its id redacted, and the redacted id text."""
        meta = {k: self.text(v, counts) for k, v in doc.metadata.items()}
        source = None if doc.source is None else self.file_name(doc.source, counts)
        title = self._optional(doc.title, counts, "title")
        if isinstance(doc, Transcript):
            utterances = [
                u.model_copy(
                    update={
                        "text": self.text(u.text, counts),
                        "speaker": _fit(u.speaker, self.text(u.speaker, counts), FIELD_LIMITS["speaker"]),
                    }
                )
                for u in doc.utterances
            ]
            participants = [
                p.model_copy(
                    update={
                        "name": _fit(p.name, self.text(p.name, counts), FIELD_LIMITS["speaker"]),
                        "email": self._optional(p.email, counts),
                        "company": self._optional(p.company, counts),
                        "title": self._optional(p.title, counts),
                    }
                )
                for p in doc.participants
            ]
            red: Document = doc.model_copy(
                update={
                    "title": title,
                    "utterances": utterances,
                    "participants": participants,
                    "metadata": meta,
                    "segment": self._optional(doc.segment, counts, "segment"),
                    "stage": self._optional(doc.stage, counts, "segment"),
                    "source": source,
                }
            )
            return red, self.text(doc.call_id, counts)
        assert isinstance(doc, CopyDocument)
        blocks = [
            b.model_copy(
                update={"text": self.text(b.text, counts), "heading": self._optional(b.heading, counts)}
            )
            for b in doc.blocks
        ]
        red = doc.model_copy(
            update={
                "title": title,
                "blocks": blocks,
                "metadata": meta,
                "campaign": self._optional(doc.campaign, counts),
                "channel": self._optional(doc.channel, counts),
                "source": source,
            }
        )
        return red, self.text(doc.doc_id, counts)

    def _with_id(self, red: Document, original: Document, id_text: str, salt: int) -> Document:
        """``red`` with its id: unchanged when redaction left it alone, else ``id_text-<ten letters>``."""
        if id_text == _id_of(original) and not salt:
            return red
        key = "call_id" if isinstance(red, Transcript) else "doc_id"
        exclude: Any = _FINGERPRINT_EXCLUDE if isinstance(red, Transcript) else {"source"}
        fingerprint = red.model_copy(update={key: id_text}).model_dump_json(exclude=exclude)
        if salt:
            fingerprint += f"\x00{salt}"
        digest = hashlib.sha256(fingerprint.encode()).digest()
        suffix = "".join(chr(97 + b % 26) for b in digest[:_SUFFIX_LETTERS])
        room = FIELD_LIMITS["id"] - len(suffix) - 1
        return red.model_copy(update={key: f"{id_text[:room]}-{suffix}"})


_FINGERPRINT_EXCLUDE: dict[str, Any] = {
    "source": True,
    "participants": {"__all__": {"role", "role_source", "role_confidence"}},
    "utterances": {"__all__": {"role"}},
}


def _id_of(doc: Document) -> str:
    return doc.call_id if isinstance(doc, Transcript) else doc.doc_id


def _fit(before: str, after: str, limit: int) -> str:
    """``after`` cut to ``limit`` characters when redaction made a value that fitted too long."""
    return after[:limit] if len(after) > limit >= len(before) else after


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
    switches = (
        ("email", s.redact_emails),
        ("phone", s.redact_phones),
        ("card", s.redact_cards),
        ("iban", s.redact_ibans),
        ("ssn", s.redact_ssns),
    )
    return Redactor(
        kinds=frozenset(k for k, on in switches if on),
        tokens={
            "email": s.redact_email_token,
            "phone": s.redact_phone_token,
            "card": s.redact_card_token,
            "iban": s.redact_iban_token,
            "ssn": s.redact_ssn_token,
        },
        phone_region=s.redact_phone_region,
    )


def redact_text(
    text: str, kinds: Iterable[RedactKind] = REDACT_KINDS, *, phone_region: str = DEFAULT_PHONE_REGIONS
) -> str:
    """Redact one text with the default tokens (convenience for scripts and tests)."""
    return Redactor(kinds=frozenset(kinds), phone_region=phone_region).text(text)
