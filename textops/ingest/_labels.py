"""Speaker labels that name a role rather than a person (``Customer``, ``Sales Rep``, ``Agent 2``, …).

Exports from call recorders, dialers and transcription services often label speakers by role. This module is
the one curated list of such labels and the normalisation that maps a label to it: case, punctuation,
numbering (``Customer 2``, ``SPEAKER_01``), a person's name in brackets or after a dash (``Agent (Mike)``,
``Rep - Dana``) are ignored. A label that is not in the list says nothing (``Speaker 1``, ``Dana``): roles
for those come from the call itself (:mod:`._role_inference`).
"""

from __future__ import annotations

import re

from textops.types import Role

__all__ = ["PROSPECT_LABELS", "REP_LABELS", "label_key", "role_from_label"]

PROSPECT_LABELS: frozenset[str] = frozenset(
    {
        "customer",
        "customers",
        "client",
        "prospect",
        "prospective customer",
        "potential customer",
        "buyer",
        "caller",
        "lead",
        "guest",
        "interviewee",
        "external",
        "contact",
        "visitor",
        "user",
        "end user",
    }
)
"""Labels for the buyer's side."""

REP_LABELS: frozenset[str] = frozenset(
    {
        "sales rep",
        "sales reps",
        "sales representative",
        "sales agent",
        "sales person",
        "sales",
        "salesperson",
        "seller",
        "rep",
        "representative",
        "agent",
        "ae",
        "sdr",
        "bdr",
        "account executive",
        "account manager",
        "am",
        "consultant",
        "sales consultant",
        "solutions consultant",
        "sales engineer",
        "solutions engineer",
        "se",
        "host",
        "internal",
        "vendor",
        "customer success",
        "customer success manager",
        "csm",
        "customer support",
        "support agent",
        "customer service",
        "inside sales",
    }
)
"""Labels for the seller's side."""

_BRACKETS = re.compile(r"[\(\[\{]([^\)\]\}]*)[\)\]\}]")
_DASHES = re.compile(r"\s+[-–—|/]\s+|\s*[|/]\s*")
_NOISE = re.compile(r"[^\w\s]|_")
_NUMBERING = re.compile(r"(?:\s+(?:\d+|#\d+|no\s*\d+|[a-z]))+$")
_GLUED_NUMBER = re.compile(r"^([a-z][a-z ]*?)(\d+)$")


def label_key(label: str) -> str:
    """A speaker label without case, punctuation and trailing numbering: ``"SPEAKER_01"`` → ``"speaker"``.

    A single trailing letter counts as numbering only after a space (``Customer B``); ``AE`` stays ``ae``.
    """
    text = _NOISE.sub(" ", label.casefold())
    text = " ".join(text.split())
    glued = _GLUED_NUMBER.match(text)
    if glued:
        text = glued.group(1).strip()
    if " " in text:
        text = _NUMBERING.sub("", text)
    return " ".join(text.split())


def _parts(label: str) -> list[str]:
    """The label itself, then the parts a bracket or dash separates (``Agent (Mike)`` → agent, mike)."""
    parts = [label]
    inner = _BRACKETS.findall(label)
    outer = _BRACKETS.sub(" ", label)
    for piece in [outer, *inner]:
        parts.extend(p for p in _DASHES.split(piece) if p.strip())
    return parts


def role_from_label(label: str) -> Role:
    """``rep`` or ``prospect`` when the label (or a bracketed / dashed part) is a role word, else unknown.

    A label whose parts point both ways (``Customer / Agent``) is ``unknown``.
    """
    found: set[Role] = set()
    for part in _parts(label):
        key = label_key(part)
        if key in REP_LABELS:
            found.add("rep")
        elif key in PROSPECT_LABELS:
            found.add("prospect")
    return found.pop() if len(found) == 1 else "unknown"
