"""A stored objection report restricted to the calls of one rep, segment or date range (no re-detection)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date

from textops.errors import InvalidInputError
from textops.objections._aggregate import call_rep, quote_of, reply_claims_check, report_tables
from textops.objections._models import Objection, ObjectionReport, PainPoints, Theme
from textops.objections._taxonomy import CATEGORY_KEYS
from textops.roles import as_reported
from textops.types import Transcript

__all__ = ["CallFilter", "filter_report"]


@dataclass(frozen=True)
class CallFilter:
    """Which calls of a report to keep: one rep, one segment, a date range (``None``: no filter on it).

    A date filter keeps only calls with a start date, from ``since`` to ``until`` (both days included).
    """

    rep: str | None = None
    segment: str | None = None
    since: date | None = None
    until: date | None = None

    @property
    def active(self) -> bool:
        """Whether any filter is given (an inactive filter keeps every call)."""
        return any(v is not None for v in asdict(self).values())

    def check(self) -> None:
        """:class:`~textops.errors.InvalidInputError` when the dates are reversed."""
        if self.since is not None and self.until is not None and self.since > self.until:
            raise InvalidInputError(
                f"since ({self.since}) is after until ({self.until})", hint="swap the dates"
            )

    def keeps(self, call: Transcript) -> bool:
        """Whether ``call`` matches every filter given."""
        return (
            (self.rep is None or call_rep(call) == self.rep)
            and (self.segment is None or (call.segment or "unknown") == self.segment)
            and self._in_range(call)
        )

    def describe(self) -> str:
        """The filters given, as words ("rep Dana, since 2026-02-01")."""
        return ", ".join(f"{k} {v}" for k, v in asdict(self).items() if v)

    def _in_range(self, call: Transcript) -> bool:
        if self.since is None and self.until is None:
            return True
        if call.started_at is None:
            return False
        day = call.started_at.date()
        return (self.since is None or day >= self.since) and (self.until is None or day <= self.until)


def filter_report(report: ObjectionReport, calls: Sequence[Transcript], where: CallFilter) -> ObjectionReport:
    """The report restricted to the calls ``where`` keeps, every table recomputed (the report if inactive).

    ``calls`` are the report's stored transcripts. The tables come from the pipeline's own builder
    (:func:`report_tables`); themes keep their kept members, cross-category themes are left out, and the
    count of sentences scored stays the whole report's.
    """
    if not where.active:
        return report
    in_report = {c.call_id for c in report.per_call}
    # the report's calls as the report read them (header reps named, rep spellings unified), then filtered
    kept = [t for t in as_reported(t for t in calls if t.call_id in in_report) if where.keeps(t)]
    ids = {t.call_id for t in kept}
    objections = [o for o in report.objections if o.call_id in ids]
    order = [*CATEGORY_KEYS, *report.custom_categories]
    tables = report_tables(kept, objections, order, report.trend_granularity, check=reply_claims_check())
    labels = {c.category: c.label for c in report.categories}  # custom categories' labels are not stored
    tables.categories = [
        c.model_copy(update={"label": labels.get(c.category, c.label)}) for c in tables.categories
    ]
    prospect_turns = sum(1 for t in kept for u in t.utterances if u.role == "prospect" and u.text.strip())
    return report.model_copy(
        update={
            **dict(tables),
            "calls": len(kept),
            "calls_with_objections": len({o.call_id for o in objections}),
            "prospect_utterances": prospect_turns,
            "objections": objections,
            "themes": _kept_themes(report.themes, objections),
            "cross_themes": [],
            "pain_points": _filtered_pain(report.pain_points, ids, len(kept)),
            "warnings": [
                *report.warnings,
                f"filtered to {where.describe()}: {len(kept)} of {report.calls} calls; the count of "
                "sentences scored is that of the whole report and cross-category themes are left out",
            ],
        }
    )


def _kept_themes(themes: Sequence[Theme], objections: Sequence[Objection]) -> list[Theme]:
    """The themes with a kept member, largest first (a representative dropped: the most confident kept)."""
    by_id = {o.id: o for o in objections}
    out: list[Theme] = []
    for th in themes:
        members = [i for i in th.objection_ids if i in by_id]
        if not members:
            continue
        quote = th.representative
        if quote.objection_id not in by_id:
            quote = quote_of(max((by_id[i] for i in members), key=lambda o: o.confidence))
        out.append(
            th.model_copy(
                update={
                    "objection_ids": members,
                    "size": len(members),
                    "calls": len({by_id[i].call_id for i in members}),
                    "representative": quote,
                }
            )
        )
    return sorted(out, key=lambda t: -t.size)


def _filtered_pain(pain: PainPoints, ids: set[str], n_calls: int) -> PainPoints:
    """The pain-point section restricted to the kept calls (themes keep only their kept members)."""
    items = [o for o in pain.items if o.call_id in ids]
    kept = {o.id for o in items}
    calls = len({o.call_id for o in items})
    return pain.model_copy(
        update={
            "count": len(items),
            "calls": calls,
            "share_of_calls": round(calls / max(1, n_calls), 4),
            "items": items,
            "themes": [t for t in pain.themes if kept.intersection(t.objection_ids)],
            "quotes": [q for q in pain.quotes if q.call_id in ids],
        }
    )
