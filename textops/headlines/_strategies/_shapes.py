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
* :func:`two_beats` — two story sentences told as one ("After a mom spoke …, over 100 world leaders …");
* :func:`event_invite` — a session's topic with the invitation ("Want to …? Join our live demo");
* :func:`ask_if` — a yes/no question asked more softly or as a check ("Could your vendor list be …?",
  "Find out if your vendor list is …").
"""

from __future__ import annotations

from textops.headlines._frame import Frame
from textops.headlines._lexicons import COGNITION_VERBS
from textops.headlines._strategies._base import (
    Rewrite,
    Skip,
    StrategyContext,
    action_verb,
    benefit_np,
    doubtful,
    points_at,
    rewrites,
    simple_clause,
)
from textops.headlines._text import cap, low, render, strip_end

__all__ = [
    "action_ask",
    "action_how",
    "ask_if",
    "claim_why",
    "event_invite",
    "reveal",
    "story_how",
    "two_beats",
]

MEDIA_NOUNS = frozenset(
    {
        "video", "photo", "photos", "picture", "map", "ad", "clip", "chart", "image", "song", "poem", "film",
        "speech", "comic", "cartoon", "graphic", "infographic", "post", "story", "letter", "rant", "talk",
        "animation", "documentary", "trailer", "commercial", "tweet", "interview", "footage", "word", "words",
    }
)  # fmt: skip
"""A subject that is the piece itself ("This video goes …"): a teaser, not a story or a claim to explain."""


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
    return strip_end(f.vp)


def action_ask(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Ask the reader about the goal: "Need to X?", "Looking to X?"; "Looking for <benefit>?"."""
    vp = _bare_action(f)
    if vp:
        return rewrites(f"Need to {vp}?", f"Looking to {vp}?", f"Trying to {vp}?")
    if f.np and f.product and not f.extra and not points_at(f):
        return rewrites(f"Looking for {f.np_lower}? Try {f.product}", f"{cap(f.np_lower)}, from {f.product}")
    if f.np and benefit_np(f) and not points_at(f) and not f.joined:
        return rewrites(f"Looking for {f.np_lower}?", f"Need {f.np_lower}?")
    return Skip("no action or benefit the reader would be asked about")


def action_how(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Promise the steps of an action: "Here's how to X", "How you can X", "X. Here's how."."""
    vp = _bare_action(f)
    if vp is None:
        return Skip("no action whose steps the copy could show")
    return rewrites(f"Here's how to {vp}", f"How you can {vp}", f"{cap(vp)}. Here's how")


def _clause_ok(f: Frame, *, allow_be: bool) -> bool:
    """One plain clause whose subject is not the piece itself ("this video", "these photos")."""
    if not f.clause or f.question or f.label or f.list_noun is not None:
        return False
    subj = f.core.subject()
    if subj is None or subj.root.like_num or not simple_clause(f, allow_be=allow_be):
        return False
    return subj.root.lower_ not in MEDIA_NOUNS


def reveal(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """A how/why report told first: "Here's how X did Y", "See how X did Y", "The reason X did Y"."""
    if f.opener not in ("how", "why") or not _clause_ok(f, allow_be=f.opener == "why"):
        return Skip("not a \u201chow/why X …\u201d report with one plain clause")
    clause = strip_end(f.clause or "")
    if f.opener == "how":
        return rewrites(
            f"Here's how {clause}", f"See how {clause}", f"Learn how {clause}", f"Wondering how {clause}?"
        )
    return rewrites(f"Here's why {clause}", f"The reason {clause}", f"Wondering why {clause}?")


def _past_action(f: Frame) -> bool:
    root = f.core.root
    return root.tag_ == "VBD" and root.lemma_ not in COGNITION_VERBS


def story_how(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Tell a story as "How X did Y", "What happened when X did Y", "X did Y. Here's how."."""
    if f.opener != "none" or not f.story or not _clause_ok(f, allow_be=False):
        return Skip("not a third-person story told in one plain clause")
    clause = strip_end(f.clause or "")
    said = cap(clause)
    out = [f"How {clause}", f"{said}. Here's how", f"Here's how {clause}"]
    if _past_action(f) and not f.numbers():
        out += [f"What happened when {clause}", f"The story of how {clause}"]
    return rewrites(*out)


def claim_why(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Explain a present claim: "Why X is Y", "Here's why X is Y", "X is Y. Here's why", "It turns out X"."""
    if f.opener != "none" or not _clause_ok(f, allow_be=True):
        return Skip("not a claim in one plain clause")
    root = f.core.root
    if root.tag_ == "VBD" or f.offer or f.product:
        return Skip("a past event or an offer; \u201cwhy\u201d would change what it promises")
    subj = f.core.subject()
    if subj is not None and subj[0].lower_ in ("you", "your", "we", "our"):
        return Skip("it speaks to the reader or for the seller; \u201cwhy\u201d would not read")
    clause = strip_end(f.clause or "")
    out = [f"Here's why {clause}", f"{cap(clause)}. Here's why"]
    if not doubtful(f):
        out.append(f"It turns out {clause}")
    return rewrites(*out)


def two_beats(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Two story sentences as one: "After <first>, <second>" (the order of events kept)."""
    if len(f.extra) != 1 or f.question or f.label or f.opener != "none":
        return Skip("not two plain story sentences")
    first, second = strip_end(f.core_text), strip_end(f.extra[0])
    if first.endswith("?") or second.endswith("?") or not f.clause or _past_action(f) is False:
        return Skip("not two plain story sentences")
    head = second.split(" ", 1)[0].lower()
    if head in ("and", "but", "so", "then", "here's", "this", "that", "it", "what", "why", "how", "watch"):
        return Skip("the second sentence leans on the first; joining would not read")
    return rewrites(f"After {low(first)}, {low(second)}")


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
