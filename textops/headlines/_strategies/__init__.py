"""Built-in rewrite strategies, driven by the headline's :class:`~textops.headlines._frame.Frame` (no model).

Every strategy is a function ``(Frame, StrategyContext) -> list[Rewrite] | Skip``: its rewrites in order of
preference (the first is the strategy's pick; the others are fall-backs used when filters remove it or
more variants are asked for), or a :class:`Skip` that says, in a marketer's words, why it does not apply
to this headline. Casing is not a strategy: Title/sentence case come back as styling notes.

The strategies live in one module per family; this module lists them in the order they run:

* :mod:`._ask` — the kind of sentence: "How …", a question, a plain statement;
* :mod:`._lead` — what comes first: the outcome, the number, the subject named as a noun phrase;
* :mod:`._address` — the reader: an audience call-out, "you", peers;
* :mod:`._offer` — the offer against its cost ("X without Y", "Yes, X — without Y"), a fact from the copy;
* :mod:`._attention` — a call to action, urgency, a curiosity gap, the reader's pain named, clickbait removed;
* :mod:`._wording` — shorter, a stronger verb;
* :mod:`._shapes` — copywriter frames keyed by the headline's shape (an action asked or promised as steps, a
  how/why report told first, a story as "How X did Y", a claim explained).
"""

from __future__ import annotations

from textops.headlines._frame import Frame
from textops.headlines._strategies._address import audience_callout, second_person, social_proof
from textops.headlines._strategies._ask import how_it_works, plain_statement, question
from textops.headlines._strategies._attention import (
    clickbait_removal,
    cta,
    curiosity_gap,
    stop_the_pain,
    urgency,
)
from textops.headlines._strategies._base import Rewrite, Skip, StrategyContext, StrategyFn
from textops.headlines._strategies._lead import benefit_first, noun_phrase, number_first
from textops.headlines._strategies._offer import objection_frame, specific_benefit, without
from textops.headlines._strategies._shapes import (
    action_ask,
    action_how,
    ask_if,
    capability,
    claim_why,
    event_invite,
    reveal,
    story_how,
)
from textops.headlines._strategies._wording import power_verb, shorten

__all__ = [
    "LABELS",
    "STRATEGIES",
    "Rewrite",
    "Skip",
    "StrategyContext",
    "StrategyFn",
    "run_strategy",
]


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
    "stop_the_pain": stop_the_pain,
    "noun_phrase": noun_phrase,
    "action_ask": action_ask,
    "action_how": action_how,
    "reveal": reveal,
    "story_how": story_how,
    "claim_why": claim_why,
    "ask_if": ask_if,
    "event_invite": event_invite,
    "capability": capability,
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
    "stop_the_pain": "name the habit to drop (\u201cStop …\u201d, \u201cTired of …?\u201d)",
    "noun_phrase": "name it (“The X who …”)",
    "action_ask": "ask about the goal (\u201cNeed to …?\u201d, \u201cLooking for …?\u201d)",
    "action_how": "promise the steps (\u201cHere's how to …\u201d)",
    "reveal": "tell the report first (\u201cSee how X …\u201d, \u201cWondering why …?\u201d)",
    "story_how": "the story as \u201cHow X did Y\u201d",
    "claim_why": "explain the claim (\u201cHere's why …\u201d)",
    "event_invite": "invite to the session (\u201cWant to …? Join our webinar\u201d)",
    "capability": "the product's capability as the reader's action (\u201cX with Y\u201d)",
    "ask_if": "ask it more softly (\u201cCould X be …?\u201d, \u201cFind out if …\u201d)",
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
