"""Plain-text transcripts: an optional ``# key: value`` header, then ``[HH:MM:SS] Name: text`` lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

from textops.errors import IngestError
from textops.types import Transcript, Utterance

from ._calls import CallMeta, CallOrigin, build_transcript, parse_outcome, parse_started_at
from ._common import NAME_MAX, clip, match_speaker, normalise_ws, split_lines
from ._timestamps import parse_timestamp

__all__ = ["SPEAKER_FORMATS_HINT", "looks_like_transcript", "read_text_transcript"]

SPEAKER_FORMATS_HINT = (
    "write each turn as 'Name: text', '[HH:MM:SS] Name: text', '[MM:SS] Name: text', "
    f"'(HH:MM:SS) Name: text' or 'HH:MM:SS Name: text' (names of at most {NAME_MAX} characters); "
    "lines that are not turns continue the previous turn"
)

# A timestamp in brackets or parentheses (validated later, so "[00:61:00]" is reported, not ignored),
# or a bare one with at least one colon, before the speaker.
_STAMPED = re.compile(
    r"^\s*(?:\[(?P<b>[\d:.,]+)\]|\((?P<p>[\d:.,]+)\)|(?P<n>\d+:[\d:.,]*\d)(?=\s))\s*(?P<rest>.*)$",
    re.DOTALL,
)
_HEADER = re.compile(r"^#\s*(?P<key>[A-Za-z][\w \-]{0,40}?)\s*:\s*(?P<value>.*)$")
_TRANSCRIPT_KEYS = frozenset(
    {
        "call_id",
        "started_at",
        "outcome",
        "rep",
        "prospect",
        "seller_domain",
        "seller_company",
        "stage",
        "segment",
    }
)


@dataclass
class _Turn:
    speaker: str
    text: str
    start: str | None
    rest_of_line: str


def _parse_turn(line: str) -> _Turn | None:
    """The speaker turn on ``line``, or ``None``. The timestamp is returned unparsed."""
    stamp: str | None = None
    rest = line
    m = _STAMPED.match(line)
    if m is not None:
        stamp = m.group("b") or m.group("p") or m.group("n")
        rest = m.group("rest")
    found = match_speaker(rest)
    if found is None:
        return None
    return _Turn(speaker=found[0], text=found[1], start=stamp, rest_of_line=rest)


def _header_key(line: str) -> tuple[str, str] | None:
    m = _HEADER.match(line.strip())
    if m is None:
        return None
    return re.sub(r"[\s\-]+", "_", m.group("key").strip().lower()), m.group("value").strip()


def looks_like_transcript(text: str) -> bool:
    """True if at least half of the non-empty lines outside a ``#`` header are speaker turns.

    A file whose ``#`` header names a transcript-only key (``call_id``, ``rep``, ``outcome``, ...) is a
    transcript whatever its lines, so a damaged transcript is reported instead of read as copy.
    """
    turns = others = 0
    header_keys: set[str] = set()
    for line in split_lines(text):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            kv = _header_key(stripped)
            if kv is not None:
                header_keys.add(kv[0])
            continue
        if _parse_turn(stripped) is not None:
            turns += 1
        else:
            others += 1
    if header_keys & _TRANSCRIPT_KEYS:
        return True
    return turns > 0 and turns >= others


def _names(value: str) -> list[str]:
    return [n for n in (normalise_ws(part) for part in value.split(",")) if n]


def _apply_header(meta: CallMeta, key: str, value: str, file: str, line: int) -> None:
    if not value:
        return
    if key in ("call_id", "title", "segment", "stage", "seller_company"):
        setattr(meta, key, value)
    elif key == "started_at":
        meta.started_at = parse_started_at(value, file=file, line=line)
    elif key == "outcome":
        meta.outcome = parse_outcome(value, file=file, line=line)
    elif key in ("rep", "reps"):
        meta.reps.extend(_names(value))
    elif key in ("prospect", "prospects"):
        meta.prospects.extend(_names(value))
    elif key in ("seller_domain", "seller_domains"):
        meta.seller_domains.extend(_names(value))
    else:
        previous = meta.metadata.get(key)
        meta.metadata[key] = f"{previous}, {value}" if previous else value


def read_text_transcript(
    text: str,
    file: str,
    *,
    origin: CallOrigin,
    sidecar: CallMeta | None,
) -> Transcript:
    """Read a plain-text transcript (see docs/formats.md, "Plain text with speaker labels")."""
    header = CallMeta()
    utterances: list[Utterance] = []
    preamble: list[str] = []
    first_other: tuple[int, str] | None = None
    for number, line in enumerate(split_lines(text), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not utterances and stripped.startswith("#"):
            kv = _header_key(stripped)
            if kv is not None:
                _apply_header(header, kv[0], kv[1], file, number)
            continue
        turn = _parse_turn(stripped)
        if turn is not None:
            start = None if turn.start is None else parse_timestamp(turn.start, file=file, line=number)
            utterances.append(Utterance(speaker=turn.speaker, text=turn.text, start=start, line=number))
        elif utterances:
            last = utterances[-1]
            last.text = f"{last.text} {stripped}"
        else:
            preamble.append(stripped)
            if first_other is None:
                first_other = (number, stripped)
    if not utterances:
        bad_line = first_other[0] if first_other is not None else None
        shown = first_other[1] if first_other is not None else ""
        raise IngestError(
            f"unknown speaker format: no line looks like 'Name: text' (first line: {clip(shown)!r})"
            if shown
            else "unknown speaker format: the file has a header but no speaker lines",
            file=file,
            line=bad_line,
            hint=SPEAKER_FORMATS_HINT,
        )
    if preamble:
        header.metadata["preamble"] = normalise_ws(" ".join(preamble))
    meta = sidecar.overlay(header) if sidecar is not None else header
    return build_transcript(meta, utterances, file=file, origin=origin)
