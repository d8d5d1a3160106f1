"""Redaction of what an analysis request carries inline: typed calls and transcript files.

``POST /v1/objections`` and ``POST /v1/alignment`` take calls that are never stored as documents, but their
report is stored, and a background job stores its request until it is done (a failed or interrupted job
keeps it, to run again). Redacting the request itself, before either happens, keeps both clean.

A transcript file is read (its roles decided, as the analysis would), redacted, and written back as a JSON
call export (docs/formats.md) that reads back as the same calls with the same roles: the request keeps
its shape, and the analysis reads it as before.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from textops.ingest import read_bytes
from textops.ingest.redact import Redactor
from textops.types import Transcript

__all__ = ["calls_as_json", "redact_transcript_file"]

MAX_NAME = 255
"""Longest file name the analysis routes accept (their ``TranscriptFile.name``)."""


def calls_as_json(calls: Sequence[Transcript]) -> str:
    """A JSON call export of ``calls`` that the JSON reader reads back as the same calls and roles.

    Kept: ids, titles, start times, outcomes, segments, stages, participants (name, role, company,
    email, title), metadata, and every utterance's speaker, role, text and times. Not kept: the file name
    (the export's own name becomes it) and why a role was decided (read back as given by the file).
    """

    def participant(p: Any) -> dict[str, Any]:
        return {
            k: v
            for k, v in p.model_dump(include={"name", "role", "company", "email", "title"}).items()
            if v is not None
        }

    def call(t: Transcript) -> dict[str, Any]:
        out: dict[str, Any] = {
            k: v
            for k, v in t.model_dump(
                mode="json", include={"call_id", "title", "started_at", "outcome", "segment", "stage"}
            ).items()
            if v is not None
        }
        if t.participants:
            out["participants"] = [participant(p) for p in t.participants]
        if t.metadata:
            out["metadata"] = t.metadata
        out["utterances"] = [
            {
                k: v
                for k, v in u.model_dump(include={"speaker", "role", "text", "start", "end"}).items()
                if v is not None
            }
            for u in t.utterances
        ]
        return out

    return json.dumps({"calls": [call(t) for t in calls]}, ensure_ascii=False, separators=(",", ":"))


def redact_transcript_file(name: str, content: str, redactor: Redactor) -> tuple[str, str] | None:
    """``(name, content)`` of a transcript file sent inline, redacted: a JSON export of its calls.

    The file is read as the analysis reads it (``kind="transcript"``; an unreadable one raises
    :class:`~textops.errors.IngestError` as it would there). Its calls are redacted like an upload (texts,
    ids, the file name); the new name is the redacted name with ``.json`` for its extension. ``None`` when
    the file holds no calls (the analysis would read none from it either).
    """
    docs = read_bytes(content.encode("utf-8"), name, kind="transcript")
    calls = [d for d in redactor.documents(docs) if isinstance(d, Transcript)]
    if not calls:
        return None
    stem = redactor.file_name(name).rpartition(".")[0] or "calls"
    return f"{stem[: MAX_NAME - len('.json')]}.json", calls_as_json(calls)
