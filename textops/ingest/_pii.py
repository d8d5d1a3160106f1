"""The detectors behind redaction: emails, card numbers (Luhn), IBANs and US SSNs as character spans.

What each one catches and why is told in :mod:`textops.ingest.redact`, which replaces what they find (and
phone numbers, found by libphonenumber there). Each returns ``(start, end)`` spans in order; none loads a
model, and each is linear in the length of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import regex

__all__ = [
    "AT_RE",
    "AT_SIGNS",
    "EMAIL_RE",
    "find_cards",
    "find_emails",
    "find_ibans",
    "find_ssns",
    "luhn_valid",
]

AT_SIGNS = "@\uff20\ufe6b"
"""The at sign and its look-alikes that mail clients and IDNA accept or users type: ``@``, ``＠``, ``﹫``."""
_DOTS = ".\uff0e\u3002\uff61"  # . ． 。 ｡ (IDNA label separators)

_LOCAL = r"[\p{L}\p{M}\p{N}._%+\-]"
_LABEL = r"[\p{L}\p{M}\p{N}\-]{1,63}"  # hyphens anywhere, like the ASCII pattern before
_DOMAIN = rf"(?:{_LABEL}[{_DOTS}])+(?:[Xx][Nn]--[A-Za-z0-9\-]{{1,59}}|\p{{L}}[\p{{L}}\p{{M}}]{{1,62}})"
EMAIL_RE = regex.compile(rf"{_LOCAL}{{1,64}}[{AT_SIGNS}]{_DOMAIN}")
"""An email address (what redaction removes; the tests check that no match is left)."""
AT_RE = re.compile(f"[{AT_SIGNS}]")
"""One at sign (or look-alike): a text without one holds no email address."""
_LOCAL_BACKWARDS = regex.compile(rf"(?r){_LOCAL}{{1,64}}")
_DOMAIN_RE = regex.compile(_DOMAIN)

# digit groups joined by single spaces, dashes, dots or slashes; not glued to other digits, nor the
# decimals of a number
_DIGIT_RUN = re.compile(r"(?<![0-9])(?<![0-9][.,])[0-9]+(?:[ ./-][0-9]+)*(?![0-9])", re.ASCII)
_GROUP = re.compile(r"[0-9]+", re.ASCII)
_STRICT_SEPARATORS = "./"  # a card written with these uses the same one throughout

_IBAN_START = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}", re.ASCII)
_ALNUM = re.compile(r"[A-Za-z0-9]*", re.ASCII)
_IBAN_MIN, _IBAN_MAX = 15, 34
_IBAN_DIGITS = {ord(c): str(i + 10) for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}

_SSN_SHAPE = re.compile(
    r"(?<![0-9])(?<![0-9][.,/-])([0-9]{3})([- .])([0-9]{2})\2([0-9]{4})(?![0-9])(?![.,/-][0-9])", re.ASCII
)
_SSN_NAMED = re.compile(
    r"\b(?:ssn|social\s+security(?:\s+(?:number|no\.?|#))?)[\s:#=-]{0,3}(?:is\s+|was\s+)?([0-9]{9})(?![0-9])",
    re.ASCII | re.IGNORECASE,
)


def luhn_valid(digits: str) -> bool:
    """True when ``digits`` (ASCII digits only) pass the Luhn checksum."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def find_emails(text: str) -> list[tuple[int, int]]:
    """Character spans of email addresses (see the module docstring); linear in the length of ``text``.

    Each at sign is looked at once: its local part is read backwards (at most 64 characters, as RFC 5321
    allows) and its domain forwards, so a long text without addresses costs no backtracking.
    """
    spans: list[tuple[int, int]] = []
    last = 0
    for at_match in AT_RE.finditer(text):
        at = at_match.start()
        if at <= last:
            continue
        local = _LOCAL_BACKWARDS.match(text, last, at)  # (?r): anchored at the at sign, read leftwards
        domain = _DOMAIN_RE.match(text, at + 1) if local else None
        if local and domain:
            spans.append((local.start(), domain.end()))
            last = domain.end()
    return spans


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
    then groups of 3–6 (4-4-4-4, 4-6-5, 4-4-4-4-3, ...) — so "10 20 30 40 50 60 70" is not a card. Dots and
    slashes separate a card only when every separator of the span is that one character, and a span never
    starts or ends next to a dot or slash that joins it to more digits (decimals, dates, versions).
    """

    def sep(i: int) -> str:  # the separator after group i
        return text[groups[i][1]]

    if a > 0 and sep(a - 1) in _STRICT_SEPARATORS:
        return None

    def ends_cleanly(b: int) -> bool:
        return b + 1 >= len(groups) or sep(b) not in _STRICT_SEPARATORS

    first = groups[a][1] - groups[a][0]
    if 13 <= first <= 19:
        ok = ends_cleanly(a) and luhn_valid(text[groups[a][0] : groups[a][1]])
        return a if ok else None
    if first != 4:
        return None
    digits = text[groups[a][0] : groups[a][1]]
    seps: set[str] = set()
    candidates: list[int] = []
    for b in range(a + 1, len(groups)):
        size = groups[b][1] - groups[b][0]
        if not 3 <= size <= 6:
            break
        seps.add(sep(b - 1))
        if len(seps) > 1 and seps & set(_STRICT_SEPARATORS):
            break
        digits += text[groups[b][0] : groups[b][1]]
        if len(digits) > 19:
            break
        if len(digits) >= 13 and ends_cleanly(b) and luhn_valid(digits):
            candidates.append(b)
    return candidates[-1] if candidates else None


def _iban_valid(candidate: str) -> bool:
    """Mod 97 and the country's BBAN length and format.

    Not the national checks: their bank code registries may lag behind real banks, and a missed IBAN costs
    more than a redacted look-alike.
    """
    from stdnum import iban
    from stdnum.exceptions import ValidationError

    compact = candidate.replace(" ", "").upper()
    if int((compact[4:] + compact[:4]).translate(_IBAN_DIGITS)) % 97 != 1:  # the checksum first: fast
        return False
    try:
        iban.validate(candidate, check_country=False)
    except ValidationError:
        return False
    return True


def find_ibans(text: str) -> list[tuple[int, int]]:
    """Character spans of IBANs that pass the checksum and their country's format (compact or in fours)."""
    spans: list[tuple[int, int]] = []
    for m in _IBAN_START.finditer(text):
        if spans and m.start() < spans[-1][1]:
            continue
        run = _ALNUM.match(text, m.end())
        assert run is not None  # `*`: always matches
        if run.end() > m.end():  # compact: the whole word
            if _IBAN_MIN <= run.end() - m.start() <= _IBAN_MAX and _iban_valid(text[m.start() : run.end()]):
                spans.append((m.start(), run.end()))
            continue
        ends: list[tuple[int, int]] = []  # paper format: " XXXX" groups, the last one 1-4 long
        pos, length = m.end(), 4
        while pos + 1 < len(text) and text[pos] == " " and length < _IBAN_MAX:
            group = _ALNUM.match(text, pos + 1)
            assert group is not None
            size = group.end() - group.start()
            if not 1 <= size <= 4:
                break
            pos, length = group.end(), length + size
            ends.append((pos, length))
            if size < 4:
                break
        for end, n in reversed(ends):
            if _IBAN_MIN <= n <= _IBAN_MAX and _iban_valid(text[m.start() : end]):
                spans.append((m.start(), end))
                break
    return spans


def _ssn_valid(digits: str) -> bool:
    from stdnum.us import ssn

    return bool(ssn.is_valid(digits))


def find_ssns(text: str) -> list[tuple[int, int]]:
    """Character spans of US SSNs: ``ddd-dd-dddd`` shapes (or spaces, dots) and nine digits named as one."""
    spans = [
        (m.start(), m.end())
        for m in _SSN_SHAPE.finditer(text)
        if _ssn_valid(m.group(1) + m.group(3) + m.group(4))
    ]
    spans += [(m.start(1), m.end(1)) for m in _SSN_NAMED.finditer(text) if _ssn_valid(m.group(1))]
    return _merged(spans)


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans joined into one."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
