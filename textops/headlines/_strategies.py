"""Built-in rewrite strategies, driven by the headline's :class:`~textops.headlines._frame.Frame` (no model).

Every strategy is a function ``(Frame, StrategyContext) -> list[Rewrite] | Skip``: its rewrites in order of
preference (the first is the strategy's pick; the others are fall-backs used when filters remove it or
more variants are asked for), or a :class:`Skip` that says, in a marketer's words, why it does not apply
to this headline. Casing is not a strategy: Title/sentence case come back as styling notes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from textops.headlines._frame import Frame
from textops.headlines._lexicons import (
    CONTRAST_FRICTIONS,
    CURIOSITY_OPENERS,
    DOWN_VERBS,
    NUMBER_WORDS,
    PEOPLE_NOUNS,
    PERSON_NOUNS,
    POWER_VERB_SENSES,
    PRODUCT_NOUNS,
    SMALL_WORDS,
    UP_VERBS,
    URGENCY_WORDS,
    VERB_FORMS,
)
from textops.headlines._parse import HeadlineParse
from textops.headlines._shorten import shorten_doc
from textops.headlines._text import cap, clean, low, render, strip_end, third_singular

__all__ = [
    "LABELS",
    "STRATEGIES",
    "Rewrite",
    "Skip",
    "StrategyContext",
    "StrategyFn",
    "sentence_case",
    "title_case",
]


@dataclass(frozen=True)
class StrategyContext:
    """What a strategy may use besides the headline: the brief and the copy around the headline.

    ``frictions``: pains or costs the offer spares the buyer, for "X without Y" and "Yes, X — without Y"
    (from the body copy and, with a calls corpus, from what prospects said), each with the quote it came
    from. ``limit``: the character limit to shorten to (the brief's ``max_chars`` or the channel's).
    """

    body: str = ""
    audience: str | None = None
    tone: str = "any"
    channel: str = "any"
    limit: int | None = None
    frictions: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True)
class Rewrite:
    """One rewrite: its text, the verb swap it made (for the sense check) and the quote it reuses."""

    text: str
    verb_pair: tuple[str, str] | None = None
    source: str | None = None


@dataclass(frozen=True)
class Skip:
    """A strategy that does not apply, and why (shown to the marketer)."""

    reason: str


StrategyFn = Callable[[Frame, StrategyContext], "list[Rewrite] | Skip"]

_NEGATORS = {"not", "no", "never", "don't", "dont", "without", "n't", "nothing", "can't", "won't"}
_TO_SECOND = {
    "their": "your", "theirs": "yours", "themselves": "yourself", "they": "you", "them": "you",
}  # fmt: skip
_TO_THIRD = {"your": "their", "you": "they", "yours": "theirs", "yourself": "themselves"}
_WAY_NOUNS = {
    "way",
    "tip",
    "step",
    "trick",
    "idea",
    "strategy",
    "tactic",
    "hack",
    "rule",
    "lesson",
    "question",
}
_COGNITION = {"think", "believe", "know", "feel", "guess", "hope", "wish", "suppose", "assume", "want"}
_CTA_VERBS = {"see", "read", "watch", "meet", "look", "listen", "check", "click", "join"}
_DEMONSTRATIVE = ("that ", "this ", "these ", "those ")
_WH = ("why", "how", "what", "who", "when", "where", "which")


def _rw(*texts: str | None) -> list[Rewrite]:
    seen: list[str] = []
    for t in texts:
        if t:
            t = clean(t)
            if t and t not in seen:
                seen.append(t)
    return [Rewrite(t) for t in seen]


def _after_label(f: Frame, core: str) -> str:
    """A rewritten core with the label put back ("Webinar: …"); a product label stays too."""
    return f.rebuild(core)


def _aux_of(root: Token) -> Token | None:
    return next(
        (c for c in root.children if c.dep_ in ("aux", "auxpass") and c.i < root.i and c.lower_ != "to"), None
    )


def _has_own_subject(token: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in token.children)


def _inverted(p: HeadlineParse, wh: str | None = None) -> str | None:
    """Yes/no question by inversion ("Does X save …?"), or a wh-question when ``wh`` is given."""
    if p.kind not in ("modal", "statement"):
        return None
    root, subj = p.root, p.subject()
    if subj is None or subj[0].i != p.offset:
        return None
    if any(c.dep_ == "conj" and _has_own_subject(c) for c in root.children):
        return None
    aux = _aux_of(root)
    if aux is not None and aux.lemma_ == "get":
        return None  # "emails get ignored": do-support would need "do … get"
    if aux is None and root.lemma_ == "be" and root.i > subj[-1].i:
        aux = root
    subj_text = render(subj) if subj[0].pos_ == "PROPN" or subj[0].text == "I" else low(render(subj))
    lead = f"{cap(wh)} " if wh else ""
    if aux is not None:
        before = render(p.doc[subj[-1].i + 1 : aux.i])
        after = strip_end(render(p.doc[aux.i + 1 :]))
        first = aux.text.lower() if wh else cap(aux.text.lower())
        return clean(f"{lead}{first} {subj_text} {before} {after}") + "?"
    do = {"VBZ": "does", "VBP": "do", "VBD": "did"}.get(root.tag_)
    if do is None or root.i != subj[-1].i + 1:
        return None
    rest = strip_end(render(p.doc[root.i + 1 :]))
    first = do if wh else cap(do)
    return clean(f"{lead}{first} {subj_text} {root.lemma_.lower()} {rest}") + "?"


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
        if tok.lower_ in _TO_SECOND and tok.i not in drop and tok.i != span.start:
            replace[tok.i] = _TO_SECOND[tok.lower_]
    if span.root.dep_ == "pobj" and span.root.head.lower_ == "for":
        # "faster onboarding for remote engineering teams" → "… for your remote engineering team"
        mods = [t for t in span if t.i != span.root.i and t.lower_ not in ("every", "all", "any")]
        words = " ".join([*(t.text for t in mods), span.root.lemma_.lower()])
        replace = {span.start: f"your {words}"}
    text = render(p.tokens, replace=replace, drop=drop)
    return strip_end(text)


def _frictions(f: Frame, ctx: StrategyContext) -> list[tuple[str, str | None]]:
    out = list(ctx.frictions)
    words = {t.lower_ for t in f.core.tokens} | {t.lemma_.lower() for t in f.core.tokens}
    if f.product:
        words |= {w.lower() for w in f.product.split()}
    for word, friction in CONTRAST_FRICTIONS.items():
        if word in words and all(friction != fr for fr, _ in out):
            out.append((friction, None))
    return out


# -- strategies ---------------------------------------------------------------------------------------------


def how_it_works(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """How X does Y: "How to …" for actions, "How <clause>" for claims and stories, "How to avoid …"."""
    if f.opener in ("how", "how_to"):
        return Skip("it is already a how headline")
    if f.question and f.core.tokens[0].lower_ == "how":
        return Skip("it is already a how headline")
    if f.question:
        p = f.core
        first = p.tokens[0]
        subj = p.subject()
        if first.pos_ == "AUX" and first.lemma_ in ("can", "be") and subj is not None:
            rest = render(p.doc[subj.end :], drop={t.i for t in p.tokens if t.lower_ == "really"})
            verb = "may be" if first.lemma_ == "be" else "can"
            return _rw(f"How {low(render(subj))} {verb} {strip_end(rest.rstrip('?'))}")
        return Skip("a question without a claim to explain")
    vp = f.vp
    if vp:
        return _rw(_after_label(f, f"How to {vp}"))
    clause = f.clause
    if clause and f.opener == "what":
        return Skip("a “what” headline; “how” would change what it promises")
    if clause and f.core.root.lemma_ in _COGNITION:
        return Skip("it reports what someone thought; \u201chow\u201d would not read")
    if clause and f.core.root.lemma_ == "be":
        return Skip("it describes a state (“is …”); there is no action to explain with “how”")
    if clause:
        return _rw(_after_label(f, f"How {clause}"), _after_label(f, f"Here's how {clause}"))
    if f.list_noun is not None:
        lemma = f.list_noun.lemma_.lower()
        core = low(f.core_text)
        if lemma in {"mistake", "error", "pitfall", "trap"}:
            return _rw(f"How to avoid {core if core.startswith('the ') else 'these ' + core}")
        to_verb = _to_clause(f.list_noun)
        if lemma in _WAY_NOUNS and to_verb:
            return _rw(f"How to {to_verb}")
        rel = _relative_clause(f.list_noun)
        if rel:
            return _rw(f"What {rel}")
    if f.np:
        if f.product:
            return _rw(f"How {f.product} gives you {low(f.np)}", f"How {f.product} delivers {low(f.np)}")
        root = f.core.root
        amod = any(c.tag_ in ("JJR", "RBR", "JJ") for c in root.children if c.dep_ == "amod")
        if amod and f.core.tokens[0].lower_ not in ("the", "this", "these", "a", "an"):
            return _rw(f"How to get {low(f.np)}")
    return Skip("there is no action or claim to explain with \u201chow\u201d")


def _to_clause(noun: Token) -> str | None:
    for c in noun.children:
        if c.dep_ in ("relcl", "acl", "xcomp") and any(a.lower_ == "to" and a.i < c.i for a in c.lefts):
            return strip_end(render(noun.doc[c.i : c.right_edge.i + 1]))
    return None


def _relative_clause(noun: Token) -> str | None:
    for c in noun.children:
        subj = next((s for s in c.children if s.dep_ in ("nsubj", "nsubjpass")), None)
        if c.dep_ == "relcl" and subj is not None and subj.lower_ not in ("that", "which", "who", "whom"):
            return strip_end(render(noun.doc[c.left_edge.i : c.right_edge.i + 1]))
    return None


def question(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Ask it: "Want to …?" for actions, inversion for claims ("Does X …?"), "What are the 7 …?" for lists.

    A question becomes its shorter spoken form ("Do you want to …?" → "Want to …?").
    """
    if f.question:
        short = _elliptical(f.core_text)
        if short:
            return _rw(_after_label(f, short))
        return Skip("it is already a question")
    degree = _HOW_ADJ_TO.match(f.core_text)
    if degree:
        return _rw(f"How {degree.group(1).lower()} is it to {degree.group(2)}?")
    vp = f.vp
    if vp:
        return _rw(f"Want to {vp}?", f"Could you {vp}?", f"Ready to {vp}?")
    if f.list_noun is not None and f.list_noun.tag_ in ("NNS", "NNPS"):
        core = low(f.core_text)
        lemma = f.list_noun.lemma_.lower()
        if lemma in _WAY_NOUNS and _to_clause(f.list_noun):
            return _rw(f"Want {core}?")
        return _rw(f"What are {core if core.startswith('the ') else 'the ' + core}?")
    if f.clause:
        wh = {"why": "why", "how": "how"}.get(f.opener)
        out = _inverted(f.core, wh)
        if out:
            return _rw(_after_label(f, out) if not f.product else out)
        return Skip("the sentence has two clauses; a question would break one of them")
    if f.np and low(f.np).startswith(_DEMONSTRATIVE):
        return Skip("it points at something (\u201cthat …\u201d) rather than naming a benefit to ask about")
    if f.np:
        np = low(f.np)
        if f.product:
            return _rw(f"Want {np}? Meet {f.product}", f"Ready for {np}?")
        root = f.core.root
        if np.startswith("the ") and root.pos_ == "NOUN":
            return _rw(f"What {'are' if root.tag_ == 'NNS' else 'is'} {np}?", f"Want {np}?")
        return _rw(f"Want {np}?", f"Ready for {np}?")
    return Skip("no action or claim to turn into a question")


_HOW_ADJ_TO = re.compile(r"(?i)^how (\w+) it is to (\w+(?: .+)?)$")
_ELLIPSIS = re.compile(r"(?i)^(?:do you|are you|have you|did you|would you)\s+(\w)")


def _elliptical(text: str) -> str | None:
    """The spoken short form of a question: "Do you want to …?" → "Want to …?", "Have you ever" → "Ever"."""
    m = _ELLIPSIS.match(text)
    if m is None or not text.endswith("?"):
        return None
    rest = text[m.start(1) :]
    if text.lower().startswith(("did you", "would you")) and not rest.lower().startswith("ever"):
        return None
    return cap(rest)


def plain_statement(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Say it plainly: drop the "Why/How" wrapper, answer-free statement for questions, no "Introducing"."""
    degree = _HOW_ADJ_TO.match(f.core_text)
    if degree:
        adj, action = degree.group(1).lower(), degree.group(2)
        verb, _, rest = action.partition(" ")
        return _rw(f"It's {adj} to {action}", clean(f"{cap(_gerund(verb.lower()))} {rest} is {adj}"))
    if f.question:
        p = f.core
        first, subj = p.tokens[0], p.subject()
        if first.lemma_ == "be" and first.pos_ == "AUX" and subj is not None:
            hedges = {t.i for t in p.doc[subj.start :] if t.lower_ in ("really", "actually", "truly")}
            rest = strip_end(render(p.doc[subj.end :], drop=hedges).rstrip("?"))
            return _rw(f"{cap(render(subj, drop=hedges))} may be {rest}")
        embedded = _embedded_question(p)
        if embedded:
            return _rw(embedded)
        return Skip("turning this question into a statement would answer it for the reader")
    if f.opener in ("why", "how", "what") and f.clause:
        return _rw(_after_label(f, cap(f.clause)))
    if f.opener == "how_to" and f.vp:
        return _rw(_after_label(f, cap(f.vp)))
    if f.product and f.label and f.np:
        return _rw(f"{f.product}: {low(f.np)}", f"{f.product} brings {low(f.np)}")
    if f.extra and not f.question:
        second = f.extra[0]
        return _rw(
            f"{_after_label(f, f.core_text)}: {low(second)}",
            f"{_after_label(f, f.core_text)} — {low(second)}",
        )
    return Skip("it already is a plain statement")


def _embedded_question(p: HeadlineParse) -> str | None:
    """A wh-question as a title: "How long would we last if …?" → "How long we would last if …"."""
    toks = list(p.tokens)
    if not toks or toks[0].lower_ not in _WH:
        return None
    i = 1
    while i < len(toks) and toks[i].pos_ in ("ADJ", "ADV", "NOUN") and toks[i].dep_ != "nsubj":
        i += 1
    if i >= len(toks) or toks[i].pos_ != "AUX":
        return None
    aux = toks[i]
    subj = next(
        (
            t
            for t in toks[i + 1 :]
            if (t.dep_ in ("nsubj", "nsubjpass") and t.head.i != aux.i) or t.dep_ == "nsubj"
        ),
        None,
    )
    if subj is None:
        return None
    subj_span = p.doc[subj.left_edge.i : subj.right_edge.i + 1]
    if subj_span.start != aux.i + 1:
        return None
    lead = render(p.doc[toks[0].i : aux.i])
    rest = render(p.doc[subj_span.end :]).rstrip("?").strip()
    aux_text = aux.lower_
    if aux.lemma_ == "do":
        verb = p.doc[subj_span.end] if subj_span.end < len(p.doc) else None
        if verb is None or verb.tag_ != "VB":
            return None
        form = {"does": third_singular(verb.lemma_.lower()), "do": verb.lemma_.lower()}.get(aux_text)
        if form is None:
            return None
        rest = f"{form} {render(p.doc[subj_span.end + 1 :]).rstrip('?').strip()}"
        aux_text = ""
    return clean(f"{cap(lead)} {low(render(subj_span))} {aux_text} {rest}")


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
            return _rw(f"{cap(strip_end(outcome))}: {strip_end(low(means))}")
        obj = _object_to_end(p)
        if obj is not None:
            tail = render(p.doc[obj.left_edge.i :])
            return _rw(
                f"{cap(strip_end(tail))}: how to {root.lower_} {'them' if obj.tag_ == 'NNS' else 'it'}"
            )
    if f.list_noun is not None and f.list_noun.lemma_.lower() in _WAY_NOUNS:
        to_verb = _to_clause(f.list_noun)
        if to_verb:
            n = f.list_number.text if f.list_number is not None else ""
            return _rw(f"{cap(to_verb)}: {NUMBER_WORDS.get(n.lower(), n)} {f.list_noun.text}")
    if f.product and f.np:
        return _rw(f"{cap(f.np)}: meet {f.product}", f"{cap(f.np)}, with {f.product}")
    if f.question and f.extra:
        return _rw(f"{cap(strip_end(f.extra[0]))}: {low(f.core_text)}")
    front = _front_phrase(p)
    if front:
        return _rw(_after_label(f, front))
    swapped = _conditional_last(p)
    if swapped:
        return _rw(_after_label(f, swapped))
    return Skip("no outcome or context phrase to move to the front")


def _conditional_last(p: HeadlineParse) -> str | None:
    """The main clause (the point) first: "If X, Y" → "Y if X"."""
    toks = list(p.tokens)
    if not toks or toks[0].lower_ not in ("if", "when", "once", "after", "before", "because"):
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


def _object_to_end(p: HeadlineParse) -> Token | None:
    """The root's direct object when everything after the verb is that object (or a from/in/of phrase)."""
    root = p.root
    obj = next((c for c in root.children if c.dep_ == "dobj"), None)
    if obj is None or obj.i <= root.i or obj.left_edge.i != root.i + 1:
        return None
    for c in root.children:
        if (
            c.i > obj.right_edge.i
            and not (c.dep_ == "prep" and c.lower_ in ("from", "in", "of"))
            and not c.is_punct
        ):
            return None
    return obj


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
    """Lead with the number: "7 mistakes …", "10 hours a week: that's what …", digits for number words."""
    p = f.core
    nums = f.numbers()
    if not nums:
        return Skip("the headline has no number (give body copy with one for a specific-benefit variant)")
    out: list[str | None] = []
    toks = list(p.tokens)
    if f.list_number is not None and toks[0].lower_ in ("the", "these", "those") and not f.label:
        out.append(render(p.doc[toks[1].i :]))
    for tok in nums:
        head = tok.head if tok.dep_ in ("nummod", "quantmod", "compound") else tok
        while head.dep_ == "compound":
            head = head.head
        if head.i == p.root.i:
            continue
        if head.dep_ in ("dobj", "npadvmod", "attr") and head.head.i == p.root.i and p.kind != "imperative":
            span = set(range(head.left_edge.i, head.right_edge.i + 1))
            rest = render(p.tokens, drop=span)
            rest = rest if p.tokens[0].pos_ == "PROPN" else low(rest)
            out.append(
                f"{strip_end(render(p.doc[min(span) : max(span) + 1]))}: that's what {strip_end(rest)}"
            )
        prep = head.head if head.dep_ == "pobj" else None
        if (
            prep is not None
            and prep.dep_ == "prep"
            and prep.lower_ == "by"
            and p.root.lemma_ in DOWN_VERBS | UP_VERBS
        ):
            obj = next((c for c in p.root.children if c.dep_ == "dobj"), None)
            subj = p.subject()
            if obj is not None and subj is not None and p.root.tag_ == "VBD":
                amount = render(p.doc[prep.i + 1 : prep.right_edge.i + 1])
                way = "down" if p.root.lemma_ in DOWN_VERBS else "up"
                rest_drop = set(range(p.offset, prep.right_edge.i + 1))
                rest = render(p.tokens, drop=rest_drop)
                pronoun = low(render(subj)) if subj[0].lower_ in ("we", "they", "i") else None
                tail = f": how {pronoun} did it" if pronoun else ""
                out.append(f"{cap(render(obj.subtree))} {way} {amount} {strip_end(rest)}{tail}")
        elif (
            prep is not None
            and prep.dep_ == "prep"
            and prep.lower_ in ("in", "from", "after", "within", "over")
        ):
            span = set(range(prep.left_edge.i, prep.right_edge.i + 1))
            if min(span) > p.offset:
                rest = render(p.tokens, drop=span)
                first = p.tokens[0]
                rest = rest if first.pos_ == "PROPN" else low(rest)
                out.append(f"{cap(render(p.doc[min(span) : max(span) + 1]))}: {strip_end(rest)}")
    if any(t.lower_ in NUMBER_WORDS for t in toks):
        out.append("".join(NUMBER_WORDS.get(t.lower_, t.text) + t.whitespace_ for t in toks))
    rewrites = _rw(*(_after_label(f, o) for o in out if o))
    return rewrites or Skip("the number already leads")


def audience_callout(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Call out the audience: "Finance teams: our software saves you 10 hours a week"."""
    if not f.audience:
        return Skip("no audience named — set one (e.g. \u201cfinance teams\u201d) to get a call-out")
    if f.label_is_audience:
        return Skip("the headline already calls out its audience")
    who = cap(f.audience)
    you = _you_clause(f)
    span = f.audience_in_core
    if you and span is not None and span.root.dep_ == "pobj" and span.root.head.lower_ in ("for", "to"):
        prep = span.root.head
        body = strip_end(render(f.core.tokens, drop=set(range(prep.i, span.end))))
        you = body
    core = you or f.core_text
    if f.product and f.label and not f.label_is_audience:
        return _rw(f"{who}, meet {f.product}: {low(strip_end(core))}")
    first = f.core.tokens[0]
    text = core if first.pos_ == "PROPN" or first.text == "I" else low(core)
    if f.opener in ("why", "how", "what") and not you:
        text = f"{f.opener} {text}" if f.opener != "what" else f"what {text}"
    elif f.opener in ("why", "how") and you:
        text = f"{f.opener} {low(you)}"
    elif f.opener == "how_to":
        text = f"how to {low(core)}"
    return _rw(f"{who}: {strip_end(text)}")


def second_person(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Talk to the reader: the audience becomes "you", "You can …" for actions."""
    p = f.core
    if f.question or any(t.lower_ in ("you", "you're", "you'll", "yours") for t in p.tokens):
        return Skip("it already speaks to the reader")
    vp = f.vp
    if vp and f.opener == "none":
        return _rw(_after_label(f, f"You can {vp}"))
    if f.kind == "modal":
        subj = p.subject()
        if (
            subj is not None
            and subj[0].lower_ not in ("i", "we")
            and subj.root.lemma_.lower() in PEOPLE_NOUNS
        ):
            aux = next(c for c in p.root.children if c.dep_ == "aux" and c.tag_ == "MD")
            return _rw(
                _after_label(f, f"You {aux.lower_} {render(p.doc[aux.i + 1 :], replace=_second_map(p))}")
            )
    you = _you_clause(f)
    if you:
        lead = f"{cap(f.opener)} " if f.opener in ("why", "how") else ""
        return _rw(_after_label(f, f"{lead}{low(you) if lead else cap(you)}"))
    if f.list_noun is not None:
        return Skip("the list does not name who it is for")
    return Skip("no reader or audience in the headline to address as \u201cyou\u201d")


def _second_map(p: HeadlineParse) -> dict[int, str]:
    return {t.i: _TO_SECOND[t.lower_] for t in p.tokens if t.lower_ in _TO_SECOND}


def without(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """X without Y: the offer against the pain it spares (from the headline's own claim, body or calls)."""
    if f.question:
        return Skip("it asks a question; there is no offer to set against a cost")
    if any(t.lower_ in ("without", "no") for t in f.core.tokens):
        return Skip("it already says what it spares the reader")
    if f.story:
        return Skip("it tells a story, not an offer with a cost to spare")
    found = _frictions(f, ctx)
    if not found:
        return Skip(
            "nothing in the headline or copy names a cost or pain to spare (add body copy or a calls corpus)"
        )
    base = cap(f.vp) if f.vp and f.kind in ("imperative", "gerund") else strip_end(f.core_text)
    if f.opener == "how_to":
        base = f"How to {f.vp}"
    elif f.opener in ("why", "how") and f.clause:
        base = f"{cap(f.opener)} {f.clause}"
    out = [
        Rewrite(clean(_after_label(f, f"{strip_end(base)} without {friction}")), source=quote)
        for friction, quote in found[:3]
    ]
    return out


def objection_frame(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Answer the doubt: "Yes, you can X — without Y" / "Yes, X"."""
    if f.question:
        return Skip("it asks a question; answering it would add a claim")
    if f.story or (f.kind in ("np", "fragment") and not f.product):
        return Skip("there is no claim or offer a buyer would doubt")
    if f.vp:
        claim = f"you can {f.vp}"
    elif f.clause and (f.offer or f.kind == "modal" or any(t.lower_ in ("we", "you") for t in f.core.tokens)):
        claim = f.clause
    elif f.np and f.product:
        claim = f"{f.product} means {low(f.np)}"
    else:
        return Skip("there is no claim or offer a buyer would doubt")
    found = _frictions(f, ctx) if not any(t.lower_ == "without" for t in f.core.tokens) else []
    out = [Rewrite(f"Yes, {strip_end(claim)} \u2014 without {fr}", source=q) for fr, q in found[:2]]
    out.append(Rewrite(f"Yes, {strip_end(claim)}"))
    return out


_BODY_SENT = re.compile(r"(?<=[.!?])\s+")
_SPECIFIC = re.compile(r"\d|%|\$|€|£")


def specific_benefit(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Bring one specific fact from the lede or body copy into the headline (never an invented one)."""
    if not ctx.body.strip():
        return Skip("no body copy or lede to take a specific fact from")
    body = re.sub(r"<[^>]+>", " ", ctx.body)
    sentences = [s.strip() for s in _BODY_SENT.split(" ".join(body.split())) if s.strip()]
    picked = [s for s in sentences if _SPECIFIC.search(s)][:2]
    if not picked:
        return Skip("the body copy has no number or specific fact to bring in")
    out: list[Rewrite] = []
    core = _after_label(f, f.wrap(f.core_text)) if not f.question else f.core_text
    for sentence in picked:
        phrase = _fact_phrase(sentence)
        if not phrase:
            continue
        joined = f"{core} — {low(phrase)}" if core.endswith("?") else f"{strip_end(core)}: {low(phrase)}"
        out.append(Rewrite(joined, source=sentence))
    return out or Skip("the facts in the body copy are too long to fit a headline")


def _fact_phrase(sentence: str) -> str | None:
    """The clause of ``sentence`` that holds its number, at most 10 words (split at ``,``/``;``/``and``)."""
    parts = re.split(r"[,;:]\s+|\s+(?:and|but|while|so|which)\s+", sentence.rstrip(".!?"))
    for part in parts:
        if _SPECIFIC.search(part):
            words = part.split()
            if 2 <= len(words) <= 10:
                return " ".join(words)
    return None


def shorten(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Shorter: drop filler, hype and optional modifiers (parse-driven), to the limit when there is one."""
    p = f.core
    limit = ctx.limit
    full = _after_label(f, f.wrap(f.core_text))
    if limit is not None and len(full) > limit:
        room = limit - (len(full) - len(f.core_text))
        outs = shorten_doc(p.doc, room, p.offset)
    else:
        outs = shorten_doc(p.doc, None, p.offset)
    out = [_after_label(f, f.wrap(o)) for o in outs]
    if f.label and not f.label_is_audience and not f.product:
        out.append(cap(f.core_text))  # drop the label ("Webinar: …")
    if f.opener in ("why", "how", "what") and f.clause and (limit is None or len(full) > limit):
        pass
    rewrites = _rw(*(o + ("?" if f.question and not o.endswith("?") else "") for o in out))
    return rewrites or Skip("nothing optional to cut without losing the point")


def clickbait_removal(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Plain and specific: drop the curiosity gap and hype ("What happened next is amazing", "This …")."""
    p = f.core
    hype_toks = {
        i for t in f.hype_words() if t.dep_ in ("amod", "advmod") for i in range(t.left_edge.i, t.i + 1)
    }
    first = p.tokens[0]
    demonstrative = first.lower_ in ("this", "these") and first.dep_ == "det"
    if not f.hype and not hype_toks and not demonstrative:
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
            alt[first.i] = "one"
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
        wrapped.append(_after_label(f, cap(t)))
    if f.extra:
        wrapped.append(f"{strip_end(wrapped[0])}: {low(f.extra[0])}")
    return _rw(*wrapped)


def cta(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Make it a call to action: "Close deals faster with our new app", "Get …", "Meet the dad who …"."""
    p = f.core
    if f.kind == "imperative":
        return Skip("it already is a call to action")
    if f.question:
        return Skip("it asks a question; a call to action would need an answer")
    if f.kind == "gerund" and f.vp:
        return _rw(_after_label(f, cap(f.vp)))
    subj = p.subject()
    root = p.root
    if f.offer and subj is not None and root.pos_ == "VERB" and root.i == subj.end:
        means = render(subj)
        means = means if subj[0].pos_ == "PROPN" else low(means)
        helped = next((c for c in root.children if c.dep_ in ("ccomp", "xcomp") and c.tag_ == "VB"), None)
        if root.lemma_ == "help" and helped is not None:
            action = render(p.doc[helped.i : helped.right_edge.i + 1])
        else:
            action = f"{root.lemma_.lower()} {render(p.doc[root.i + 1 :])}"
        return _rw(f"{cap(strip_end(action))} with {means}")
    if f.opener == "what":
        return Skip("a “what” headline promises knowledge, not an action")
    if (
        f.kind == "modal"
        and subj is not None
        and (subj.root.lemma_.lower() in PEOPLE_NOUNS or subj[0].lower_ == "you")
    ):
        aux = next(c for c in root.children if c.dep_ == "aux" and c.tag_ == "MD")
        rest = [
            t
            for t in p.doc[aux.i + 1 :]
            if not (t.dep_ == "advmod" and t.lower_ in ("now", "still", "finally"))
        ]
        return _rw(cap(strip_end(render(rest, replace=_second_map(p)))))
    if f.list_noun is not None:
        lemma = f.list_noun.lemma_.lower()
        core = low(f.core_text)
        core = core if core.startswith("the ") else f"these {core}"
        if lemma in {"mistake", "error", "pitfall", "trap"}:
            return _rw(f"Avoid {core}")
        if lemma in _WAY_NOUNS:
            return _rw(f"Try {core}")
        return Skip("a list of facts has no action for the reader")
    if f.np and low(f.np).startswith(_DEMONSTRATIVE):
        return Skip("it points at something (\u201cthat …\u201d) rather than naming what the reader gets")
    if f.np:
        np = low(f.np)
        if f.product:
            return _rw(f"Get {np} with {f.product}", f"Try {f.product}: {np}")
        subj = f.core.subject()
        heads = {f.core.root.lemma_.lower(), subj.root.lemma_.lower() if subj is not None else ""}
        if heads & PERSON_NOUNS:
            return _rw(_after_label(f, f"Meet {np}"))
        if f.core.tokens[0].lower_ == "the" and not any(
            t.tag_ in ("JJR", "RBR") for t in f.core.tokens
        ):  # content ("the extreme lengths …"), not a benefit ("better forecasts")
            return _rw(_after_label(f, f"See {np}"), _after_label(f, f"Get {np}"))
        return _rw(_after_label(f, f"Get {np}"))
    if f.story and subj is not None and root.tag_ in ("VBD", "VBZ", "VBP"):
        out = [f"See how {f.clause}"] if root.lemma_ != "be" else []
        if (
            subj[0].lower_ in ("this", "a", "one", "these", "an")
            and subj.root.lemma_.lower() not in PRODUCT_NOUNS
        ):
            noun = render(p.doc[subj[0].i + 1 : subj.end])
            if (
                subj.root.tag_ in ("NN", "NNP")
                and any(c.dep_ == "relcl" for c in subj.root.children) is False
            ):
                out.insert(0, f"Meet the {noun} who {strip_end(render(p.doc[root.i :]))}")
        return _rw(*out)
    return Skip("it reports a story; there is no action for the reader")


def urgency(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Add a time cue: "… today", "can now …", "Don't wait: …"."""
    text = f.original.lower()
    if any(re.search(rf"\b{re.escape(w)}\b", text) for w in URGENCY_WORDS):
        return Skip("it is already urgent")
    if ctx.tone in ("plain", "calm", "formal") and ctx.tone != "urgent":
        return Skip(f"the {ctx.tone} tone avoids urgency cues")
    action: str | None = None
    if f.vp:
        action = cap(f.vp) if f.opener != "how_to" else f"How to {f.vp}"
    elif f.kind == "modal":
        aux = next(c for c in f.core.root.children if c.dep_ == "aux" and c.tag_ == "MD")
        if aux.lower_ != "can":
            return Skip(f"“{aux.lower_}” does not take a time cue")
        return _rw(
            _after_label(
                f, f"{render(f.core.doc[f.core.offset : aux.i + 1])} now {render(f.core.doc[aux.i + 1 :])}"
            )
        )
    else:
        made = cta(f, ctx)
        if isinstance(made, list) and made and not made[0].text.startswith(("Meet ", "See ")):
            out = [f"{strip_end(made[0].text)} today", f"Don't wait: {low(made[0].text)}"]
            return _rw(*(reversed(out) if ctx.tone == "urgent" else out))
    if not action:
        return Skip("it reports a story or a question; there is no action to hurry")
    out = [f"{strip_end(action)} today"]
    if not f.label:
        out.append(f"Don't wait: {low(action)}")
    if ctx.tone == "urgent":
        out.reverse()
    return _rw(*(_after_label(f, o) for o in out))


def curiosity_gap(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Open a gap: "What to know before you …" (actions), "Why …" (claims and stories)."""
    if ctx.tone in ("plain", "calm", "formal"):
        return Skip(f"the {ctx.tone} tone avoids curiosity gaps")
    if ctx.channel == "search":
        return Skip("search headlines should say what the page is, not hide it")
    if f.question:
        return Skip("it is already a question")
    text = f.core_text.lower()
    if text.split(" ", 1)[0] in _WH:
        return Skip("it already opens with a question word")
    if f.opener in ("why", "what") or text.startswith(
        tuple(o for o in CURIOSITY_OPENERS if o not in ("this", "these"))
    ):
        return Skip("it already opens a curiosity gap")
    if f.vp and f.opener == "none":
        return _rw(_after_label(f, f"What to know before you {f.vp}"))
    if f.clause and f.opener == "none" and (f.core.tokens[0].pos_ in ("ADP", "ADV", "SCONJ")):
        return Skip("it opens with a scene-setting phrase; \u201cwhy\u201d would not read")
    if f.clause and f.opener == "none":
        out = [f"Why {f.clause}"]
        if f.story and f.core.root.tag_ == "VBD":
            out.append(f"What happened when {f.clause}")
        out.append(f"Here's why {f.clause}")
        return _rw(*(_after_label(f, o) for o in out))
    if f.clause and f.opener == "how":
        return _rw(_after_label(f, f"Why {f.clause}"))
    return Skip("no claim or action to build a curiosity gap around")


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
            f.core.tokens, replace={t.i: _TO_THIRD[t.lower_] for t in f.core.tokens if t.lower_ in _TO_THIRD}
        )
        vp = low(strip_end(vp)) if f.kind == "imperative" else f.vp
        return _rw(f"Why {audience} choose to {vp}")
    subj = f.core.subject()
    if f.offer and subj is not None:
        return _rw(f"Why {audience} choose {low(render(subj)) if subj[0].pos_ != 'PROPN' else render(subj)}")
    if f.product:
        return _rw(f"Why {audience} choose {f.product}")
    return Skip("there is no product or action for peers to choose")


def negation_contrast(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Negative framing of an action: "Don't overlook …" (never on an already negated headline)."""
    p = f.core
    if any(t.lower_ in _NEGATORS or t.dep_ == "neg" for t in p.tokens):
        return Skip("it is already negative")
    if f.kind == "imperative" and f.opener == "none":
        root = p.root
        if _object_to_end(p) is not None:
            rest = render(p.doc[root.i + 1 :])
            return _rw(
                _after_label(f, f"Don't overlook {strip_end(rest)}"),
                _after_label(f, f"Don't miss out on {strip_end(rest)}"),
            )
    if f.list_noun is not None and f.list_noun.lemma_.lower() in {"mistake", "error", "pitfall", "trap"}:
        core = low(f.core_text)
        return _rw(f"Don't fall into {core if core.startswith('the ') else 'these ' + core}")
    return Skip("no action to frame as something not to miss")


def noun_phrase(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Name it as a noun phrase: "The dad who built …", "Invoicing software that saves …", "Accessing …".

    Works for statements with a subject and a finite verb, and for imperatives (as a gerund).
    """
    p = f.core
    if f.question or f.kind in ("np", "fragment"):
        return Skip("it already is a noun phrase or a question")
    if f.opener in ("how", "what"):
        return Skip("a how/what headline already names its subject")
    if f.kind == "imperative" and f.opener == "none":
        root = p.root
        if root.lemma_.lower() in _CTA_VERBS:
            return Skip("a \u201csee/read/watch\u201d call to action does not read as a title")
        gerund = _gerund(root.lemma_.lower())
        return _rw(_after_label(f, f"{cap(gerund)} {render(p.doc[root.i + 1 :])}"))
    subj = p.subject()
    root = p.root
    if subj is None or subj[0].i != p.offset or root.i != subj.end or root.tag_ not in ("VBD", "VBZ", "VBP"):
        return Skip("no subject and verb to turn into “the X who …”")
    head = subj.root
    if root.lemma_ == "be" or head.pos_ == "PRON" or any(c.dep_ in ("relcl", "acl") for c in head.children):
        return Skip("no subject and verb to turn into “the X who …”")
    skip_first = subj[0].lower_ in ("this", "these", "that", "those", "a", "an", "the", "our", "my")
    words = list(subj)[1:] if skip_first else list(subj)
    if not words:
        return Skip("no subject and verb to turn into “the X who …”")
    person = head.lemma_.lower() in PEOPLE_NOUNS | PERSON_NOUNS or head.ent_type_ == "PERSON"
    who = "who" if person else "that"
    name = render(words)
    lead = "The " if head.pos_ != "PROPN" and words[0].dep_ != "poss" and not f.offer else ""
    if f.offer and head.pos_ != "PROPN":
        lead = ""
    rest = strip_end(render(p.doc[root.i :]))
    out = [_after_label(f, f"{lead}{name if lead else cap(name)} {who} {rest}")]
    if f.story and root.tag_ == "VBD":
        out.append(_after_label(f, f"The story of how {f.clause}"))
    return _rw(*out)


def _gerund(base: str) -> str:
    if base.endswith("ie"):
        return base[:-2] + "ying"
    if base.endswith("e") and not base.endswith(("ee", "ye", "oe")):
        return base[:-1] + "ing"
    if (
        len(base) >= 3
        and base[-1] not in "aeiouwxy"
        and base[-2] in "aeiou"
        and base[-3] not in "aeiou"
        and base in _DOUBLE_FINAL
    ):
        return base + base[-1] + "ing"
    return base + "ing"


_DOUBLE_FINAL = {
    "stop",
    "run",
    "get",
    "cut",
    "plan",
    "win",
    "begin",
    "put",
    "set",
    "shop",
    "swap",
    "ship",
    "skip",
    "drop",
    "grab",
    "chat",
    "map",
    "sit",
    "hit",
    "quit",
    "spin",
    "dig",
    "tap",
}


def power_verb(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Swap a weak verb for a stronger one *in the same sense* ("get cash" → "unlock cash").

    Never "built a treehouse" → "forged a treehouse": the replacement must be listed for the verb's object.
    """
    p = f.core
    tag_form = {"VB": 0, "VBP": 0, "VBZ": 1, "VBD": 2, "VBN": 3, "VBG": 4}
    for tok in p.tokens:
        lemma = tok.lemma_.lower()
        if tok.pos_ != "VERB" or lemma not in POWER_VERB_SENSES or tok.tag_ not in tag_form:
            continue
        main = (
            tok.dep_ == "ROOT"
            or (
                tok.dep_ in ("xcomp", "advcl", "conj", "relcl", "ccomp")
                and any(a.lower_ == "to" for a in tok.lefts)
            )
            or tok.dep_ in ("relcl", "ccomp")
        )
        if not main or any(c.dep_ == "prt" for c in tok.children):
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
            return [Rewrite(_after_label(f, text), verb_pair=pair)]
    return Skip("no weak verb with a stronger word of the same sense")


def title_case(text: str) -> str:
    """Title Case: capitalise words except short function words (not first or last); keep acronyms."""
    words = text.split(" ")
    out = []
    for i, word in enumerate(words):
        core = word.strip("\"'“”‘’()[]—–-:;,.!?")
        if (
            core.lower() in SMALL_WORDS
            and 0 < i < len(words) - 1
            and not words[i - 1].endswith((":", "?", "."))
        ):
            out.append(word.lower() if not core.isupper() or len(core) < 2 else word)
        elif core.isupper() and len(core) > 1:
            out.append(word)
        else:
            out.append("-".join(_cap_word(part) for part in word.split("-")))
    return " ".join(out)


def _cap_word(word: str) -> str:
    if word[:1].isdigit():
        return word  # "3rd", "10x"
    for i, ch in enumerate(word):
        if ch.isalpha():
            return word[:i] + ch.upper() + word[i + 1 :]
    return word


def sentence_case(text: str, proper: set[str] | None = None) -> str:
    """Sentence case: first word capitalised, others lower-case except acronyms, "I" and ``proper`` words."""
    proper = proper or set()
    words = text.split(" ")
    out = []
    for i, word in enumerate(words):
        core = word.strip("\"'“”‘’()[]—–-:;,.!?")
        if i == 0 or words[i - 1].endswith((":", ".", "?", "!")):
            out.append(_cap_word(word))
        elif (core.isupper() and len(core) > 1) or core == "I" or core in proper:
            out.append(word)
        else:
            out.append(word.lower())
    return " ".join(out)


STRATEGIES: dict[str, StrategyFn] = {
    "benefit_first": benefit_first,
    "number_first": number_first,
    "audience_callout": audience_callout,
    "how_it_works": how_it_works,
    "without": without,
    "objection_frame": objection_frame,
    "specific_benefit": specific_benefit,
    "clickbait_removal": clickbait_removal,
    "plain_statement": plain_statement,
    "question": question,
    "second_person": second_person,
    "cta": cta,
    "urgency": urgency,
    "curiosity_gap": curiosity_gap,
    "social_proof": social_proof,
    "negation_contrast": negation_contrast,
    "noun_phrase": noun_phrase,
    "shorten": shorten,
    "power_verb": power_verb,
}
"""Every built-in strategy by name, in the order they run."""

LABELS: dict[str, str] = {
    "benefit_first": "lead with the outcome",
    "number_first": "lead with the number",
    "audience_callout": "audience call-out",
    "how_it_works": "\u201chow X does Y\u201d",
    "without": "\u201cX without Y\u201d",
    "objection_frame": "objection handling (\u201cYes, X — without Y\u201d)",
    "specific_benefit": "specific fact from the lede",
    "clickbait_removal": "plain and specific (hype removed)",
    "plain_statement": "say it plainly",
    "question": "question",
    "second_person": "speak to the reader (\u201cyou\u201d)",
    "cta": "call to action",
    "urgency": "urgency",
    "curiosity_gap": "curiosity gap",
    "social_proof": "social proof",
    "negation_contrast": "negative framing (\u201cDon't overlook …\u201d)",
    "noun_phrase": "name it (“The X who …”)",
    "shorten": "shorter",
    "power_verb": "stronger verb",
    "voice_of_customer": "the customers' own words",
}
"""What each strategy does, in a marketer's words (used in the explanations)."""


def run_strategy(name: str, frame: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Run one strategy; a crash on an odd parse counts as "does not apply" (the request goes on)."""
    try:
        return STRATEGIES[name](frame, ctx)
    except (IndexError, StopIteration, KeyError, ValueError, AttributeError):
        return Skip("the headline's grammar did not give this strategy a clear place to work")
