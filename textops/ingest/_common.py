"""Small helpers shared by the readers: line splitting, whitespace, speaker prefixes."""

from __future__ import annotations

import re
from pathlib import PurePath

__all__ = [
    "NAME_MAX",
    "NAME_PREFIX",
    "SIDECAR_SUFFIX",
    "clip",
    "match_speaker",
    "normalise_ws",
    "split_lines",
    "stem_of",
    "strip_tags",
]

NAME_MAX = 60
"""The longest speaker name accepted in a ``Name: text`` prefix."""

NAME_PREFIX = re.compile(rf"(?P<name>[^\W_][^:\[\]\n]{{0,{NAME_MAX - 1}}}):(?:\s+(?P<text>.*)|$)", re.DOTALL)
"""``Name: text``: a name of at most 60 characters (starting with a letter or digit), a colon, then
whitespace or the end of the line. Use with ``match``."""

SIDECAR_SUFFIX = ".meta.json"
"""A transcript's call metadata file: ``<stem>.meta.json`` beside ``<stem>.vtt`` / ``.srt`` / ``.txt``."""

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_TAG = re.compile(r"<[^<>]*>")


def split_lines(text: str) -> list[str]:
    """Split on CRLF, CR or LF only, so line numbers agree with what an editor shows."""
    return _LINE_BREAK.split(text)


def normalise_ws(text: str) -> str:
    """Collapse every run of whitespace to one space and trim the ends."""
    return " ".join(text.split())


def strip_tags(text: str) -> str:
    """Remove ``<...>`` markup (cue tags, ``<i>``, ``<font>``) in linear time."""
    return _TAG.sub("", text)


def clip(text: str, limit: int = 80) -> str:
    """Shorten ``text`` for an error message."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def stem_of(filename: str) -> str:
    """The file name without folders or its last extension (``calls/demo-017.txt`` → ``demo-017``)."""
    return PurePath(filename.replace("\\", "/")).stem or filename


def match_speaker(line: str) -> tuple[str, str] | None:
    """Split ``Name: text`` into ``(name, text)``, or ``None`` when the line has no speaker prefix."""
    m = NAME_PREFIX.match(line.strip())
    if m is None:
        return None
    name = m.group("name").strip()
    if not name:
        return None
    return name, m.group("text") or ""
