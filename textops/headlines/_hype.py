"""Hype a headline can lose without losing its point, and the sentence split it is found with.

A curiosity-gap sentence ("What happened next is amazing."), a hype tail (", and it's priceless") or a hype
prefix ("You won't believe …") says nothing the reader could check:
:func:`~textops.headlines._frame.build_frame` drops them; the brief check uses the same tests.
"""

from __future__ import annotations

import re

__all__ = ["HYPE_PREFIX", "HYPE_TAIL", "hype_sentence", "split_sentences"]

_SENT_SPLIT = re.compile(r"(?<=[.!?])(?<!\.[A-Z]\.)(?<!\b[A-Z]\.)\s+(?=[\"“A-Z0-9])")
_HYPE_SENTENCE = [
    re.compile(p)
    for p in (
        r"^(and )?(what|who|where) (happened|happens|came|comes|they did|he did|she did)( next)?\b",
        r"^(here's|here is|this is|that's|that is) (what|why|how|the reason)( \S+){0,3}$",
        r"^(here's|here is|this is|that's|that is) (what|why) (happened|happens|comes next|it matters)\W*$",
        r"^(the|his|her|their) (result|ending|answer|reaction|response|twist)s? (is|was|will)\b",
        r"^(it|this|that|they|he|she)( is| was| are| were|'s|’s| will be) (so |just |truly |absolutely )?"
        r"(amazing|incredible|awesome|priceless|perfect|beautiful|adorable|genius|brilliant|hilarious|"
        r"heartbreaking|everything|unbelievable|remarkable|stunning|epic|insane|wonderful)\b",
        r"\b(will|might|may|could|is going to) (blow your mind|make you cry|restore your faith|"
        r"melt your heart|give you chills|surprise you|shock you|change your life|make your day|"
        r"leave you speechless)\b",
        r"^(you won't believe|you'll never guess|you will never guess|nothing could prepare you)\W*$",
        r"^(wow|omg|whoa|yes|no|whoops|oops|yikes|ouch|too late|right|seriously)\W*$",
        r"^(it|this|that)('s|’s| is| was) (so |just |truly |absolutely |pretty |really )?"
        r"[a-z]+(ing|ful|ous|ible|able)$",
        r"^(watch|see|look)( what happens| for yourself| it| this)?\W*$",
    )
]
# ", and it's priceless" at the end of a sentence
HYPE_TAIL = re.compile(
    r"(?i),?\s+(and|but)\s+(it|this|that|the result|what happens next|what happened next)"
    r"(\s+is|\s+was|'s|’s|\s+will be)?\s+(so\s+|just\s+|truly\s+|absolutely\s+)?"
    r"(amazing|incredible|awesome|priceless|perfect|beautiful|adorable|genius|brilliant|hilarious|"
    r"heartbreaking|everything|unbelievable|remarkable|stunning|epic|insane|wonderful|amazingly \w+|"
    r"beautifully \w+)\W*$"
)
# "You won't believe …" before the point
HYPE_PREFIX = re.compile(
    r"(?i)^(you won't believe|you will not believe|you'll never guess|you will never guess|"
    r"nothing could prepare you for|we can't stop watching|we can't get over|i can't stop watching)\s+"
)


def split_sentences(text: str) -> list[str]:
    """Split on ``.``/``!``/``?`` followed by a capital or a number (headlines rarely need more)."""
    return [s.strip() for s in _SENT_SPLIT.split(text.strip()) if s.strip()]


def hype_sentence(sentence: str) -> bool:
    """Whether a whole sentence is a curiosity gap or hype ("What happened next is amazing.")."""
    low_s = sentence.lower().strip().rstrip(".!?… ")
    low_s = low_s.replace("’", "'")
    return any(p.search(low_s) for p in _HYPE_SENTENCE)
