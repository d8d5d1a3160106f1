"""What a headline report says about itself: why fewer than asked, what each filter removed, casing notes."""

from __future__ import annotations

from collections import Counter

from textops.headlines._models import Explanation, FilterNote, ScoredHeadline, StrategyNote, StylingNote
from textops.headlines._parse import detect_style
from textops.headlines._strategies import StrategyContext
from textops.headlines._text import sentence_case, title_case

__all__ = ["FILTER_WORDS", "explain", "styling_notes"]


FILTER_WORDS: dict[str, str] = {
    "duplicate": "came out the same as the original or as another variant",
    "invented_claim": (
        "added a number or a claim (\u201cfree\u201d, \u201cfastest\u201d, \u2026) that is not in your "
        "headline, body copy or brief"
    ),
    "constraint:max_chars": (
        "were longer than the character limit and could not be shortened without losing the point"
    ),
    "constraint:max_words": "had more words than the limit",
    "constraint:required_terms": "left out a required term",
    "constraint:banned_terms": "still contained a banned term",
    "constraint:max_grade": "read above the reading-grade limit",
    "constraint:tone": "did not fit the tone",
    "channel_length": "were too long for the channel and could not be shortened without losing the point",
    "grammar": "read as broken English",
    "punctuation": "had broken punctuation or clause joins",
    "verb_sense": "swapped a verb for one that changes what happened",
    "meaning_drift": "drifted away from what the original says",
    "lost_point": "left out a number or a phrase that carries the original's point",
    "too_close_to_original": "changed too little to be worth an A/B test",
    "near_duplicate": "said almost the same as a variant already listed",
    "off_message": "strayed from the brand messaging",
    "not_needed": "were not needed: more candidates than asked for (ask for more to see them)",
}
"""Each filter in a marketer's words (completes "N candidates …")."""


def explain(
    n: int,
    chosen: list[ScoredHeadline],
    skipped: list[StrategyNote],
    dropped: Counter[str],
    examples: dict[str, list[str]],
    ctx: StrategyContext,
    channel_label: str,
    audience: str | None,
) -> Explanation:
    """The report's explanation: a summary (with why, when fewer than ``n`` came back), filters, brief."""
    filters = [
        FilterNote(
            filter=k,
            removed=v,
            reason=FILTER_WORDS.get(k, k.replace("_", " ")),
            examples=[] if k == "not_needed" else examples.get(k, []),
        )
        for k, v in sorted(dropped.items(), key=lambda kv: -kv[1])
    ]
    brief = []
    if ctx.tone != "any":
        brief.append(f"tone {ctx.tone}: the wording of every variant was adjusted for it")
    if ctx.channel != "any":
        brief.append(f"channel {ctx.channel}: variants were shortened to fit {channel_label}")
    if audience:
        brief.append(
            f"audience \u201c{audience}\u201d: used for the call-out, \u201cyou\u201d and peer framing"
        )
    strategies = len({r.strategy for r in chosen})
    if len(chosen) >= n:
        summary = f"{len(chosen)} variants from {strategies} strategies, as asked."
    else:
        removed = sum(v for k, v in dropped.items() if k != "not_needed")
        filtered = (
            f"the quality filters removed {removed} candidates"
            if removed
            else "no candidate was filtered out"
        )
        summary = (
            f"Fewer than asked: {len(chosen)} of {n}. {len(skipped)} strategies did not apply to this "
            f"headline and {filtered} (see below). Adding body copy, an audience or a calls corpus gives "
            "the strategies more to work with."
        )
    return Explanation(
        asked=n,
        returned=len(chosen),
        summary=summary,
        strategies_not_applied=skipped,
        filters=filters,
        brief=brief,
    )


def styling_notes(original: str) -> list[StylingNote]:
    """Title Case or sentence case of the original, offered as a style choice rather than a test arm."""
    out = []
    style = detect_style(original)
    titled, sentenced = title_case(original), sentence_case(original)
    if titled != original and style != "title":
        out.append(
            StylingNote(
                style="title_case",
                text=titled,
                note="Title Case suits news and blog headlines; casing alone rarely changes clicks, so it is "
                "a style choice, not a test arm",
            )
        )
    if sentenced != original and style == "title":
        out.append(
            StylingNote(
                style="sentence_case",
                text=sentenced,
                note="sentence case reads more like a person talking (common in email subject lines and "
                "ads); casing alone rarely changes clicks, so it is a style choice, not a test arm",
            )
        )
    return out
