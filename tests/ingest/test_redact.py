"""Redaction of emails, phone numbers and card numbers: what goes, what stays, and where it is applied."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textops.corpus import ingest_bytes, ingest_documents, ingest_paths
from textops.errors import ConfigError
from textops.ingest.redact import Redactor, find_cards, luhn_valid, redact_text, redactor_from_settings
from textops.settings import override_settings
from textops.store import Store
from textops.types import CopyBlock, CopyDocument, Participant, Transcript, Utterance


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mail dana.ruiz+crm@acme-corp.io or DANA@ACME.COM.", "Mail [EMAIL] or [EMAIL]."),
        ("Call (415) 555-0132 tomorrow", "Call [PHONE] tomorrow"),
        ("Reach me on +44 20 7946 0958.", "Reach me on [PHONE]."),
        ("+1 415 555 0132", "[PHONE]"),
        ("Toll free 1-800-555-0199 anytime", "Toll free [PHONE] anytime"),
        ("Visa 4111 1111 1111 1111, exp 2026.", "Visa [CARD], exp 2026."),
        ("card:4111-1111-1111-1111.", "card:[CARD]."),
        ("Amex 3782 822463 10005 and 5500000000000004", "Amex [CARD] and [CARD]"),
        ("4111 1111 1111 1111 2024", "[CARD] 2024"),
    ],
)
def test_redacts(text: str, expected: str) -> None:
    assert redact_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "On 2024-03-15 at 10:30 we shipped v2.10.4.",
        "The 2024-2025 plan costs $1,200,000, or $49.99 per seat, 60% less.",
        "Order #12345678, ORD-2024-001, ticket INC-004521, PO 4500012345, zip 94107.",
        "Invoices dated 2024/03/15 and 03/15/2024, cut-off 14:30:00, 00:01:05.120 --> 00:01:09.000.",
        "Ref 1234 5678 9012 3456 is not Luhn-valid; nor is 1234567890123456.",
        "An id of 24 digits: 123456789012345678901234.",
        "pi is 3.14159265358979323846 and a ratio of 0.4111111111111111",
        "We process 2,000 invoices a week for 120 people in 3 entities since 1998.",
        "Scores 10 20 30 40 50 60 70 80 90 10 20.",
        "ISBN 978-3-16-148410-0 and 2 + 2 = 4",
        "Contact us at sales at acme dot com",  # spoken form: not an address (documented)
        "user@localhost and @handle and a@b",
    ],
)
def test_leaves_numbers_that_are_not_personal_data(text: str) -> None:
    assert redact_text(text) == text


def test_luhn_and_card_spans() -> None:
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    text = "a 4111 1111 1111 1111 b 12 4111111111111111"
    assert [text[s:e] for s, e in find_cards(text)] == ["4111 1111 1111 1111", "4111111111111111"]
    assert find_cards("10 20 30 40 50 60 70 80") == []


def test_kinds_tokens_and_counts_are_configurable() -> None:
    r = Redactor(kinds=frozenset({"email"}), tokens={"email": "<mail>"})
    counts: Counter[str] = Counter()
    assert r.text("a@b.io and 4111111111111111", counts) == "<mail> and 4111111111111111"
    assert counts == {"email": 1}
    with override_settings(redact_cards=False, redact_phone_token="<tel>"):
        assert redactor_from_settings().text("4111111111111111 (415) 555-0132") == "4111111111111111 <tel>"
    with pytest.raises(ConfigError, match="without digits"):
        Redactor(tokens={"email": "[EMAIL1]"})
    with pytest.raises(ConfigError, match="unknown redaction kind"):
        Redactor(kinds=frozenset({"names"}))
    with pytest.raises(ConfigError, match="phone region"):
        Redactor(phone_region="XX")
    gb = Redactor(phone_region="GB")
    assert gb.text("ring 020 7946 0958") == "ring [PHONE]"
    assert Redactor(phone_region="US").text("ring 020 7946 0958") == "ring 020 7946 0958"  # not a US number


def _call() -> Transcript:
    return Transcript(
        call_id="c1",
        title="Call with sam@buyer.com",
        participants=[Participant(name="Sam", email="sam@buyer.com", role="prospect")],
        utterances=[
            Utterance(speaker="Dana", role="rep", text="Send it to dana@acme.io.", index=0),
            Utterance(
                speaker="+1 415 555 0132", role="prospect", text="My card is 4111 1111 1111 1111.", index=1
            ),
        ],
        metadata={"crm_contact": "sam@buyer.com"},
    )


def test_documents_are_redacted_everywhere_but_ids_and_roles() -> None:
    counts: Counter[str] = Counter()
    doc = Redactor().document(_call(), counts)
    assert isinstance(doc, Transcript)
    assert doc.title == "Call with [EMAIL]" and doc.participants[0].email == "[EMAIL]"
    assert [u.text for u in doc.utterances] == ["Send it to [EMAIL].", "My card is [CARD]."]
    assert doc.utterances[1].speaker == "[PHONE]" and doc.utterances[1].role == "prospect"
    assert doc.metadata == {"crm_contact": "[EMAIL]"} and doc.call_id == "c1"
    assert counts == {"email": 4, "card": 1, "phone": 1}
    copy = CopyDocument(
        doc_id="lp",
        title="Write to hi@acme.io",
        blocks=[CopyBlock(text="Call 1-800-555-0199", heading="a@b.io")],
    )
    red = Redactor().document(copy)
    assert isinstance(red, CopyDocument)
    assert (red.title, red.blocks[0].text, red.blocks[0].heading) == (
        "Write to [EMAIL]",
        "Call [PHONE]",
        "[EMAIL]",
    )


TXT = b"""# call_id: r-1
# rep: Dana Ruiz
[00:00:01] Dana Ruiz: Thanks Sam, I'll email dana.ruiz@brightlane.io the deck.
[00:00:05] Sam Patel: Great. Call me on (415) 555-0132 if anything changes.
"""


def _texts(store: Store, ws: int, corpus: str) -> list[str]:
    return [u.text for t in store.load_transcripts(ws, [corpus]) for u in t.utterances]


def test_ingest_redacts_before_storing_only_when_asked(store: Store, tmp_path: Path) -> None:
    ws = store.workspace()
    store.create_corpus(ws, "plain")
    store.create_corpus(ws, "red")
    plain = ingest_bytes(store, ws, "plain", [("r.txt", TXT)])
    assert plain.redacted == {} and "dana.ruiz@brightlane.io" in " ".join(_texts(store, ws, "plain"))
    red = ingest_bytes(store, ws, "red", [("r.txt", TXT)], redact=True)
    assert red.redacted == {"email": 1, "phone": 1} and red.files[0].redacted == red.redacted
    assert _texts(store, ws, "red") == [
        "Thanks Sam, I'll email [EMAIL] the deck.",
        "Great. Call me on [PHONE] if anything changes.",
    ]
    again = ingest_bytes(store, ws, "red", [("r.txt", TXT)], redact=True)
    assert (again.added, again.duplicates) == (0, 1)  # same redacted content: idempotent
    assert ingest_documents(store, ws, "red", [_call()], redact=True).redacted["email"] == 4
    path = tmp_path / "r.txt"
    path.write_bytes(TXT)
    assert ingest_paths(store, ws, "paths", [path], redact=Redactor(kinds=frozenset({"phone"}))).redacted == {
        "phone": 1
    }


def test_cli_ingest_redact_flag(tmp_path: Path) -> None:
    from textops.cli import app

    (tmp_path / "r.txt").write_bytes(TXT)
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    off = runner.invoke(app, ["--db", db, "ingest", str(tmp_path / "r.txt"), "--corpus", "off", "--json"])
    on = runner.invoke(app, ["--db", db, "ingest", str(tmp_path / "r.txt"), "--corpus", "on", "--redact"])
    assert off.exit_code == 0 and on.exit_code == 0, (off.output, on.output)
    assert "redacted: 1 email, 1 phone" in on.output
    store = Store(db)
    ws = store.workspace()
    assert "(415) 555-0132" in " ".join(_texts(store, ws, "off"))
    assert "[PHONE]" in " ".join(_texts(store, ws, "on"))
