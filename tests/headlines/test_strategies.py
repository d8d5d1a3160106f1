from __future__ import annotations

import pytest
from spacy.language import Language

from tests.headlines.test_shapes import FIRES as SHAPE_CASES
from textops.headlines import LABELS, STRATEGIES, sentence_case, title_case
from textops.headlines._frame import build_frame
from textops.headlines._strategies import Skip, StrategyContext, run_strategy

pytestmark = pytest.mark.model

IMPERATIVE = "Access cash from the equity in your home"
LIST = "The 7 mistakes new managers make in their first 90 days"
WHY = "Why our invoicing software saves finance teams 10 hours a week"
STORY = "This dad built a treehouse for his daughter. What happened next is amazing."
INTRO = "Introducing Acme Cloud: faster builds for every team"
QUESTION = "Is your CRM slowing down your sales team?"
OFFER = "Our invoicing software saves finance teams 10 hours a week"
FOR_AUDIENCE = "Faster onboarding for remote engineering teams"
PAIN = "Stop auditing carrier invoices by hand"
METRICS = "The 5 metrics every RevOps team should review on Monday"
NONE = StrategyContext()
WAIT = StrategyContext(frictions=(("the wait", "I hate waiting for builds"),))
CTX = StrategyContext(body="Most homeowners get approved in 10 days.", audience="homeowners")


@pytest.fixture(scope="module")
def nlp() -> Language:
    from textops.nlp import get_nlp

    return get_nlp("parse")


def texts(nlp: Language, name: str, headline: str, ctx: StrategyContext = NONE) -> list[str]:
    out = run_strategy(name, build_frame(headline, nlp, ctx.audience), ctx)
    return [] if isinstance(out, Skip) else [r.text for r in out]


def skip(nlp: Language, name: str, headline: str, ctx: StrategyContext = NONE) -> str:
    out = run_strategy(name, build_frame(headline, nlp, ctx.audience), ctx)
    assert isinstance(out, Skip), out
    return out.reason


# (strategy, headline, context, the strategy's first rewrite)
CASES = [
    (
        "benefit_first",
        "Refinance your mortgage to lower your monthly payment",
        NONE,
        "Lower your monthly payment: refinance your mortgage",
    ),
    ("benefit_first", INTRO, NONE, "Faster builds for every team: meet Acme Cloud"),
    (
        "number_first",
        "We cut our cloud bill by 40% in one quarter",
        NONE,
        "Our cloud bill down 40% in one quarter: how we did it",
    ),
    (
        "audience_callout",
        FOR_AUDIENCE,
        StrategyContext(audience="remote engineering teams"),
        "Remote engineering teams: faster onboarding",
    ),
    ("audience_callout", IMPERATIVE, CTX, "Homeowners: access cash from the equity in your home"),
    ("how_it_works", OFFER, NONE, "How our invoicing software saves finance teams 10 hours a week"),
    ("how_it_works", LIST, NONE, "How to avoid the 7 mistakes new managers make in their first 90 days"),
    ("how_it_works", IMPERATIVE, NONE, "How to access cash from the equity in your home"),
    ("without", INTRO, WAIT, "Introducing Acme Cloud: faster builds for every team without the wait"),
    (
        "objection_frame",
        "Lock down shared passwords in an afternoon",
        WAIT,
        "Yes, you can lock down shared passwords in an afternoon — without the wait",
    ),
    ("objection_frame", PAIN, NONE, "Yes, you can stop auditing carrier invoices by hand"),
    (
        "specific_benefit",
        IMPERATIVE,
        CTX,
        "Access cash from the equity in your home: most homeowners get approved in 10 days",
    ),
    ("clickbait_removal", STORY, NONE, "A dad built a treehouse for his daughter"),
    ("plain_statement", WHY, NONE, "Our invoicing software saves finance teams 10 hours a week. Here's why"),
    (
        "question",
        "Our new app helps teams close deals faster",
        NONE,
        "Does our new app help teams close deals faster?",
    ),
    ("question", METRICS, NONE, "What should every RevOps team review on Monday? 5 metrics"),
    (
        "second_person",
        "Homeowners can now access cash from their equity",
        NONE,
        "You can now access cash from your equity",
    ),
    (
        "cta",
        "Our new app helps teams close deals faster",
        NONE,
        "Help teams close deals faster with our new app",
    ),
    ("cta", INTRO, NONE, "Get faster builds for every team with Acme Cloud"),
    ("urgency", IMPERATIVE, NONE, "It's time to access cash from the equity in your home"),
    (
        "curiosity_gap",
        "Data quality: the unglamorous foundation of trustworthy AI",
        NONE,
        "Why data quality is the unglamorous foundation of trustworthy AI",
    ),
    (
        "stop_the_pain",
        "Still approving purchase orders by email?",
        NONE,
        "Stop approving purchase orders by email",
    ),
    ("social_proof", IMPERATIVE, CTX, "Why homeowners choose to access cash from the equity in their home"),
    ("noun_phrase", OFFER, NONE, "Invoicing software that saves finance teams 10 hours a week"),
    (
        "noun_phrase",
        "Our new app helps teams close deals faster",
        NONE,
        "New app that helps teams close deals faster",
    ),
    (
        "shorten",
        "Why we really just need to talk about climate change in the workplace",
        NONE,
        "Why we need to talk about climate change in the workplace",
    ),
    ("power_verb", "Get better sleep with our app", NONE, "Unlock better sleep with our app"),
]


@pytest.mark.parametrize(
    ("name", "headline", "ctx", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_strategy_rewrites(
    nlp: Language, name: str, headline: str, ctx: StrategyContext, expected: str
) -> None:
    out = texts(nlp, name, headline, ctx)
    assert out and out[0] == expected, out


def test_every_strategy_is_covered_and_labelled() -> None:
    # the shape-keyed frames are covered in test_shapes.py
    assert {c[0] for c in CASES} | {c[0] for c in SHAPE_CASES} == set(STRATEGIES)
    assert set(STRATEGIES) <= set(LABELS)


@pytest.mark.parametrize("headline", [IMPERATIVE, LIST, WHY, STORY, INTRO, QUESTION])
def test_every_strategy_fires_or_says_why(nlp: Language, headline: str) -> None:
    frame = build_frame(headline, nlp)
    fired = 0
    for name in STRATEGIES:
        out = run_strategy(name, frame, StrategyContext())
        if isinstance(out, Skip):
            assert len(out.reason) > 10
        else:
            assert out and all(r.text for r in out)
            fired += 1
    # precision first (issue 19's second review): a strategy fires only where the parse supports it
    # (round 5: no "Don't fall into these N mistakes" — 0 of 2 usable in the blind reviews)
    assert fired >= {QUESTION: 1, STORY: 1, LIST: 2}.get(headline, 4)


def test_skips_say_why_in_plain_words(nlp: Language) -> None:
    assert "already a question" in skip(nlp, "question", QUESTION)
    assert "audience" in skip(nlp, "audience_callout", IMPERATIVE)
    assert "body copy" in skip(nlp, "specific_benefit", IMPERATIVE)
    assert "curiosity-gap" in skip(nlp, "clickbait_removal", IMPERATIVE)


def test_power_verb_keeps_the_sense(nlp: Language) -> None:
    # "build" → "forge" changes the event; "build a business" → "create a business" keeps it
    assert texts(nlp, "power_verb", "This dad built a treehouse for his daughter") == []
    assert texts(nlp, "power_verb", "How this founder built a business in a year") == [
        "How this founder created a business in a year"
    ]
    out = run_strategy("power_verb", build_frame("Get cash from your home", nlp), StrategyContext())
    assert not isinstance(out, Skip) and out[0].verb_pair == ("get cash", "unlock cash")
    # bare-infinitive complement ("make you cry") is never swapped
    assert texts(nlp, "power_verb", "This video will make you cry") == []


def test_specific_benefit_takes_facts_only_from_the_lede(nlp: Language) -> None:
    ctx = StrategyContext(body="We interviewed 40 customers. Churn fell from 6.1% to 5%.")
    out = texts(nlp, "specific_benefit", "How we reduced churn in one quarter", ctx)
    assert out == [
        "How we reduced churn in one quarter: we interviewed 40 customers",
        "How we reduced churn in one quarter: churn fell from 6.1% to 5%",
    ]
    assert texts(nlp, "specific_benefit", IMPERATIVE, StrategyContext(body="no figures here")) == []


def test_shorten_fits_a_limit_by_dropping_modifiers(nlp: Language) -> None:
    out = texts(
        nlp,
        "shorten",
        "Why remote teams really need a single source of truth for every project",
        StrategyContext(limit=50),
    )
    assert out and len(out[0]) <= 50 and out[0].startswith("Why remote teams need a single source of truth")


def test_clickbait_removal_drops_the_gap_and_the_hype(nlp: Language) -> None:
    assert texts(nlp, "clickbait_removal", "You won't believe how easy it is to switch your bank")[0] == (
        "How easy it is to switch your bank"
    )
    out = texts(nlp, "clickbait_removal", "This amazing trick changes how you write emails")
    assert out[0] == "A trick changes how you write emails"


def test_tone_changes_what_strategies_offer(nlp: Language) -> None:
    plain = StrategyContext(tone="plain")
    assert "plain tone" in skip(nlp, "curiosity_gap", IMPERATIVE, plain)
    assert "plain tone" in skip(nlp, "urgency", IMPERATIVE, plain)
    urgent = texts(nlp, "urgency", IMPERATIVE, StrategyContext(tone="urgent"))
    assert urgent[0] == "Access cash from the equity in your home today"
    assert not any(t.startswith("Don't wait") for t in urgent)  # a bolted-on frame (the 2026-12-06 review)


def test_case_helpers() -> None:
    assert title_case("the art of war: a guide for the NFL") == "The Art of War: A Guide for the NFL"
    assert sentence_case("The Art Of War For NASA Teams") == "The art of war for NASA teams"


def test_questions_conditionals_and_titles_get_their_own_rewrites(nlp: Language) -> None:
    assert texts(nlp, "question", "Do you want to shout for 23 minutes straight?") == [
        "Want to shout for 23 minutes straight?"
    ]
    # a question made a statement fragment changes the promise (the 2026-12-06 review)
    assert "answer it" in skip(nlp, "plain_statement", "How long would we last if all grocery stores closed?")
    assert texts(nlp, "benefit_first", "If your team works remotely, you need a single source of truth") == [
        "You need a single source of truth if your team works remotely"
    ]
    assert "content" in skip(nlp, "question", "The one metric that predicts customer churn")
    # "Is your CRM …?" → "Your CRM may be …": a hedged statement loses the challenge (2026-12-07d/e reviews)
    assert "answer it" in skip(nlp, "plain_statement", QUESTION)
    assert "question" in skip(nlp, "without", "Is your CRM slowing down your sales team?")


def test_exclamations_and_people_read_right(nlp: Language) -> None:
    assert texts(nlp, "plain_statement", "How easy it is to switch your bank") == [
        "It's easy to switch your bank",
        "Switching your bank is easy",
    ]
    assert texts(nlp, "cta", "The autistic man who made Whoopi Goldberg cry")[0].startswith(
        "Meet the autistic man"
    )
    # a story is not an offer: "the X that …" would turn it into a label
    assert "offer" in skip(nlp, "noun_phrase", "A twist on a classic song tells you what you need to know")


def test_names_are_not_read_as_verbs(nlp: Language) -> None:
    # the 2026-12-06 review: "before you pallora HR", "You can payroll without the panic"
    frame = build_frame("Now available in the EU: Pallora HR with local data residency", nlp)
    assert frame.kind != "imperative"
    assert build_frame("Payroll without the panic", nlp).kind == "np"
    assert build_frame("Why finance teams are moving forecasts out of spreadsheets", nlp).opener == "why"
    for name in STRATEGIES:
        out = run_strategy(name, frame, StrategyContext())
        assert isinstance(out, Skip) or not any("pallora" in r.text for r in out)


def test_verb_forms_follow_the_tense(nlp: Language) -> None:
    assert texts(nlp, "question", "Why we rebuilt our query engine from scratch") == [
        "Why did we rebuild our query engine from scratch?"
    ]


def test_no_bolted_on_frames_on_stories(nlp: Language) -> None:
    story = (
        "A Big-Hearted Guy Has A Restaurant That's Sure To Make You Drool. But It's So Much More Than That."
    )
    frame = build_frame(story, nlp)
    for name in STRATEGIES:
        out = run_strategy(name, frame, StrategyContext())
        if not isinstance(out, Skip):
            assert not any(
                r.text.lower().startswith(
                    ("here's", "see how", "don't wait", "you can", "what to know", "how ")
                )
                for r in out
            ), (name, out)


def test_two_short_sentences_are_one_core(nlp: Language) -> None:
    # one core for every strategy; but "Get fewer alerts and faster fixes" only restyled the two beats (the
    # 2026-12-07 review), so the benefit frames ask instead
    assert texts(nlp, "question", "Fewer alerts. Faster fixes.") == ["Want fewer alerts and faster fixes?"]
    assert skip(nlp, "cta", "Fewer alerts. Faster fixes.")
    assert texts(nlp, "how_it_works", "Reconcile in minutes. Report with confidence.")[0] == (
        "How to reconcile in minutes and report with confidence"
    )


def test_a_topic_label_is_stated_and_moved(nlp: Language) -> None:
    headline = "Data quality: the unglamorous foundation of trustworthy AI"
    # the colon swapped for "is" is a restyle (the 2026-12-07c review): stated only as "why"
    assert "restyles" in skip(nlp, "plain_statement", headline)
    assert texts(nlp, "benefit_first", headline) == [
        "The unglamorous foundation of trustworthy AI: data quality"
    ]
    # a format label ("Webinar") is not a topic to state or move
    assert texts(nlp, "benefit_first", "Webinar: building a pipeline that survives a recession") == []


def test_stop_the_pain_and_names_keep_their_capital(nlp: Language) -> None:
    assert texts(nlp, "stop_the_pain", "No more chasing timesheets on Friday afternoon") == [
        "Stop chasing timesheets on Friday afternoon",
        "Tired of chasing timesheets on Friday afternoon?",
        "Still chasing timesheets on Friday afternoon?",
    ]
    assert texts(nlp, "stop_the_pain", "Never let a lapsed certificate stall your site") == [
        "Don't let a lapsed certificate stall your site"
    ]
    assert "habit" in skip(nlp, "stop_the_pain", IMPERATIVE)
    assert "today" not in " ".join(texts(nlp, "urgency", IMPERATIVE))  # "… today" only for an urgent tone
    from textops.headlines._text import low

    assert low("Metricmoor's report is ready") == "Metricmoor's report is ready"  # a brand, not a word
    assert low("The report is ready") == "the report is ready"


def test_an_audience_call_out_needs_the_briefs_audience(nlp: Language) -> None:
    """From the headline or the lede alone, call-outs were 0 of 5 usable (the 2026-12-07e review)."""
    headline = "How to pass a SOC 2 audit without pausing product work"
    # the headline names an audience ("… for remote engineering teams"), the lede another: neither was asked
    lede = StrategyContext(body="Engineering teams pass in weeks.")
    assert skip(nlp, "audience_callout", FOR_AUDIENCE, lede).startswith("no audience in the brief")
    assert skip(nlp, "audience_callout", FOR_AUDIENCE, StrategyContext(audience="")).startswith(
        "no audience in the brief"
    )
    asked = StrategyContext(audience="engineering teams")
    assert texts(nlp, "audience_callout", headline, asked) == [
        "Engineering teams: how to pass a SOC 2 audit without pausing product work"
    ]


def test_a_past_report_is_not_an_offer(nlp: Language) -> None:
    report = "Why our support team stopped using canned replies"
    for name in ("cta", "noun_phrase", "objection_frame"):
        assert not any("stop" in t.lower() and "with our" in t.lower() for t in texts(nlp, name, report))
        assert isinstance(run_strategy(name, build_frame(report, nlp, None), NONE), Skip), name
    two_part = "Are candidates ghosting you, or is your hiring process quietly ghosting them first?"
    assert texts(nlp, "plain_statement", two_part) == []  # no "X may be or is Y" statement
    assert texts(nlp, "cta", "Payroll without the panic") == ["Get payroll without the panic"]


def test_restyles_the_review_found_worthless_are_gone(nlp: Language) -> None:
    story = "When She Asked Him About Bullying, He Gave Her Exactly The Answer She Deserved"
    assert texts(nlp, "benefit_first", story) == []  # the scene moved last only buries the subject
    webinar = "Webinar: building a pipeline that survives a recession"
    assert "Building a pipeline that survives a recession" not in texts(nlp, "shorten", webinar)
    limited = StrategyContext(limit=45)
    assert "Building a pipeline that survives a recession" in texts(nlp, "shorten", webinar, limited)


def test_why_and_action_frames_skip_the_lines_the_review_rejected(nlp: Language) -> None:
    assert isinstance(
        out := run_strategy("urgency", build_frame("Forecasting demand when nothing is normal", nlp), NONE),
        Skip,
    ), out
    assert "fact" in skip(nlp, "curiosity_gap", "Your quarterly security report is ready")
    assert "named company" in skip(
        nlp, "curiosity_gap", "Talentbarrow acquires Shiftmatch, the scheduling start-up"
    )
    guide = "Forecast accuracy: a field guide for revenue operations"
    assert "Forecast accuracy is a field guide for revenue operations" not in texts(
        nlp, "plain_statement", guide
    )


def test_round_four_review_failures_are_not_offered(nlp: Language) -> None:
    """The failures the 2026-12-07b/c blind reviews found (now development feedback) are not generated."""
    from textops.headlines import generate_variants

    def all_texts(headline: str) -> list[str]:
        return [v.text for v in generate_variants(headline, n=10, nlp=nlp).variants]

    # a noun compound is not a command: no "to site photos", "to purchase approvals", "to design reviews"
    for headline, verb in (
        ("Site photos, punch lists and RFIs in one shared timeline", "site photos"),
        ("Purchase approvals that keep pace with your buyers", "purchase approvals"),
        ("Design reviews without the 40-comment email thread", "design reviews"),
    ):
        out = all_texts(headline)
        assert not any(f"to {verb}" in t.lower() or f"should {verb}" in t.lower() for t in out), out
    # a command misread as a noun phrase gets no "Looking for/Want/Get <it>"
    assert all_texts("Onboard new agents without a two-week classroom") == []
    # a "How X did Y" misread as a noun phrase gets no "Need/Want/Get how …"
    story = all_texts("How Norrick Mutual settled glass claims in under 48 hours")
    assert not any(t.split(" ", 1)[0] in ("Need", "Want", "Get", "Looking") for t in story), story
    # the product is the thing described: asked about, never its own giver
    ollie = all_texts("Meet Ollie, the support assistant that drafts replies in your team's voice")
    assert "Looking for a support assistant that drafts replies in your team's voice? Try Ollie" in ollie
    # "our …" or a plural would not read after "Looking for" / "Want"
    ours = all_texts("Meet Ollie, our support assistant that drafts replies in your team's voice")
    assert not any(t.startswith(("Looking for our", "Want our")) for t in ours), ours
    assert not any("gives you" in t or "brings" in t or "with Ollie" in t for t in ollie), ollie
    # a label that carries the offer is not dropped by a question, nor turned into a guide
    assert "label" in skip(nlp, "question", "Free workshop: write RFPs suppliers actually want to answer")
    assert "guide" in skip(nlp, "how_it_works", "Office hours: ask our fraud team anything")
    # restyles: "Here's why"/"The reason" for "Why", "How you can" for "How to", one dropped word
    assert texts(nlp, "reveal", "Why we stopped charging per seat") == [
        "Wondering why we stopped charging per seat?"
    ]
    assert "steps" in skip(nlp, "action_how", "How to build a churn model your CFO will trust")
    assert "nothing optional" in skip(nlp, "shorten", "11 onboarding emails that actually get opened")
    # "why" is not put on the company's own news, an announcement or a pointer
    assert "news" in skip(nlp, "curiosity_gap", "We're retiring the legacy reporting API this spring")
    assert "lectures" in skip(nlp, "curiosity_gap", "Give your front desk its evenings back")
    assert "pronoun" in skip(nlp, "claim_why", "This is for everyone who says health is just about choices")
    # no fact pasted onto a lower-case e-mail subject
    lower = StrategyContext(body="You processed 18,420 documents last month, 12% more than in March.")
    assert "e-mail" in skip(nlp, "specific_benefit", "your april usage report is ready", lower)


def test_round_five_review_failures_are_not_offered(nlp: Language) -> None:
    """The failures the 2026-12-07d blind review found (now development feedback) are not generated."""
    from textops.headlines import generate_variants

    def all_texts(headline: str) -> list[str]:
        return [v.text for v in generate_variants(headline, n=10, nlp=nlp).variants]

    # where to find a stand is not a goal: no frame on it
    assert all_texts("Find Axlebright at Haulcon 2027, booth 312") == []
    # a person's name is not a command ("Ready to Bill Nye only needs …?")
    assert not any(
        t.startswith(("Ready to", "Want to", "It's Time"))
        for t in all_texts("Bill Nye Only Needs His Voice And A Killer Video Montage To Change Your Career")
    )
    # the people who serve the reader are not turned into the reader's job
    assert "people who serve" in skip(nlp, "cta", "Our support team answers in under 2 minutes")
    # "why" explains a state, not news or a noun phrase; no frame leaves a dash tag dangling
    assert "state" in skip(nlp, "claim_why", "Coldtrace completes its SOC 2 Type II audit")
    assert "no single plain claim" in skip(
        nlp, "curiosity_gap", "The last people you'd expect the border patrol to stop — for real"
    )
    # no padding on a story, no "Yes, you can" on a teaser
    story = texts(nlp, "story_how", "This dad built a treehouse for his daughter")
    assert not any(t.startswith(("Here's how", "The story of")) for t in story), story
    assert "teaser" in skip(
        nlp, "objection_frame", "Take 3 Minutes Out Of Your Day To Let A Famous Singer Cheer You Up"
    )


def test_round_six_review_failures_are_not_offered(nlp: Language) -> None:
    """The failures the 2026-12-07e blind review found (now development feedback) are not generated."""
    from textops.headlines import generate_variants

    def all_texts(headline: str) -> list[str]:
        return [v.text for v in generate_variants(headline, n=10, nlp=nlp).variants]

    # "can't" stays one word when a list's clause is asked; number words stay lower case after "Here are"
    assert texts(nlp, "question", "10 tax deadlines your finance team can't afford to miss") == [
        "What can't your finance team afford to miss? 10 tax deadlines"
    ]
    assert texts(nlp, "question", "Three ways growers are using soil data to save water") == [
        "Are growers using soil data to save water? Here are three ways"
    ]
    # "Queuebird routes calls …" is not asked as "How does Queuebird routes call …?"
    assert not any(
        "does Queuebird" in t for t in all_texts("How Queuebird routes calls to the agent who knows")
    )
    # lines no frame fits: a newer verb before a number, a label and a clause, a free offer, a notice
    for headline in (
        "Onboard 1,000 new hires without a single spreadsheet",
        "Clinical trials in 2027: what sponsors expect from sites",
        "Get a free IT asset health check",
        "Your Keyrook trial ends tomorrow",
        "We're retiring Assetorium Classic on 30 June",
        "Ticketing set up in 10 minutes",
    ):
        assert all_texts(headline) == [], headline
    # a product's line that is a command is not read as a noun phrase ("How X gives you pay every …")
    paymarsh = all_texts("Meet Paymarsh Split: pay every supplier in one click")
    assert not any("gives you pay" in t or "brings pay" in t or "for pay" in t for t in paymarsh), paymarsh
    # "Do you know …?" is not shortened to "Know …?"; adjectives are not read as commands
    free = all_texts("Free new templates for finance teams")
    assert any(t.startswith(("Want free", "Looking for free", "Get free")) for t in free), free
    assert "already a question" in skip(nlp, "question", "Do you know where every laptop is right now?")
