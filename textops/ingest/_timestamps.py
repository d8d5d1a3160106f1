"""Timestamps: ``HH:MM:SS(.mmm)``, ``MM:SS``, SubRip's ``HH:MM:SS,mmm``, or plain seconds."""

from __future__ import annotations

import math
import re

from textops.errors import IngestError

__all__ = ["TIMESTAMP_HINT", "parse_timestamp"]

TIMESTAMP_HINT = "write times as HH:MM:SS, HH:MM:SS.mmm, HH:MM:SS,mmm or MM:SS (minutes and seconds below 60)"

_SECONDS = re.compile(r"\d{1,9}(?:\.\d{1,9})?")
_FIELD = re.compile(r"\d{1,6}")
_LAST = re.compile(r"(?P<s>\d{1,2})(?:[.,](?P<f>\d{1,9}))?")


def parse_timestamp(value: str | float | int, *, file: str | None = None, line: int | None = None) -> float:
    """Return ``value`` as seconds from the start of the call.

    Accepts ``HH:MM:SS``, ``HH:MM:SS.mmm``, ``HH:MM:SS,mmm`` (SubRip), ``MM:SS(.mmm)`` (minutes may pass 59
    when there is no hour field), a numeric string of seconds, or a non-negative number. Anything else raises
    :class:`~textops.errors.IngestError` naming ``file`` and ``line``.
    """
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _malformed(value, file, line)
    if isinstance(value, int | float):
        seconds = float(value)
        if not math.isfinite(seconds) or seconds < 0:
            raise _malformed(value, file, line)
        return seconds
    text = value.strip()
    if _SECONDS.fullmatch(text):
        return float(text)
    parts = text.split(":")
    if len(parts) not in (2, 3):
        raise _malformed(value, file, line)
    *head, last = parts
    last_match = _LAST.fullmatch(last)
    if last_match is None or not all(_FIELD.fullmatch(p) for p in head):
        raise _malformed(value, file, line)
    fields = [int(p) for p in head]
    secs = int(last_match.group("s"))
    if secs > 59 or (len(fields) == 2 and fields[1] > 59):
        raise _malformed(value, file, line)
    hours, minutes = (fields[0], fields[1]) if len(fields) == 2 else (0, fields[0])
    fraction = last_match.group("f")
    frac = float(f"0.{fraction}") if fraction else 0.0
    return hours * 3600 + minutes * 60 + secs + frac


def _malformed(value: object, file: str | None, line: int | None) -> IngestError:
    shown = value if isinstance(value, str) else repr(value)
    return IngestError(f"malformed timestamp {shown!r}", file=file, line=line, hint=TIMESTAMP_HINT)
