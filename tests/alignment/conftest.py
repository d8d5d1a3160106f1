from __future__ import annotations

import pytest

from textops.ingest import MessagingFramework
from textops.types import CopyBlock, CopyDocument, Participant, Transcript, Utterance


def call(call_id: str, rep: str, rep_lines: list[str], outcome: str = "won") -> Transcript:
    utts: list[Utterance] = []
    for i, line in enumerate(rep_lines):
        utts.append(Utterance(speaker=rep, role="rep", text=line, start=float(10 * i), index=2 * i))
        utts.append(
            Utterance(speaker="Pat", role="prospect", text="I see.", start=float(10 * i + 5), index=2 * i + 1)
        )
    return Transcript(
        call_id=call_id,
        outcome=outcome,
        utterances=utts,  # type: ignore[arg-type]
        participants=[Participant(name=rep, role="rep"), Participant(name="Pat", role="prospect")],
    )


@pytest.fixture
def framework() -> MessagingFramework:
    return MessagingFramework.model_validate(
        {
            "campaign": "Spring",
            "pillars": [
                {
                    "name": "Speed",
                    "statements": ["Acme cuts invoice processing time by 60% for finance teams."],
                },
                {
                    "name": "Security",
                    "statements": ["Acme keeps invoice data encrypted at rest and in transit."],
                },
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
                CopyBlock(
                    kind="headline", text="Acme cuts invoice processing time by 60% for finance teams."
                ),
                CopyBlock(kind="paragraph", text="Acme keeps invoice data encrypted at rest and in transit."),
                CopyBlock(kind="cta", text="Book a demo"),
            ],
        )
    ]


@pytest.fixture
def calls() -> list[Transcript]:
    faithful = [
        "Hi Pat, can you hear me ok?",
        "Acme cuts invoice processing time by 60% for finance teams like yours.",
        "Acme keeps invoice data encrypted at rest and in transit.",
    ]
    distorting = [
        "Let me share my screen.",
        "Acme cuts invoice processing time by 90% for finance teams, guaranteed.",
        "We are twice as fast as Globex at payroll exports for 100 countries.",
    ]
    return [
        call("c1", "Dana", faithful),
        call("c2", "Dana", faithful),
        call("c3", "Tom", distorting, outcome="lost"),
        call("c4", "Tom", distorting, outcome="lost"),
    ]
