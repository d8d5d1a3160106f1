"""Pages: messaging alignment and objection reports, their evidence and transcript views."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request, Response

from api.auth import Principal
from api.deps import EvidenceQueryParams
from api.ui._common import Built, page, store_of
from api.ui._words import words
from textops import alignment, objections
from textops.alignment import METHOD as ALIGNMENT_METHOD
from textops.alignment import AlignmentReport, CallView, read_score
from textops.errors import InvalidInputError
from textops.objections import Objection, ObjectionReport
from textops.reports import (
    NO_OUTCOMES,
    TREND_TOP,
    checked_best_replies,
    decided_calls,
    heatmap_cells,
    shown_pillars,
    trend_shares,
    unnamed_reps_alignment,
    unnamed_reps_note,
)
from textops.types import Transcript

router = APIRouter(include_in_schema=False)

ReportId = Annotated[str, Path(max_length=100)]
CallId = Annotated[str, Path(max_length=300)]


def _index_page(request: Request, kind: str, title: str) -> Response:
    """The index page of ``kind``: the corpora for its run form, the newest reports with their corpora."""

    def build(p: Principal) -> Built:
        store = store_of(request)
        corpora = store.list_corpora(p.workspace_id)
        names = {c.id: c.name for c in corpora}
        reports = [
            {**r.model_dump(), "corpora": [names.get(i, f"#{i}") for i in r.corpus_ids]}
            for r in store.list_reports(p.workspace_id, kind=kind, limit=50)
        ]
        return f"{kind}_index.html", {"title": title, "corpora": corpora, "reports": reports}

    return page(request, build, nav=kind)


# -- messaging alignment ---------------------------------------------------------------------------------


@router.get("/ui/alignment")
def alignment_index(request: Request) -> Response:
    """Run a messaging-alignment report (as a job) and list earlier ones."""
    return _index_page(request, "alignment", "Messaging alignment")


@router.get("/ui/alignment/{report_id}")
def alignment_report(request: Request, report_id: ReportId) -> Response:
    """An alignment report: score and components, heatmap, coverage, unbacked claims, drift."""

    def build(p: Principal) -> Built:
        stored = store_of(request).get_report(p.workspace_id, report_id, kind="alignment")
        report = AlignmentReport.model_validate(stored.body)
        pillars = shown_pillars(report)
        return "alignment_report.html", {
            "title": f"Alignment: {report.campaign or 'report'}",
            "rid": report_id,
            "created_at": stored.created_at,
            "r": report,
            "unnamed_reps": unnamed_reps_alignment(report),
            "pillars": pillars,
            "heat": heatmap_cells(report, pillars),
            "reading": read_score(report.components),
            "method": ALIGNMENT_METHOD,
        }

    return page(request, build, nav="alignment")


@router.get("/ui/alignment/{report_id}/evidence")
def alignment_evidence(
    request: Request,
    report_id: ReportId,
    query: EvidenceQueryParams,
) -> Response:
    """The rep sentences behind a number, beside the approved message (``GET .../evidence`` of the API)."""

    def build(p: Principal) -> Built:
        report = alignment.load_report(store_of(request), p.workspace_id, report_id)
        ev = alignment.evidence(report, report_id, **query.model_dump())
        message = next(
            (m.message for pl in report.pillars for m in pl.messages if m.message.id == query.message_id),
            None,
        )
        api_query = urlencode(query.model_dump(exclude_none=True))
        return "alignment_evidence.html", {
            "title": "Evidence",
            "rid": report_id,
            "campaign": report.campaign,
            "ev": ev,
            "message": message,
            "api_url": f"/v1/alignment/{report_id}/evidence?{api_query}",
        }

    return page(request, build, nav="alignment")


def _marks(text: str, spans: list[tuple[int, int, str, str]]) -> list[dict[str, Any]]:
    """Split ``text`` into plain and marked pieces; spans are (start, end, css class, label)."""
    pieces: list[dict[str, Any]] = []
    pos = 0
    for start, end, cls, label in sorted(spans):
        start, end = max(start, pos), min(end, len(text))
        if end <= start:
            continue
        if start > pos:
            pieces.append({"text": text[pos:start], "cls": None, "label": None})
        pieces.append({"text": text[start:end], "cls": cls, "label": label})
        pos = end
    if pos < len(text):
        pieces.append({"text": text[pos:], "cls": None, "label": None})
    return pieces


def _find(text: str, sentence: str) -> tuple[int, int] | None:
    at = text.find(sentence)
    if at < 0:
        at = text.lower().find(sentence.lower())
    return (at, at + len(sentence)) if at >= 0 else None


def alignment_found(view: CallView) -> list[dict[str, Any]]:
    """The report's evidence from this call, each with the turn it was said in (``#u-N``) when known."""
    turns = view.transcript.utterances if view.transcript else []

    def anchor(speaker: str, start: float | None) -> int | None:
        return next((u.index for u in turns if u.speaker == speaker and u.start == start), None)

    found: list[dict[str, Any]] = []
    for it in view.items:
        d = it.delivery
        detail = f"{it.message.pillar}: {it.message.text}"
        if d.distortions:
            detail += f" ({', '.join(words(x, 'distortion') for x in d.distortions)})"
        found.append(
            {
                "status": it.status,
                "sentence": d.sentence,
                "detail": detail,
                "anchor": anchor(d.speaker, d.start),
            }
        )
    for c in view.unbacked:
        detail = f"unbacked claim: {', '.join(words(k, 'claim_kind') for k in c.kinds)}, risk {c.risk}"
        found.append(
            {
                "status": "unbacked",
                "sentence": c.sentence,
                "detail": detail,
                "anchor": anchor(c.speaker, c.start),
            }
        )
    return found


def alignment_turns(view: CallView) -> list[dict[str, Any]]:
    """The transcript's turns with the report's evidence sentences marked where they were said."""
    if view.transcript is None:
        return []
    turns = []
    for u in view.transcript.utterances:
        spans: list[tuple[int, int, str, str]] = []
        notes: list[str] = []
        for item in view.items:
            d = item.delivery
            if d.speaker != u.speaker or d.start != u.start:
                continue
            found = _find(u.text, d.sentence)
            label = f"{words(item.status, 'delivery')}: {item.message.pillar} (similarity {d.similarity:.2f})"
            if found:
                spans.append((*found, item.status, label))
            else:
                notes.append(f"{label}: “{d.sentence}”")
        for c in view.unbacked:
            if c.speaker != u.speaker or c.start != u.start:
                continue
            found = _find(u.text, c.sentence)
            label = f"unbacked claim ({', '.join(words(k, 'claim_kind') for k in c.kinds)}, risk {c.risk})"
            if found:
                spans.append((*found, "unbacked", label))
            else:
                notes.append(f"{label}: “{c.sentence}”")
        turns.append(
            {"u": u, "pieces": _marks(u.text, spans), "notes": notes, "marked": bool(spans or notes)}
        )
    return turns


@router.get("/ui/alignment/{report_id}/calls/{call_id:path}")
def alignment_call(request: Request, report_id: ReportId, call_id: CallId) -> Response:
    """One call of an alignment report: its scores and transcript with the evidence marked."""

    def build(p: Principal) -> Built:
        view = alignment.call_view(store_of(request), p.workspace_id, report_id, call_id)
        return "alignment_call.html", {
            "title": f"Call {call_id}",
            "rid": report_id,
            "view": view,
            "turns": alignment_turns(view),
            "found": alignment_found(view),
        }

    return page(request, build, nav="alignment")


# -- objections ------------------------------------------------------------------------------------------


@router.get("/ui/objections")
def objections_index(request: Request) -> Response:
    """Run an objection report (as a job) and list earlier ones."""
    return _index_page(request, "objections", "Objections")


def _date(value: str | None, name: str) -> date | None:
    """A filter form's date: empty means no filter."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(f"{name} {value!r} is not a date", hint="write it as YYYY-MM-DD") from None


"""Categories drawn as small multiples (the most frequent by share of calls); the table has all of them."""


def trend_multiples(report: ObjectionReport, top: int = TREND_TOP) -> dict[str, Any]:
    """The page's small multiples of the trend, drawn from :func:`textops.reports.trend_shares`.

    The numbers (share of each period's calls that raised the category; a gap for a period without calls;
    one scale for the ``top`` panels) are the downloads' and the API's; this adds only the geometry: an SVG
    path per panel (viewBox 0 0 200 60).
    """
    trend = trend_shares(report, top)
    n = len(trend.periods)
    panels = []
    for series in trend.series[:top]:
        path, pen_up, dots = [], True, []
        for i, v in enumerate(series.values):
            if v is None:
                pen_up = True
                continue
            x = 100.0 if n == 1 else 4 + 192 * i / (n - 1)
            y = 56 - 52 * min(v / trend.scale, 1.0)
            path.append(f"{'M' if pen_up else 'L'}{x:.1f},{y:.1f}")
            dots.append((round(x, 1), round(y, 1)))
            pen_up = False
        seen = [v for v in series.values if v is not None]
        panels.append(
            {
                "category": series.category,
                "label": series.label,
                "path": " ".join(path),
                "dots": dots if n <= 20 else [],
                "first": seen[0] if seen else None,
                "last": seen[-1] if seen else None,
                "high": max(seen) if seen else None,
                "overall": series.overall,
            }
        )
    return {
        "labels": trend.periods,
        "metric": trend.metric,
        "scale": trend.scale,
        "panels": panels,
        "rows": [
            {"period": period, "calls": calls, "values": [s.values[i] for s in trend.series]}
            for i, (period, calls) in enumerate(zip(trend.periods, trend.calls, strict=True))
        ],
        "columns": [s.label for s in trend.series],
        "share": trend.share,
    }


def _filter_dates(since_: str | None, until_: str | None) -> tuple[date | None, date | None, str | None]:
    """The filter form's dates and, when they cannot be used, why (shown on the page; the dates dropped)."""
    try:
        since, until = _date(since_, "“From”"), _date(until_, "“To”")
    except InvalidInputError as exc:
        return None, None, f"{exc.message} — {exc.hint}. The report is shown without the date filter."
    if since is not None and until is not None and since > until:
        return (
            None,
            None,
            (
                f"“From” ({since.isoformat()}) is after “To” ({until.isoformat()}): swap the dates. "
                "The report is shown without the date filter."
            ),
        )
    return since, until, None


@router.get("/ui/objections/{report_id}")
def objections_report(
    request: Request,
    report_id: ReportId,
    rep: Annotated[str | None, Query(max_length=300)] = None,
    segment: Annotated[str | None, Query(max_length=300)] = None,
    since_: Annotated[str | None, Query(alias="since", max_length=30)] = None,
    until_: Annotated[str | None, Query(alias="until", max_length=30)] = None,
) -> Response:
    """An objection report, optionally filtered by rep, segment and dates (``GET .../view`` of the API).

    Dates that cannot be used (reversed, not a date) are an error next to the filters, on this page, with
    the filters as typed; the report is shown with the other filters.
    """
    rep, segment = rep or None, segment or None

    def build(p: Principal) -> Built:
        since, until, filter_error = _filter_dates(since_, until_)
        store = store_of(request)
        stored = store.get_report(p.workspace_id, report_id, kind="objections")
        full = ObjectionReport.model_validate(stored.body)
        where = objections.CallFilter(rep, segment, since, until)
        filters = asdict(where)
        filtered = where.active
        report = objections.filtered_report(store, p.workspace_id, report_id, where, report=full)
        report = checked_best_replies(report)
        query = urlencode({k: str(v) for k, v in filters.items() if v is not None})
        base = f"/v1/objections/{report_id}/view?{query}&" if filtered else f"/v1/objections/{report_id}?"
        by_id = {o.id: o for o in report.objections}
        return "objections_report.html", {
            "title": "Objections report",
            "decided": decided_calls(report),
            "no_outcomes": NO_OUTCOMES,
            "unnamed_reps": unnamed_reps_note(report),
            "rid": report_id,
            "created_at": stored.created_at,
            "r": report,
            "full": full,
            "filters": filters,
            "form": {
                "rep": rep or "",
                "segment": segment or "",
                "since": since_ or "",
                "until": until_ or "",
            },
            "filter_error": filter_error,
            "filtered": filtered,
            "download_base": base,
            "max_count": max((c.count for c in report.categories), default=0),
            "labels": {c.category: c.label for c in full.categories},
            "trend": trend_multiples(report),
            "by_id": by_id,
            "reps": [g.name for g in full.by_rep],
            "segments": [g.name for g in full.by_segment],
        }

    return page(request, build, nav="objections")


def objection_turns(transcript: Transcript, raised: list[Objection]) -> list[dict[str, Any]]:
    """The call's turns with the objections ``raised`` in it marked and the rep's replies flagged."""
    by_turn: dict[int, list[Objection]] = {}
    replies: dict[int, list[Objection]] = {}
    for o in raised:
        by_turn.setdefault(o.utterance_index, []).append(o)
        if o.reply is not None:
            replies.setdefault(o.reply.utterance_index, []).append(o)
    turns = []
    for u in transcript.utterances:
        found = by_turn.get(u.index, [])
        spans = [
            (o.start_char, o.end_char, "objection", f"{o.category_label} objection ({o.confidence:.0%})")
            for o in found
        ]
        turns.append(
            {
                "u": u,
                "pieces": _marks(u.text, spans),
                "objections": found,
                "reply_to": replies.get(u.index, []),
            }
        )
    return turns


@router.get("/ui/objections/{report_id}/calls/{call_id:path}")
def objections_call(request: Request, report_id: ReportId, call_id: CallId) -> Response:
    """A transcript with the objections highlighted and the rep's reply to each."""

    def build(p: Principal) -> Built:
        view = objections.call_view(store_of(request), p.workspace_id, report_id, call_id)
        turns = objection_turns(view.transcript, view.objections) if view.transcript else []
        return "objections_call.html", {
            "title": f"Call {call_id}",
            "rid": report_id,
            "view": view,
            "turns": turns,
        }

    return page(request, build, nav="objections")
