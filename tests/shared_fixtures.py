"""Fixtures that more than one test folder uses; a folder's ``conftest.py`` imports the ones it needs.

A small campaign (three pillars, one landing page, four calls: Dana delivers faithfully, Tom distorts) and
the objection model trained on the seed set with the deterministic fake embedder.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from textops.alignment import AlignmentConfig, AlignmentReport, align
from textops.embeddings import HashingEmbedder
from textops.ingest import MessagingFramework
from textops.objections import ObjectionModel, get_model
from textops.types import CopyBlock, CopyDocument, Participant, Transcript, Utterance

__all__ = [
    "CAMPAIGN_CONFIG",
    "SECURITY",
    "SPEED",
    "calls",
    "copy_docs",
    "fake",
    "framework",
    "model",
    "old_report",
    "rep_call",
    "report",
]

SPEED = "Acme cuts invoice processing time by 60% for finance teams."
SECURITY = "Acme keeps invoice data encrypted at rest and in transit."
CAMPAIGN_CONFIG = AlignmentConfig(match_threshold=0.8, topical_threshold=0.4, own_names=frozenset({"acme"}))
"""Thresholds at which the 512-dimension fake embedder tells the campaign's deliveries apart."""


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
    """The campaign's pillars: Speed, Security, Suppliers (one approved statement each)."""
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
    """The campaign's landing page: the Speed headline, the Security paragraph and a call to action."""
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


@pytest.fixture
def report(
    blank_nlp: Language, framework: MessagingFramework, copy_docs: list[CopyDocument], calls: list[Transcript]
) -> AlignmentReport:
    """The campaign's alignment report (fake embedder, blank spaCy pipeline)."""
    return align(
        copy_docs,
        calls,
        framework=framework,
        embedder=HashingEmbedder(512),
        nlp=blank_nlp,
        config=CAMPAIGN_CONFIG,
    )


@pytest.fixture
def old_report(report: AlignmentReport) -> AlignmentReport:
    """The campaign's report as a version before the distortion counts stored it (without them)."""
    data = report.model_dump(mode="json")
    for p in data["pillars"]:
        del p["calls_distorted"]
    for r in data["reps"]:
        del r["pillars_distorted"]
    for c in data["call_scores"]:
        del c["pillars_distorted"]
    return AlignmentReport.model_validate(data)


@pytest.fixture(scope="session")
def fake() -> HashingEmbedder:
    """The deterministic fake embedder (128 dimensions), one per session."""
    return HashingEmbedder(dim=128)


@pytest.fixture(scope="session")
def model(fake: HashingEmbedder) -> ObjectionModel:
    """The objection model trained on the shipped seed set with the fake embedder (once per session)."""
    return get_model(fake)
