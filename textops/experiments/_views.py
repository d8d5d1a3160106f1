"""How the decision's read-outs are worded, and the "other views": what the fixed-horizon and Bayesian say.

:func:`~textops.experiments.decide` takes its decision from the sequential test; each other read-out gets
one :class:`OtherView`: a sentence, whether it agrees with the decision, and a note on why not when it does
not. Both views share one skeleton (:func:`_view`); only the figures they quote and their notes differ.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Literal, Protocol, TypeVar

from textops.experiments._bayesian import BayesianComparison, BayesianResult
from textops.experiments._frequentist import FrequentistComparison, FrequentistResult
from textops.experiments._models import Verdict, _Model
from textops.experiments._sequential import SequentialComparison

__all__ = [
    "DecisionAction",
    "OtherView",
    "count_text",
    "interval",
    "other_views",
    "p_text",
    "pct",
    "reason_words",
    "verdict_word",
    "words_for",
]

DecisionAction = Literal["ship", "keep_running", "no_difference", "stop_data_problem"]
"""What to do: ship an arm, keep the test running, stop with no detectable difference, or stop and fix
the data."""


class OtherView(_Model):
    """What another read-out says, whether it agrees with the decision, and why not when it does not."""

    method: Literal["frequentist", "bayesian"]
    name: str
    says: str
    agrees: bool
    note: str | None = None


def pct(x: float | None, digits: int = 1, *, sign: bool = False) -> str:
    """``x`` as a percentage (``–`` when undefined), with a true minus sign."""
    if x is None:
        return "–"
    text = f"{100 * x:+.{digits}f}%" if sign else f"{100 * x:.{digits}f}%"
    return text.replace("-", "−")


def count_text(n: int) -> str:
    """``12,345``."""
    return f"{n:,}"


def p_text(x: float | None) -> str:
    """``p = 0.012``, ``p = 0.0013`` or ``p < 0.0001``."""
    if x is None:
        return "p = –"
    return "p < 0.0001" if x < 0.0001 else f"p = {x:.2g}" if x < 0.01 else f"p = {x:.3f}"


def interval(c: SequentialComparison) -> str:
    """The relative confidence sequence in words: ``between −2.0% and +5.1%``."""
    return f"between {pct(c.relative_cs_low, sign=True)} and {pct(c.relative_cs_high, sign=True)}"


def reason_words(code: str | None) -> str:
    """A degenerate-data reason code in words (``no_traffic`` → "no visitors yet")."""
    return {
        "no_traffic": "no visitors yet",
        "no_conversions": "no conversions yet",
        "all_converted": "every visitor converted",
        "single_arm": "only one arm",
        "no_arms": "no arms",
    }.get(code or "", (code or "").replace("_", " "))


class _Compared(Protocol):
    """A read-out's comparison of one variant with the control (any of the three methods)."""

    @property
    def variant(self) -> str: ...
    @property
    def verdict(self) -> Verdict: ...
    @property
    def reason(self) -> str | None: ...


def verdict_word(verdict: Verdict, reason: str | None, too_early: bool, state: str = "") -> str:
    """How a verdict is shown: never "better"/"worse" while it is too early or the data is broken."""
    if reason is not None:
        return reason_words(reason)
    if state == "data_problem":
        return "not readable: data problem"
    if verdict == "winner":
        return "ahead — too early to call" if too_early else "better"
    if verdict == "loser":
        return "behind — too early to call" if too_early else "worse"
    return "no detectable difference" if state == "no_difference" else "no clear difference yet"


def words_for(comps: Sequence[_Compared], too_early: bool, state: str) -> dict[str, str]:
    """:func:`verdict_word` of each variant of one read-out."""
    return {c.variant: verdict_word(c.verdict, c.reason, too_early, state) for c in comps}


def _agrees(view: dict[str, Verdict], seq: dict[str, Verdict], action: DecisionAction) -> bool:
    if action == "stop_data_problem":
        return not any(v != "inconclusive" for v in view.values())
    return all(view.get(k, "inconclusive") == v for k, v in seq.items())


C = TypeVar("C", bound=_Compared)


def _view(
    method: Literal["frequentist", "bayesian"],
    name: str,
    comps: Sequence[C],
    figures: Callable[[C], str | None],
    note_for: Callable[[list[str], list[str]], str],
    seq: dict[str, Verdict],
    too_early: bool,
    action: DecisionAction,
) -> OtherView:
    """One read-out beside the decision.

    ``figures(c)``: what the read-out says of a variant, in brackets after its verdict (``None`` when it
    cannot say: the reason is shown instead). ``note_for(calls, misses)``, asked only when the view
    disagrees with the sequential verdicts ``seq``: why, given the variants it calls that the sequential
    test does not and those the sequential test calls that it does not.
    """
    parts = []
    for c in comps:
        shown = figures(c)
        if shown is None:
            parts.append(f"{c.variant}: {reason_words(c.reason)}")
            continue
        word = verdict_word(c.verdict, None, too_early or action == "stop_data_problem")
        parts.append(f"{c.variant} {word} ({shown})")
    verdicts = {c.variant: c.verdict for c in comps}
    agrees = _agrees(verdicts, seq, action)
    note = None
    if not agrees:
        calls = [k for k, v in verdicts.items() if v != "inconclusive" and seq.get(k) == "inconclusive"]
        misses = [k for k, v in seq.items() if v != "inconclusive" and verdicts.get(k) == "inconclusive"]
        note = note_for(calls, misses)
    return OtherView(
        method=method, name=name, says="; ".join(parts) or "nothing to compare yet", agrees=agrees, note=note
    )


def other_views(
    frequentist: FrequentistResult | None,
    bayesian: BayesianResult | None,
    seq: dict[str, Verdict],
    too_early: bool,
    codes: set[str],
    action: DecisionAction,
) -> list[OtherView]:
    """The fixed-horizon and the Bayesian read-out beside the decision (those given).

    ``seq``: the sequential verdict per variant; ``too_early``: whether a health check makes these
    read-outs too early; ``codes``: the health warnings; ``action``: the decision.
    """
    views: list[OtherView] = []
    if frequentist is not None:
        views.append(
            _view(
                "frequentist",
                "Fixed-horizon test (frequentist)",
                frequentist.comparisons,
                _frequentist_figures,
                partial(_frequentist_note, frequentist, codes, action),
                seq,
                too_early,
                action,
            )
        )
    if bayesian is not None:
        views.append(
            _view(
                "bayesian",
                "Bayesian read-out",
                bayesian.comparisons,
                _bayesian_figures,
                partial(_bayesian_note, bayesian, action),
                seq,
                too_early,
                action,
            )
        )
    return views


def _frequentist_figures(c: FrequentistComparison) -> str | None:
    """Lift and adjusted p-value."""
    if c.reason is not None:
        return None
    return f"{pct(c.relative_lift, sign=True)}, {p_text(c.p_value_adjusted)}"


def _frequentist_note(
    fr: FrequentistResult, codes: set[str], action: DecisionAction, calls: list[str], misses: list[str]
) -> str:
    if action == "stop_data_problem":
        return "With traffic split off plan, no test can be trusted, this one included."
    if calls:
        note = (
            f"It calls {', '.join(calls)} because it assumes one look at a sample fixed in advance. "
            "Checked every day, it finds false differences far more often than 5% of the time; the "
            "sequential test allows for daily checks and so needs more evidence."
        )
        if "below_planned_sample" in codes:
            note += " The planned sample is not reached yet, so this read-out is not valid yet."
        return note
    if misses:
        return (
            f"It does not (yet) find the difference the sequential test finds for {', '.join(misses)}: "
            f"it corrects for {len(fr.comparisons)} comparison(s) with {fr.correction} and reads the "
            "totals only, not the days."
        )
    return "It reads the totals once; the sequential test reads every day."


def _bayesian_figures(c: BayesianComparison) -> str | None:
    """Each variant's chance to beat the control."""
    if c.reason is not None or c.chance_to_beat_control is None:
        return None
    return f"{pct(c.chance_to_beat_control, 0)} chance to beat the control"


def _bayesian_note(ba: BayesianResult, action: DecisionAction, calls: list[str], misses: list[str]) -> str:
    if action == "stop_data_problem":
        return "With traffic split off plan, no read-out can be trusted, this one included."
    if calls:
        return (
            f"Its chance for {', '.join(calls)} crosses its {pct(ba.decision_threshold, 0)} threshold, "
            "but that chance does not allow for checking every day and stopping when it looks good, nor "
            "for testing several variants at once; the sequential test does."
        )
    return (
        f"Its chance to beat the control is below its {pct(ba.decision_threshold, 0)} threshold "
        "although the sequential test finds a difference: the two weigh the same data differently."
    )
