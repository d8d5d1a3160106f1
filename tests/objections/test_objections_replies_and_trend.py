"""Issue #17 item 7: best replies never promote a claim the alignment check flags; the trend is a share of
calls per category."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import spacy

from tests.objections.obj_helpers import make_call
from textops.alignment import flag_claims
from textops.embeddings import HashingEmbedder
from textops.objections import (
    ObjectionModel,
    ObjectionReport,
    best_replies,
    mine_objections,
    reply_claims_check,
)
from textops.types import Transcript

PRICE = "Honestly it's just too expensive for us."
GOOD = "That's fair. Can I ask what you spend on this today, roughly per month, across the team?"
GUARANTEE = (
    "That's fair, and you will never pay a duplicate invoice again, that's guaranteed. Shall we start?"
)
PROMISE = (
    "I hear you. I promise you, it works, every single time, for every customer we have. Any other worries?"
)


def _calls() -> list[Transcript]:
    out = []
    for i, reply in enumerate([GUARANTEE, PROMISE, GOOD, GUARANTEE, GOOD]):
        turns = [
            ("rep", "Thanks for joining today, how is the week going?"),
            ("prospect", PRICE),
            ("rep", reply),
            ("prospect", "Okay, makes sense."),
        ]
        out.append(
            make_call(f"won-{i}", turns, outcome="won", started_at=datetime(2026, 3, 2 + i, tzinfo=UTC))
        )
    return out


@pytest.fixture(scope="module")
def report(fake: HashingEmbedder, model: ObjectionModel) -> ObjectionReport:
    return mine_objections(_calls(), embedder=fake, model=model)


def test_the_claims_check_flags_the_issues_replies() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    assert [f.kinds for f in flag_claims(GUARANTEE, nlp)] == [["guarantee"]]
    assert [f.kinds for f in flag_claims(PROMISE, nlp)] == [["guarantee"]]
    assert flag_claims(GOOD, nlp) == []
    assert [f.kinds for f in flag_claims("We're way cheaper than Invoxa, honestly.", nlp)] == [["comparison"]]


def test_best_replies_leave_out_guarantees_and_promises(report: ObjectionReport) -> None:
    price = [o for o in report.objections if o.category == "price"]
    assert len(price) == 5 and all(o.reply is not None for o in price)
    best = report.best_replies["price"]
    texts = {o.reply.text for o in best if o.reply}
    assert texts == {GOOD}
    checked = [o for o in price if o.reply and o.reply.flagged_claims is not None]
    assert any(o.reply and o.reply.flagged_claims for o in checked)  # why the others were left out, kept
    assert all(o.reply and o.reply.flagged_claims == [] for o in best)


def test_reports_made_before_the_check_are_checked_on_the_way(report: ObjectionReport) -> None:
    old = ObjectionReport.model_validate(report.model_dump(mode="json"))
    for o in old.objections:
        assert o.reply is not None
        o.reply.flagged_claims = None
    unchecked = best_replies(old.objections, ["price"])
    assert len(unchecked["price"]) == 3  # without the check the guarantee and the promise come through
    again = best_replies(old.objections, ["price"], check=reply_claims_check())
    assert {o.reply.text for o in again["price"] if o.reply} == {GOOD}


def test_trend_counts_calls_per_category_not_only_objections(
    fake: HashingEmbedder, model: ObjectionModel
) -> None:
    same_week = [
        make_call(
            "a",
            [("rep", "Thanks for joining."), ("prospect", PRICE), ("rep", GOOD), ("prospect", PRICE)],
            started_at=datetime(2026, 3, 2, tzinfo=UTC),
        ),
        make_call(
            "b",
            [("rep", "Thanks for joining."), ("prospect", "Sounds good to me."), ("rep", GOOD)],
            started_at=datetime(2026, 3, 3, tzinfo=UTC),
        ),
    ]
    r = mine_objections(same_week, embedder=fake, model=model)
    [point] = r.trend
    assert point.calls == 2 and point.counts["price"] == 2 and point.calls_with["price"] == 1
