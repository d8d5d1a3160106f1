"""Small hand-written word lists used by the strategies, the features and the lint.

No sentiment or concreteness model ships in a package, so these are deliberately small, readable lists:

* ``NEGATIVE_WORDS`` / ``POSITIVE_WORDS``: common emotional words of news headlines, in the spirit of the
  LIWC negative/positive-emotion categories that Robertson et al. (2023, *Nature Human Behaviour*) used on
  this very archive to show that negative words raise click rates. They are a proxy, not a sentiment model.
* ``ABSTRACT_SUFFIXES``: nominalisation suffixes (-tion, -ness, -ity …). Abstract words carry them far more
  often than concrete ones (Brysbaert et al. 2014 concreteness norms), so their share is used, inverted, as a
  concreteness proxy.
"""

from __future__ import annotations

__all__ = [
    "ABSTRACT_SUFFIXES",
    "CLAIM_WORDS",
    "CLICKBAIT_PHRASES",
    "COGNITION_VERBS",
    "COMPOUND_FIRST",
    "CTA_VERBS",
    "CURIOSITY_OPENERS",
    "DEMONSTRATIVES",
    "HEDGES",
    "MISTAKE_NOUNS",
    "NEGATIVE_WORDS",
    "NUMBER_WORDS",
    "PERSON_NOUNS",
    "POSITIVE_WORDS",
    "POWER_VERBS",
    "SMALL_WORDS",
    "TO_SECOND",
    "TO_THIRD",
    "URGENCY_WORDS",
    "VERB_FORMS",
    "WAY_NOUNS",
    "WH_WORDS",
]

NEGATIVE_WORDS: frozenset[str] = frozenset(
    [
        "abuse",
        "afraid",
        "alone",
        "angry",
        "attack",
        "awful",
        "bad",
        "betray",
        "broke",
        "broken",
        "crash",
        "crisis",
        "cruel",
        "cry",
        "dangerous",
        "dead",
        "death",
        "debt",
        "destroy",
        "die",
        "dies",
        "died",
        "disaster",
        "disgusting",
        "dying",
        "empty",
        "enemy",
        "evil",
        "fail",
        "failed",
        "failing",
        "failure",
        "fake",
        "fear",
        "fight",
        "fired",
        "furious",
        "hate",
        "hated",
        "hell",
        "horrible",
        "hurt",
        "ignore",
        "ill",
        "kill",
        "killed",
        "killing",
        "lie",
        "lies",
        "lose",
        "losing",
        "loss",
        "lost",
        "mad",
        "mistake",
        "murder",
        "nightmare",
        "outrage",
        "pain",
        "poor",
        "poverty",
        "problem",
        "racist",
        "rage",
        "rape",
        "risk",
        "sad",
        "scam",
        "scandal",
        "scared",
        "shame",
        "shock",
        "shocking",
        "sick",
        "stop",
        "stupid",
        "suffer",
        "terrible",
        "terrifying",
        "threat",
        "tragic",
        "trouble",
        "ugly",
        "victim",
        "violence",
        "war",
        "warning",
        "waste",
        "worry",
        "worse",
        "worst",
        "wrong",
    ]
)
POSITIVE_WORDS: frozenset[str] = frozenset(
    [
        "amazing",
        "awesome",
        "beautiful",
        "best",
        "better",
        "brave",
        "brilliant",
        "celebrate",
        "cool",
        "delight",
        "easy",
        "enjoy",
        "excellent",
        "fantastic",
        "free",
        "fun",
        "funny",
        "gift",
        "glad",
        "good",
        "great",
        "happy",
        "heart",
        "hero",
        "hope",
        "incredible",
        "inspiring",
        "joy",
        "kind",
        "laugh",
        "love",
        "lovely",
        "lucky",
        "perfect",
        "proud",
        "relief",
        "safe",
        "save",
        "smart",
        "smile",
        "success",
        "sweet",
        "thank",
        "thanks",
        "win",
        "wonderful",
        "wow",
    ]
)
ABSTRACT_SUFFIXES: tuple[str, ...] = (
    "tion", "sion", "ness", "ity", "ment", "ism", "ance", "ence", "ship", "hood", "acy", "ology",
)  # fmt: skip
HEDGES: frozenset[str] = frozenset(
    {"really", "very", "actually", "basically", "simply", "just", "quite", "somewhat", "literally", "truly",
     "perhaps", "possibly", "kind of", "sort of", "definitely", "totally", "certainly"}
)  # fmt: skip
URGENCY_WORDS: frozenset[str] = frozenset(
    {"now", "today", "tonight", "hurry", "deadline", "immediately", "last chance", "before", "soon", "ends",
     "limited", "don't wait", "right away", "this week"}
)  # fmt: skip
CURIOSITY_OPENERS: tuple[str, ...] = ("here's", "here is", "this", "these", "why", "what", "the surprising")
NUMBER_WORDS: dict[str, str] = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20", "hundred": "100",
}  # fmt: skip
SMALL_WORDS: frozenset[str] = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "per",
        "the",
        "to",
        "up",
        "via",
        "vs",
        "with",
    ]
)
CLICKBAIT_PHRASES: tuple[str, ...] = (
    "you won't believe", "won't believe", "will blow your mind", "blew my mind", "what happened next",
    "what happens next", "this one trick", "one weird trick", "doctors hate", "shocking", "jaw-dropping",
    "will shock you", "you'll never guess", "can't stop", "goes viral", "the internet is",
    "faith in humanity",
    "mind-blowing", "nothing could prepare", "the reason why will",
)  # fmt: skip
CLAIM_WORDS: frozenset[str] = frozenset(
    {"free", "guarantee", "guaranteed", "guarantees", "risk-free", "proven", "instant", "instantly",
     "approved", "pre-approved", "cheapest", "lowest", "best", "#1", "certified", "official", "no-cost",
     "save", "saves", "savings", "discount", "bonus", "refund", "cure", "cures", "never", "always",
     "fastest", "easiest", "only", "leading", "award-winning", "unlimited", "exclusive", "trusted", "top",
     "new", "first", "zero", "double", "doubles", "triple", "triples", "more", "most"}
)  # fmt: skip

# Stronger verbs by lemma. Every replacement's inflections are in VERB_FORMS for POS agreement.
POWER_VERBS: dict[str, str] = {
    "get": "unlock", "access": "unlock", "use": "tap", "make": "create", "find": "discover",
    "see": "discover",
    "improve": "boost", "increase": "boost", "raise": "boost", "reduce": "cut", "lower": "cut",
    "decrease": "cut", "start": "launch", "begin": "launch", "learn": "master", "show": "reveal",
    "change": "transform", "look": "explore", "check": "explore", "try": "test",
    "stop": "end", "build": "forge", "understand": "grasp", "fix": "solve", "keep": "protect",
    "have": "own", "think": "rethink", "grow": "accelerate", "choose": "pick", "give": "hand",
}  # fmt: skip
# base, 3rd-person singular, past, past participle, gerund
VERB_FORMS: dict[str, tuple[str, str, str, str, str]] = {
    "unlock": ("unlock", "unlocks", "unlocked", "unlocked", "unlocking"),
    "tap": ("tap", "taps", "tapped", "tapped", "tapping"),
    "create": ("create", "creates", "created", "created", "creating"),
    "discover": ("discover", "discovers", "discovered", "discovered", "discovering"),
    "boost": ("boost", "boosts", "boosted", "boosted", "boosting"),
    "cut": ("cut", "cuts", "cut", "cut", "cutting"),
    "launch": ("launch", "launches", "launched", "launched", "launching"),
    "master": ("master", "masters", "mastered", "mastered", "mastering"),
    "reveal": ("reveal", "reveals", "revealed", "revealed", "revealing"),
    "transform": ("transform", "transforms", "transformed", "transformed", "transforming"),
    "explore": ("explore", "explores", "explored", "explored", "exploring"),
    "test": ("test", "tests", "tested", "tested", "testing"),
    "end": ("end", "ends", "ended", "ended", "ending"),
    "forge": ("forge", "forges", "forged", "forged", "forging"),
    "grasp": ("grasp", "grasps", "grasped", "grasped", "grasping"),
    "solve": ("solve", "solves", "solved", "solved", "solving"),
    "protect": ("protect", "protects", "protected", "protected", "protecting"),
    "own": ("own", "owns", "owned", "owned", "owning"),
    "rethink": ("rethink", "rethinks", "rethought", "rethought", "rethinking"),
    "accelerate": ("accelerate", "accelerates", "accelerated", "accelerated", "accelerating"),
    "pick": ("pick", "picks", "picked", "picked", "picking"),
    "hand": ("hand", "hands", "handed", "handed", "handing"),
}

# -- added for the variety engine (issue 19) ------------------------------------------------------------

PEOPLE_NOUNS: frozenset[str] = frozenset(
    {"team", "manager", "marketer", "founder", "cfo", "ceo", "cto", "cmo", "cio", "ciso", "engineer",
     "developer", "homeowner", "parent", "teacher", "seller", "rep", "leader", "executive", "buyer", "owner",
     "freelancer", "accountant", "student", "nurse", "doctor", "designer", "recruiter", "agent", "admin",
     "analyst", "customer", "user", "renter", "investor", "retiree", "shopper", "traveler", "traveller",
     "employee", "worker", "professional", "startup", "agency", "business", "company", "hr",
     "salesperson", "operator", "consultant", "lawyer", "landlord", "tenant", "member", "creator", "writer",
     "editor", "coach", "trainer", "physician", "clinician", "administrator", "director", "vp", "officer",
     "planner", "controller", "bookkeeper", "saver", "borrower", "patient", "caregiver", "mom", "dad",
     "retailer", "merchant", "sdr", "ae", "smb", "enterprise", "organization", "organisation"}
)  # fmt: skip
"""Lemmas of nouns that name an audience (people, roles, teams, organisations)."""

PERSON_NOUNS: frozenset[str] = frozenset(
    {"man", "woman", "girl", "boy", "kid", "child", "baby", "guy", "person", "people", "jock", "dad", "mom",
     "father", "mother", "son", "daughter", "brother", "sister", "husband", "wife", "grandma", "grandpa",
     "grandmother", "grandfather", "reporter", "politician", "photographer", "professor", "soldier",
     "veteran",
     "officer", "cop", "firefighter", "comedian", "actor", "actress", "singer", "artist", "scientist",
     "activist", "senator", "president", "governor", "mayor", "judge", "lawyer", "pastor", "priest", "chef",
     "athlete", "player", "coach", "fan", "friend", "stranger", "neighbor", "neighbour", "lesbian", "couple",
     "family", "commentator", "anchor", "host", "journalist", "writer", "poet", "student", "teen", "teenager"}
)  # fmt: skip
"""Lemmas of nouns for people (a relative clause after them takes "who")."""

COMPOUND_FIRST: frozenset[str] = frozenset(
    {"design", "site", "purchase", "release", "crew", "expense", "spend", "field", "shift", "vendor",
     "contract", "sprint", "asset", "freight", "claim", "ticket", "quality", "price", "demand", "sales",
     "change", "risk"}
)  # fmt: skip
"""Words that open a noun compound far more often than a command in business headlines ("Design reviews
without …", "Site photos …", "Purchase approvals …"): before a bare noun, the headline is a noun phrase."""

PRODUCT_NOUNS: frozenset[str] = frozenset(
    {"software", "app", "tool", "platform", "service", "product", "plan", "feature", "api", "dashboard",
     "system", "solution", "cloud", "card", "account", "assistant", "engine", "suite", "crm", "integration",
     "template", "course", "program", "programme", "kit", "report", "newsletter", "mattress", "device"}
)  # fmt: skip
"""Head nouns of a subject that is the thing being sold ("our new app …"): such headlines can become a CTA."""

HYPE_WORDS: frozenset[str] = frozenset(
    {"amazing", "incredible", "awesome", "unbelievable", "jaw-dropping", "mind-blowing", "shocking",
     "stunning", "epic", "insane", "crazy", "genius", "heartbreaking", "heartwarming", "adorable",
     "hilarious", "priceless", "perfect", "remarkable", "astonishing", "astounding", "spectacular",
     "breathtaking", "unreal", "weird", "magical", "wonderful", "fantastic", "extraordinary", "unforgettable",
     "totally", "absolutely", "literally", "seriously", "utterly", "simply", "ultimate", "powerful",
     "brilliant", "beautiful", "beautifully", "perfectly", "awesomely", "incredibly", "amazingly"}
)  # fmt: skip
"""Hype adjectives and intensifiers that clickbait removal drops (they promise a feeling, not a fact)."""

DOWN_VERBS: frozenset[str] = frozenset(
    {"reduce", "cut", "lower", "decrease", "shrink", "slash", "drop", "trim"}
)
UP_VERBS: frozenset[str] = frozenset(
    {"increase", "grow", "boost", "raise", "double", "lift", "improve", "triple", "expand"}
)

CONTRAST_FRICTIONS: dict[str, str] = {
    "fast": "the wait", "faster": "the wait", "fastest": "the wait", "quick": "the wait",
    "quicker": "the wait", "quickly": "the wait", "instant": "the wait", "minutes": "the wait",
    "easy": "the hassle", "easier": "the hassle", "easily": "the hassle", "effortless": "the hassle",
    "simple": "the complexity", "simpler": "the complexity", "simplify": "the complexity",
    "automate": "the manual work", "automated": "the manual work", "automatic": "the manual work",
    "automatically": "the manual work", "reminders": "the chasing", "remind": "the chasing",
    "secure": "the risk", "safer": "the risk", "safe": "the risk", "safely": "the risk",
    "clear": "the guesswork", "clearer": "the guesswork", "predict": "the guesswork",
    "forecast": "the guesswork", "forecasts": "the guesswork", "data": "the guesswork",
    "cheaper": "the price tag", "affordable": "the price tag",
    "remote": "the commute", "single": "the scattered tools", "shared": "the copy-pasting",
    "guide": "the jargon", "explained": "the jargon", "plain": "the jargon",
}  # fmt: skip
"""Words of a headline that imply the absence of a friction, and that friction ("faster" → "the wait").

"X without Y" restates what the headline already claims from the other side; it never adds a new claim."""

# A power verb may replace a weak one only in a sense where it means the same event. Each entry: the
# replacement, and the object lemmas it fits (``None``: any object, e.g. "improve X" → "boost X").
POWER_VERB_SENSES: dict[str, tuple[tuple[str, frozenset[str] | None], ...]] = {
    "get": (("unlock", frozenset({"cash", "money", "access", "sleep", "insight", "insights", "discount",
                                  "savings", "benefit", "benefits", "rate", "rates", "credit", "reward",
                                  "rewards", "feature", "features", "report", "data", "answer", "answers",
                                  "result", "results", "visibility", "control", "time", "freedom"})),),
    "access": (("unlock", frozenset({"cash", "money", "equity", "fund", "funds", "credit", "capital",
                                     "data", "insight", "insights", "feature", "features", "savings"})),),
    "improve": (("boost", None),),
    "increase": (("boost", None),),
    "raise": (("boost", frozenset({"rate", "rates", "revenue", "conversion", "conversions", "score",
                                   "scores", "productivity", "engagement", "sales", "retention"})),),
    "reduce": (("cut", None),),
    "lower": (("cut", None),),
    "decrease": (("cut", None),),
    "start": (("launch", frozenset({"business", "company", "startup", "campaign", "program", "podcast",
                                    "project", "career", "brand", "store", "shop", "newsletter"})),),
    "begin": (("launch", frozenset({"business", "company", "campaign", "program", "project", "career"})),),
    "learn": (("master", frozenset({"skill", "skills", "basics", "language", "craft", "art", "tool",
                                    "tools", "technique", "techniques", "excel", "sql", "python"})),),
    "show": (("reveal", frozenset({"secret", "secrets", "truth", "data", "numbers", "results", "gap",
                                   "gaps", "cost", "costs", "risk", "risks", "trend", "trends"})),),
    "find": (("discover", None),),
    "make": (("create", frozenset({"video", "film", "song", "app", "website", "site", "plan", "budget",
                                   "dashboard", "report", "playlist", "map", "poster", "list", "game",
                                   "account", "profile", "template"})),),
    "build": (("create", frozenset({"business", "brand", "team", "pipeline", "habit", "habits", "career",
                                    "audience", "community", "culture", "strategy", "plan", "roadmap",
                                    "portfolio", "report", "dashboard", "workflow", "process", "model"})),),
    "fix": (("solve", frozenset({"problem", "problems", "issue", "issues", "bug", "bugs", "challenge",
                                 "mystery", "puzzle", "bottleneck", "bottlenecks"})),),
    "change": (("transform", frozenset({"business", "team", "workflow", "process", "career", "life",
                                        "industry", "company", "culture", "way", "how"})),),
    "check": (("explore", frozenset({"option", "options", "feature", "features", "idea", "ideas"})),),
    "look": (),
    "try": (("test", frozenset({"idea", "ideas", "feature", "features", "tool", "tools", "approach",
                                "strategy", "strategies", "headline", "headlines"})),),
    "use": (("tap", frozenset({"equity", "data", "network", "savings", "skill", "skills", "talent",
                               "expertise", "insight", "insights"})),),
    "keep": (("protect", frozenset({"data", "money", "savings", "home", "family", "privacy", "account",
                                    "accounts", "customer", "customers", "team", "margin", "margins"})),),
    "grow": (("accelerate", frozenset({"business", "revenue", "sales", "growth", "pipeline", "career",
                                       "audience", "company", "startup"})),),
    "choose": (("pick", None),),
    "understand": (("grasp", frozenset({"basics", "idea", "concept", "concepts", "risk", "risks", "rule",
                                        "rules", "difference", "differences"})),),
    "stop": (("end", frozenset({"waste", "guesswork", "churn", "chaos", "confusion", "delay", "delays",
                                "spam", "fraud", "overspending"})),),
}  # fmt: skip

CONTRACTIONS: dict[str, str] = {
    "it's": "it is", "that's": "that is", "what's": "what is", "here's": "here is", "there's": "there is",
    "don't": "do not", "doesn't": "does not", "didn't": "did not", "can't": "cannot", "won't": "will not",
    "isn't": "is not", "aren't": "are not", "wasn't": "was not", "you're": "you are", "you'll": "you will",
    "you've": "you have", "we're": "we are", "we've": "we have", "we'll": "we will", "they're": "they are",
    "let's": "let us", "i'm": "I am", "shouldn't": "should not", "couldn't": "could not",
}  # fmt: skip
"""Contractions and their formal expansions (the formal tone expands them, the playful one makes them)."""


# -- words the rewrite strategies look for (textops/headlines/_strategies/) ----------------------------------

TO_SECOND: dict[str, str] = {
    "their": "your", "theirs": "yours", "themselves": "yourself", "they": "you", "them": "you",
}  # fmt: skip
"""Third-person words and their second-person forms (the audience becomes "you")."""
TO_THIRD: dict[str, str] = {"your": "their", "you": "they", "yours": "theirs", "yourself": "themselves"}
"""Second-person words and their third-person forms ("Why homeowners choose to … their …")."""
WAY_NOUNS: frozenset[str] = frozenset(
    {"way", "tip", "step", "trick", "idea", "strategy", "tactic", "hack", "rule", "lesson", "question"}
)
"""List nouns that promise a method ("7 ways to …"): "How to …", "Try these …"."""
MISTAKE_NOUNS: frozenset[str] = frozenset({"mistake", "error", "pitfall", "trap"})
"""List nouns that promise something to avoid ("7 mistakes …"): "How to avoid …", "Don't fall into …"."""
COGNITION_VERBS: frozenset[str] = frozenset(
    {"think", "believe", "know", "feel", "guess", "hope", "wish", "suppose", "assume", "want"}
)
"""Verbs that report what someone thought: "how" does not read in front of them."""
CTA_VERBS: frozenset[str] = frozenset(
    {"see", "read", "watch", "meet", "look", "listen", "check", "click", "join"}
)
"""Call-to-action verbs ("See …", "Watch …") that do not read as a title when made a gerund."""
DEMONSTRATIVES: tuple[str, ...] = ("that ", "this ", "these ", "those ")
"""Openings of a noun phrase that points at something rather than naming it."""
WH_WORDS: tuple[str, ...] = ("why", "how", "what", "who", "when", "where", "which")
"""Question words."""
