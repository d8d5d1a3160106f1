"""Call metadata shared by the transcript readers, and the step that turns utterances into a Transcript."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import cast

from textops.errors import IngestError
from textops.types import Outcome, Participant, Transcript, Utterance

from ._common import normalise_ws
from ._labels import PROSPECT_LABELS, REP_LABELS, label_key
from ._roles import infer_roles

__all__ = ["CallMeta", "CallOrigin", "build_transcript", "parse_outcome", "parse_started_at"]

_OUTCOMES = ("won", "lost", "open")


@dataclass(frozen=True)
class CallOrigin:
    """Where the calls being read come from: the id and file name they get, and who the seller is.

    ``default_id``: the call id when the file names none (the file's stem); ``source``: the file name kept
    with the call; ``seller_domains`` / ``seller_company``: what role inference may use besides the file
    (``None``: the settings').
    """

    default_id: str
    source: str
    seller_domains: Sequence[str] | None = None
    seller_company: str | None = None


@dataclass
class CallMeta:
    """What a header, a sidecar or a JSON call says about a call, before it becomes a Transcript."""

    call_id: str | None = None
    title: str | None = None
    started_at: datetime | None = None
    outcome: Outcome | None = None
    segment: str | None = None
    stage: str | None = None
    seller_domains: list[str] = field(default_factory=list)
    seller_company: str | None = None
    participants: list[Participant] = field(default_factory=list)
    reps: list[str] = field(default_factory=list)
    prospects: list[str] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)

    def overlay(self, over: CallMeta) -> CallMeta:
        """Return this metadata with every value that ``over`` sets taking precedence (lists are joined)."""
        merged = CallMeta()
        for f in fields(CallMeta):
            mine, theirs = getattr(self, f.name), getattr(over, f.name)
            if isinstance(mine, list):
                value: object = [*mine, *theirs]
            elif isinstance(mine, dict):
                value = {**mine, **theirs}
            else:
                value = theirs if theirs is not None else mine
            setattr(merged, f.name, value)
        return merged


def parse_started_at(
    value: object, *, file: str | None, line: int | None = None, path: str = "started_at"
) -> datetime:
    """Read an ISO 8601 date-time (``2026-03-04T15:00:00+00:00``, ``...Z``)."""
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            pass
    raise IngestError(
        f"{path}: {value!r} is not an ISO 8601 date-time",
        file=file,
        line=line,
        hint="use an ISO 8601 date-time, e.g. 2026-03-04T15:00:00+00:00",
    )


def parse_outcome(
    value: object, *, file: str | None, line: int | None = None, path: str = "outcome"
) -> Outcome:
    """Read ``won``, ``lost`` or ``open`` (case-insensitive)."""
    if isinstance(value, str) and value.strip().lower() in _OUTCOMES:
        return cast(Outcome, value.strip().lower())
    raise IngestError(
        f"{path}: {value!r} is not a valid outcome", file=file, line=line, hint="use won, lost or open"
    )


def build_transcript(
    meta: CallMeta,
    utterances: Sequence[Utterance],
    *,
    file: str,
    origin: CallOrigin,
) -> Transcript:
    """Normalise utterances (whitespace, no empty ones, 0-based ``index``), attach ``meta``, infer roles."""
    kept: list[Utterance] = []
    for u in utterances:
        text, speaker = normalise_ws(u.text), normalise_ws(u.speaker)
        if text and speaker:
            kept.append(u.model_copy(update={"text": text, "speaker": speaker, "index": len(kept)}))
    if not kept:
        raise IngestError(
            "no utterances with text",
            file=file,
            hint="a transcript needs at least one speaker turn with text",
        )
    kept = _name_role_labels(_name_role_labels(kept, meta.reps, REP_LABELS), meta.prospects, PROSPECT_LABELS)
    metadata = dict(meta.metadata)
    if meta.seller_domains:
        metadata["seller_domain"] = ", ".join(dict.fromkeys(meta.seller_domains))
    if meta.seller_company:
        metadata["seller_company"] = meta.seller_company
    participants: list[Participant] = []
    seen: set[str] = set()
    for p in meta.participants:
        if normalise_ws(p.name).casefold() not in seen:
            seen.add(normalise_ws(p.name).casefold())
            participants.append(p)
    for name in [*meta.reps, *meta.prospects]:
        if normalise_ws(name).casefold() not in seen:
            seen.add(normalise_ws(name).casefold())
            participants.append(Participant(name=name))
    transcript = Transcript(
        call_id=meta.call_id or origin.default_id,
        title=meta.title,
        started_at=meta.started_at,
        participants=participants,
        utterances=kept,
        outcome=meta.outcome,
        segment=meta.segment,
        stage=meta.stage,
        source=origin.source,
        metadata=metadata,
    )
    return infer_roles(
        transcript,
        seller_domains=origin.seller_domains,
        seller_company=origin.seller_company,
        reps=meta.reps,
        prospects=meta.prospects,
    )


def _name_role_labels(
    utterances: list[Utterance], names: Sequence[str], role_words: frozenset[str]
) -> list[Utterance]:
    """Give the one speaker labelled only by a role word the name the header gives that role.

    ``# rep: Dana Ruiz`` above lines ``Sales Rep: …``: those turns are Dana Ruiz's, so the per-rep views
    count the call under her rather than under a label that every call of an export shares. Only when the
    header names exactly one person for the role, that person never speaks under their own name, and
    exactly one speaker's whole label is a role word (``Sales Rep``, ``Customer 2``; not ``Agent (Mike)``).
    """
    named = list(dict.fromkeys(normalise_ws(n) for n in names if normalise_ws(n)))
    speakers = list(dict.fromkeys(u.speaker for u in utterances))
    if len(named) != 1 or named[0].casefold() in {s.casefold() for s in speakers}:
        return utterances
    bare = [s for s in speakers if label_key(s) in role_words]
    if len(bare) != 1:
        return utterances
    return [u.model_copy(update={"speaker": named[0]}) if u.speaker == bare[0] else u for u in utterances]
