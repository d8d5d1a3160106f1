"""A stored objection report restricted to the calls of one rep, segment or date range (no re-detection)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from textops.objections._aggregate import call_rep, reply_claims_check, report_tables
from textops.objections._models import Objection, ObjectionReport, PainPoints, Theme
from textops.objections._taxonomy import CATEGORY_KEYS
from textops.types import Transcript

__all__ = ["filter_report"]


def filter_report(
    report: ObjectionReport,
    calls: Sequence[Transcript],
    *,
    rep: str | None = None,
    segment: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> ObjectionReport:
    """The report restricted to the calls of one rep / segment / date range, every table recomputed.

    ``calls`` are the report's stored transcripts; calls without a start date are left out by a date filter.
    The tables come from the pipeline's own builder (:func:`report_tables`); themes keep their kept members,
    cross-category themes are left out, and the count of sentences scored stays the whole report's.
    """
    if rep is None and segment is None and since is None and until is None:
        return report
    in_report = {c.call_id for c in report.per_call}
    kept = [
        t
        for t in calls
        if t.call_id in in_report
        and (rep is None or call_rep(t) == rep)
        and (segment is None or (t.segment or "unknown") == segment)
        and _in_range(t.started_at, since, until)
    ]
    ids = {t.call_id for t in kept}
    objections = [o for o in report.objections if o.call_id in ids]
    order = [*CATEGORY_KEYS, *report.custom_categories]
    tables = report_tables(kept, objections, order, report.trend_granularity, check=reply_claims_check())
    labels = {c.category: c.label for c in report.categories}  # custom categories' labels are not stored
    tables["categories"] = [
        c.model_copy(update={"label": labels.get(c.category, c.label)}) for c in tables["categories"]
    ]
    prospect_turns = sum(1 for t in kept for u in t.utterances if u.role == "prospect" and u.text.strip())
    scope = ", ".join(
        f"{k} {v}" for k, v in (("rep", rep), ("segment", segment), ("since", since), ("until", until)) if v
    )
    return report.model_copy(
        update={
            **tables,
            "calls": len(kept),
            "calls_with_objections": len({o.call_id for o in objections}),
            "prospect_utterances": prospect_turns,
            "objections": objections,
            "themes": _kept_themes(report.themes, objections),
            "cross_themes": [],
            "pain_points": _filtered_pain(report.pain_points, ids, len(kept)),
            "warnings": [
                *report.warnings,
                f"filtered to {scope}: {len(kept)} of {report.calls} calls; the count of sentences scored "
                "is that of the whole report and cross-category themes are left out",
            ],
        }
    )


def _in_range(when: datetime | None, since: date | None, until: date | None) -> bool:
    if since is None and until is None:
        return True
    if when is None:
        return False
    day = when.date()
    return (since is None or day >= since) and (until is None or day <= until)


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
            best = max((by_id[i] for i in members), key=lambda o: o.confidence)
            quote = quote.model_copy(
                update={
                    "objection_id": best.id,
                    "call_id": best.call_id,
                    "speaker": best.speaker,
                    "start": best.start,
                    "text": best.text,
                    "confidence": best.confidence,
                }
            )
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
