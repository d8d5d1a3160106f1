"""Word lists of the alignment's sentence rules (:mod:`textops.alignment._claims`) and its terminology.

Only data: the rules that read them stay in ``_claims`` and ``_pipeline``. Lists of single words are written
as one whitespace-separated string each, so a reader sees the whole list at once.
"""

from __future__ import annotations

__all__ = [
    "ABSOLUTE_WORDS",
    "BACKCHANNEL",
    "BENEFIT_LEMMAS",
    "CALENDAR_WORDS",
    "CONVERSATIONAL",
    "NEGATIONS",
    "OUTCOME_SUBJECTS",
    "SELLER_WORDS",
    "SMALL_NUMBERS",
    "SMALL_TALK_PATTERNS",
    "TENS",
    "UNIT_NAMES",
    "WORD_NUMBERS",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(_in_order(text))


def _in_order(text: str) -> list[str]:
    return text.split()


SMALL_TALK_PATTERNS = (
    r"\b(hi|hello|hey|good (morning|afternoon|evening))\b",
    r"\bhow('s| is| are) (it going|you|things|your (day|week))\b",
    r"\bthanks? (you )?(so much )?for (joining|making the time|your time|having me|taking the time)\b",
    r"\bnice to (meet|see) you\b",
    r"\bcan you (hear|see) (me|my screen)\b",
    r"\byou('re| are)? (cut|cutting) out\b|\b(breaking up|lost you|you froze|frozen)\b",
    r"\b(you're|you are|i'm|i am) (on )?mute(d)?\b",
    r"\b(share|sharing) my screen\b",
    r"\blet me (pull up|share|bring up|find|grab|open)\b",
    r"\b(send|sent|shoot) (you|over)? ?(an? |the )?(calendar )?"
    r"(invite|recap|follow[- ]up|email|deck|link|notes|summary)\b",
    r"\b(does|would|how about|what about) (monday|tuesday|wednesday|thursday|friday|next week|tomorrow)\b",
    r"\b((schedule|reschedule|book|set up|find|grab) (a|some|the) "
    r"(time|call|meeting|slot|follow[- ]up|demo)\b)",
    r"\b(on (my|your|the) calendar|calendar invite)\b",
    r"\b(talk|speak|chat) (to you |with you )?(soon|next week|then|later)\b",
    r"\b(have a (good|great|nice) (one|day|weekend))\b",
    r"\b(weather|weekend|vacation|holiday)\b",
    r"\b(bear with me|one sec(ond)?|give me a (sec|second|moment))\b",
    r"\b(sorry,? (go ahead|you go|i cut you off|about that))\b",
    r"\b(take a few notes|jot that down|write that down)\b",
    r"\b(the|our|an) agenda\b",
)
"""Greetings, logistics and other talk about the call itself (regular expressions, case-insensitive)."""

BACKCHANNEL = _words(
    "yeah yes yep ok okay right sure great perfect cool awesome absolutely totally exactly mm-hmm uh-huh "
    "mhm gotcha thanks wonderful fantastic"
) | {"got it", "makes sense", "sounds good", "no problem", "of course", "thank you", "love it"}
"""Whole turns that only acknowledge ("Yeah.", "Makes sense.")."""

ABSOLUTE_WORDS = _words(
    "guarantee guaranteed guarantees promise promises always never zero completely entirely instantly "
    "instant impossible forever unlimited flawless flawlessly"
)
"""Guarantee and absolute words: a sentence with one the message lacks makes a stronger claim."""

NEGATIONS = _words("not n't no never without nothing none cannot neither nor")
"""Negation words (what counts as a negation when a sentence has no parse)."""

BENEFIT_LEMMAS = _words(
    "cut reduce save increase boost improve eliminate automate speed accelerate sync integrate connect "
    "protect secure encrypt prevent stop catch flag match capture route approve pay support handle scale "
    "guarantee offer include provide deliver certify comply work replace drop shrink lower double triple "
    "halve free help enable allow beat fail break lose miss"
)
"""Verbs of a benefit or capability ("cuts", "syncs", "protects"): with the seller as subject, a claim."""

SELLER_WORDS = _words("we our ours us it platform product tool system software")
"""Subjects that make the seller or its product what a sentence is about."""

OUTCOME_SUBJECTS = _words(
    "customers teams clients users invoices everything nothing integration sync capture matching "
    "approvals setup rollout"
)
"""Subjects of an outcome the seller promises ("customers save ...", "setup takes ...")."""

UNIT_NAMES = {
    "percent": "%",
    "per cent": "%",
    "%": "%",
    "times": "x",
    "x": "x",
    "min": "minute",
    "mins": "minute",
    "hr": "hour",
    "hrs": "hour",
}
"""Units of a quantity under one name each ("percent" → ``%``, "hrs" → ``hour``)."""

SMALL_NUMBERS = {
    w: i
    for i, w in enumerate(
        _in_order(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
            "sixteen seventeen eighteen nineteen"
        )
    )
}
"""Spoken numbers below twenty and their values."""

TENS = {
    w: 10 * (i + 2) for i, w in enumerate(_in_order("twenty thirty forty fifty sixty seventy eighty ninety"))
}
"""Spoken tens and their values."""

WORD_NUMBERS = {
    "half": "50%",
    "double": "2x",
    "twice": "2x",
    "triple": "3x",
    "thrice": "3x",
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "twenty": "20",
    "thirty": "30",
    "fifty": "50",
    "hundred": "100",
}
"""Words that state a quantity alone ("double the speed" → ``2x``, "in half" → ``50%``)."""

CALENDAR_WORDS = _words(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december q1 q2 q3 q4"
)
"""Days, months and quarters: capitalised, but never the name of another company."""

CONVERSATIONAL = _words(
    "great good thank thanks let today hear week send sure okay ok yeah really just kind sort thing lot guy "
    "talk call time question look think know want say tell go get make see mean right well honestly "
    "basically actually gonna wanna stuff way bit quick happy glad nice awesome perfect"
)
"""Words of conversation rather than content; left out of the terminology comparison."""
