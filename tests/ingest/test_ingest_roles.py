from __future__ import annotations

from textops.ingest import infer_roles, read_bytes
from textops.settings import override_settings
from textops.types import Participant, Transcript, Utterance


def _call(*speakers: str, participants: list[Participant] | None = None, **metadata: str) -> Transcript:
    return Transcript(
        call_id="c",
        utterances=[Utterance(speaker=s, text="hello", index=i) for i, s in enumerate(speakers)],
        participants=participants or [],
        metadata=dict(metadata),
    )


def _roles(t: Transcript) -> dict[str, str]:
    return {u.speaker: u.role for u in t.utterances}


def test_rule_1_explicit_role_wins_over_everything() -> None:
    t = _call(
        "Dana",
        "Sam",
        participants=[
            Participant(name="Dana", role="prospect", email="dana@brightlane.io"),
            Participant(name="Sam", email="sam@brightlane.io"),
        ],
    )
    out = infer_roles(t, seller_domains=["brightlane.io"], reps=["Dana"])
    assert _roles(out) == {"Dana": "prospect", "Sam": "rep"}


def test_rule_1_role_on_the_utterance_and_synonyms_in_json() -> None:
    data = (
        b'{"call_id": "x", "participants": [{"name": "Sam", "role": "BUYER"}], "utterances": ['
        b'{"speaker": "Dana", "role": "internal", "text": "hi"}, {"speaker": "Sam", "text": "hey"},'
        b'{"speaker": "Lee", "role": "external", "text": "yo"}, {"speaker": "Dana", "text": "so"}]}'
    )
    [t] = read_bytes(data, "x.json")
    assert isinstance(t, Transcript)
    # the speaker's explicit role on one utterance carries to their other utterances
    assert [u.role for u in t.utterances] == ["rep", "prospect", "prospect", "rep"]


def test_rule_2_email_domain() -> None:
    t = _call(
        "Dana",
        "Sam",
        participants=[
            Participant(name="Dana", email="Dana@EU.Brightlane.io"),  # a subdomain, any case
            Participant(name="Sam", email="sam@acme.com"),
        ],
    )
    # domain rules beat the name lists (rule 4) and the company (rule 3)
    out = infer_roles(t, seller_domains=["@brightlane.io"], reps=["Sam"])
    assert _roles(out) == {"Dana": "rep", "Sam": "prospect"}
    assert {p.name: p.role for p in out.participants} == {"Dana": "rep", "Sam": "prospect"}


def test_rule_2_domains_from_the_file_and_the_settings_together() -> None:
    t = _call(
        "Dana",
        "Ari",
        "Sam",
        participants=[
            Participant(name="Dana", email="dana@brightlane.io"),
            Participant(name="Ari", email="ari@brightlane.co.uk"),
            Participant(name="Sam", email="sam@acme.com"),
        ],
        seller_domain="brightlane.io",
    )
    with override_settings(seller_domains=["brightlane.co.uk"]):
        out = infer_roles(t)
    assert _roles(out) == {"Dana": "rep", "Ari": "rep", "Sam": "prospect"}


def test_rule_2_needs_a_seller_domain() -> None:
    t = _call("Dana", participants=[Participant(name="Dana", email="dana@brightlane.io")])
    assert _roles(infer_roles(t, seller_domains=[])) == {"Dana": "unknown"}


def test_rule_3_company() -> None:
    t = _call(
        "Dana",
        "Sam",
        "Lee",
        participants=[
            Participant(name="Dana", company="  brightlane "),
            Participant(name="Sam", company="Acme Freight"),
        ],
    )
    out = infer_roles(t, seller_company="Brightlane", prospects=["Dana"])
    # Lee has no company and no list entry; Sam is a known prospect, so rule 5 does not apply
    assert _roles(out) == {"Dana": "rep", "Sam": "prospect", "Lee": "unknown"}


def test_rule_3_company_from_settings() -> None:
    t = _call("Dana", participants=[Participant(name="Dana", company="Brightlane")])
    with override_settings(seller_company="brightlane"):
        assert _roles(infer_roles(t)) == {"Dana": "rep"}


def test_rule_4_header_lists() -> None:
    t = _call("Dana Ruiz", "Sam Patel", "Lee Wong")
    out = infer_roles(t, reps=["dana  ruiz"], prospects=["Sam Patel"])
    assert _roles(out) == {"Dana Ruiz": "rep", "Sam Patel": "prospect", "Lee Wong": "unknown"}


def test_rule_4_header_in_a_text_transcript() -> None:
    data = b"# rep: Alex\n# prospect: Blake\n# prospect: Casey\nAlex: hi\nBlake: hello\nCasey: hey\n"
    [t] = read_bytes(data, "call.txt")
    assert isinstance(t, Transcript)
    assert _roles(t) == {"Alex": "rep", "Blake": "prospect", "Casey": "prospect"}


def test_rule_5_others_become_prospects_when_only_reps_are_known() -> None:
    t = _call("Dana", "Sam", "Lee", "Dana")
    out = infer_roles(t, reps=["Dana"])
    assert _roles(out) == {"Dana": "rep", "Sam": "prospect", "Lee": "prospect"}
    assert [p.name for p in out.participants] == ["Dana", "Sam", "Lee"]


def test_rule_5_does_not_apply_when_another_speaker_is_known() -> None:
    t = _call("Dana", "Sam", "Lee")
    out = infer_roles(t, reps=["Dana"], prospects=["Sam"])
    assert _roles(out) == {"Dana": "rep", "Sam": "prospect", "Lee": "unknown"}


def test_rule_6_nothing_known() -> None:
    out = infer_roles(_call("Dana", "Sam"))
    assert _roles(out) == {"Dana": "unknown", "Sam": "unknown"}
    assert out.reps == []


def test_infer_roles_does_not_mutate_its_input() -> None:
    t = _call("Dana", "Sam")
    infer_roles(t, reps=["Dana"])
    assert _roles(t) == {"Dana": "unknown", "Sam": "unknown"}
    assert t.participants == []
