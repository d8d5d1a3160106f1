"""What a headline says, taken apart so that every strategy can work on any headline shape.

A headline comes in many shapes — an imperative ("Access cash …"), a statement, "Why X …", "How X …",
"The 7 mistakes …", "Introducing X: …", a label and a colon ("Webinar: …"), a question, two sentences
("This dad built a treehouse. What happened next is amazing.") or a bare noun phrase. :func:`build_frame`
reduces each to the same parts: the *core* (the informative clause, parsed), an optional opener
(why/how/what), a product name, a label, an audience, the number phrases, and the hype it dropped
(curiosity-gap sentences and hype words). The strategies then rewrite the core and put the parts back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from lemminflect import getAllLemmas
from spacy.language import Language
from spacy.tokens import Span, Token

from textops.headlines._hype import HYPE_PREFIX, HYPE_TAIL, hype_sentence, split_sentences
from textops.headlines._lexicons import COMPOUND_FIRST, HYPE_WORDS, NUMBER_WORDS, PEOPLE_NOUNS, PRODUCT_NOUNS
from textops.headlines._parse import HeadlineParse, Style, detect_style, parse_headline, sentence_case_naive
from textops.headlines._text import cap, clean, indefinite, is_verb_word, lemma, low, render, strip_end

__all__ = ["Frame", "Opener", "build_frame"]

Opener = Literal["why", "how", "how_to", "what", "none"]

_HERES_HOW = re.compile(r"(?i)^(here's|here is|this is|that's|that is)\s+(how|why|what)\s+")
_PRODUCT_OPENERS = re.compile(
    r"(?i)^(introducing|meet|announcing|say hello to|welcome to|presenting|new in|new from|new:|new)\s+"
)
_HOW_DEGREE = {
    "much",
    "many",
    "easy",
    "hard",
    "often",
    "long",
    "far",
    "fast",
    "big",
    "small",
    "bad",
    "good",
    "well",
    "simple",
    "quickly",
    "little",
    "few",
    "important",
    "difficult",
    "close",
    "old",
}
_AUDIENCE_VERBS = {"save", "help", "give", "show", "teach", "cost", "let", "bring", "send", "offer", "keep"}
_NUM_RE = re.compile(r"^\d[\d,.]*%?$|^\$\d")


@dataclass
class Frame:
    """A headline taken apart (see the module docs). Texts are in sentence case, without a final stop."""

    original: str
    style: Style
    core: HeadlineParse
    opener: Opener = "none"
    product: str | None = None
    label: str | None = None
    label_is_audience: bool = False
    audience: str | None = None
    audience_in_core: Span | None = None
    hype: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    list_number: Token | None = None
    list_noun: Token | None = None
    question: bool = False
    joined: bool = False
    appositive: bool = False
    """The core describes the product itself ("Meet Ollie, the support assistant that …")."""

    # -- views ------------------------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        """The core's grammatical kind, with ``np`` (noun phrase) and ``gerund`` split off ``fragment``."""
        k = self.core.kind
        root = self.core.root
        first = self.core.tokens[0]
        if first.lower_ in _WH_FIRST and self.opener == "none" and not self.question and k != "statement":
            return "fragment"  # "How Norrick Mutual settled …" misread as a noun phrase: no frame fits it
        if k not in ("statement", "modal", "imperative") and (
            _verb_first_np(self.core) or _unknown_before_number(self.core)
        ):
            return "fragment"  # "Onboard new agents …": a command misread as a noun phrase
        if k == "imperative" and (
            (self.product and not _determined_object(self.core)) or _bare_compound(self.core)
        ):
            return "np"  # "Introducing X: demand planning built for …", "Contract search that reads …"
        if k in ("statement", "modal") and sum(c.dep_ == "nsubj" for c in root.children) >= 2:
            return "np"  # "the expense tool your accountant will love": a noun with a relative clause
        if (
            k == "statement"
            and root.tag_ == "VB"
            and not any(c.dep_ in ("aux", "auxpass") for c in root.children)
        ):
            return "np"  # "The man who made Whoopi Goldberg cry": no finite verb
        if k != "fragment":
            return k
        if root.tag_ == "VBG" and root.i == self.core.offset:
            return "gerund"
        if root.pos_ in ("NOUN", "PROPN", "NUM", "ADJ", "PRON"):
            return "np"
        if root.tag_ == "VBZ" and first.tag_ in ("JJ", "JJR", "JJS", "VBN", "DT", "NN"):
            return "np"  # "Faster builds for every team": "builds" read as a verb
        return "fragment"

    @property
    def core_text(self) -> str:
        """The core clause as written (sentence case), without a final stop."""
        return strip_end(self.core.analysed_text)

    @property
    def clause(self) -> str | None:
        """The core as a declarative clause starting lower-case ("our app saves …"), for statements."""
        if self.kind not in ("statement", "modal"):
            return None
        return _lower_first(self.core, self.core_text)

    @property
    def vp(self) -> str | None:
        """The core as an imperative verb phrase starting lower-case ("access cash …")."""
        if self.kind == "imperative":
            return low(self.core_text)
        if self.kind == "gerund":
            root = self.core.root
            return clean(f"{lemma(root)} {render(self.core.doc[root.i + 1 :])}").rstrip(" .!")
        return None

    @property
    def np(self) -> str | None:
        """The core as a noun phrase, for noun-phrase headlines."""
        if self.kind != "np" or ":" in self.core_text:
            # "Clinical trials in 2027: what sponsors expect": a label and a clause
            return None
        return self.core_text

    @property
    def np_lower(self) -> str:
        """The noun phrase to follow other words ("Want <it>?"): lower-case unless it starts with a name."""
        first = self.core.tokens[0]
        word = re.sub(r"[^a-z]", "", first.lower_)
        if first.pos_ == "PROPN" and not (word and getAllLemmas(word)):
            return self.core_text  # "Pallora HR with …" keeps its name
        return low(self.core_text)

    @property
    def np_is_product(self) -> bool:
        """The noun phrase names the product itself, so "X gives you <np>" would make X its own giver."""
        if not (self.product and self.np):
            return False
        root, first = self.core.root, self.core.tokens[0]
        # "Meet X: the expense tool …" is X itself; "New in X: shared dashboards …" is what X brings
        described = first.lower_ in ("the", "a", "an") and root.tag_ == "NN"
        return self.appositive or (described and root.lemma_.lower() in PRODUCT_NOUNS)

    @property
    def product_asked(self) -> str | None:
        """The described product as something to look for ("a support assistant that …"), or None.

        A singular "the <noun> …" ("Meet Ollie, the support assistant that …") becomes "a …"; a bare phrase
        ("remote notarization inside your signing flow") stays; "our …" and "the <plural> …" would not read
        after "Looking for" / "Want".
        """
        if not self.np_is_product or self.np is None:
            return None
        first = self.core.tokens[0]
        if first.lower_ == "the":
            return indefinite(self.np_lower) if self.core.root.tag_ == "NN" else None
        if first.tag_ in ("PRP$", "DT", "POS") or first.dep_ == "poss":
            return None  # "our support assistant", "this assistant", "Metricmoor's forecast reviewer"
        return self.np_lower

    @property
    def story(self) -> bool:
        """A third-person story ("This dad built …") rather than an offer: no product, reader or audience."""
        if self.kind not in ("statement", "modal") or self.product:
            return False
        subj = self.core.subject()
        if subj is None:
            return True
        words = {t.lower_ for t in subj}
        if words & {"you", "your", "we", "our", "i", "my"}:
            return False
        if (
            subj[0].lower_ in ("this", "these", "a", "an", "one")
            and subj.root.lemma_.lower() not in PRODUCT_NOUNS
        ):
            return True
        return not (subj.root.lemma_.lower() in PRODUCT_NOUNS or subj.root.lemma_.lower() in PEOPLE_NOUNS)

    @property
    def offer(self) -> bool:
        """The subject is the thing sold ("our new app …", "Acme …"): the headline can become a CTA."""
        subj = self.core.subject()
        if subj is None or self.kind not in ("statement", "modal"):
            return False
        if any(t.lower_ in ("our", "my") for t in subj):
            return subj.root.pos_ in ("NOUN", "PROPN")
        return subj.root.lemma_.lower() in PRODUCT_NOUNS or (
            subj.root.pos_ == "PROPN" and self.product is not None and subj.root.text in self.product
        )

    def numbers(self) -> list[Token]:
        """Number tokens of the core (digits, ``10%``, ``$5``, number words)."""
        return [
            t
            for t in self.core.tokens
            if _NUM_RE.match(t.text) or (t.lower_ in NUMBER_WORDS and t.like_num) or t.text == "%"
        ]

    def hype_words(self) -> list[Token]:
        """Hype adjectives/adverbs in the core (what clickbait removal drops)."""
        return [t for t in self.core.tokens if t.lower_ in HYPE_WORDS and t.pos_ in ("ADJ", "ADV")]

    def wrap(self, core_text: str) -> str:
        """Put the opener back in front of a rewritten core ("Why <core>", "How to <core>")."""
        first = self.core.tokens[0]
        body = core_text if first.pos_ == "PROPN" or first.text == "I" else low(core_text)
        if self.opener in ("why", "how", "what") and self.clause is not None:
            return f"{cap(self.opener)} {body}"
        if self.opener == "how_to":
            return f"How to {low(core_text)}"
        return core_text

    def rebuild(self, core_text: str, *, keep_label: bool = True) -> str:
        """Put the product or label back around a rewritten core ("Introducing Acme: <core>")."""
        core_text = strip_end(core_text) if not core_text.endswith("?") else core_text
        if keep_label and self.label:
            return f"{self.label}: {low_keep(core_text)}"
        return cap(core_text)


def _determined_object(p: HeadlineParse) -> bool:
    """The command's object has a determiner ("pay every supplier …"): a command, not "demand planning"."""
    obj = next((c for c in p.root.children if c.dep_ == "dobj"), None)
    return obj is not None and any(c.dep_ in ("det", "poss") for c in obj.children)


def _bare_compound(p: HeadlineParse) -> bool:
    """A noun-or-verb first word, then a bare noun with a clause or a number ("Contract search that …")."""
    root = p.root
    obj = next((c for c in root.children if c.dep_ == "dobj"), None)
    if obj is None or obj.i != root.i + 1 or not getAllLemmas(root.lower_, upos="NOUN"):
        return False
    after = p.doc[obj.i + 1] if obj.i + 1 < len(p.doc) else None
    if any(c.dep_ in ("relcl", "acl") for c in obj.children):
        return True  # "Contract search that reads …", "Purchase approvals that keep pace with …"
    if root.lower_ in COMPOUND_FIRST and obj.tag_ in ("NN", "NNS") and obj.left_edge.i == obj.i:
        return True  # "Design reviews without the 40-comment thread": a noun compound, not "design" as a verb
    if obj.tag_ == "NNS" and any(c.dep_ == "conj" for c in obj.children):
        return True  # "Site photos, punch lists and RFIs in one …": a list of things, not "site" as a verb
    return obj.tag_ in ("NN", "NNS") and after is not None and after.like_num  # "Release notes 4.2"


_WH_FIRST = {"how", "why", "what", "who", "when", "where", "which"}


def _verb_first_np(p: HeadlineParse) -> bool:
    """A "noun phrase" that opens with a base-form verb then a modifier ("Onboard new agents …")."""
    toks = list(p.tokens)
    if len(toks) < 3 or toks[0].tag_ not in ("JJ", "NN", "NNP", "VB") or toks[1].tag_ not in _MODIFIER_TAGS:
        return False
    word = toks[0].lower_
    known = getAllLemmas(word)  # "onboard", "upskill": newer verbs the dictionary lacks
    if toks[0].tag_ == "JJ" and "ADJ" in known:
        return False  # "Free new templates …", "Smart new dashboards …": an adjective, not "to free"
    return (not known and toks[0].tag_ != "NNP") or ("VERB" in known and word == lemma(toks[0]))


def _unknown_before_number(p: HeadlineParse) -> bool:
    """A first word the dictionary lacks, then a number ("Onboard 1,000 new hires …"): a newer verb."""
    toks = list(p.tokens)
    if len(toks) < 3 or toks[0].pos_ in ("DET", "PRON", "ADP", "NUM"):
        return False
    first, quantity = toks[0], toks[2].tag_ in ("JJ", "NNS")  # "1,000 new hires", not "Acme 2.0 brings"
    return toks[1].like_num and quantity and first.is_alpha and not getAllLemmas(first.lower_)


_MODIFIER_TAGS = ("JJ", "DT", "PRP$")


def low_keep(text: str) -> str:
    """Lower-case the first letter after a colon unless it starts a name or acronym."""
    return low(text)


def _lower_first(p: HeadlineParse, text: str) -> str:
    first = p.tokens[0]
    if first.pos_ == "PROPN" or first.text == "I" or (len(first.text) > 1 and first.text.isupper()):
        return text
    return low(text)


def build_frame(text: str, nlp: Language, audience: str | None = None) -> Frame:
    """Take ``text`` apart (see the module docs); ``audience`` is the brief's audience, if any."""
    text = " ".join(text.split())
    style = detect_style(text)
    sentences = split_sentences(text)
    if style == "title":
        sentences = [sentence_case_naive(s) for s in sentences]
    hype = [s for s in sentences if hype_sentence(s)]
    informative = [s for s in sentences if s not in hype] or sentences[:1]
    joined = style != "title" and _parallel(informative)
    if joined:  # "Fewer alerts. Faster fixes." → "Fewer alerts and faster fixes": one core for every strategy
        informative = [f"{strip_end(informative[0])} and {low(strip_end(informative[1]))}"]
    if len(informative) > 1 and len(informative[0].split()) < 3:
        longest = max(informative, key=lambda s: len(s.split()))
        informative = [longest] + [s for s in informative if s is not longest]
    main, extra = (
        informative[0],
        [_HERES_HOW.sub(lambda m: cap(m.group(2)) + " ", s) for s in informative[1:]],
    )
    main = re.sub(r"\?[!?]+$", "?", main.rstrip())
    question = main.endswith("?")
    tail = HYPE_TAIL.search(main)
    if tail:
        hype.append(tail.group(0).strip(" ,"))
        main = main[: tail.start()]
    prefix = HYPE_PREFIX.match(main)
    if prefix:
        hype.append(prefix.group(0).strip())
        main = cap(main[prefix.end() :])
    product = label = None
    label_is_audience = appositive = False
    head, sep, rest = _split_label(main)
    if sep:
        opener = _PRODUCT_OPENERS.match(head)
        if opener:
            product = head[opener.end() :].strip() or None
            label = head
        else:
            label = head
            label_is_audience = _is_audience_phrase(head, nlp)
        main = cap(rest)
    else:
        opener = _PRODUCT_OPENERS.match(main)
        if opener and opener.group(1).lower() in ("introducing", "meet", "announcing", "say hello to"):
            after = main[opener.end() :]
            name, comma, desc = after.partition(", ")
            if comma:
                product, label, main = name, f"{cap(opener.group(1))} {name}", cap(desc)
                appositive = True
    main = _HERES_HOW.sub(lambda m: cap(m.group(2)) + " ", main)
    opener_kind: Opener = "none"
    low_main = main.lower()
    core_text = main
    if low_main.startswith("how to "):
        opener_kind, core_text = "how_to", main[7:]
    elif low_main.startswith(("why ", "how ")) and not question:
        opener_kind = "why" if low_main.startswith("why") else "how"
        core_text = main[4:]
    elif low_main.startswith("what ") and not question:
        opener_kind, core_text = "what", main[5:]
    if opener_kind == "how" and core_text.split(" ", 1)[0].lower() in _HOW_DEGREE:
        opener_kind, core_text = "none", main  # "How easy it is …", "How much …": keep whole
    core_style: Style = "sentence"
    core = parse_headline(cap(core_text) if opener_kind == "how_to" else core_text, nlp, core_style)
    if opener_kind in ("why", "how", "what") and core.kind not in ("statement", "modal"):
        opener_kind, core = "none", parse_headline(main, nlp, core_style)  # "What to …": keep whole
        first = core.doc[0]
        if (
            core.kind == "statement"
            and first.lower_ in ("why", "how")
            and first.head.dep_ == "ROOT"
            and core.root.i > 1
            and any(c.dep_ == "nsubj" and c.i > 0 for c in core.root.children)
        ):
            # "How underwriters price flood risk …": the clause alone was misread ("price" as a noun), the
            # whole headline parses; its clause starts after the opener
            opener_kind = "why" if first.lower_ == "why" else "how"
            core = HeadlineParse(core.text, core.style, core.doc, 1, "statement")
    frame = Frame(
        original=text,
        style=style,
        core=core,
        opener=opener_kind,
        product=product,
        label=label,
        label_is_audience=label_is_audience,
        hype=hype,
        extra=[strip_end(s) for s in extra],
        question=question,
        joined=joined,
        appositive=appositive,
    )
    _find_list(frame)
    _find_audience(frame, audience)
    return frame


_NOT_JOINABLE = {
    "and",
    "but",
    "so",
    "or",
    "yes",
    "no",
    "here",
    "here's",
    "in",
    "on",
    "at",
    "with",
    "for",
    "then",
}


def _parallel(sentences: list[str]) -> bool:
    """Two short sentences of one shape ("Fewer alerts. Faster fixes.", "Patients wait less. …")."""
    if len(sentences) != 2 or any(s.rstrip().endswith("?") for s in sentences):
        return False
    words = [s.split() for s in sentences]
    if not all(2 <= len(w) <= 6 for w in words):
        return False
    first = [w[0].lower().strip(",.:;!") for w in words]
    if first[1] in _NOT_JOINABLE or first[1] in ("why", "how", "what", "who", "when", "where"):
        return False
    return is_verb_word(first[0]) == is_verb_word(first[1]) or len(words[0]) == len(words[1])


def _split_label(text: str) -> tuple[str, str, str]:
    """``"Webinar: building …"`` → (head, ":", rest) when the head is short (≤ 5 words) and the rest isn't."""
    for sep in (": ", " — ", " – ", " - "):
        head, found, rest = text.partition(sep)
        if found and 0 < len(head.split()) <= 5 and len(rest.split()) >= 2 and not head[-1:].isdigit():
            return head.strip(), found.strip(), rest.strip()
    return text, "", ""


def _is_audience_phrase(text: str, nlp: Language) -> bool:
    doc = nlp(text)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    return (
        root is not None
        and root.pos_ in ("NOUN", "PROPN")
        and root.lemma_.lower() in PEOPLE_NOUNS
        and (root.tag_ in ("NNS", "NNPS") or root.lower_.endswith("s") or root.lower_ in ("hr",))
    )


def _find_list(frame: Frame) -> None:
    toks = list(frame.core.tokens)
    if not toks:
        return
    start = 1 if toks[0].lower_ in ("the", "these", "those", "our", "my") and len(toks) > 1 else 0
    first = toks[start]
    if _NUM_RE.match(first.text) or (first.lower_ in NUMBER_WORDS or first.lower_ == "one"):
        head = first.head
        if head.pos_ in ("NOUN", "PROPN") and head.i > first.i:
            frame.list_number, frame.list_noun = first, head


def _find_audience(frame: Frame, audience: str | None) -> None:
    if frame.label_is_audience and frame.label:
        frame.audience = frame.label
    core = frame.core
    best: Span | None = None
    for tok in core.tokens:
        if tok.pos_ not in ("NOUN", "PROPN") or tok.lemma_.lower() not in PEOPLE_NOUNS:
            continue
        if tok.lower_ in ("dad", "mom") or not (tok.tag_ in ("NNS", "NNPS") or _every(tok)):
            continue
        if tok.dep_ not in ("nsubj", "dative", "pobj", "ROOT", "nsubjpass", "dobj"):
            continue
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() not in _AUDIENCE_VERBS:
            continue
        if any(t.like_num or t.lower_ in ("more", "most", "some", "many") for t in tok.lefts):
            continue
        if tok.dep_ == "pobj" and tok.head.lower_ not in ("for", "to"):
            continue
        span = core.doc[tok.left_edge.i : tok.i + 1]
        if span[0].lower_ in ("the", "your", "our", "their", "his", "her", "my", "these", "those", "this"):
            continue
        best = span
        break
    frame.audience_in_core = best
    if audience:
        frame.audience = audience.strip()
    elif frame.audience is None and best is not None and best[0].lower_ not in ("every", "all", "any"):
        frame.audience = best.text


def _every(tok: Token) -> bool:
    return any(c.lower_ in ("every", "all") for c in tok.children)
