"""Strategies about attention and action: a call to action, urgency, a curiosity gap, a habit to drop.

And the reverse: plain wording with the clickbait removed.
"""

from __future__ import annotations

import re

from lemminflect import getAllLemmas

from textops.headlines._frame import Frame
from textops.headlines._lexicons import (
    CURIOSITY_OPENERS,
    MISTAKE_NOUNS,
    PEOPLE_NOUNS,
    PERSON_NOUNS,
    URGENCY_WORDS,
    WH_WORDS,
)
from textops.headlines._strategies._base import (
    MEDIA_NOUNS,
    Rewrite,
    Skip,
    StrategyContext,
    action_verb,
    be_claim,
    benefit_np,
    low_unless_name,
    names_format,
    past_event,
    points_at,
    points_at_piece,
    rewrites,
    second_person_map,
    simple_clause,
    topic_label,
)
from textops.headlines._text import cap, low, render, strip_end

__all__ = ["clickbait_removal", "cta", "curiosity_gap", "stop_the_pain", "urgency"]


def cta(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Make it a call to action: "Close deals faster with our new app", "Get …", "Meet the dad who …"."""
    p = f.core
    if f.kind == "imperative":
        return Skip("it already is a call to action")
    if f.question:
        return Skip("it asks a question; a call to action would need an answer")
    if f.joined:
        # "One portal. Every subcontractor." → "Get one portal and every subcontractor" (2026-12-07c review)
        return Skip("two short beats; a call to action would join them into another promise")
    if f.kind == "gerund" and f.vp:
        verb = f.vp.split(" ", 1)
        if len(verb) == 2 and verb[0].lower() in ("introduce", "introducing", "announce", "announcing"):
            # not "Meet X" for "Introducing X": a restyle (the 2026-12-07c review)
            return Skip("a launch line (\u201cIntroducing …\u201d); \u201cMeet …\u201d would only restyle it")
        if f.style == "title" or f.label or not any(c.dep_ == "dobj" for c in f.core.root.children):
            # "Going Viral: Shaming Girls Who …" → "Shame Girls …", "Ticketing set up in 10 minutes" →
            # "Ticket set up …", "Webinar: fixing …" → "Webinar: fix …" (the 2026-12-07e review)
            return Skip("a topic named with a gerund; as a command it would change what it is")
        return rewrites(f.rebuild(cap(f.vp)))
    subj = p.subject()
    root = p.root
    people = subj is not None and subj.root.lemma_.lower() in PEOPLE_NOUNS | {"team"}
    if people and f.offer:
        # "Our support team answers in 2 minutes" → "Answer in 2 minutes with our team": the reader is not
        # the one answering (the 2026-12-07d review)
        return Skip("the people who serve the reader do this; as a command it would be the reader's job")
    if f.offer and subj is not None and root.pos_ == "VERB" and root.i == subj.end and root.tag_ != "VBD":
        # present offers only: "Our team stopped using X" is a report, "Stop using X with our team" not it
        means = render(subj)
        means = means if subj[0].pos_ == "PROPN" else low(means)
        helped = next((c for c in root.children if c.dep_ in ("ccomp", "xcomp") and c.tag_ == "VB"), None)
        if root.lemma_ == "help" and helped is not None:
            action = render(p.doc[helped.i : helped.right_edge.i + 1])
        else:
            action = f"{root.lemma_.lower()} {render(p.doc[root.i + 1 :])}"
        return rewrites(f"{cap(strip_end(action))} with {means}")
    if f.opener in ("what", "how", "why"):
        # "How our team answers tickets …" → "Answer tickets … with our team": a report is not an offer
        return Skip("a what/how/why headline promises knowledge, not an action")
    if (
        f.kind == "modal"
        and subj is not None
        and subj.root.lemma_.lower() in PEOPLE_NOUNS
        and f.style != "title"
    ):
        aux = next(c for c in root.children if c.dep_ == "aux" and c.tag_ == "MD")
        rest = [
            t
            for t in p.doc[aux.i + 1 :]
            if not (t.dep_ == "advmod" and t.lower_ in ("now", "still", "finally"))
        ]
        return rewrites(cap(strip_end(render(rest, replace=second_person_map(p)))))
    if f.list_noun is not None:
        lemma = f.list_noun.lemma_.lower()
        core = low(f.core_text)
        core = core if core.startswith("the ") else f"these {core}"
        if lemma in MISTAKE_NOUNS:
            return rewrites(f"Avoid {core}")
        # not "Try these 5 ways/questions to …": awkward (the 2026-12-07c review)
        return Skip("a list of facts or ways has no single action for the reader")
    if points_at(f):
        return Skip("it points at something (\u201cthat …\u201d) rather than naming what the reader gets")
    if f.np:
        np = f.np_lower
        if f.product and f.np_is_product:
            return Skip(
                "the line describes the product itself; "
                "\u201cGet <it> with X\u201d would make X its own giver"
            )
        if f.product:
            # not "Try/Meet X: …" for "Introducing X: …": a restyle (the 2026-12-07 reviews)
            return rewrites(f"Get {np} with {f.product}")
        subj = f.core.subject()
        heads = {f.core.root.lemma_.lower(), subj.root.lemma_.lower() if subj is not None else ""}
        if heads & PERSON_NOUNS:
            return rewrites(f.rebuild(f"Meet {np}"))
        if not benefit_np(f) and not (f.core.tokens[0].lower_ == "one" and not f.extra):
            return Skip("it names content, not something the reader gets")  # "See the only time …"
        return rewrites(f.rebuild(f"Get {np}"))
    if (
        f.story
        and not f.extra
        and subj is not None
        and root.tag_ in ("VBD", "VBZ", "VBP")
        and simple_clause(f)
    ):
        # "Meet the dad who …" only for a person; never "See how …" bolted onto a story
        person = subj.root.lemma_.lower() in PEOPLE_NOUNS | PERSON_NOUNS
        if subj[0].lower_ in ("this", "a", "one", "an") and person and subj.root.tag_ == "NN":
            noun = render(p.doc[subj[0].i + 1 : subj.end])
            if not any(c.dep_ == "relcl" for c in subj.root.children):
                return rewrites(f"Meet the {noun} who {strip_end(render(p.doc[root.i :]))}")
    return Skip("it reports a story; there is no action for the reader")


def urgency(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """A time cue: "It's time to …" on an action ("… today" only for an urgent tone), "Get X … today"."""
    text = f.original.lower()
    if any(re.search(rf"\b{re.escape(w)}\b", text) for w in URGENCY_WORDS):
        return Skip("it is already urgent")
    if ctx.tone in ("plain", "calm", "formal") and ctx.tone != "urgent":
        return Skip(f"the {ctx.tone} tone avoids urgency cues")
    if f.vp and action_verb(f) and f.opener in ("none", "how_to") and f.label:
        return Skip(
            "a labelled line (\u201cLive demo: …\u201d); \u201cIt's time to\u201d after the label reads badly"
        )
    if f.vp and action_verb(f) and f.opener in ("none", "how_to"):
        out = [f"It's time to {strip_end(f.vp)}"]
        if ctx.tone == "urgent" and not _TIMED.search(f.vp):
            # "… today" only when urgency is asked for: tacked on by default it often attached to the
            # wrong word (the 2026-12-07 review); never after a time phrase ("… in minutes today")
            out.insert(0, f"{cap(strip_end(f.vp))} today")
        return rewrites(*(f.rebuild(o) for o in out))
    made = cta(f, ctx)
    if (
        ctx.tone == "urgent"
        and f.product
        and isinstance(made, list)
        and made
        and made[0].text.startswith("Get ")
    ):
        return rewrites(f"{strip_end(made[0].text)} today")  # "Get X with Acme today": an offer, now
    return Skip("only an action the reader takes now can carry a time cue without inventing one")


_TIMED = re.compile(
    r"(?i)\b(in|within|by|before|after|this|next|every)\s+(\w+\s+)?"
    r"(minutes?|hours?|days?|weeks?|months?|quarters?|years?|afternoon|morning|friday|monday)\b"
)


def curiosity_gap(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Open a gap: "Why <topic> is …", "Why <claim about a state>", "What happened when <past event>".

    Never on a command, news, an offer or a pointer (the blind reviews).
    """
    if ctx.tone in ("plain", "calm", "formal"):
        return Skip(f"the {ctx.tone} tone avoids curiosity gaps")
    if ctx.channel == "search":
        return Skip("search headlines should say what the page is, not hide it")
    if f.question:
        return Skip("it is already a question")
    text = f.core_text.lower()
    if text.split(" ", 1)[0] in WH_WORDS:
        return Skip("it already opens with a question word")
    if f.opener in ("why", "what") or text.startswith(
        tuple(o for o in CURIOSITY_OPENERS if o not in ("this", "these"))
    ):
        return Skip("it already opens a curiosity gap")
    if f.vp and f.opener == "none":
        # "Why you should patch …": 0 of 14 usable in the blind reviews (a lecture, weaker than the command)
        return Skip("\u201cWhy you should …\u201d lectures the reader; the command itself is stronger")
    topic = topic_label(f)
    if topic and " vs" in topic.lower():
        return Skip("a comparison label (\u201cX vs Y: …\u201d); \u201cwhy X vs Y is …\u201d would not read")
    if topic and f.np and f.core.tokens[0].lower_ in ("the", "a", "an") and not names_format(f):
        return rewrites(
            f"Why {low_unless_name(topic)} is {f.np_lower}"
        )  # "Why data quality is the …"  # the reasons behind the action
    if f.clause and f.opener == "none" and (f.core.tokens[0].pos_ in ("ADP", "ADV", "SCONJ")):
        return Skip("it opens with a scene-setting phrase; \u201cwhy\u201d would not read")
    if not simple_clause(f, allow_be=True) or f.opener == "how" or f.kind == "modal":
        # "Here's why …", "What to know before you …" and "Why" on a two-part story read as bolted on
        return Skip("no single plain claim that \u201cwhy\u201d could open without changing the promise")
    root, subj = f.core.root, f.core.subject()
    if root.lemma_ == "be" and any(c.dep_ == "acomp" for c in root.children):
        return Skip("it states a fact (\u201cis ready\u201d); \u201cwhy\u201d would promise an explanation")
    if subj is not None and subj[0].pos_ == "PROPN" and not f.offer:
        return Skip("news about a named company; \u201cwhy\u201d would change what the piece is")
    if subj is not None and (
        subj[0].lower_ in ("your", "you") or any(t.lower_ in ("we", "our", "us") for t in subj)
    ):
        # also "Why your first 500 tickets are on us": an offer to the reader, not a claim to explain
        # "Why we're retiring …", "What happened when our team …": the piece tells its news, not a why
        return Skip("the company's own news; \u201cwhy\u201d would promise reasons the piece may not give")
    if past_event(f):
        # a past event: "Why X did Y" turns the story into an explanation the piece may not give
        if f.core.root.tag_ != "VBD":
            return Skip(
                "a past passive (\u201cwas surprised\u201d); \u201cwhy\u201d would change the promise"
            )
        if (
            f.extra
        ):  # "What happened when they called X 'fake.' They won't …": the next sentence is the answer
            return Skip("the next sentence already tells what happened")
        return rewrites(f.rebuild(f"What happened when {f.clause}"))
    if points_at_piece(f) or (subj is not None and subj.root.lower_ in MEDIA_NOUNS):
        return Skip("a teaser about the piece itself (\u201cThis video …\u201d, \u201cdoes this\u201d)")
    if (f.style == "title" and not be_claim(f)) or (f.label and not topic_label(f)):
        return Skip("an event told as a teaser, or a label; \u201cwhy\u201d would change the promise")
    if f.label:
        return Skip(
            "a labelled line (\u201cLast chance: …\u201d); \u201cwhy\u201d after the label changes it"
        )
    pointer = subj is not None and len(subj) == 1 and subj[0].lower_ in ("this", "that", "it", "there")
    here = any(t.lower_ == "here" for t in f.core.tokens)  # "Why the starting point … is right here"
    if not be_claim(f) or f.offer or pointer or here or any(t.lower_ == "now" for t in f.core.tokens):
        # "Why every plan now includes …", "Why Tessel now works with …": an announcement states a fact
        return Skip("an announcement or report; \u201cwhy\u201d would promise reasons the piece may not give")
    return rewrites(f.rebuild(f"Why {f.clause}"))


def clickbait_removal(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Plain and specific: drop the curiosity gap and hype ("What happened next is amazing", "This …")."""
    p = f.core
    hype_toks = {
        i
        for t in f.hype_words()
        if t.dep_ in ("amod", "advmod")
        and not any(c.dep_ in ("conj", "cc") for c in t.children)
        and t.doc[t.left_edge.i - 1].lower_ not in ("and", "or", ",", "most")
        and t.left_edge.lower_ != "most"  # "One of the world's most amazing X": the superlative is the point
        for i in range(t.left_edge.i, t.i + 1)
    }  # never a word in a list ("Crass, Profane, And Beautiful"): dropping it changes the list
    first = p.tokens[0]
    demonstrative = first.lower_ in ("this", "these") and first.dep_ == "det"
    if not f.hype and (not hype_toks or f.style == "title"):
        # "This comedian" → "One comedian" alone is a restyle, not a plainer headline
        return Skip("there is no curiosity-gap or hype wording to remove")
    replace: dict[int, str] = {}
    alt: dict[int, str] = {}
    if demonstrative:
        noun = first.head
        if first.lower_ == "these":
            nxt = p.doc[first.i + 1] if first.i + 1 < len(p.doc) else None
            replace[first.i] = "" if nxt is not None and nxt.like_num else "the"
        elif noun.tag_ in ("NN", "NNP"):
            nxt = next((t for t in p.doc[first.i + 1 :] if t.i not in hype_toks), noun)
            article = "an" if nxt.text[:1].lower() in "aeiou" else "a"
            replace[first.i] = article
        else:
            replace[first.i] = "the"
    text = render(p.tokens, replace=replace, drop=hype_toks)
    texts = [text]
    if alt:
        texts.append(render(p.tokens, replace={**replace, **alt}, drop=hype_toks))
    wrapped = []
    for t in texts:
        t = strip_end(t) if not f.question else t
        if f.opener in ("why", "how", "what") and f.clause is not None:
            t = f"{cap(f.opener)} {low(t) if p.tokens[0].pos_ != 'PROPN' else t}"
        elif f.opener == "how_to":
            t = f"How to {low(t)}"
        wrapped.append(f.rebuild(cap(t)))
    if f.extra and not f.extra[0].lower().startswith(("and ", "but ", "or ", "so ")):
        wrapped.append(f"{strip_end(wrapped[0])}: {low(f.extra[0])}")
    return rewrites(*wrapped)


_STILL = re.compile(r"(?i)^still (\w+ing)\b(.*)\?$")
_NO_MORE = re.compile(r"(?i)^no more (\w+ing)\b(.*?)[.!]?$")
_NEVER_LET = re.compile(r"(?i)^never let\b(.*?)[.!]?$")


def _gerund_word(word: str) -> bool:
    """A verb's -ing form ("approving", "chasing"), not a noun that ends in -ing ("thing", "spring")."""
    return word.lower().endswith("ing") and "VERB" in getAllLemmas(word.lower())


def stop_the_pain(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Name the pain as an action: "Still approving POs by email?" → "Stop approving POs by email".

    "No more chasing timesheets" → "Stop chasing timesheets" / "Tired of chasing timesheets?", "Never let X"
    → "Don't let X". Only for headlines that already name a habit the reader wants to drop.
    """
    text = f.original.strip()
    still, no_more, never = _STILL.match(text), _NO_MORE.match(text), _NEVER_LET.match(text)
    if still and _gerund_word(still.group(1)):
        act = f"{still.group(1).lower()}{still.group(2)}"
        return rewrites(f"Stop {act}", f"It's time to stop {act}", f"Tired of {act}?")
    if no_more and _gerund_word(no_more.group(1)):
        act = f"{no_more.group(1).lower()}{no_more.group(2)}"
        return rewrites(f"Stop {act}", f"Tired of {act}?", f"Still {act}?")
    if never and len(never.group(1).split()) >= 3:
        return rewrites(f"Don't let{never.group(1)}")
    return Skip("it names no habit the reader wants to drop (\u201cStill …?\u201d, \u201cNo more …\u201d)")
