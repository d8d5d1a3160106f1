"""Strategies that keep the sentence and change its words: shorter, and a stronger verb of the same sense."""

from __future__ import annotations

from textops.headlines._frame import Frame
from textops.headlines._lexicons import POWER_VERB_SENSES, VERB_FORMS
from textops.headlines._shorten import shorten_doc
from textops.headlines._strategies._base import Rewrite, Skip, StrategyContext, rewrites
from textops.headlines._text import cap, low, render, strip_end

__all__ = ["power_verb", "shorten"]


def shorten(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Shorter: drop filler, hype and optional modifiers (parse-driven), to the limit when there is one."""
    p = f.core
    limit = ctx.limit
    full = f.rebuild(f.wrap(f.core_text))
    if limit is not None and len(full) > limit:
        room = limit - (len(full) - len(f.core_text))
        outs = shorten_doc(p.doc, room, p.offset)
    else:
        outs = shorten_doc(p.doc, None, p.offset)
    out = [f.rebuild(f.wrap(o)) for o in outs]
    over = limit is not None and len(full) > limit
    if not over:
        # with no limit to meet, one dropped word ("actually", "just", "very") is a restyle that loses a
        # hook word (the 2026-12-07 reviews): a shorter variant must lose at least two
        out = [o for o in out if len(full.split()) - len(o.split()) >= 2]
    # "the Most Beautiful Place" → "the Place": the superlative is the point
    if "most" in full.lower().split():
        out = [o for o in out if "most" in o.lower().split()]
    if over and f.label and not f.label_is_audience and not f.product:
        # the label goes only to meet a limit: "Webinar:", "Roundtable:" or a story's "As important as
        # CPR:" carries the point (the 2026-12-07 review)
        out.append(cap(f.core_text))
    found = rewrites(*(o + ("?" if f.question and not o.endswith("?") else "") for o in out))
    return found or Skip("nothing optional to cut without losing the point")


def power_verb(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Swap a weak verb for a stronger one *in the same sense* ("get cash" → "unlock cash").

    Never "built a treehouse" → "forged a treehouse": the replacement must be listed for the verb's object.
    """
    p = f.core
    if f.style == "title":
        # a story's verb is its event: "… you're not going to discover it" (0 of 4 usable in
        # the 2026-12-07b/c reviews)
        return Skip("a story's verb tells what happened; a stronger synonym would retell it")
    tag_form = {"VB": 0, "VBP": 0, "VBZ": 1, "VBD": 2, "VBN": 3, "VBG": 4}
    for tok in p.tokens:
        lemma = tok.lemma_.lower()
        if tok.pos_ != "VERB" or lemma not in POWER_VERB_SENSES or tok.tag_ not in tag_form:
            continue
        if tok.dep_ != "ROOT" or any(c.dep_ == "prt" for c in tok.children):
            # only the headline's own verb: "the tracker that finds itself" → "discovers itself", "growers are
            # using soil data" → "tapping" were 0 of 3 usable (the 2026-12-07d review)
            continue
        if any(
            t.tag_ == "VB" and t.i > tok.i and p.doc[t.i - 1].lower_ != "to" and t.head.i == tok.i
            for t in tok.subtree
        ):
            continue  # "helps teams close deals": another complement pattern
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "attr")), None)
        nxt = p.doc[tok.i + 1] if tok.i + 1 < len(p.doc) else None
        if obj is None or (nxt is not None and nxt.dep_ == "prep" and nxt.head.i == tok.i):
            continue
        if obj.pos_ == "PROPN":
            continue  # "Find Axlebright at …" → "Discover Axlebright": a name is found, not discovered
        for replacement, objects in POWER_VERB_SENSES[lemma]:
            if objects is not None and obj.lemma_.lower() not in objects and obj.lower_ not in objects:
                continue
            new = VERB_FORMS[replacement][tag_form[tok.tag_]]
            if tok.text[:1].isupper():
                new = cap(new)
            out = render(p.tokens, replace={tok.i: new})
            obj_text = render(p.doc[tok.i + 1 : obj.i + 1])
            pair = (f"{tok.text.lower()} {obj_text}", f"{new.lower()} {obj_text}")
            text = out if f.question else strip_end(out)
            if f.opener in ("why", "how", "what"):
                text = f"{cap(f.opener)} {low(text) if p.tokens[0].pos_ != 'PROPN' else text}"
            elif f.opener == "how_to":
                text = f"How to {low(text)}"
            return [Rewrite(f.rebuild(text), verb_pair=pair)]
    return Skip("no weak verb with a stronger word of the same sense")
