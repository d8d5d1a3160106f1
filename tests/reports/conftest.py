"""Fixtures of the report-download tests: a small campaign with a distorting rep, the objection model."""

from __future__ import annotations

import pytest

from textops.embeddings import HashingEmbedder
from textops.ingest import MessagingFramework
from textops.objections import ObjectionModel, get_model
from textops.types import CopyBlock, CopyDocument, Participant, Transcript, Utterance

SPEED = "Acme cuts invoice processing time by 60% for finance teams."
SECURITY = "Acme keeps invoice data encrypted at rest and in transit."


def rep_call(call_id: str, rep: str, rep_lines: list[str], outcome: str = "won") -> Transcript:
    """A call in which ``rep`` says ``rep_lines`` and the prospect Pat answers "I see." to each."""
    utts: list[Utterance] = []
    for i, line in enumerate(rep_lines):
        utts.append(Utterance(speaker=rep, role="rep", text=line, start=float(10 * i), index=2 * i))
        utts.append(
            Utterance(speaker="Pat", role="prospect", text="I see.", start=float(10 * i + 5), index=2 * i + 1)
        )
    return Transcript(
        call_id=call_id,
        outcome=outcome,
        utterances=utts,
        participants=[Participant(name=rep, role="rep"), Participant(name="Pat", role="prospect")],
    )


@pytest.fixture
def framework() -> MessagingFramework:
    return MessagingFramework.model_validate(
        {
            "campaign": "Spring",
            "pillars": [
                {"name": "Speed", "statements": [SPEED]},
                {"name": "Security", "statements": [SECURITY]},
                {
                    "name": "Suppliers",
                    "statements": ["Suppliers check payment status in a free supplier portal."],
                },
            ],
        }
    )


@pytest.fixture
def copy_docs() -> list[CopyDocument]:
    return [
        CopyDocument(
            doc_id="lp",
            blocks=[
                CopyBlock(kind="headline", text=SPEED),
                CopyBlock(kind="paragraph", text=SECURITY),
                CopyBlock(kind="cta", text="Book a demo"),
            ],
        )
    ]


@pytest.fixture
def calls() -> list[Transcript]:
    """Dana delivers Speed and Security faithfully; Tom distorts Speed (90%, guaranteed) on both his calls."""
    faithful = ["Hi Pat, can you hear me ok?", f"{SPEED[:-1]} like yours.", SECURITY]
    distorting = [
        "Let me share my screen.",
        "Acme cuts invoice processing time by 90% for finance teams, guaranteed.",
        "We are twice as fast as Globex at payroll exports for 100 countries.",
    ]
    return [
        rep_call("c1", "Dana", faithful),
        rep_call("c2", "Dana", faithful),
        rep_call("c3", "Tom", distorting, outcome="lost"),
        rep_call("c4", "Tom", distorting, outcome="lost"),
    ]


@pytest.fixture(scope="session")
def fake() -> HashingEmbedder:
    return HashingEmbedder(dim=128)


@pytest.fixture(scope="session")
def model(fake: HashingEmbedder) -> ObjectionModel:
    """The objection model trained on the shipped seed set with the fake embedder (once per session)."""
    return get_model(fake)
