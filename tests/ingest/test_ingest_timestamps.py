from __future__ import annotations

import math

import pytest

from textops.errors import IngestError
from textops.ingest import parse_timestamp


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("00:00:05", 5.0),
        ("01:02:03", 3723.0),
        ("01:02:03.5", 3723.5),
        ("00:00:04.250", 4.25),
        ("00:00:15,250", 15.25),
        ("02:30", 150.0),
        ("75:30", 4530.0),
        ("1:05", 65.0),
        (" 12.5 ", 12.5),
        ("7", 7.0),
        (0, 0.0),
        (4.2, 4.2),
    ],
)
def test_parse_timestamp_accepts(value: str | float, seconds: float) -> None:
    assert math.isclose(parse_timestamp(value), seconds)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "abc",
        "00:61:00",
        "00:00:60",
        "1:2:3:4",
        "12:",
        ":30",
        "-5",
        "00:00:05.",
        "1e3",
        -1,
        math.nan,
        math.inf,
    ],
)
def test_parse_timestamp_rejects_with_file_and_line(value: str | float) -> None:
    with pytest.raises(IngestError) as info:
        parse_timestamp(value, file="call.txt", line=7)
    assert info.value.file == "call.txt"
    assert info.value.line == 7
    assert info.value.reason.startswith("malformed timestamp")
    assert str(info.value).startswith("call.txt:7: ")
    assert info.value.hint is not None and "HH:MM:SS" in info.value.hint


def test_parse_timestamp_rejects_booleans_and_other_types() -> None:
    for value in (True, None, [1], {"s": 1}):
        with pytest.raises(IngestError):
            parse_timestamp(value)  # type: ignore[arg-type]
