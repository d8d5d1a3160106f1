"""Properties of redaction on generated text: it never raises, is idempotent and leaves no email or card."""

from __future__ import annotations

import phonenumbers
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from textops.ingest.redact import EMAIL_RE, Redactor, find_cards, luhn_valid

REDACTOR = Redactor()
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _with_check_digit(body: str) -> str:
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


@st.composite
def cards(draw: st.DrawFn) -> str:
    """A Luhn-valid 13–19 digit number, written together or grouped as cards are printed."""
    length = draw(st.integers(13, 19))
    digits = _with_check_digit(draw(st.text("0123456789", min_size=length - 1, max_size=length - 1)))
    sep = draw(st.sampled_from(["", " ", "-"]))
    if not sep:
        return digits
    groups = [digits[:4]]
    rest = digits[4:]
    while rest:
        size = min(len(rest), draw(st.integers(3, 6)))
        if 0 < len(rest) - size < 3:  # never leave a tail shorter than a group
            size = len(rest)
        groups.append(rest[:size])
        rest = rest[size:]
    if any(not 3 <= len(g) <= 6 for g in groups[1:]):
        return digits
    return sep.join(groups)


emails = st.builds(
    lambda local, host, tld: f"{local}@{host}.{tld}",
    st.text("abcdefghijklmnopqrstuvwxyz0123456789._%+-", min_size=1, max_size=20),
    st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=15),
    st.sampled_from(["com", "io", "co.uk", "de", "org"]),
)

_PHONE_FORMATS = [
    phonenumbers.PhoneNumberFormat.NATIONAL,
    phonenumbers.PhoneNumberFormat.INTERNATIONAL,
    phonenumbers.PhoneNumberFormat.E164,
]


@st.composite
def us_phones(draw: st.DrawFn) -> str:
    """A valid US number (libphonenumber's own metadata decides), in a common written format."""
    area = draw(st.sampled_from(["212", "312", "415", "512", "617", "646", "702", "818", "917"]))
    number = phonenumbers.parse(
        f"+1{area}{draw(st.integers(2, 9))}{draw(st.text('0123456789', min_size=6, max_size=6))}"
    )
    assume(phonenumbers.is_valid_number(number))
    return phonenumbers.format_number(number, draw(st.sampled_from(_PHONE_FORMATS)))


filler = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40) | st.sampled_from(
    [
        " ",
        ", ",
        ". ",
        " on 2024-03-15 ",
        " $1,200,000 ",
        " v2.10.4 ",
        " 2024-2025 ",
        " #12345678 ",
        "\n",
        "@",
        "-",
    ]
)
pieces = st.lists(st.one_of(filler, cards(), emails, us_phones()), max_size=8).map("".join)


def _no_email_or_card(text: str) -> bool:
    return EMAIL_RE.search(text) is None and find_cards(text) == []


@FAST
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    out = REDACTOR.text(text)
    assert isinstance(out, str) and _no_email_or_card(out)


@FAST
@given(pieces)
def test_idempotent_and_leaves_no_email_or_card(text: str) -> None:
    once = REDACTOR.text(text)
    assert REDACTOR.text(once) == once
    assert _no_email_or_card(once)


@FAST
@given(
    st.lists(st.one_of(cards(), emails, us_phones()), min_size=1, max_size=4),
    st.sampled_from([" and ", ", ", "; ", "\n"]),
)
def test_every_planted_value_is_removed(values: list[str], sep: str) -> None:
    # (two cards joined by a bare space read as one run of groups: which groups form a card is ambiguous)
    text = "Details: " + sep.join(values) + " — thanks."
    out = REDACTOR.text(text)
    for value in values:
        assert value not in out
    assert not any(ch.isdigit() for ch in out) and "@" not in out


@FAST
@given(
    pieces, st.sampled_from([frozenset({"email"}), frozenset({"card"}), frozenset({"phone"}), frozenset()])
)
def test_only_the_chosen_kinds_change(text: str, kinds: frozenset[str]) -> None:
    out = Redactor(kinds=kinds).text(text)
    assert Redactor(kinds=kinds).text(out) == out
    if not kinds:
        assert out == text
    if "email" not in kinds:
        assert "[EMAIL]" not in out or "[EMAIL]" in text
