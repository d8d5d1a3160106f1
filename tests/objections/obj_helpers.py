"""Helpers shared by the objection tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from textops.types import Transcript, Utterance


def make_call(call_id: str, turns: list[tuple[str, str]], **meta: Any) -> Transcript:
    """A transcript from (role, text) turns; rep turns are spoken by 'Dana', prospect turns by 'Sam'."""
    utts = [
        Utterance(speaker="Dana" if role == "rep" else "Sam", role=role, text=text, index=i, start=10.0 * i)
        for i, (role, text) in enumerate(turns)
    ]
    meta.setdefault("started_at", datetime(2026, 3, 2, 15, 0, tzinfo=UTC))
    return Transcript(call_id=call_id, utterances=utts, **meta)
