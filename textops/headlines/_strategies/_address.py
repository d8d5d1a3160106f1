"""Strategies that speak to the reader: an audience call-out, "you", and what the reader's peers choose."""

from __future__ import annotations

from textops.headlines._frame import Frame
from textops.headlines._lexicons import PEOPLE_NOUNS, TO_SECOND, TO_THIRD
from textops.headlines._strategies._base import (
    Rewrite,
    Skip,
    StrategyContext,
    past_event,
    rewrites,
    second_person_map,
)
from textops.headlines._text import cap, low, render, strip_end

__all__ = ["audience_callout", "second_person", "social_proof"]


_OPENER_WORDS = {"introducing", "announcing", "meet", "presenting"}

_COLLECTIVE = {
    "team", "department", "staff", "crew", "organization", "organisation", "company", "business", "practice",
    "firm", "agency", "store", "shop", "clinic", "school", "office", "group", "org", "workforce",
}  # fmt: skip


def _you_clause(f: Frame) -> str | None:
    """The core with its audience turned into "you" ("… saves finance teams …" → "… saves you …")."""
    span = f.audience_in_core
    p = f.core
    if span is None:
        return None
    replace: dict[int, str] = {}
    drop = set(range(span.start + 1, span.end))
    replace[span.start] = "you"
    if span.root.dep_ == "nsubj" and span.root.head.tag_ == "VBZ":
        replace[span.root.head.i] = span.root.head.lemma_.lower()
    for tok in p.tokens:
        if tok.lower_ in TO_SECOND and tok.i not in drop and tok.i != span.start:
            replace[tok.i] = TO_SECOND[tok.lower_]
    if span.root.dep_ == "pobj" and span.root.head.lower_ == "for":
        # "faster onboarding for remote engineering teams" → "… for your remote engineering team"; not for
        # people ("for sales leaders" → "for your sales leader" would be someone else, not the reader)
        if span.root.lemma_.lower() not in _COLLECTIVE:
            return None
        mods = [t for t in span if t.i != span.root.i and t.lower_ not in ("every", "all", "any")]
        words = " ".join([*(t.text for t in mods), span.root.lemma_.lower()])
        replace = {span.start: f"your {words}"}
    text = render(p.tokens, replace=replace, drop=drop)
    return strip_end(text)


def audience_callout(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Call out the audience: "Finance teams: our software saves you 10 hours a week"."""
    if not f.audience:
        return Skip("no audience named — set one (e.g. \u201cfinance teams\u201d) to get a call-out")
    if f.label_is_audience:
        return Skip("the headline already calls out its audience")
    if not ctx.audience:
        # from the headline or the lede alone ("Busy SRE teams: clearer root causes", "Growing teams: faster
        # payroll …") call-outs were 0 of 5 usable in the 2026-12-07e review: only the brief's audience
        return Skip("no audience in the brief (set one, e.g. \u201cfinance teams\u201d, for a call-out)")
    who = cap(f.audience)
    you = _you_clause(f)
    span = f.audience_in_core
    if you and span is not None and span.root.dep_ == "pobj" and span.root.head.lower_ in ("for", "to"):
        prep = span.root.head
        body = strip_end(render(f.core.tokens, drop=set(range(prep.i, span.end))))
        you = body
    core = you or f.core_text
    if f.product and f.label and not f.label_is_audience:
        return rewrites(f"{who}, meet {f.product}: {low(strip_end(core))}")
    first = f.core.tokens[0]
    named = (first.pos_ == "PROPN" and first.lower_ not in _OPENER_WORDS) or first.text == "I"
    text = core if named else low(core)
    if f.opener in ("why", "how", "what") and not you:
        text = f"{f.opener} {text}" if f.opener != "what" else f"what {text}"
    elif f.opener in ("why", "how") and you:
        text = f"{f.opener} {low(you)}"
    elif f.opener == "how_to":
        text = f"how to {low(core)}"
    if who.split()[0].lower() in {w.lower() for w in text.split()[:2]}:
        return Skip("the line already names them (\u201cSecurity teams: security reviews …\u201d)")
    return rewrites(f"{who}: {strip_end(text)}")


def second_person(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Talk to the reader: the audience becomes "you", "You can …" for actions."""
    p = f.core
    if f.question or any(t.lower_ in ("you", "you're", "you'll", "yours") for t in p.tokens):
        return Skip("it already speaks to the reader")
    if f.vp:
        return Skip("it already speaks to the reader (an imperative); \u201cYou can …\u201d only restyles it")
    if past_event(f) and f.opener == "none":
        # "Mapleton Schools gave teachers back 600 hours" → "… gave you back …": the reader was not there
        return Skip("it reports what happened to someone; \u201cyou\u201d would put the reader in the story")
    if f.kind == "modal":
        subj = p.subject()
        if (
            subj is not None
            and subj[0].lower_ not in ("i", "we")
            and subj.root.lemma_.lower() in PEOPLE_NOUNS
        ):
            aux = next(c for c in p.root.children if c.dep_ == "aux" and c.tag_ == "MD")
            return rewrites(
                f.rebuild(f"You {aux.lower_} {render(p.doc[aux.i + 1 :], replace=second_person_map(p))}")
            )
    you = _you_clause(f)
    span = f.audience_in_core
    if you and span is not None and span.root.dep_ == "nsubj":
        return Skip("it reports what its audience does; \u201cyou\u201d would presume the reader does it")
    if you:
        lead = f"{cap(f.opener)} " if f.opener in ("why", "how") else ""
        return rewrites(f.rebuild(f"{lead}{low(you) if lead else cap(you)}"))
    if f.list_noun is not None:
        return Skip("the list does not name who it is for")
    return Skip("no reader or audience in the headline to address as \u201cyou\u201d")


def social_proof(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Point at peers of the audience: "Why <audience> choose …" (needs an audience in the brief).

    Never "more <audience>", which would claim a trend nobody measured.
    """
    if not ctx.audience:
        return Skip("needs an audience in the brief (e.g. \u201chomeowners\u201d)")
    if ctx.channel == "search":
        return Skip("search headlines should not lean on peer pressure")
    audience = ctx.audience.strip().lower()
    if f.vp:
        vp = render(
            f.core.tokens, replace={t.i: TO_THIRD[t.lower_] for t in f.core.tokens if t.lower_ in TO_THIRD}
        )
        vp = low(strip_end(vp)) if f.kind == "imperative" else f.vp
        return rewrites(f"Why {audience} choose to {vp}")
    subj = f.core.subject()
    if f.offer and subj is not None:
        return rewrites(
            f"Why {audience} choose {low(render(subj)) if subj[0].pos_ != 'PROPN' else render(subj)}"
        )
    if f.product:
        return rewrites(f"Why {audience} choose {f.product}")
    return Skip("there is no product or action for peers to choose")
