"""Report persistence: a finished analysis stored as its JSON model, with the corpora it read."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, field_serializer
from sqlalchemy import select

from textops.errors import NotFoundError
from textops.store._base import StoreMixin
from textops.store._jobs import ReportPart, add_report
from textops.store._schema import RawJSON, ReportRow


class ReportSummary(BaseModel):
    """A stored report's id, kind, the corpora it read and when it was made."""

    id: str
    kind: str
    corpus_ids: list[int]
    created_at: datetime

    @field_serializer("created_at", when_used="json")
    def _iso(self, value: datetime) -> str:
        return value.isoformat()


class StoredReport(ReportSummary):
    """A stored report: its summary, and the report model's JSON as ``body`` (without the summary's keys)."""

    body: dict[str, Any]


_NON_ASCII = re.compile(rb"[\x80-\xff]+")


def _escape(match: re.Match[bytes]) -> bytes:
    """A run of non-ASCII UTF-8 bytes as the escapes ``json.dumps`` writes for it (all of it is escaped).

    Such a run holds no quote, backslash or ASCII control character; above the BMP, surrogate pairs.
    """
    return json.dumps(match.group().decode("utf-8"))[1:-1].encode("ascii")


def report_json(model: BaseModel) -> RawJSON:
    """``model`` as compact JSON text, non-ASCII escaped (as ``json.dumps`` does), for :meth:`save_report`.

    At corpus scale a report is tens of MB of JSON. ``model_dump_json`` gives a ``str``, which Python stores
    at four bytes a character as soon as one emoji is in it (and a ``RawJSON`` of it is a second copy);
    pure-ASCII text is one byte a character and the database driver reads it without another copy.
    """
    data: bytes = model.__pydantic_serializer__.to_json(model)
    if not data.isascii():
        data = _NON_ASCII.sub(_escape, data)
    return RawJSON(data, "ascii")


_SUMMARY = (ReportRow.id, ReportRow.kind, ReportRow.corpus_ids, ReportRow.created_at)


class ReportsMixin(StoreMixin):
    """Report methods of :class:`textops.store.Store`."""

    def save_report(
        self,
        ws: int,
        kind: str,
        result: dict[str, Any] | RawJSON,
        *,
        corpus_ids: Sequence[int] = (),
        params: dict[str, Any] | None = None,
        report_id: str | None = None,
        parts: Sequence[ReportPart] = (),
    ) -> str:
        """Persist a report (and ``parts``, further reports saved in the same transaction); returns its id.

        ``result`` is the report model's JSON: a dict, or :class:`RawJSON` for a large report serialised
        directly by ``model_dump_json`` (never held as Python dicts).

        Raises :class:`~textops.errors.SourceDeletedError` when one of ``corpus_ids`` no longer exists.
        """
        rid = report_id or str(uuid.uuid4())
        with self.session() as s:
            for p in parts:
                add_report(s, ws, p.id, p.kind, p.result, corpus_ids=p.corpus_ids, params=p.params)
            add_report(s, ws, rid, kind, result, corpus_ids=corpus_ids, params=params)
        return rid

    def get_report(self, ws: int, report_id: str, *, kind: str | None = None) -> StoredReport:
        """A stored report (of ``kind`` when given; another kind is :class:`NotFoundError` too)."""
        with self.session() as s:
            row = s.scalar(select(ReportRow).where(ReportRow.id == report_id, ReportRow.workspace_id == ws))
            if row is None or (kind is not None and row.kind != kind):
                raise NotFoundError(f"report {report_id!r} not found")
            return StoredReport(
                id=row.id,
                kind=row.kind,
                corpus_ids=[int(i) for i in row.corpus_ids or []],
                created_at=row.created_at,
                body=row.result,
            )

    def latest_report_id(self, ws: int, kind: str, corpus_id: int) -> str | None:
        """The id of the newest report of ``kind`` computed over corpus ``corpus_id``, or None.

        Every report of the workspace is considered (not only the newest page of them); only ids and corpus
        ids are read.
        """
        with self.session() as s:
            rows = s.execute(
                select(ReportRow.id, ReportRow.corpus_ids)
                .where(ReportRow.workspace_id == ws, ReportRow.kind == kind)
                .order_by(ReportRow.created_at.desc())
                .execution_options(yield_per=500)
            )
            return next((rid for rid, cids in rows if corpus_id in (cids or [])), None)

    def list_reports(self, ws: int, kind: str | None = None, limit: int = 50) -> list[ReportSummary]:
        """Newest reports first (of ``kind`` when given), without their bodies."""
        with self.session() as s:
            query = select(*_SUMMARY).where(ReportRow.workspace_id == ws)
            if kind:
                query = query.where(ReportRow.kind == kind)
            rows = s.execute(query.order_by(ReportRow.created_at.desc()).limit(limit)).all()
            return [
                ReportSummary(id=rid, kind=k, corpus_ids=[int(i) for i in cids or []], created_at=created)
                for rid, k, cids, created in rows
            ]

    def report_corpus_ids(self, ws: int, report_id: str) -> list[int]:
        """The corpora a stored report read (empty for reports of inline texts, or no such report)."""
        with self.session() as s:
            ids = s.scalar(
                select(ReportRow.corpus_ids).where(ReportRow.id == report_id, ReportRow.workspace_id == ws)
            )
        return [int(i) for i in ids or []]
