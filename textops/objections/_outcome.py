"""Response and outcome: the rep's reply, repeats within a call, and win rates with vs without a category.

Win rates use decided calls only (``won`` / ``lost``; ``open`` and unknown are left out). Each rate has a
95% Wilson interval (``statsmodels`` ``proportion_confint``), the difference a Newcombe hybrid-score interval
(``confint_proportions_2indep(method="newcomb")``) and Fisher's exact test (``scipy``). Below
``min_calls`` decided calls on either side the result is ``too_few_calls``: counts and intervals, no
point estimate (gbstats style: a neutral result with a reason, never an exception).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from scipy.stats import fisher_exact
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from textops.objections._models import Objection, OutcomeStat, Reply
from textops.types import Transcript

__all__ = ["link_repeats", "outcome_stats", "rep_reply", "reply_score"]

_REPLY_WINDOW = 4
_ACK = re.compile(
    r"(?i)\b(fair|makes sense|understand|totally get|i get (it|that)|hear you|good question|valid|"
    r"great point|appreciate|that's reasonable|you're right|completely agree|i see)\b"
)
_DISMISS = re.compile(
    r"(?i)\b(don't worry|no need to worry|trust me|just tell (them|him|her)|it's (just )?standard|"
    r"everyone (does|signs|says)|nobody (else )?(complains|asks)|not a big deal|honestly it's fine)\b"
)
_DISCOUNT = re.compile(
    r"(?i)\b(discount|percent off|% off|knock|throw in|free month|"
    r"sign (this|by|before) (week|friday|today|month))"
)


def rep_reply(t: Transcript, index: int) -> Reply | None:
    """The first rep turn within four turns after utterance ``index`` (the reply to an objection there)."""
    for u in t.utterances[index + 1 : index + 1 + _REPLY_WINDOW]:
        if u.role == "rep" and u.text.strip():
            return Reply(utterance_index=u.index, speaker=u.speaker, text=u.text, start=u.start)
    return None


def link_repeats(objections: Sequence[Objection]) -> None:
    """Mark, per call, later objections of a category already raised in an earlier turn (in place)."""
    first: dict[tuple[str, str], Objection] = {}
    for o in sorted(objections, key=lambda o: (o.call_id, o.utterance_index, o.start_char)):
        key = (o.call_id, o.category)
        earlier = first.get(key)
        if earlier is None:
            first[key] = o
        elif earlier.utterance_index != o.utterance_index:
            o.repeat_of = earlier.id
            earlier.raised_again = True


def reply_score(o: Objection) -> float:
    """A transparent heuristic for ranking replies: acknowledge, ask, and keep the objection from coming back.

    +1 acknowledges ("that's fair", "makes sense"), +1 asks a question, +1 the prospect did not raise it
    again, +0.5 for 12–90 words; −2 dismisses ("don't worry", "just tell them it's standard"), −1 discounts.
    """
    if o.reply is None:
        return -math.inf
    text = o.reply.text
    words = len(text.split())
    score = 0.0
    score += 1.0 if _ACK.search(text) else 0.0
    score += 1.0 if "?" in text else 0.0
    score += 0.0 if o.raised_again else 1.0
    score += 0.5 if 12 <= words <= 90 else 0.0
    score -= 2.0 if _DISMISS.search(text) else 0.0
    score -= 1.0 if _DISCOUNT.search(text) else 0.0
    return score


def _wilson(wins: int, n: int) -> tuple[float, float] | None:
    if n == 0:
        return None
    lo, hi = proportion_confint(wins, n, alpha=0.05, method="wilson")
    return round(float(lo), 4), round(float(hi), 4)


def outcome_stats(
    categories: Sequence[str],
    calls: Sequence[Transcript],
    objections: Sequence[Objection],
    *,
    min_calls: int = 5,
) -> list[OutcomeStat]:
    """Win rate of decided calls with vs without each category."""
    decided = {t.call_id: t.outcome == "won" for t in calls if t.outcome in ("won", "lost")}
    raised: dict[str, set[str]] = {}
    for o in objections:
        raised.setdefault(o.category, set()).add(o.call_id)
    out: list[OutcomeStat] = []
    for cat in categories:
        with_ids = raised.get(cat, set()) & decided.keys()
        n1 = len(with_ids)
        w1 = sum(decided[c] for c in with_ids)
        n2 = len(decided) - n1
        w2 = sum(decided.values()) - w1
        ok = n1 >= min_calls and n2 >= min_calls
        diff_ci: tuple[float, float] | None = None
        fisher: float | None = None
        if n1 and n2:
            lo, hi = confint_proportions_2indep(w1, n1, w2, n2, method="newcomb", compare="diff", alpha=0.05)
            diff_ci = (round(float(lo), 4), round(float(hi), 4))
            fisher = round(float(fisher_exact([[w1, n1 - w1], [w2, n2 - w2]])[1]), 4)
        reason = None
        if not ok:
            reason = (
                f"needs at least {min_calls} decided calls with and without the category (has {n1} and {n2})"
            )
        out.append(
            OutcomeStat(
                category=cat,
                calls_with=n1,
                wins_with=w1,
                calls_without=n2,
                wins_without=w2,
                win_rate_with=round(w1 / n1, 4) if ok else None,
                win_rate_with_ci=_wilson(w1, n1),
                win_rate_without=round(w2 / n2, 4) if ok else None,
                win_rate_without_ci=_wilson(w2, n2),
                difference=round(w1 / n1 - w2 / n2, 4) if ok else None,
                difference_ci=diff_ci,
                fisher_p=fisher,
                status="ok" if ok else "too_few_calls",
                reason=reason,
            )
        )
    return out
