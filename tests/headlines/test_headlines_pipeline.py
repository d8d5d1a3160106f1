from __future__ import annotations

import numpy as np
import pytest
from spacy.language import Language

from textops.embeddings import HashingEmbedder
from textops.errors import InputTooLargeError, InvalidInputError
from textops.headlines import (
    BrandMessaging,
    Constraints,
    UnsatisfiableConstraintError,
    generate_variants,
    headline_features,
    invented_claims,
    lint_headline,
    load_scorer,
    pixel_width,
    score_headlines,
)
from textops.headlines._features import FEATURE_NAMES
from textops.headlines._upworthy import Arm, build_pairs, split_weeks, two_proportion_p

H = "Access cash from the equity in your home"


@pytest.fixture(scope="module")
def nlp() -> Language:
    from textops.nlp import get_nlp

    return get_nlp("parse")


def test_features_are_interpretable() -> None:
    f = dict(
        zip(
            FEATURE_NAMES,
            headline_features("Why you should never ignore these 5 warning signs?"),
            strict=True,
        )
    )
    assert f["question"] == 1 and f["number"] == 1 and f["second_person"] == 1 and f["negative_words"] > 0
    assert headline_features("")[0] == 0


def test_a_variant_that_drops_the_point_is_caught() -> None:
    from textops.headlines._filters import lost_point

    original = "Inventory accuracy at scale: lessons from 40 distribution centers"
    assert lost_point("Lessons from 40 distribution centers", original)  # the topic is gone
    assert lost_point("Inventory accuracy at scale: lessons from distribution centers", original)  # the 40
    assert not lost_point("Lessons from 40 distribution centers: inventory accuracy at scale", original)
    # hype may go: "What happened next is amazing" is not the point
    story = "This dad built a treehouse. What happened next is amazing."
    assert not lost_point("A dad built a treehouse", story, ignore="What happened next is amazing")
    assert lost_point("A dad built", story, ignore="What happened next is amazing")


def test_invented_claims() -> None:
    assert invented_claims("Get a free quote: 50% off", ["Get a quote"]) == ["free", "50%"]
    assert invented_claims("Get 5 tips", ["Get five tips"]) == []


def test_lint_warnings_and_pixels() -> None:
    lint = lint_headline("You WON'T BELIEVE this SHOCKING trick!!")
    kinds = {w.split(":")[0] for w in lint.warnings}
    assert kinds == {"all_caps", "clickbait_phrase", "spammy_punctuation"}
    assert pixel_width("mmmm") > pixel_width("iiii")
    assert not next(
        p for p in lint_headline("x" * 45).placements if p.placement == "email_subject_mobile"
    ).fits


def test_scorer_is_antisymmetric_and_explained() -> None:
    scorer = load_scorer()
    fa, fb = headline_features("Can you access cash?"), headline_features(H)
    ab = scorer.compare(fa[None, :], fb)[0]
    ba = scorer.compare(fb[None, :], fa)[0]
    assert ab.win_probability == pytest.approx(1 - ba.win_probability)
    assert ab.low <= ab.win_probability <= ab.high
    assert sum(ab.contributions.values()) == pytest.approx(ab.logit)
    assert scorer.meta["results"]["full"]["val_accuracy"] > 0.5


@pytest.mark.model
def test_generate_ranks_filters_and_records_strategy(nlp: Language) -> None:
    report = generate_variants(H, n=20, audience="homeowners", nlp=nlp, embedder=HashingEmbedder(64))
    assert report.variants and all(v.strategy != "original" for v in report.variants)
    probs = [v.win_probability for v in report.variants]
    assert probs == sorted(probs, reverse=True)
    assert [v.rank for v in report.variants] == list(range(1, len(probs) + 1))
    assert len({v.text.lower() for v in report.variants if v.meaning != "styling"}) == len(
        [v for v in report.variants if v.meaning != "styling"]
    )
    assert report.scorer["model"] == "features"  # 64-d fake embedder: embeddings model not applicable


@pytest.mark.model
def test_constraints_hold_and_impossible_ones_say_which(nlp: Language) -> None:
    emb = HashingEmbedder(64)
    report = generate_variants(
        H, n=20, constraints=Constraints(max_chars=50, banned_terms=["today"]), nlp=nlp, embedder=emb
    )
    assert all(len(v.text) <= 50 and "today" not in v.text.lower() for v in report.variants)
    with pytest.raises(UnsatisfiableConstraintError) as err:
        generate_variants(H, constraints=Constraints(max_chars=8), nlp=nlp, embedder=emb)
    assert err.value.constraint == "max_chars"
    with pytest.raises(UnsatisfiableConstraintError, match="required"):
        generate_variants(
            H, constraints=Constraints(required_terms=["cash"], banned_terms=["cash"]), nlp=nlp, embedder=emb
        )


@pytest.mark.model
def test_brand_messaging_marks_on_message(nlp: Language) -> None:
    brand = BrandMessaging(messages=["access cash from your home equity"], require_on_message=True)
    report = generate_variants(H, brand=brand, nlp=nlp, embedder=HashingEmbedder(64))
    assert report.variants and all(v.on_message for v in report.variants)


def test_bad_input() -> None:
    with pytest.raises(InvalidInputError):
        score_headlines("   ", ["x"], embedder=HashingEmbedder(16))
    with pytest.raises(InputTooLargeError):
        score_headlines("a" * 2000, ["x"], embedder=HashingEmbedder(16))


def test_score_user_variants_flags_new_claims() -> None:
    report = score_headlines(H, ["Get free cash from your home today"], embedder=HashingEmbedder(64))
    assert report.variants[0].rank == 1 and any("free" in f for f in report.variants[0].flags)


def test_pairs_and_split_rule() -> None:
    arms = [
        Arm("t1", 201301, "A", "img1", 1000, 50),
        Arm("t1", 201301, "B", "img1", 1000, 20),
        Arm("t1", 201301, "C", "img2", 1000, 10),
        Arm("t1", 201301, "A", "img1", 1000, 30),
        Arm("t2", 201350, "X", "i", 100, 5),
        Arm("t2", 201350, "Y", "i", 100, 6),
    ]
    pairs = build_pairs(arms)
    assert {(p.a, p.b, p.label) for p in pairs if p.test_id == "t1"} == {("A", "B", 1), ("B", "A", 0)}
    assert next(p for p in pairs if p.a == "A" and p.label == 1).significant
    train, val = split_weeks(arms)
    assert train == {201301} and val == {201350}
    assert two_proportion_p(10, 100, 10, 100) == pytest.approx(1.0)
    assert np.isfinite(two_proportion_p(0, 0, 1, 2))


def test_older_tone_names_mean_the_same_check_everywhere() -> None:
    """``calm`` and ``plain`` were checked by two different rules (scoring knew only ``calm``)."""
    from textops.headlines._filters import constraint_violation
    from textops.headlines._models import Constraints

    assert Constraints(tone="calm").tone == "plain" and Constraints(tone="casual").tone == "playful"
    for tone in ("calm", "plain"):
        c = Constraints(tone=tone)
        assert constraint_violation("Cut your cloud bill today!", c) == "tone"
        assert constraint_violation("An amazing way to cut your cloud bill", c) == "tone"
        assert constraint_violation("Cut your cloud bill", c) is None
    assert constraint_violation("Don't overpay for the cloud", Constraints(tone="formal")) == "tone"
