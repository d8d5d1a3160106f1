"""Strategies that change what comes first: the outcome, the number, or the subject named as a noun phrase."""

from __future__ import annotations

from textops.headlines._frame import Frame
from textops.headlines._lexicons import (
    DOWN_VERBS,
    PEOPLE_NOUNS,
    PERSON_NOUNS,
    UP_VERBS,
    WH_WORDS,
)
from textops.headlines._parse import HeadlineParse
from textops.headlines._strategies._base import (
    Rewrite,
    Skip,
    StrategyContext,
    low_unless_name,
    rewrites,
    simple_clause,
    topic_label,
)
from textops.headlines._text import cap, low, render, strip_end

__all__ = ["benefit_first", "noun_phrase", "number_first"]


def benefit_first(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Lead with the outcome: the purpose clause or object first, the benefit before the product name."""
    p = f.core
    if f.kind == "imperative":
        root = p.root
        purpose = next(
            (
                c
                for c in root.children
                if c.dep_ in ("advcl", "xcomp") and any(a.lower_ == "to" for a in c.lefts)
            ),
            None,
        )
        if purpose is not None:
            start = min(a.i for a in purpose.lefts if a.lower_ == "to")
            outcome = render(p.doc[start + 1 : purpose.right_edge.i + 1])
            means = render(p.doc[p.offset : start])
            return rewrites(f"{cap(strip_end(outcome))}: {strip_end(low(means))}")
    if f.list_noun is not None:
        # not "Ask before you sign …: 3 questions": a list's number moved last reads as a reorder (round 4)
        return Skip("a list; its number leads already, and moved last it reads as a reorder")
    if f.product and f.np:
        # not "<np>, with X": the 2026-12-07c review read it as a clunky reorder
        return rewrites(f"{cap(f.np)}: meet {f.product}")
    topic = topic_label(f)
    if topic and (f.core.tokens[0].lower_ in WH_WORDS or f.opener != "none"):
        # "Telehealth billing: what your practice needs to know" → "What …: telehealth billing" buries it
        return Skip("the description is a question word's clause; moving the topic after it buries it")
    if topic and low_unless_name(topic) == topic and topic[:1].isupper():
        return Skip("the topic may be a name; moved after the colon its capital could not be told")
    if topic:  # "Data quality: the foundation of AI" → "The foundation of AI: data quality"
        return rewrites(f"{cap(f.wrap(f.core_text))}: {low_unless_name(topic)}")
    # a story's scene-setting clause moved last only buries its subject (the 2026-12-07 review)
    swapped = _conditional_last(p) if not (f.story or f.style == "title") else None
    if swapped:
        return rewrites(f.rebuild(swapped))
    return Skip("no outcome or context phrase to move to the front")


def _conditional_last(p: HeadlineParse) -> str | None:
    """The main clause (the point) first: "If X, Y" → "Y if X"."""
    toks = list(p.tokens)
    if not toks or toks[0].lower_ not in ("if", "when", "after", "before", "because"):
        return None
    comma = next((t for t in toks if t.text == "," and t.head.i != toks[0].i), None)
    if comma is None or comma.i >= len(p.doc) - 2:
        return None
    cond = render(p.doc[toks[0].i : comma.i])
    main = render(p.doc[comma.i + 1 :])
    if main.lower().startswith("then "):
        main = main[5:]
    if main.rstrip().endswith("?") or len(main.split()) < 3:
        return None
    return f"{cap(strip_end(main))} {low(cond)}"


def _front_phrase(p: HeadlineParse) -> str | None:
    """Move the final prepositional phrase of the main verb to the front: "For his daughter, this dad …"."""
    root = p.root
    if root.pos_ not in ("VERB", "AUX") or p.kind not in ("statement", "modal"):
        return None
    preps = [c for c in root.children if c.dep_ in ("prep", "npadvmod") and c.i > root.i]
    obj = next((c for c in root.children if c.dep_ == "dobj"), None)
    if obj is not None:
        preps += [c for c in obj.children if c.dep_ == "prep" and c.i > obj.i]
    preps.sort(key=lambda t: t.i)
    if not preps:
        return None
    pp = preps[-1]
    if pp.right_edge.i < len(p.doc) - 1 and not all(t.is_punct for t in p.doc[pp.right_edge.i + 1 :]):
        return None
    if pp.lower_ not in ("for", "in", "after", "during", "before", "within", "over"):
        return None
    span = p.doc[pp.left_edge.i : pp.right_edge.i + 1]
    if len(span) < 2:
        return None
    rest = render(p.tokens, drop=set(range(span.start, span.end)))
    first = p.tokens[0]
    rest = rest if first.pos_ == "PROPN" or first.text == "I" else low(rest)
    return f"{cap(strip_end(render(span)))}, {strip_end(rest)}"


def number_first(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Lead with the number of a result: "We cut costs by 30%" → "Costs down 30%: how we did it"."""
    p = f.core
    nums = f.numbers()
    if not nums:
        return Skip("the headline has no number (give body copy with one for a specific-benefit variant)")
    if f.label and f.label.startswith("["):
        return Skip("a tagged notice (\u201c[Reminder] …\u201d); the number cannot move before the tag")
    # Only "costs down 30% …: how we did it". Not "10 hours a week: that's what …", "In 3 minutes: …" (fronted
    # phrases), "The 7 …" → "7 …" or number words as digits: the blind reviews found 1 of 16 usable.
    out: list[str | None] = []
    for tok in nums:
        head = tok.head if tok.dep_ in ("nummod", "quantmod", "compound") else tok
        while head.dep_ == "compound":
            head = head.head
        if head.i == p.root.i:
            continue
        prep = head.head if head.dep_ == "pobj" else None
        if (
            prep is not None
            and prep.dep_ == "prep"
            and prep.lower_ == "by"
            and p.root.lemma_ in DOWN_VERBS | UP_VERBS
        ):
            obj = next((c for c in p.root.children if c.dep_ == "dobj"), None)
            subj = p.subject()
            pronoun_subject = subj is not None and subj[0].lower_ in ("we", "they", "i")
            if obj is not None and subj is not None and p.root.tag_ == "VBD" and pronoun_subject:
                amount = render(p.doc[prep.i + 1 : prep.right_edge.i + 1])
                way = "down" if p.root.lemma_ in DOWN_VERBS else "up"
                rest_drop = set(range(p.offset, prep.right_edge.i + 1))
                rest = render(p.tokens, drop=rest_drop)
                pronoun = low(render(subj))  # "we", "they", "I": the only subjects this form takes
                result = f"{cap(render(obj.subtree))} {way} {amount} {strip_end(rest)}"
                out.append(f"{result}: how {pronoun} did it")
    found = rewrites(*(f.rebuild(o) for o in out if o))
    return found or Skip("no result with a number (\u201ccut costs by 30%\u201d) to lead with")


def noun_phrase(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Name it as a noun phrase: "The dad who built …", "Invoicing software that saves …", "Accessing …".

    Works for statements with a subject and a finite verb, and for imperatives (as a gerund).
    """
    p = f.core
    if f.question or f.kind in ("np", "fragment"):
        return Skip("it already is a noun phrase or a question")
    if f.opener in ("how", "what"):
        return Skip("a how/what headline already names its subject")
    if f.kind == "imperative":
        return Skip("an imperative made a gerund (\u201cStopping …\u201d) reads as a flat topic label")
    if f.story or not simple_clause(f) or not f.offer:
        return Skip("only an offer (\u201cour app saves …\u201d) reads well as \u201cthe X that …\u201d")
    subj = p.subject()
    root = p.root
    if subj is None or subj[0].i != p.offset or root.i != subj.end or root.tag_ not in ("VBZ", "VBP"):
        return Skip("no subject and verb to turn into “the X who …”")
    head = subj.root
    if root.lemma_ == "be" or head.pos_ == "PRON" or any(c.dep_ in ("relcl", "acl") for c in head.children):
        return Skip("no subject and verb to turn into “the X who …”")
    skip_first = subj[0].lower_ in ("this", "these", "that", "those", "a", "an", "the", "our", "my")
    words = list(subj)[1:] if skip_first else list(subj)
    if not words:
        return Skip("no subject and verb to turn into “the X who …”")
    person = head.lemma_.lower() in PEOPLE_NOUNS | PERSON_NOUNS  # the parse profile has no named entities
    who = "who" if person else "that"
    name = render(words)
    lead = "The " if head.pos_ != "PROPN" and words[0].dep_ != "poss" and not f.offer else ""
    if f.offer and head.pos_ != "PROPN":
        lead = ""
    rest = strip_end(render(p.doc[root.i :]))
    return rewrites(f.rebuild(f"{lead}{name if lead else cap(name)} {who} {rest}"))
