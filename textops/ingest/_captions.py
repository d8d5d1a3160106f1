"""WebVTT (webvtt-py) and SubRip (pysrt) transcripts: speakers from voice tags or ``Name:`` prefixes."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pysrt
import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError
from webvtt.models import Caption

from textops.errors import IngestError
from textops.types import Utterance

from ._common import clip, match_speaker, normalise_ws, split_lines, strip_tags
from ._timestamps import TIMESTAMP_HINT, parse_timestamp

__all__ = ["read_srt_utterances", "read_vtt_utterances"]

_VOICE = Caption.VOICE_SPAN_PATTERN
_DIALOGUE_DASH = re.compile(r"^[-–—]\s+")
_ASS_TAG = re.compile(r"\{\\[^{}]*\}")
_SPEAKER_HINT = "start each cue with a voice tag (<v Dana Ruiz>) or a 'Name: text' prefix"
_VTT_HINT = (
    "a WebVTT file starts with the line WEBVTT, then cues of a timing line "
    "(00:00:05.000 --> 00:00:09.500) and text, separated by blank lines"
)
_SRT_HINT = (
    "a SubRip file is blocks of a number, a timing line (00:00:05,000 --> 00:00:09,500) and text, "
    "separated by blank lines"
)


@dataclass
class _Cue:
    start: float
    end: float
    lines: list[str]
    line: int | None
    voice: str | None = None


def read_vtt_utterances(text: str, file: str) -> list[Utterance]:
    """Parse WebVTT with webvtt-py and return one utterance per speaker turn (consecutive cues merged)."""
    try:
        captions = webvtt.from_buffer(io.StringIO(text)).captions
    except MalformedFileError:
        first = split_lines(text.lstrip("\ufeff"))[0]
        raise IngestError(
            f"not a WebVTT file: the first line is {clip(first)!r}, not 'WEBVTT'",
            file=file,
            line=1,
            hint=_VTT_HINT,
        ) from None
    except MalformedCaptionError as exc:
        raise IngestError(
            f"malformed cue: {exc}", file=file, line=_first_bad_timing(split_lines(text)), hint=TIMESTAMP_HINT
        ) from None
    # Every "-->" line is a cue timing line; webvtt-py silently drops cues it cannot read, so walk the timing
    # lines alongside the captions: one that does not match the next caption is a malformed cue.
    lines = split_lines(text)
    timing_lines = [i for i, line in enumerate(lines, start=1) if "-->" in line]
    cues: list[_Cue] = []
    pos = 0
    for caption in captions:
        start_ms = caption.start_time.in_milliseconds()
        number: int | None = None
        if pos < len(timing_lines):
            candidate = timing_lines[pos]
            pos += 1
            if not _starts_at(lines[candidate - 1], start_ms):
                raise _bad_timing(lines[candidate - 1], file, candidate)
            number = candidate + 1  # the first line of the cue text
        cues.append(
            _Cue(
                start=start_ms / 1000,
                end=caption.end_time.in_milliseconds() / 1000,
                lines=list(caption.lines),
                line=number,
                voice=caption.voice,
            )
        )
    if pos < len(timing_lines):
        bad = timing_lines[pos]
        raise _bad_timing(lines[bad - 1], file, bad)
    if not cues:
        raise IngestError("WebVTT file has no cues", file=file, hint=_VTT_HINT)
    return _merge(cues, file)


def read_srt_utterances(text: str, file: str) -> list[Utterance]:
    """Parse SubRip with pysrt and return one utterance per speaker turn (consecutive cues merged)."""
    physical = text.lstrip("\ufeff").splitlines(keepends=True)  # pysrt counts lines this way
    try:
        items = pysrt.from_string(text.lstrip("\ufeff"), error_handling=pysrt.ERROR_RAISE)
    except pysrt.Error as exc:
        index = exc.args[0] if exc.args and isinstance(exc.args[0], int) else -1
        line: int | None = None
        for first, last in _blocks(physical):
            if last == index:  # pysrt reports the 0-based index of the blank line after the block
                line = first + 1 if "-->" not in physical[first - 1] and last > first else first
        shown = physical[line - 1] if line is not None else ""
        bad_time = isinstance(exc, pysrt.InvalidTimeString)
        raise IngestError(
            f"malformed timestamp in {clip(shown)!r}"
            if bad_time
            else f"malformed subtitle block at {clip(shown)!r}",
            file=file,
            line=line,
            hint=TIMESTAMP_HINT if bad_time else _SRT_HINT,
        ) from None
    blocks = _blocks(physical)
    cues: list[_Cue] = []
    for number, item in enumerate(items):
        text_line: int | None = None
        if number < len(blocks):
            first = blocks[number][0]
            text_line = first + 1 if "-->" in physical[first - 1] else first + 2
        cues.append(
            _Cue(
                start=item.start.ordinal / 1000,
                end=item.end.ordinal / 1000,
                lines=str(item.text).split("\n"),
                line=text_line,
            )
        )
    if not cues:
        raise IngestError("SubRip file has no subtitles", file=file, hint=_SRT_HINT)
    return _merge(cues, file)


def _starts_at(timing_line: str, start_ms: int) -> bool:
    left = timing_line.split("-->", 1)[0].strip()
    try:
        return round(parse_timestamp(left) * 1000) == start_ms
    except IngestError:
        return False


def _first_bad_timing(lines: Sequence[str]) -> int | None:
    for number, line in enumerate(lines, start=1):
        if "-->" in line:
            left, right = line.split("-->", 1)
            parts = right.split()
            try:
                parse_timestamp(left.strip())
                parse_timestamp(parts[0] if parts else "")
            except IngestError:
                return number
    return None


def _bad_timing(line: str, file: str, number: int) -> IngestError:
    return IngestError(f"malformed cue timing {clip(line)!r}", file=file, line=number, hint=TIMESTAMP_HINT)


def _blocks(physical: Sequence[str]) -> list[tuple[int, int]]:
    """(first, last) 1-based line numbers of each run of non-blank lines, as pysrt splits them."""
    out: list[tuple[int, int]] = []
    first: int | None = None
    for number, line in enumerate(physical, start=1):
        if line.strip():
            first = number if first is None else first
        elif first is not None:
            out.append((first, number - 1))
            first = None
    if first is not None:
        out.append((first, len(physical)))
    return out


def _merge(cues: Sequence[_Cue], file: str) -> list[Utterance]:
    """Split cues into speaker segments and join consecutive segments of the same speaker."""
    out: list[Utterance] = []
    current: str | None = None
    any_speaker = False
    for cue in cues:
        for speaker, text in _segments(cue):
            if speaker is not None:
                any_speaker = True
                current = speaker
            name = current or "Unknown"
            text = _clean(text)
            if not text:
                continue
            last = out[-1] if out else None
            if last is not None and last.speaker == name:
                last.text = f"{last.text} {text}"
                last.end = cue.end
            else:
                out.append(Utterance(speaker=name, text=text, start=cue.start, end=cue.end, line=cue.line))
    if not any_speaker:
        raise IngestError("no speaker names in the cues", file=file, line=cues[0].line, hint=_SPEAKER_HINT)
    return out


def _clean(text: str) -> str:
    r"""Cue text without tags (``<i>``, ``<c.x>``, ``{\an8}``) or entities, whitespace-normalised."""
    return normalise_ws(html.unescape(strip_tags(_ASS_TAG.sub("", text))))


def _segments(cue: _Cue) -> list[tuple[str | None, str]]:
    """(speaker or None, raw text) for each speaker change inside one cue.

    The first line's voice comes from webvtt-py (``Caption.voice``); a cue can hold several voices, one per
    line, so later lines are matched with webvtt-py's own voice-span pattern.
    """
    segments: list[tuple[str | None, str]] = []
    for i, raw in enumerate(cue.lines):
        line = raw.strip()
        speaker: str | None = None
        voice = _VOICE.match(line)
        if voice is not None:
            speaker = normalise_ws(cue.voice if i == 0 and cue.voice else voice.group(1))
            line = line[voice.end() :]
        else:
            found = match_speaker(_clean(_DIALOGUE_DASH.sub("", line)))
            if found is not None:
                speaker, line = found
        if speaker is not None or not segments:
            segments.append((speaker, line))
        else:
            prev_speaker, prev_text = segments[-1]
            segments[-1] = (prev_speaker, f"{prev_text} {line}")
    return segments
