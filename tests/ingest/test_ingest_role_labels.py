"""Role-like speaker labels, inference from what was said, the user's rep list and re-deriving roles."""

from __future__ import annotations

import pytest

from textops.ingest import (
    PROSPECT_LABELS,
    REP_LABELS,
    infer_roles,
    read_bytes,
    rederive_roles,
    role_from_label,
)
from textops.ingest._role_inference import MIN_CONFIDENCE, infer_from_content, speaker_scores
from textops.roles import as_reported, call_reps, check_roles, named_reps
from textops.types import Participant, Transcript, Utterance


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("Customer", "prospect"),
        ("CUSTOMER", "prospect"),
        ("customer 2", "prospect"),
        ("Customer1", "prospect"),
        ("Client", "prospect"),
        ("Prospect", "prospect"),
        ("Buyer", "prospect"),
        ("Caller", "prospect"),
        ("Lead", "prospect"),
        ("Guest", "prospect"),
        ("Interviewee", "prospect"),
        ("Sales Rep", "rep"),
        ("sales rep.", "rep"),
        ("Rep", "rep"),
        ("Salesperson", "rep"),
        ("Agent (Mike)", "rep"),
        ("Mike (Agent)", "rep"),
        ("Rep - Dana", "rep"),
        ("AE", "rep"),
        ("SDR", "rep"),
        ("BDR 2", "rep"),
        ("Account Executive", "rep"),
        ("Account Manager", "rep"),
        ("Sales", "rep"),
        ("Consultant", "rep"),
        ("Host", "rep"),
        ("Customer Success Manager", "rep"),
        ("Speaker 1", "unknown"),
        ("SPEAKER_01", "unknown"),
        ("Dana Ruiz", "unknown"),
        ("Customer / Agent", "unknown"),
    ],
)
def test_role_like_labels(label: str, role: str) -> None:
    assert role_from_label(label) == role


def test_the_label_lists_do_not_overlap() -> None:
    assert not PROSPECT_LABELS & REP_LABELS


def test_a_headerless_file_with_generic_labels_has_prospects_and_reps() -> None:
    data = b"Sales Rep: Thanks for joining.\nCustomer: Sure.\nSales Rep: What does your process look like?\n"
    [t] = read_bytes(data, "call.txt")
    assert isinstance(t, Transcript)
    assert [u.role for u in t.utterances] == ["rep", "prospect", "rep"]
    assert {p.role_source for p in t.participants} == {"label"}
    assert t.roles_status == "known"


def test_a_header_names_the_speakers_labelled_only_by_their_role() -> None:
    data = (
        b"# rep: Dana Ruiz\n# prospect: Lee Park\nSales Rep: Thanks for joining.\n"
        b"Customer: Sure, but the price is high.\nSales Rep: Understood.\n"
    )
    [t] = read_bytes(data, "call.txt")
    assert isinstance(t, Transcript)
    assert [(u.speaker, u.role) for u in t.utterances] == [
        ("Dana Ruiz", "rep"),
        ("Lee Park", "prospect"),
        ("Dana Ruiz", "rep"),
    ]
    assert t.reps == ["Dana Ruiz"]
    # not when the label already carries a name, when two people share the role, or when the named rep
    # speaks under their own name
    for header, lines in (
        (b"# rep: Dana Ruiz\n", b"Agent (Mike): Hi.\nCustomer: Hi.\n"),
        (b"# rep: Dana Ruiz, Sam Oh\n", b"Sales Rep: Hi.\nCustomer: Hi.\n"),
        (b"# rep: Dana Ruiz\n", b"Dana Ruiz: Hi.\nSales Rep: Hello.\nCustomer: Hi.\n"),
        (b"# rep: Dana Ruiz\n", b"Sales Rep: Hi.\nSales Rep 2: Hello.\nCustomer: Hi.\n"),
    ):
        [kept] = read_bytes(header + lines, "call.txt")
        assert isinstance(kept, Transcript)
        assert [u.speaker for u in kept.utterances] == [
            line.split(":")[0] for line in lines.decode().splitlines()
        ], header + lines


def _call(*turns: tuple[str, str]) -> Transcript:
    return Transcript(
        call_id="c", utterances=[Utterance(speaker=s, text=x, index=i) for i, (s, x) in enumerate(turns)]
    )


SELLER = (
    "Thanks for taking the time. Our platform integrates with your ERP and we charge per user, $30 a month."
)
BUYER = "We currently use spreadsheets and honestly your pricing seems high for us. How much does it cost?"


def test_inference_finds_the_seller_from_what_they_say() -> None:
    t = infer_roles(
        _call(("Speaker 1", BUYER), ("Speaker 2", SELLER), ("Speaker 1", "Okay."), ("Speaker 2", SELLER))
    )
    roles = {p.name: (p.role, p.role_source) for p in t.participants}
    assert roles == {"Speaker 1": ("prospect", "inferred"), "Speaker 2": ("rep", "inferred")}
    assert all(p.role_confidence is not None and p.role_confidence >= MIN_CONFIDENCE for p in t.participants)
    assert t.roles_status == "inferred"


def test_inference_gives_up_when_nothing_tells_the_speakers_apart() -> None:
    t = infer_roles(_call(("Ana", "Hello."), ("Ben", "Hello.")))
    assert {u.role for u in t.utterances} == {"unknown"}
    assert t.roles_status == "unknown"
    assert all(p.role_source is None for p in t.participants)


def test_inference_off() -> None:
    t = infer_roles(_call(("Speaker 1", BUYER), ("Speaker 2", SELLER)), from_content=False)
    assert {u.role for u in t.utterances} == {"unknown"}


def test_third_speaker_is_a_prospect_when_one_seller_stands_out() -> None:
    scores = speaker_scores(
        [
            Utterance(speaker="A", text=SELLER),
            Utterance(speaker="B", text=BUYER),
            Utterance(speaker="C", text="My boss will want to run it by our CFO."),
        ]
    )
    got = infer_from_content(scores, {})
    assert got["A"][0] == "rep" and got["B"][0] == "prospect" and got["C"][0] == "prospect"


def test_the_users_list_comes_first_and_labels_match_without_numbering() -> None:
    t = _call(("Sales Rep 2", "hi"), ("Customer", "hello"), ("Speaker 3", "hey"))
    out = infer_roles(t, user_reps=["sales rep", "Customer"])
    roles = {p.name: (p.role, p.role_source) for p in out.participants}
    assert roles == {
        "Sales Rep 2": ("rep", "user"),
        "Customer": ("rep", "user"),
        "Speaker 3": ("prospect", "rest"),
    }


def test_a_numbered_name_in_the_users_list_matches_only_itself() -> None:
    out = infer_roles(_call(("Speaker 1", "hi"), ("Speaker 2", "hello")), user_reps=["Speaker 2"])
    assert {p.name: p.role for p in out.participants} == {"Speaker 1": "prospect", "Speaker 2": "rep"}


def test_rederive_replaces_the_earlier_list_and_keeps_what_the_file_said() -> None:
    t = Transcript(
        call_id="c",
        participants=[Participant(name="Dana", role="rep")],
        utterances=[
            Utterance(speaker="Dana", text="hi", index=0),
            Utterance(speaker="Speaker 1", text="hello", index=1),
            Utterance(speaker="Speaker 2", text="hey", index=2),
        ],
    )
    first = infer_roles(t, user_reps=["Speaker 1"])
    assert {p.name: p.role for p in first.participants} == {
        "Dana": "rep",
        "Speaker 1": "rep",
        "Speaker 2": "prospect",
    }
    again = rederive_roles(first, user_reps=["Speaker 2"])
    assert {p.name: p.role for p in again.participants} == {
        "Dana": "rep",
        "Speaker 1": "prospect",
        "Speaker 2": "rep",
    }
    assert [u.role for u in again.utterances] == ["rep", "prospect", "rep"]
    # the user may overrule the file
    overruled = rederive_roles(first, user_prospects=["Dana"], user_reps=["Speaker 1"])
    assert {p.name: p.role for p in overruled.participants}["Dana"] == "prospect"


HEADER_REP = (
    b"# rep: Dana Ruiz\n"
    b"Speaker 1: Thanks for taking the time. Our platform integrates with your ERP and we charge per user.\n"
    b"Speaker 2: We use spreadsheets and honestly your pricing seems high for us. How much does it cost?\n"
    b"Speaker 1: It is $30 a user a month, and most teams close the books two days sooner.\n"
)


def _named(data: bytes) -> tuple[Transcript, Transcript]:
    [t] = read_bytes(data, "call.txt")
    assert isinstance(t, Transcript)
    return t, named_reps(t)


def test_a_header_rep_names_the_generic_speaker_the_roles_make_the_rep() -> None:
    stored, named = _named(HEADER_REP)
    assert stored.reps == ["Speaker 1"]  # the stored call keeps its labels (roles can be re-derived)
    assert [u.speaker for u in named.utterances] == ["Dana Ruiz", "Speaker 2", "Dana Ruiz"]
    assert named.reps == call_reps(stored) == ["Dana Ruiz"]
    # the renamed participant keeps how its role was decided; the header's silent entry is gone
    by_name = {p.name: p for p in named.participants}
    assert set(by_name) == {"Dana Ruiz", "Speaker 2"}
    assert by_name["Dana Ruiz"].role_source == next(
        p.role_source for p in stored.participants if p.name == "Speaker 1"
    )
    assert named_reps(named) is named  # nothing left to rename
    # the user says the other speaker is the rep: that one takes the header's name
    swapped = rederive_roles(stored, user_reps=["Speaker 2"])
    assert call_reps(swapped) == ["Dana Ruiz"]
    assert [u.speaker for u in named_reps(swapped).utterances] == ["Speaker 1", "Dana Ruiz", "Speaker 1"]


@pytest.mark.parametrize(
    "data",
    [
        HEADER_REP.replace(b"# rep: Dana Ruiz\n", b""),  # no header: nobody to name
        HEADER_REP.replace(b"Dana Ruiz", b"Dana Ruiz, Sam Oh"),  # two people: which one?
        HEADER_REP.replace(b"Speaker 1", b"Mike"),  # the rep speaker already has a name
        HEADER_REP.replace(b"Speaker 2", b"Dana Ruiz"),  # the header's rep speaks under their own name
    ],
)
def test_no_generic_rep_speaker_or_no_single_header_rep_renames_nothing(data: bytes) -> None:
    stored, named = _named(data)
    assert named is stored
    assert call_reps(stored) == stored.reps


def test_rep_labels_in_another_case_are_one_rep_in_the_reports() -> None:
    """`sales rep:` in one file, `Sales Rep:` in two others: one rep, spelled as most calls spell it."""
    upper = b"Sales Rep: Thanks for joining.\nCustomer: Sure.\nSales Rep: What does your process look like?\n"
    lower = upper.replace(b"Sales Rep", b"sales rep").replace(b"Customer", b"customer")
    calls = [read_bytes(upper, "a.txt")[0], read_bytes(lower, "b.txt")[0], read_bytes(upper, "c.txt")[0]]
    assert all(isinstance(t, Transcript) for t in calls)
    typed = [t for t in calls if isinstance(t, Transcript)]
    assert {r for t in typed for r in t.reps} == {"Sales Rep", "sales rep"}
    read = as_reported(typed)
    assert [t.reps for t in read] == [["Sales Rep"]] * 3
    # the prospect keeps its own spelling
    assert [u.speaker for u in read[1].utterances] == ["Sales Rep", "customer", "Sales Rep"]
    assert [p.name for p in read[1].participants if p.role == "rep"] == ["Sales Rep"]
    assert as_reported(typed[:1])[0] is typed[0]  # nothing to unify: the call itself


def test_a_voicemail_has_known_roles_and_is_not_reported_unknown() -> None:
    """One speaker whose label makes them the rep: roles known (nothing to fix); two prospects: unknown."""
    message = b"Sales Rep: Hi Sam, it's Dana.\nSales Rep: Call me back when you can.\n"
    [voicemail] = read_bytes(message, "vm.txt")
    [no_rep] = read_bytes(b"Customer: Hi.\nClient: Hello.\nCustomer: So, the price.\n", "two.txt")
    assert isinstance(voicemail, Transcript) and isinstance(no_rep, Transcript)
    assert voicemail.roles_status == "known" and no_rep.roles_status == "unknown"
    check = check_roles([voicemail])
    assert (check.known, check.unknown, check.one_speaker, check.warning) == (1, 0, 1, None)
    assert "1 with one speaker only" in check.summary
    assert check_roles([no_rep]).unknown == 1
