"""Grammar, punctuation and meaning guards on candidate variants (spaCy parse + the headline encoder).

* :func:`grammar_problem` — words and parse: repeated words, a dangling last word, unbalanced quotes, a root
  that is neither a verb nor a noun phrase, subject–verb disagreement the rewrite introduced.
* :func:`punctuation_problem` — clause joins: doubled stops ("build…. …"), a question mark on a sentence that
  the parse reads as a statement ("What happened next is amazing?"), an inverted question ending in a
  full stop ("Did this dad build a treehouse."), a sentence that starts lower-case after a stop.
* :func:`verb_swaps` / :func:`curated_sense_problem` — verbs a variant changed, and whether the curated
  sense lists forbid the change ("built a treehouse" → "forged a treehouse"); the pipeline then compares the
  verb phrases' embeddings (``VERB_SENSE_MIN``).
"""

from __future__ import annotations

import itertools
import re

from spacy.tokens import Doc, Span, Token

from textops.headlines._lexicons import POWER_VERB_SENSES
from textops.headlines._text import render

__all__ = [
    "SENSE_TRAPS",
    "VERB_SENSE_MIN",
    "curated_sense_problem",
    "grammar_problem",
    "punctuation_problem",
    "set_coarse_pos",
    "verb_swaps",
]

VERB_SENSE_MIN = 0.75
"""Least cosine between the original and the swapped verb phrase for a verb swap the curated lists do not
cover (headline encoder). On development pairs it catches gross swaps ("got sick" → "unlocked sick": 0.67)
but cannot tell "built a treehouse" → "forged a treehouse" (0.80) from "access cash" → "unlock cash" (0.78):
the curated sense lists and :data:`SENSE_TRAPS` decide those."""

SENSE_TRAPS: dict[str, frozenset[str]] = {
    "build": frozenset({"forge", "craft", "manufacture"}),
    "make": frozenset({"forge", "create", "manufacture", "craft"}),
    "take": frozenset({"seize", "grab", "snatch"}),
    "run": frozenset({"sprint", "dash"}),
    "give": frozenset({"hand"}),
    "have": frozenset({"own", "possess"}),
    "get": frozenset({"unlock", "grab", "snag", "score"}),
    "think": frozenset({"rethink"}),
    "look": frozenset({"explore"}),
    "see": frozenset({"discover", "witness"}),
}
"""Swaps that change the event outside the senses listed in ``POWER_VERB_SENSES`` ("made a mistake" →
"created a mistake", "built a treehouse" → "forged a treehouse"): refused unless that list allows the
replacement for the verb's object."""

_WH = {"what", "why", "how", "who", "when", "where", "which", "whose", "whom"}
_Q_OPENERS = {
    "want", "ready", "looking", "need", "struggling", "tired", "curious", "ever", "still", "wondering",
    "thinking", "new", "got", "fancy", "worried", "planning", "considering",
}  # fmt: skip
_AUX_FORMS = {
    "do", "does", "did", "be", "am", "is", "are", "was", "were", "have", "has", "had",
}  # fmt: skip
_YES_NO = {"did", "does", "do", "can", "could", "will", "is", "are", "was", "were", "should", "would"}
_OPENER_VERBS = {"introduce", "meet", "announce", "present", "welcome"}
_DOUBLED = re.compile(r"[.!?…]\s*[.…]|[.…]\s*[!?]|\.{2,}|…")


def grammar_problem(doc: Doc) -> str | None:
    """A reason the parse of ``doc`` reads as broken English, or ``None``."""
    words = [t for t in doc if t.is_alpha]
    if not words:
        return "no words"
    for a, b in itertools.pairwise(doc):
        if a.is_alpha and a.lower_ == b.lower_ and a.lower_ not in ("that", "had", "very"):
            return f"repeated word '{a.text}'"
    last = next((t for t in reversed(doc) if not t.is_punct), None)
    if last is not None and (
        last.pos_ in ("DET", "CCONJ", "SCONJ")
        or last.lower_ in {"to", "of", "the", "a", "an", "that's", "is", "are", "was", "were", "'s", "’s"}
    ):
        return f"dangling '{last.text}' at the end"
    text = doc.text
    if text.count("(") != text.count(")") or text.count('"') % 2:
        return "unbalanced brackets or quotes"
    if re.search(r"(['\"“‘])\s*(['\"”’])(?!\w)", text) or "()" in text:
        return "empty quotes or brackets"
    for sent in _sentences(doc):
        problem = _sentence_problem(sent)
        if problem:
            return problem
    return None


def _sentences(doc: Doc) -> list[Span]:
    """Sentences split at ``.``/``!``/``?`` (the parser's own splits are unreliable on headlines)."""
    out, start = [], 0
    for tok in doc:
        if tok.text in (".", "!", "?") and tok.i + 1 < len(doc):
            out.append(doc[start : tok.i + 1])
            start = tok.i + 1
    out.append(doc[start:])
    return [s for s in out if len(s)]


def _sentence_problem(sent: Span) -> str | None:
    roots = [t for t in sent if t.head.i == t.i or t.head.i < sent.start or t.head.i >= sent.end]
    if not roots:
        return None
    root = roots[0]
    if root.pos_ in ("VERB", "AUX"):
        subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if (
            subj is not None
            and subj.i < root.i
            and subj.lower_ not in ("you", "i", "they", "we", "who", "that", "which")
        ):
            if (
                subj.tag_ in ("NN", "NNP")
                and root.tag_ == "VBP"
                and not any(c.dep_ == "cc" for c in subj.children)
            ):
                return f"'{subj.text} {root.text}': the verb does not agree with its subject"
            if subj.tag_ == "NNS" and root.tag_ == "VBZ" and not any(c.dep_ == "conj" for c in subj.children):
                return f"'{subj.text} {root.text}': the verb does not agree with its subject"
        return None
    if root.pos_ in ("PROPN", "PRON", "NOUN", "NUM", "ADJ", "ADV", "INTJ", "X", "SYM"):
        return None
    if any(chunk.root.i == root.i for chunk in sent.noun_chunks):
        return None
    return "neither a verb nor a well-formed noun phrase at the root"


def punctuation_problem(text: str, doc: Doc, original: str = "") -> str | None:
    """A broken clause join or stop the variant introduced (not one the original already had)."""
    if _DOUBLED.search(text) and not _DOUBLED.search(original):
        return "doubled punctuation"
    if re.search(r"[.!?]\s+[a-z]", text) and not re.search(r"[.!?]\s+[a-z]", original):
        return "a sentence starts in lower case"
    if re.search(r"[:;—]\s*[.!?]|\s[,;:]|[.!?][:;,]", text):
        return "punctuation with nothing after it"
    if text.count(":") > 1 and original.count(":") < 2:
        return "two colons"
    for sent in _sentences(doc):
        words = [t for t in sent if not t.is_punct]
        if not words:
            continue
        end = sent[-1].text
        first = words[0]
        inverted = first.tag_ == "MD" or (
            first.lower_ in _AUX_FORMS
            and first.pos_ == "AUX"
            and any(
                (t.dep_ in ("nsubj", "nsubjpass", "expl") and t.head.i == first.i) or t.dep_ == "nsubj"
                for t in words[1:3]
            )
        )
        if end == "?":
            if inverted or first.lower_ in _Q_OPENERS or first.tag_ in ("VB", "VBG"):
                continue
            if first.lower_ in _WH:
                asks = (
                    first.head.i == first.i
                    or first.head.dep_ == "ROOT"
                    or first.dep_ in ("nsubj", "dobj", "advmod", "attr", "det")
                )
                # "What happened next is amazing?": the wh-word belongs to a clause that is the subject
                if asks and not (first.dep_ == "nsubj" and first.head.dep_ in ("csubj", "ccomp")):
                    continue
                return "a question mark on a statement"
            if len(words) <= 4:
                continue  # short fragments: "Is it worth it?", "Your home?"
            return "a question mark on a statement"
        asks_yes_no = (
            end in (".", "")
            and inverted
            and first.lower_ in _YES_NO
            and first.i == sent.start
            and len(words) > 3
            and first.dep_ in ("aux", "ROOT")
            and first.head.i >= first.i
        )
        if asks_yes_no:
            subj = next((t for t in sent if t.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.i > first.i:
                return "a question without a question mark"
    return None


_UPOS = {
    "CC": "CCONJ", "CD": "NUM", "DT": "DET", "EX": "PRON", "FW": "X", "IN": "ADP", "JJ": "ADJ", "JJR": "ADJ",
    "JJS": "ADJ", "LS": "X", "MD": "AUX", "NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN",
    "PDT": "DET", "POS": "PART", "PRP": "PRON", "PRP$": "PRON", "RB": "ADV", "RBR": "ADV", "RBS": "ADV",
    "RP": "ADP", "SYM": "SYM", "TO": "PART", "UH": "INTJ", "WDT": "PRON", "WP": "PRON", "WP$": "PRON",
    "WRB": "ADV", "$": "SYM", "ADD": "X", "AFX": "ADJ", "XX": "X", "_SP": "SPACE", "NFP": "PUNCT",
    "HYPH": "PUNCT", "-LRB-": "PUNCT", "-RRB-": "PUNCT", "``": "PUNCT", "''": "PUNCT", ",": "PUNCT",
    ".": "PUNCT", ":": "PUNCT",
}  # fmt: skip
_BE = {"be", "am", "is", "are", "was", "were", "been", "being", "'s", "’s", "'re", "’re", "'m", "’m"}
_HAVE_DO = {"have", "has", "had", "do", "does", "did", "'ve", "’ve", "'d", "’d"}


def set_coarse_pos(doc: Doc) -> None:
    """The coarse POS from the fine tag, as the pipeline's attribute ruler would set it.

    Close enough for the guards: verbs are AUX when auxiliary (or a form of "be"), ``IN`` is SCONJ when it
    marks a clause.
    """
    for tok in doc:
        tag = tok.tag_
        if tag.startswith("VB"):
            low = tok.lower_
            aux = tok.dep_ in ("aux", "auxpass") and (low in _BE or low in _HAVE_DO or low in ("get", "got"))
            tok.pos_ = "AUX" if aux or low in _BE else "VERB"
        elif tag == "IN" and tok.dep_ == "mark":
            tok.pos_ = "SCONJ"
        elif tag == "DT" and tok.dep_ in ("nsubj", "dobj", "pobj", "nsubjpass"):
            tok.pos_ = "PRON"  # "this" standing alone
        else:
            tok.pos_ = _UPOS.get(tag, "X")


def verb_swaps(original: Doc, variant: Doc) -> list[tuple[Token, Token]]:
    """Verbs of ``original`` replaced in ``variant`` by another verb in front of the same object word."""
    out = []
    orig_lemmas = {t.lemma_.lower() for t in original if t.pos_ in ("VERB", "AUX")}
    var_lemmas = {t.lemma_.lower() for t in variant if t.pos_ in ("VERB", "AUX")}
    for ov in original:
        if ov.pos_ != "VERB" or ov.lemma_.lower() in var_lemmas or ov.lemma_.lower() in _OPENER_VERBS:
            continue
        obj = next((c for c in ov.children if c.dep_ in ("dobj", "attr")), None)
        if obj is None:
            continue
        for vv in variant:
            if vv.pos_ != "VERB" or vv.lemma_.lower() in orig_lemmas:
                continue
            vobj = next((c for c in vv.children if c.dep_ in ("dobj", "attr")), None)
            if vobj is not None and vobj.lower_ == obj.lower_:
                out.append((ov, vv))
    return out


def curated_sense_problem(old: Token, new: Token) -> bool:
    """Whether the curated sense list says ``old`` → ``new`` changes the event for this object."""
    old_lemma, new_lemma = old.lemma_.lower(), new.lemma_.lower()
    if new.lower_.startswith("forg"):
        new_lemma = "forge"
    obj = next((c for c in new.children if c.dep_ in ("dobj", "attr")), None)
    for replacement, objects in POWER_VERB_SENSES.get(old_lemma, ()):
        if replacement == new_lemma:
            return objects is not None and (
                obj is None or (obj.lemma_.lower() not in objects and obj.lower_ not in objects)
            )
    return new_lemma in SENSE_TRAPS.get(old_lemma, frozenset())


def phrase_of(verb: Token) -> str:
    """The verb with its object and the object's modifiers ("built a treehouse for his daughter")."""
    end = max((c.right_edge.i for c in verb.children if c.dep_ in ("dobj", "attr", "dative")), default=verb.i)
    return render(verb.doc[verb.i : end + 1])
