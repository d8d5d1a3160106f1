"""The scores step of the alignment: a finished run → the report (per call, rep, pillar and campaign).

A pillar counts as delivered in a call (coverage, the heatmap) by a faithful delivery only; distorted
deliveries are counted apart. The catch-all pillar of other copy claims is reported, but counts in no
coverage.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from textops.alignment._models import (
    AlignmentReport,
    CallAlignment,
    Delivery,
    Message,
    MessageAlignment,
    PillarAlignment,
    RepAlignment,
)
from textops.alignment._run import AlignmentRun, RepSentence
from textops.alignment._score import components, flag_excess_rates, js_divergence, watch_excess_rate
from textops.roles import check_roles

__all__ = ["report_of"]


def report_of(run: AlignmentRun) -> AlignmentReport:
    """The scores step: the report of a run whose other steps are done."""
    n_calls = len(run.transcripts)
    tally = _Tally.of(run)
    reps = _rep_scores(run, tally)
    pillars = _pillar_scores(run)
    total_del, total_dist = len(run.deliveries), sum(1 for d in run.deliveries if d.distortions)
    all_claims = sum(run.claims_by_call.values())
    campaign = components(
        float(np.mean([len(tally.pillars_in_call[ci]) / run.n_pillars for ci in range(n_calls)])),
        (total_del - total_dist) / total_del if total_del else None,
        len(run.unbacked) / all_claims if all_claims else None,
        js_divergence(run.copy_terms, run.rep_terms),
    )
    roles = check_roles(run.transcripts)
    return AlignmentReport(
        campaign=run.framework.campaign if run.framework else None,
        components=campaign,
        calls=n_calls,
        rep_sentences=len(run.sentences),
        rep_sentences_dropped_small_talk=run.dropped,
        rep_sentences_partial=sum(run.partial.values()),
        thresholds={"match": round(run.match_threshold, 4), "topical": round(run.topical_threshold, 4)},
        pillars=pillars,
        reps=reps,
        call_scores=_call_scores(run, tally),
        unbacked_claims=run.unbacked[: run.config.max_claims],
        terminology=run.terminology,
        never_delivered_pillars=[p.name for p in pillars if p.never_delivered and not p.catch_all],
        drifting_reps=[r.rep for r in reps if r.drifting],
        watch_reps=[r.rep for r in reps if r.watch],
        warnings=_warnings(run, roles.warning, n_reps=len(reps)),
        roles=roles,
    )


@dataclass
class _Tally:
    """Per call, and per rep and call: the pillars delivered faithfully and, apart, those distorted."""

    pillars_in_call: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    distorted_pillars_in_call: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    rep_pillars_in_call: dict[tuple[str, int], set[str]] = field(default_factory=lambda: defaultdict(set))
    rep_distorted_in_call: dict[tuple[str, int], set[str]] = field(default_factory=lambda: defaultdict(set))
    deliveries_by_call: Counter[int] = field(default_factory=Counter)
    distorted_by_call: Counter[int] = field(default_factory=Counter)

    @classmethod
    def of(cls, run: AlignmentRun) -> _Tally:
        tally = cls()
        real = {p.name for p in run.real_pillars}
        for d, pillar, ci in zip(run.deliveries, run.delivery_pillar, run.delivery_call, strict=True):
            tally.deliveries_by_call[ci] += 1
            if pillar in real:
                if d.distortions:
                    tally.distorted_pillars_in_call[ci].add(pillar)
                    tally.rep_distorted_in_call[(d.speaker, ci)].add(pillar)
                else:
                    tally.pillars_in_call[ci].add(pillar)
                    tally.rep_pillars_in_call[(d.speaker, ci)].add(pillar)
            if d.distortions:
                tally.distorted_by_call[ci] += 1
        return tally


def _call_scores(run: AlignmentRun, tally: _Tally) -> list[CallAlignment]:
    unbacked_by_call = Counter(run.unbacked_call)
    out: list[CallAlignment] = []
    for ci, t in enumerate(run.transcripts):
        n_del, n_claims = tally.deliveries_by_call[ci], run.claims_by_call[ci]
        out.append(
            CallAlignment(
                call_id=t.call_id,
                reps=t.reps,
                started_at=t.started_at.isoformat() if t.started_at else None,
                outcome=t.outcome,
                components=components(
                    len(tally.pillars_in_call[ci]) / run.n_pillars,
                    (n_del - tally.distorted_by_call[ci]) / n_del if n_del else None,
                    unbacked_by_call[ci] / n_claims if n_claims else None,
                    js_divergence(run.copy_terms, run.rep_terms_by_call.get(ci, Counter())),
                ),
                pillars_delivered=sorted(tally.pillars_in_call[ci]),
                pillars_distorted=sorted(tally.distorted_pillars_in_call[ci]),
                distorted=tally.distorted_by_call[ci],
                unbacked_claims=unbacked_by_call[ci],
            )
        )
    return out


def _rep_scores(run: AlignmentRun, tally: _Tally) -> list[RepAlignment]:
    """Each rep's score, and the drift flag: rates significantly above the other reps' (see ``_score``)."""
    rep_calls: dict[str, set[int]] = defaultdict(set)
    for ci, t in enumerate(run.transcripts):
        for r in t.reps:
            rep_calls[r].add(ci)
    delivered = Counter(d.speaker for d in run.deliveries)
    distorted = Counter(d.speaker for d in run.deliveries if d.distortions)
    unbacked = Counter(c.speaker for c in run.unbacked)
    claims = run.claims_by_rep
    total_del, total_dist = len(run.deliveries), sum(distorted.values())
    total_claims, total_unbacked = sum(claims.values()), len(run.unbacked)
    names = sorted(rep_calls)
    tests: list[tuple[int, int, int, int]] = []
    for rep in names:
        n_del, n_dist, n_claims, n_unb = delivered[rep], distorted[rep], claims[rep], unbacked[rep]
        tests.append((n_dist, n_del, total_dist - n_dist, total_del - n_del))
        tests.append((n_unb, n_claims, total_unbacked - n_unb, total_claims - n_claims))
    flags = flag_excess_rates(tests)
    out: list[RepAlignment] = []
    for k, rep in enumerate(names):
        calls = sorted(rep_calls[rep])
        n_del, n_dist, n_claims, n_unb = delivered[rep], distorted[rep], claims[rep], unbacked[rep]
        (dist_flag, dist_p, dist_q), (unb_flag, unb_p, unb_q) = flags[2 * k], flags[2 * k + 1]
        reasons: list[str] = []
        watch: list[str] = []
        if not dist_flag and watch_excess_rate(n_dist, n_del, dist_p):
            watch.append(f"distorts {n_dist} of {n_del} deliveries (p = {dist_p:.3f}, q = {dist_q:.3f})")
        if not unb_flag and watch_excess_rate(n_unb, n_claims, unb_p):
            watch.append(f"{n_unb} of {n_claims} claims are unbacked (p = {unb_p:.3f}, q = {unb_q:.3f})")
        if dist_flag:
            reasons.append(
                f"distorts {n_dist} of {n_del} deliveries, more than the other reps (q = {dist_q:.3f})"
            )
        if unb_flag:
            reasons.append(
                f"{n_unb} of {n_claims} claims are unbacked, more than the other reps (q = {unb_q:.3f})"
            )
        per_pillar: Counter[str] = Counter()
        per_pillar_distorted: Counter[str] = Counter()
        for ci in calls:
            per_pillar.update(tally.rep_pillars_in_call[(rep, ci)])
            per_pillar_distorted.update(tally.rep_distorted_in_call[(rep, ci)])
        coverage = [len(tally.rep_pillars_in_call[(rep, ci)]) / run.n_pillars for ci in calls]
        out.append(
            RepAlignment(
                rep=rep,
                calls=len(calls),
                components=components(
                    float(np.mean(coverage)),
                    (n_del - n_dist) / n_del if n_del else None,
                    n_unb / n_claims if n_claims else None,
                    js_divergence(run.copy_terms, run.rep_terms_by_rep.get(rep, Counter())),
                ),
                deliveries=n_del,
                distorted=n_dist,
                unbacked_claims=n_unb,
                claims=n_claims,
                pillars_delivered=dict(sorted(per_pillar.items())),
                pillars_distorted=dict(sorted(per_pillar_distorted.items())),
                drifting=bool(reasons),
                drift_reasons=reasons,
                watch=bool(watch) and not reasons,
                watch_reasons=watch,
                distortion_p=_r4(dist_p),
                distortion_q=_r4(dist_q),
                unbacked_p=_r4(unb_p),
                unbacked_q=_r4(unb_q),
            )
        )
    return out


def _pillar_scores(run: AlignmentRun) -> list[PillarAlignment]:
    """Each pillar's coverage across calls, and each of its messages with its best evidence."""
    n_calls = len(run.transcripts)
    msg_index = {id(m): i for i, m in enumerate(run.messages)}
    by_message: dict[int, list[Delivery]] = defaultdict(list)
    call_of = {id(d): ci for d, ci in zip(run.deliveries, run.delivery_call, strict=True)}
    for d in run.deliveries:
        by_message[d.message_id].append(d)
    out: list[PillarAlignment] = []
    for p in run.pillars:
        msg_out: list[MessageAlignment] = []
        calls_with_pillar: set[int] = set()
        calls_distorting: set[int] = set()
        reps_with_pillar: set[str] = set()
        p_del = p_dist = 0
        for m in p.messages:
            mi = msg_index[id(m)]
            ds = by_message.get(mi, [])
            faithful = [d for d in ds if not d.distortions]
            distorted = [d for d in ds if d.distortions]
            calls_with_pillar.update(call_of[id(d)] for d in faithful)
            calls_distorting.update(call_of[id(d)] for d in distorted)
            reps_with_pillar.update(d.speaker for d in faithful)
            p_del += len(ds)
            p_dist += len(distorted)
            per_call_best = _per_call_best(run.sims[:, mi], run.sentences)
            msg_out.append(
                MessageAlignment(
                    message=Message(id=mi, pillar=p.name, text=m.text, source=m.source),
                    calls_delivered=len({call_of[id(d)] for d in faithful}),
                    calls_distorted=len({call_of[id(d)] for d in distorted}),
                    reps=sorted({d.speaker for d in ds}),
                    similarity_p50=_q(per_call_best, 0.5),
                    similarity_p90=_q(per_call_best, 0.9),
                    best_evidence=max(faithful or ds, key=lambda d: d.similarity) if ds else None,
                    distorted_examples=sorted(distorted, key=lambda d: -d.similarity)[:5],
                )
            )
        out.append(
            PillarAlignment(
                name=p.name,
                keyphrases=p.keyphrases,
                components=components(
                    len(calls_with_pillar) / n_calls, (p_del - p_dist) / p_del if p_del else None, None, None
                ),
                calls_delivered=len(calls_with_pillar),
                calls_distorted=len(calls_distorting),
                calls_total=n_calls,
                reps_delivering=sorted(reps_with_pillar),
                never_delivered=not calls_with_pillar,
                messages=msg_out,
                catch_all=p.catch_all,
            )
        )
    return out


def _warnings(run: AlignmentRun, roles_warning: str | None, *, n_reps: int) -> list[str]:
    """What makes the report's figures fragile or partial, in plain words (the roles warning first)."""
    n_calls = len(run.transcripts)
    warnings = [*([roles_warning] if roles_warning else []), *run.notes]
    if n_reps < 2:
        warnings.append("only one rep: drift is judged against the other reps, so nobody can be flagged")
    ids = Counter(t.call_id for t in run.transcripts)
    duplicate_ids = sorted(i for i, n in ids.items() if n > 1)
    if duplicate_ids:
        warnings.append(
            f"call ids used by more than one call: {', '.join(duplicate_ids[:10])}; give calls unique ids"
        )
    if n_calls < 10:
        warnings.append(f"only {n_calls} calls: per-rep and per-pillar figures are fragile")
    if run.framework is None:
        warnings.append("no messaging framework given: pillars were found by clustering the copy's claims")
    return warnings


def _r4(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _per_call_best(column: npt.NDArray[np.float32], sentences: list[RepSentence]) -> list[float]:
    best: dict[int, float] = {}
    for s, v in zip(sentences, column.tolist(), strict=True):
        if v > best.get(s.call, -1.0):
            best[s.call] = v
    return list(best.values())


def _q(values: list[float], q: float) -> float | None:
    return round(float(np.quantile(values, q)), 4) if values else None
