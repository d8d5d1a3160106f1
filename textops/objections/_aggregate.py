"""Report tables: frequency per category, trend over time, per rep and segment, quotes and best replies."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Literal

from spacy.language import Language

from textops.alignment._claims import ClaimFlag, flag_claims
from textops.objections._models import (
    CallCategoryStat,
    CategoryStat,
    GroupStat,
    Objection,
    Quote,
    ReportTables,
    TrendPoint,
)
from textops.objections._outcome import outcome_stats, reply_score
from textops.objections._taxonomy import CustomCategory, category_label
from textops.roles import call_reps
from textops.types import Transcript

__all__ = [
    "ReplyCheck",
    "ReportTables",
    "best_replies",
    "call_rep",
    "category_stats",
    "group_stats",
    "per_call",
    "period_key",
    "quote_of",
    "reply_claims_check",
    "report_tables",
    "top_quotes",
    "trend",
    "trend_granularity",
]

Granularity = Literal["week", "month"]
ReplyCheck = Callable[[str], list[ClaimFlag]]
"""The claims check of a reply's text: the sentences it flags (none: the reply may be recommended)."""


def call_rep(t: Transcript) -> str:
    """The call's rep: the first rep speaker, else the ``rep`` metadata, else ``unknown``.

    A rep speaker labelled only ``Speaker 1`` takes the name the header gives the rep
    (:func:`~textops.roles.call_reps`).
    """
    reps = call_reps(t)
    if reps:
        return reps[0]
    return t.metadata.get("rep") or "unknown"


def category_stats(
    order: Sequence[str], objections: Sequence[Objection], n_calls: int, custom: Sequence[CustomCategory]
) -> list[CategoryStat]:
    """One row per category (built-in order, then custom), including categories with no objection."""
    out: list[CategoryStat] = []
    for cat in order:
        items = [o for o in objections if o.category == cat]
        calls = len({o.call_id for o in items})
        out.append(
            CategoryStat(
                category=cat,
                label=category_label(cat, custom),
                count=len(items),
                calls=calls,
                share_of_calls=round(calls / n_calls, 4) if n_calls else 0.0,
                repeats=sum(o.repeat_of is not None for o in items),
                outliers=sum(o.theme_id is None for o in items),
                mean_confidence=round(sum(o.confidence for o in items) / len(items), 4) if items else 0.0,
            )
        )
    return out


def trend_granularity(calls: Sequence[Transcript], requested: str = "auto") -> Granularity:
    """``week`` when the dated calls span at most 16 weeks (or when asked), else ``month``."""
    if requested in ("week", "month"):
        return "week" if requested == "week" else "month"
    dates = [t.started_at for t in calls if t.started_at is not None]
    if dates and max(dates) - min(dates) <= timedelta(weeks=16):
        return "week"
    return "month"


def period_key(when: datetime, granularity: Granularity) -> str:
    """``YYYY-Www`` (ISO week) or ``YYYY-MM``."""
    if granularity == "week":
        year, week, _ = when.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{when.year}-{when.month:02d}"


def trend(
    calls: Sequence[Transcript],
    objections: Sequence[Objection],
    order: Sequence[str],
    granularity: Granularity,
) -> list[TrendPoint]:
    """Objections per category per period; every period between the first and last call is listed."""
    when = {t.call_id: t.started_at for t in calls if t.started_at is not None}
    if not when:
        return []
    periods: dict[str, int] = Counter(period_key(d, granularity) for d in when.values())
    start, end = min(when.values()), max(when.values())
    cursor = start
    while cursor <= end:  # fill gaps so a chart's x axis is continuous
        periods.setdefault(period_key(cursor, granularity), 0)
        cursor += timedelta(days=7 if granularity == "week" else 28)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    raised: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for o in objections:
        d = when.get(o.call_id)
        if d is not None:
            key = period_key(d, granularity)
            counts[key][o.category] += 1
            raised[key][o.category].add(o.call_id)
    return [
        TrendPoint(
            period=p,
            calls=periods[p],
            counts={c: counts[p].get(c, 0) for c in order},
            calls_with={c: len(raised[p].get(c, ())) for c in order},
        )
        for p in sorted(periods)
    ]


def group_stats(
    calls: Sequence[Transcript],
    objections: Sequence[Objection],
    order: Sequence[str],
    key: Callable[[Transcript], str],
) -> list[GroupStat]:
    """Objections per category in the calls of each group (rep or segment), biggest group first."""
    group_of = {t.call_id: key(t) for t in calls}
    n_calls = Counter(group_of.values())
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for o in objections:
        counts[group_of.get(o.call_id, "unknown")][o.category] += 1
    out = []
    for name, n in n_calls.items():
        total = sum(counts[name].values())
        out.append(
            GroupStat(
                name=name,
                calls=n,
                objections=total,
                per_call=round(total / n, 3) if n else 0.0,
                counts={c: counts[name].get(c, 0) for c in order},
            )
        )
    return sorted(out, key=lambda g: (-g.calls, g.name))


def quote_of(o: Objection) -> Quote:
    """The quote of an objection (or pain point): its text, call, speaker, time and confidence."""
    return Quote(
        objection_id=o.id,
        call_id=o.call_id,
        speaker=o.speaker,
        start=o.start,
        text=o.text,
        confidence=o.confidence,
    )


def top_quotes(
    objections: Sequence[Objection], order: Sequence[str], per_category: int = 5
) -> dict[str, list[Quote]]:
    """The most confident distinct quotes per category, at most one per call."""
    out: dict[str, list[Quote]] = {}
    for cat in order:
        seen_text: set[str] = set()
        seen_call: set[str] = set()
        picked: list[Quote] = []
        for o in sorted((o for o in objections if o.category == cat), key=lambda o: (-o.confidence, o.id)):
            norm = " ".join(o.text.lower().split())
            if norm in seen_text or o.call_id in seen_call:
                continue
            seen_text.add(norm)
            seen_call.add(o.call_id)
            picked.append(quote_of(o))
            if len(picked) == per_category:
                break
        if picked:
            out[cat] = picked
    return out


def reply_claims_check(nlp: Language | None = None) -> ReplyCheck:
    """The alignment's claims check (:func:`~textops.alignment.flag_claims`) for rep replies, cached per text.

    ``nlp`` defaults to the parse pipeline (loaded on first use); where it is not installed, a blank English
    pipeline with a sentencizer (guarantees and "than" comparisons are still found by their words).
    """
    cache: dict[str, list[ClaimFlag]] = {}
    loaded: list[Language] = [nlp] if nlp is not None else []

    def pipeline() -> Language:
        if not loaded:
            from textops.errors import ModelNotAvailableError
            from textops.nlp import get_nlp

            try:
                loaded.append(get_nlp("parse"))
            except ModelNotAvailableError:
                import spacy

                blank = spacy.blank("en")
                blank.add_pipe("sentencizer")
                loaded.append(blank)
        return loaded[0]

    def check(text: str) -> list[ClaimFlag]:
        if text not in cache:
            cache[text] = flag_claims(text, pipeline())
        return cache[text]

    return check


def best_replies(
    objections: Sequence[Objection],
    order: Sequence[str],
    per_category: int = 3,
    *,
    check: ReplyCheck | None = None,
) -> dict[str, list[Objection]]:
    """Per category, the best-scoring rep replies (see :func:`reply_score`) on **won** calls.

    A reply that makes a claim the alignment check flags (a guarantee, "I promise", a comparison with
    others — :func:`~textops.alignment.flag_claims` on the reply itself, no alignment report needed) is
    never picked: a won call does not make an off-message promise a model answer. ``check`` runs on the
    candidates whose reply was not checked yet and stores its answer on the reply (``flagged_claims``);
    without it, the stored answers are used and unchecked replies pass.
    """
    out: dict[str, list[Objection]] = {}
    for cat in order:
        pool = [o for o in objections if o.category == cat and o.outcome == "won" and o.reply is not None]
        ranked = sorted(pool, key=lambda o: (-reply_score(o), o.id))
        seen: set[str] = set()
        picked: list[Objection] = []
        for o in ranked:
            assert o.reply is not None
            norm = " ".join(o.reply.text.lower().split())
            if norm in seen or reply_score(o) <= 0:
                continue
            if o.reply.flagged_claims is None and check is not None:
                o.reply.flagged_claims = check(o.reply.text)
            if o.reply.flagged_claims:
                continue
            seen.add(norm)
            picked.append(o)
            if len(picked) == per_category:
                break
        if picked:
            out[cat] = picked
    return out


def per_call(
    calls: Sequence[Transcript], objections: Sequence[Objection], order: Sequence[str]
) -> list[CallCategoryStat]:
    """The categories raised in each call (call-level view)."""
    by_call: dict[str, list[Objection]] = defaultdict(list)
    for o in objections:
        by_call[o.call_id].append(o)
    rank = {c: i for i, c in enumerate(order)}
    return [
        CallCategoryStat(
            call_id=t.call_id,
            categories=sorted({o.category for o in by_call[t.call_id]}, key=lambda c: rank.get(c, len(rank))),
            objections=len(by_call[t.call_id]),
        )
        for t in calls
    ]


def report_tables(
    calls: Sequence[Transcript],
    objections: Sequence[Objection],
    order: Sequence[str],
    granularity: Granularity,
    *,
    check: ReplyCheck,
    custom: Sequence[CustomCategory] = (),
    min_calls: int = 5,
) -> ReportTables:
    """Every table of an objection report over ``calls`` and the ``objections`` raised in them.

    One builder for the pipeline's report and for a stored report filtered to some of its calls, so the two
    count alike. ``order`` is the category order (built-in, then custom keys); ``check`` is the claims check
    of best replies; ``min_calls`` the decided calls an outcome comparison needs on each side.
    """
    return ReportTables(
        categories=category_stats(order, objections, len(calls), custom),
        trend=trend(calls, objections, order, granularity),
        by_rep=group_stats(calls, objections, order, call_rep),
        by_segment=group_stats(calls, objections, order, lambda t: t.segment or "unknown"),
        outcomes=outcome_stats(order, calls, objections, min_calls=min_calls),
        top_quotes=top_quotes(objections, order),
        best_replies=best_replies(objections, order, check=check),
        per_call=per_call(calls, objections, order),
    )
