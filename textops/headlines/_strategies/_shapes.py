"""Copywriter frames keyed by the headline's shape: each from a frame that is safe for that shape (#19).

The blind reviews showed which frames keep the promise on which shapes: an action ("Access cash …", "How to
…") takes "Want/Ready/Need to …?", "How to …" and "… Here's how"; a "How X did Y" report or customer story
takes the plain statement and "Here's how …"; a "Why X" claim takes the plain statement and "Here's why …";
and frames that bend the promise ("Why" on a teaser, "How to" on a noun, "Here's how" on an announcement)
were the failures. So each strategy here first names the shape it serves, and gives nothing on any other.

* :func:`action_ask` — an action asked ("Need to …?", "Looking to …?"), a benefit noun phrase asked
  ("Looking for …?"), a product's benefit asked and answered ("Looking for …? Try X");
* :func:`action_how` — an action promised as steps ("Here's how to …", "How you can …", "… Here's how.");
* :func:`reveal` — a how/why report told first ("Here's how X …", "See how X …", "The reason X …");
* :func:`story_how` — a third-person story with a past or present action ("How this dad built …",
  "What happened when …", "… Here's how.");
* :func:`claim_why` — a present claim about the world ("Why science has been …", "It turns out …");
* :func:`event_invite` — a session's topic with the invitation ("Want to …? Join our live demo");
* :func:`capability` — a named product's capability as the reader's action ("Block … with Moatline");
* :func:`ask_if` — a yes/no question asked more softly or as a check ("Could your vendor list be …?",
  "Find out if your vendor list is …").
"""

from __future__ import annotations

import re

from textops.headlines._frame import Frame
from textops.headlines._lexicons import WH_WORDS
from textops.headlines._strategies._base import (
    MEDIA_NOUNS,
    SIGN_UP_VERBS,
    Rewrite,
    Skip,
    StrategyContext,
    action_verb,
    be_claim,
    benefit_np,
    doubtful,
    past_event,
    points_at,
    points_at_piece,
    rewrites,
    simple_clause,
)
from textops.headlines._text import cap, lemma, low, render, strip_end

__all__ = [
    "action_ask",
    "action_how",
    "ask_if",
    "capability",
    "claim_why",
    "event_invite",
    "reveal",
    "story_how",
]


def _bare_action(f: Frame) -> str | None:
    """The action as a verb phrase when the headline is one plain action (no label, second sentence, list)."""
    if (
        not (f.vp and action_verb(f))
        or f.extra
        or f.label
        or f.question
        or f.opener not in ("none", "how_to")
    ):
        return None
    if f.style == "title" and f.opener == "none":
        return None  # Upworthy's "Understand X …" / "Hear X …": a teaser, not the reader's own goal
    if lemma(f.core.root) in SIGN_UP_VERBS:
        return None  # "Book a 20-minute review": a sign-up, not a goal ("How to book …" changes the promise)
    return strip_end(f.vp)


def action_ask(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Ask the reader about the goal: "Need to X?", "Looking to X?"; "Looking for <benefit>?"."""
    vp = _bare_action(f)
    if vp:
        return rewrites(f"Need to {vp}?", f"Looking to {vp}?", f"Trying to {vp}?")
    if f.np and f.product and not f.extra and not points_at(f):
        if f.np_is_product:  # "Meet Ollie, the support assistant …": "Looking for a support assistant …?"
            asked = f.product_asked
            if asked is None:
                return Skip("the product's description would not read after \u201cLooking for\u201d")
            return rewrites(f"Looking for {asked}? Try {f.product}")
        # not "<np>, from X": a reorder (the author's round-4 dev check)
        return rewrites(f"Looking for {f.np_lower}? Try {f.product}")
    if (
        f.np
        and (benefit_np(f) or _one_for_all(f) or _thing_that_does(f))
        and not points_at(f)
        and not f.joined
    ):
        return rewrites(f"Looking for {f.np_lower}?", f"Need {f.np_lower}?")
    spare = _SPARE_TIME.match(f.core_text) if f.question else None
    if spare:  # "What would you do with 10 extra hours a week?"
        gain = spare.group(1)
        # not "What could you do with …?": would → could is a restyle (the 2026-12-07c review)
        return rewrites(f"Imagine {gain}. What would you do?")
    return Skip("no action or benefit the reader would be asked about")


_SPARE_TIME = re.compile(r"(?i)^what would you do with ((?:an? |\d+ |\w+ )?(?:extra|more|spare|free) .+)\?$")


def _one_for_all(f: Frame) -> bool:
    """A single tool for a whole set ("One inbox for every referral"), a benefit the reader could want."""
    toks = list(f.core.tokens)
    return (
        f.style != "title"
        and not f.label
        and len(toks) > 3
        and toks[0].lower_ == "one"
        and any(t.lower_ in ("every", "all", "each") for t in toks[2:])
    )


def _thing_that_does(f: Frame) -> bool:
    """A bare noun with a "that" clause saying what it does ("Contract search that reads like …")."""
    toks = list(f.core.tokens)
    root = f.core.root
    return (
        f.style != "title"
        and not f.label
        and not f.extra
        and toks[0].tag_ in ("NN", "NNS", "JJ")
        and toks[0].pos_ != "PROPN"
        and any(c.dep_ == "relcl" and any(g.lower_ == "that" for g in c.children) for c in root.children)
    )


def action_how(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Promise the steps of an action: "Here's how to X", "How you can X", "X. Here's how."."""
    vp = _bare_action(f)
    if vp is None:
        return Skip("no action whose steps the copy could show")
    if f.opener == "how_to":
        # "How to X" → "Here's how to X" / "How you can X": restyles (the 2026-12-07c review)
        return Skip("it already promises the steps (\u201cHow to …\u201d)")
    return rewrites(f"Here's how to {vp}", f"How you can {vp}", f"{cap(vp)}. Here's how")


def _clause_ok(f: Frame, *, allow_be: bool, shared_subject: bool = False) -> bool:
    """One plain clause whose subject is not the piece itself ("this video", "these photos")."""
    if not f.clause or f.question or f.label or f.list_noun is not None:
        return False
    subj = f.core.subject()
    if (
        subj is None
        or subj.root.like_num
        or not simple_clause(f, allow_be=allow_be, shared_subject=shared_subject)
    ):
        return False
    between = f.core.doc[subj.end : f.core.root.i]
    return subj.root.lower_ not in MEDIA_NOUNS and not any(t.is_punct for t in between)


def reveal(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """A how/why report told first: "See how X did Y", "Wondering how/why X did Y?"."""
    if f.opener not in ("how", "why") or not _clause_ok(
        f, allow_be=f.opener == "why", shared_subject=f.opener == "how"
    ):
        return Skip("not a \u201chow/why X …\u201d report with one plain clause")
    clause = strip_end(f.clause or "")
    # not "Here's why/how …" or "The reason …": the 2026-12-07c review read them as restyles of "Why/How …"
    if f.opener == "how":
        return rewrites(f"See how {clause}", f"Wondering how {clause}?", f"Learn how {clause}")
    return rewrites(f"Wondering why {clause}?")


def _news(f: Frame) -> bool:
    """A present-tense report about a named company or person ("Ironveil raises …", "X is now …"): news."""
    root, subj = f.core.root, f.core.subject()
    if any(c.lower_ == "now" for c in root.children):
        return True
    present = root.tag_ in ("VBZ", "VBP") or any(c.tag_ in ("VBZ", "VBP") for c in root.children)
    return present and subj is not None and subj[0].pos_ == "PROPN"


def story_how(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Tell a story as "How X did Y", "What happened when X did Y", "X did Y. Here's how."."""
    if f.opener != "none" or not f.story or not _clause_ok(f, allow_be=False, shared_subject=True):
        return Skip("not a third-person story told in one plain clause")
    if f.kind != "statement" or points_at_piece(f) or not past_event(f):
        return Skip(
            "not a past event, or a teaser (\u201cdoes this\u201d); \u201chow\u201d would not keep it"
        )
    if _news(f):
        return Skip("news about a named company; \u201chow\u201d would promise steps the copy does not have")
    if any(c.dep_ == "auxpass" for c in f.core.root.children):
        # "How these kids were kidnapped …", "Here's how an actor was surprised …" (the author's dev check)
        return Skip("done to someone (\u201cwas surprised\u201d); \u201chow\u201d would not keep it")
    clause = strip_end(f.clause or "")
    said = cap(clause)
    # not "Here's how …" / "The story of how …": padding that promises a method (the 2026-12-07d review)
    out = [f"How {clause}", f"{said}. Here's how"]
    subj = f.core.subject()
    # an action, not "were kidnapped"; a person's story, not a customer's result
    if f.core.root.tag_ == "VBD" and not f.numbers() and subj is not None and subj[0].pos_ != "PROPN":
        out.append(f"What happened when {clause}")
    return rewrites(*out)


def claim_why(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Explain a present claim: "Why X is Y", "Here's why X is Y", "X is Y. Here's why", "It turns out X"."""
    if f.opener != "none" or not _clause_ok(f, allow_be=True):
        return Skip("not a claim in one plain clause")
    if f.style == "title" and not be_claim(f):
        return Skip("an event told as a teaser, not a claim; \u201cwhy\u201d would change the promise")
    if (
        "here" in {t.lower_ for t in f.core.tokens}
        or f.core.doc[f.core.offset + 1 : f.core.offset + 2].text == ","
    ):
        return Skip("it already points at the piece (\u201cHere's …\u201d) or calls out the reader")
    if past_event(f) or _news(f) or f.offer or f.product or points_at_piece(f):
        return Skip("a past event, an offer or a teaser; \u201cwhy\u201d would change what it promises")
    subj = f.core.subject()
    if subj is not None and subj[0].lower_ in ("you", "your", "we", "our"):
        return Skip("it speaks to the reader or for the seller; \u201cwhy\u201d would not read")
    if not be_claim(f) or f.core.tokens[0].lower_ in WH_WORDS:
        # "Coldtrace completes its audit. Here's why", "Here's why what a firm learned …": 3 of 13 usable in
        # the 2026-12-07c/d reviews; only a claim about a state ("X is Y") is explained
        return Skip("not a claim about a state (\u201cX is …\u201d) that \u201cwhy\u201d could explain")
    if subj is not None and subj[0].pos_ == "PRON":
        # "They're the last people …", "This is for …": whom or what it points at stays in the piece
        return Skip("its subject is a pronoun; \u201cwhy\u201d would explain something unnamed")
    clause = strip_end(f.clause or "")
    out = [f"Here's why {clause}", f"{cap(clause)}. Here's why"]
    hedged = any(t.lower_ in ("actually", "really", "totally") for t in f.core.tokens)
    if not doubtful(f) and f.kind == "statement" and f.style != "title" and not hedged:
        # not on a story's teaser or a claim that already says "actually" (the 2026-12-07c review)
        out.append(f"It turns out {clause}")
    return rewrites(*out)


def ask_if(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """A "Is/Are X Y?" question asked more softly ("Could X be Y?") or as a check ("Find out if X is Y")."""
    p = f.core
    first, subj = p.tokens[0], p.subject()
    if not f.question or f.extra or f.label or first.lemma_ != "be" or first.pos_ != "AUX" or subj is None:
        return Skip("not a plain \u201cIs/Are X …?\u201d question")
    if subj.start != first.i + 1 or subj.end >= len(p.doc) or p.doc[subj.end].pos_ in ("NOUN", "PROPN"):
        return Skip("the question's subject is not clear enough to move")
    if any(t.lower_ == "or" or t.dep_ == "conj" for t in p.tokens):
        return Skip("a two-part question; rewording would drop one part")
    who = render(subj) if subj[0].pos_ == "PROPN" else low(render(subj))
    rest = strip_end(render(p.doc[subj.end :]).rstrip("?"))
    if not rest:
        return Skip("the question's subject is not clear enough to move")
    return rewrites(f"Could {who} be {rest}?", f"Find out if {who} {first.lower_} {rest}")


SESSION_LABELS = frozenset(
    {"webinar", "live demo", "demo", "workshop", "roundtable", "panel", "masterclass", "live session", "ama"}
)
"""Labels that name a session the reader can join ("Webinar: …", "Live demo: …")."""


def event_invite(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """A session's topic, then the invitation: "Want to X? Join our demo", "Learn what … at our webinar"."""
    label = (f.label or "").strip().lower()
    if label not in SESSION_LABELS or f.extra or f.question:
        return Skip("not a session (webinar, demo, roundtable) with its topic after a colon")
    if f.vp and action_verb(f):
        vp = strip_end(f.vp)
        return rewrites(
            f"Want to {vp}? Join our {label}",
            f"{cap(vp)}: join our {label}",
            f"See how to {vp} in our {label}",
        )
    topic = strip_end(f.core_text)
    if f.opener == "what":
        topic = f"what {low(topic)}"
    if topic.lower().startswith("what ") and not topic.endswith("?"):
        return rewrites(f"Learn {low(topic)} at our {label}", f"Find out {low(topic)}: join our {label}")
    return Skip("the session's topic is not an action or a \u201cwhat …\u201d to learn")


NEWS_VERBS = frozenset(
    {
        "raise", "join", "acquire", "announce", "launch", "partner", "hire", "appoint", "win", "open",
        "expand", "celebrate", "sign", "name", "close", "complete", "receive", "earn", "achieve", "go",
    }
)  # fmt: skip
"""Verbs of company news ("Ironveil raises …"): not something the reader does with the product."""

PROPERTY_VERBS = frozenset(
    {
        "speak",  # "Slatewick now speaks 14 languages": the product's, not the reader's ("Want to speak …?")
        "support",
        "include",
        "offer",
        "feature",
        "cover",
        "serve",
        "work",
        "integrate",
        "connect",
        "come",
        "run",
    }
)
"""Verbs that describe the product rather than an action the reader takes with it ("X supports …")."""


def capability(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """A named product's capability as the reader's action: "Block risky logins … with Moatline"."""
    p = f.core
    root, subj = p.root, p.subject()
    if f.kind != "statement" or f.extra or f.label or f.question or f.opener != "none" or subj is None:
        return Skip("not a product doing something in one plain sentence")
    if subj[0].pos_ != "PROPN" or subj.start != p.offset or root.i != subj.end + _now_gap(f):
        return Skip("the subject is not a named product")
    if f.style == "title":
        # "Jesse Williams Says …" → "Say … with Jesse Williams" (the 2026-12-07d review): in a title-case
        # story the name is a person's (the parse has no named-entity step to tell people from products)
        return Skip("a story's person, not a product doing something")
    verb = lemma(root)
    if root.tag_ != "VBZ" or verb in NEWS_VERBS | PROPERTY_VERBS or verb in ("be", "have"):
        return Skip("company news or a property of the product, not an action the reader takes with it")
    if not any(c.dep_ == "dobj" for c in root.children) or any(c.dep_ == "conj" for c in root.children):
        return Skip("no single action with an object to hand to the reader")
    name = render(subj)
    action = strip_end(f"{verb} {render(p.doc[root.i + 1 :])}")
    if any(c.dep_ in ("advcl", "mark") for c in root.children):
        return rewrites(f"With {name}, {action}", f"Want to {action}? Try {name}")
    return rewrites(f"{cap(action)} with {name}", f"Want to {action}? Try {name}")


def _now_gap(f: Frame) -> int:
    """1 when "now" sits between the name and its verb ("Sketchloom now exports …"), else 0."""
    subj = f.core.subject()
    if subj is None or subj.end >= len(f.core.doc):
        return 0
    return 1 if f.core.doc[subj.end].lower_ in ("now", "also") else 0
