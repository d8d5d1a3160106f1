"""Strategies that change what kind of sentence the headline is: "How …", a question, a plain statement."""

from __future__ import annotations

import re

from lemminflect import getAllLemmas
from spacy.tokens import Token

from textops.headlines._frame import Frame
from textops.headlines._lexicons import COGNITION_VERBS, MISTAKE_NOUNS, WAY_NOUNS, WH_WORDS
from textops.headlines._parse import HeadlineParse
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
    to_clause,
    topic_label,
)
from textops.headlines._text import (
    cap,
    clean,
    gerund,
    lemma,
    low,
    past,
    render,
    strip_end,
    third_singular,
)

__all__ = ["how_it_works", "plain_statement", "question"]


def how_it_works(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """How X does Y: "How to …" for actions, "How <clause>" for claims and stories, "How to avoid …"."""
    if f.opener == "how_to" and f.vp and action_verb(f) and not f.extra and not f.label:
        return rewrites(f"{cap(strip_end(f.vp))}: here's how")  # the action first, the promise after
    if f.opener in ("how", "how_to"):
        return Skip("it is already a how headline")
    if f.question and f.core.tokens[0].lower_ == "how":
        return Skip("it is already a how headline")
    if f.question:
        return Skip("a question without a claim to explain")
    vp = f.vp
    if vp and action_verb(f) and f.label and not topic_label(f):
        # "Office hours: ask our team anything" → "… how to ask …" turns an invitation into instructions
        return Skip(
            "a labelled invitation (\u201cOffice hours: …\u201d); \u201chow to\u201d would make it a guide"
        )
    if vp and action_verb(f) and f.style == "title":
        # "Hear reasonable people …: here's how": a teaser told as a command, not the reader's own goal
        return Skip("a story's teaser (\u201cHear …\u201d); \u201chow to\u201d would not read")
    if vp and action_verb(f):
        return rewrites(f.rebuild(f"How to {vp}"), f.rebuild(f"{cap(vp)}: here's how"))
    if vp:
        return Skip("an invitation or announcement; \u201chow to\u201d would turn it into a guide")
    clause = f.clause
    if clause and f.opener == "what":
        return Skip("a “what” headline; “how” would change what it promises")
    if clause and f.core.root.lemma_ in COGNITION_VERBS:
        return Skip("it reports what someone thought; \u201chow\u201d would not read")
    if clause and f.core.root.lemma_ == "be":
        return Skip("it describes a state (“is …”); there is no action to explain with “how”")
    if clause and f.opener == "why":
        return Skip("a \u201cwhy\u201d headline; \u201chow\u201d would change what it promises")
    if clause and (f.story or not simple_clause(f) or not doubtful(f)):
        return Skip("a story or a two-part claim; \u201chow\u201d would change what it promises")
    if clause and f.original.islower():
        return Skip("a lower-case e-mail subject line; \u201chow\u201d would turn a notice into a promise")
    subj = f.core.subject()
    if clause and subj is not None and (subj[0].lower_ == "we" or f.core.root.lemma_ in _NOTICE_VERBS):
        # "How we're retiring X on 30 June", "How your trial ends tomorrow": news or a notice, not a method
        return Skip("news or a notice; \u201chow\u201d would promise a method the piece does not give")
    if clause:
        return rewrites(f.rebuild(f"How {clause}"))
    if f.list_noun is not None:
        lemma = f.list_noun.lemma_.lower()
        core = low(f.core_text)
        if lemma in MISTAKE_NOUNS:
            return rewrites(f"How to avoid {core if core.startswith('the ') else 'these ' + core}")
        to_verb = to_clause(f.list_noun)
        if lemma in WAY_NOUNS and to_verb:
            return rewrites(f"How to {to_verb}")
    if f.np and f.product:
        if f.np_is_product:
            return Skip("the line describes the product itself; \u201cHow X gives you …\u201d would not read")
        return rewrites(f"How {f.product} gives you {f.np_lower}")
    if f.np and benefit_np(f):
        return rewrites(f.rebuild(f"How to get {f.np_lower}"))
    return Skip("there is no action or claim to explain with \u201chow\u201d")


_NOTICE_VERBS = {"end", "expire", "start", "begin", "close", "open", "retire", "change", "move", "arrive"}


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
            return rewrites(f.rebuild(short))
        return Skip("it is already a question")
    degree = _HOW_ADJ_TO.match(f.core_text)
    if degree:
        return rewrites(f"How {degree.group(1).lower()} is it to {degree.group(2)}?")
    vp = f.vp
    if vp and action_verb(f) and f.label and not topic_label(f):
        # "Free workshop: write …" → "Want to write …?" drops the offer (the 2026-12-07c review)
        return Skip(
            "a labelled line (\u201cFree workshop: …\u201d); the question would drop what the label offers"
        )
    if vp and action_verb(f) and f.opener in ("none", "how_to"):
        # "How to X" promises the same action: "Want to X?" keeps the promise (the 2026-12-07 review)
        return rewrites(f"Want to {vp}?", f"Ready to {vp}?")
    if vp:
        return Skip("an invitation or announcement; \u201cWant to …?\u201d would only restyle it")
    if f.list_noun is not None and f.list_noun.tag_ in ("NNS", "NNPS"):
        core = low(f.core_text)
        if f.list_noun.lemma_.lower() in WAY_NOUNS and to_clause(f.list_noun):
            return rewrites(f"Want {core}?")
        asked = _list_question(f)
        return rewrites(asked) if asked else Skip("a list; a question would only restyle it")
    wh_open = f.opener != "none"
    if f.clause and ((f.story and not wh_open) or not simple_clause(f, allow_be=wh_open)):
        return Skip("a story or a two-part claim; a yes/no question would weaken it")
    subj = f.core.subject()
    reader_or_offer = f.offer or (subj is not None and subj[0].lower_ in ("you", "your", "we", "our"))
    if f.clause and not wh_open and not reader_or_offer:
        return Skip("a report about someone else; a yes/no question would only weaken it")
    if f.clause and f.original.islower():
        return Skip("a lower-case e-mail subject line; a question would turn a notice into a doubt")
    if f.clause:
        wh = {"why": "why", "how": "how"}.get(f.opener)
        out = _inverted(f.core, wh)
        if out:
            return rewrites(f.rebuild(out) if not f.product else out)
        return Skip("the sentence has two clauses; a question would break one of them")
    if points_at(f):
        return Skip("it points at something (\u201cthat …\u201d) rather than naming a benefit to ask about")
    if f.np:
        np = f.np_lower
        if f.product and f.np_is_product:
            asked = f.product_asked
            if asked is None:
                return Skip("the product's description would not read after \u201cWant\u201d")
            return rewrites(f"Want {asked}? Meet {f.product}")
        if f.product:
            return rewrites(f"Want {np}? Meet {f.product}")
        root = f.core.root
        first = f.core.tokens[0]
        if f.style == "title" or first.lower_ in ("the", "a", "an", "one", "what") or first.tag_ == "DT":
            return Skip("it names content, not something the reader would want")
        if f.original.islower():
            return Skip("a lower-case e-mail subject line names a message, not something to want")
        if root.tag_ in ("NNS", "NNPS") or any(c.dep_ in ("amod", "compound") for c in root.children):
            return rewrites(f"Want {np}?")
        return Skip("it does not name something the reader would want")
    return Skip("no action or claim to turn into a question")


def _list_question(f: Frame) -> str | None:
    """A list's clause asked first: "What should every team review on Monday? 5 metrics".

    Or, when the clause is complete, a yes/no question: "Has your warehouse outgrown …? Here are 7 signs".
    """
    noun, num = f.list_noun, f.list_number
    assert noun is not None and num is not None
    rel = next((c for c in noun.children if c.dep_ == "relcl" and c.i > noun.i), None)
    if rel is None or f.label or f.extra:
        return None
    doc = noun.doc
    subj = next((c for c in rel.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    aux = next((c for c in rel.children if c.dep_ in ("aux", "auxpass") and c.i < rel.i), None)
    if subj is None or aux is None or subj.left_edge.i != noun.i + 1 or aux.i != subj.i + 1:
        return None
    if rel.right_edge.i < len(doc) - 1 and not all(t.is_punct for t in doc[rel.right_edge.i + 1 :]):
        return None
    who = render(doc[subj.left_edge.i : subj.i + 1])
    who = who if subj.left_edge.pos_ == "PROPN" else low(who)
    # "can't" is two tokens ("ca", "n't"): the question keeps them together ("What can't your team …?")
    neg = next((c for c in rel.children if c.dep_ == "neg" and c.i > subj.i), None)
    negated = neg is not None and neg.lower_ in ("n't", "n’t")
    asked = aux.lower_ + "n't" if negated else aux.lower_  # "ca" + "n't" = "can't", "wo" + "n't" = "won't"
    skip = {neg.i} if negated and neg is not None else set()
    rest = strip_end(render(doc[aux.i + 1 : rel.right_edge.i + 1], drop=skip))
    items = render(doc[num.i : noun.i + 1])
    items = items if num.pos_ == "PROPN" else low(items)  # "Here are three ways", not "Here are Three ways"
    if any(c.dep_ in ("dobj", "attr", "ccomp") for c in rel.children):
        return f"{cap(asked)} {who} {rest}? Here are {items}"
    return f"What {asked} {who} {rest}? {cap(items)}"


_HOW_ADJ_TO = re.compile(r"(?i)^how (\w+) it is to (\w+(?: .+)?)$")


_ELLIPSIS = re.compile(r"(?i)^(?:do you|are you)\s+((?:want|need|still|ready|looking|tired)\b)")


def _elliptical(text: str) -> str | None:
    """The spoken short form of a want or need: "Do you want to …?" → "Want to …?".

    Also "Are you still …?" → "Still …?"; not "Know …?" or "Ever …?" (restyles, the 2026-12-07e review).
    """
    m = _ELLIPSIS.match(text)
    if m is None or not text.endswith("?"):
        return None
    return cap(text[m.start(1) :])


def plain_statement(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Say it plainly: drop the "Why/How" wrapper, answer-free statement for questions, no "Introducing"."""
    degree = _HOW_ADJ_TO.match(f.core_text)
    if degree:
        adj, action = degree.group(1).lower(), degree.group(2)
        verb, _, rest = action.partition(" ")
        return rewrites(f"It's {adj} to {action}", clean(f"{cap(gerund(verb.lower()))} {rest} is {adj}"))
    if f.question:
        # not "Your school may be still chasing …" for "Is your school still chasing …?": a hedged statement
        # loses the question's challenge (the 2026-12-07d/e reviews)
        return Skip("turning this question into a statement would answer it for the reader")
    if f.opener in ("why", "how") and f.clause and simple_clause(f, allow_be=True):
        # the claim first, the promise after: "Finance teams are moving … Here's why"
        # not the bare claim: "Most onboarding emails get ignored" drops the promise (the 2026-12-07c review)
        said = cap(strip_end(f.clause))
        return rewrites(f.rebuild(f"{said}. Here's {f.opener}"))
    if f.opener in ("why", "how") and f.clause:
        return Skip("a two-part claim; without \u201cwhy/how\u201d it would lose the promise")
    if f.opener == "how_to" and f.vp:
        return rewrites(f.rebuild(cap(f.vp)))
    if f.product and f.label and f.np:
        # not "X: <np>" (only "Introducing" dropped: a restyle, the 2026-12-07c review); "X brings <np>"
        # only where the noun phrase is what the product brings, not the product itself
        if f.np_is_product:
            return Skip(
                "the line describes the product itself; "
                "dropping \u201cMeet/Introducing\u201d only restyles it"
            )
        return rewrites(f"{f.product} brings {f.np_lower}")
    if f.joined:
        return Skip(
            "two short beats; joining them with \u201cand\u201d only restyles them (the 2026-12-07 review)"
        )
    if topic_label(f) and f.np:
        # "Data quality: the foundation of AI" → "Data quality is the …": the colon swapped for "is" is a
        # restyle (the 2026-12-07c review, 0 of 2)
        return Skip("a topic and its description; swapping the colon for \u201cis\u201d only restyles it")
    if f.extra:
        # "Contracts expire. Ours remind you first." → "Ours remind you first: contracts expire": joining two
        # sentences with a colon was 0 of 6 usable in the 2026-12-07b review
        return Skip("two sentences; joining them with a colon only restyles them")
    return Skip("it already is a plain statement")


def _embedded_question(p: HeadlineParse) -> str | None:
    """A wh-question as a title: "How long would we last if …?" → "How long we would last if …"."""
    toks = list(p.tokens)
    if not toks or toks[0].lower_ not in WH_WORDS:
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
    if aux is not None and aux.lower_ in ("may", "might"):
        return None  # "May you change …?" reads as a wish
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
    last = subj[-1]
    if (
        subj[0].pos_ == "PROPN"
        and not getAllLemmas(subj[0].lower_)  # a name ("Queuebird"), not "Tower crews …"
        and last.pos_ != "PROPN"
        and last.lower_.endswith("s")
        and "VERB" in getAllLemmas(last.lower_)
    ):
        return None  # "Queuebird routes calls …" read as "(Queuebird routes) calls": the verb may be "routes"
    base = lemma(root)
    was_past = root.lower_ != base and root.lower_ == past(base)  # "we rebuilt" tagged as present
    do = "did" if was_past else {"VBZ": "does", "VBP": "do", "VBD": "did"}.get(root.tag_)
    if do is None or root.i != subj[-1].i + 1:
        return None
    rest = strip_end(render(p.doc[root.i + 1 :]))
    first = do if wh else cap(do)
    return clean(f"{lead}{first} {subj_text} {base} {rest}") + "?"
