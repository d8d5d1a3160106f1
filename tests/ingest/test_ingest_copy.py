from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import read_one
from textops.errors import IngestError
from textops.ingest import load_pillars, read_bytes, read_file
from textops.types import CopyDocument

# --- Markdown -----------------------------------------------------------------------------------------


def test_markdown_front_matter(fixtures: Path) -> None:
    doc = read_one(fixtures / "landing-page.md", CopyDocument)
    assert doc.doc_id == "landing-page"
    assert doc.title == "Route smarter with Brightlane"
    assert doc.campaign == "spring-launch"
    assert doc.channel == "web"
    assert doc.doc_type == "landing_page"
    assert doc.metadata == {"owner": "marketing"}
    assert doc.source == "landing-page.md"


def test_markdown_blocks_headings_and_bullets(fixtures: Path) -> None:
    doc = read_one(fixtures / "landing-page.md", CopyDocument)
    assert [(b.kind, b.level, b.text, b.heading) for b in doc.blocks] == [
        ("heading", 1, "Route smarter, deliver sooner", None),
        (
            "paragraph",
            0,
            "Brightlane plans every route in seconds, so your dispatchers can focus on exceptions.",
            "Route smarter, deliver sooner",
        ),
        ("heading", 2, "Why teams switch", "Route smarter, deliver sooner"),
        ("bullet", 1, "Live in under two weeks", "Why teams switch"),
        ("bullet", 1, "Cuts planning time by 60%", "Why teams switch"),
        ("bullet", 2, "even for multi-depot fleets", "Why teams switch"),
        ("bullet", 1, "Works with your TMS", "Why teams switch"),
        ("heading", 2, "Pricing", "Route smarter, deliver sooner"),
        ("paragraph", 0, "Simple per-seat pricing. Book a demo today.", "Pricing"),
    ]
    # line numbers count the front matter
    assert [b.line for b in doc.blocks][:3] == [9, 11, 14]


def test_markdown_without_front_matter_takes_first_h1_as_title() -> None:
    data = b"---\n\n# Hello *world*\n\nSome text.\n"  # a thematic break, not front matter
    [doc] = read_bytes(data, "note.md")
    assert isinstance(doc, CopyDocument)
    assert doc.title == "Hello world"
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph"]


def test_markdown_inline_html_block_keeps_visible_text() -> None:
    data = b"# Offer\n\n<div class='hero'><p>Save 20%</p><script>track()</script></div>\n"
    [doc] = read_bytes(data, "offer.markdown")
    assert isinstance(doc, CopyDocument)
    assert [(b.kind, b.text) for b in doc.blocks] == [("heading", "Offer"), ("paragraph", "Save 20%")]


# --- HTML ---------------------------------------------------------------------------------------------


def test_html_visible_blocks_only(fixtures: Path) -> None:
    doc = read_one(fixtures / "landing-page.html", CopyDocument)
    assert doc.title == "Brightlane — Dispatch without the spreadsheets"
    assert doc.metadata == {"description": "Route planning for mid-market fleets."}
    assert [(b.kind, b.level, b.text, b.heading) for b in doc.blocks] == [
        ("heading", 1, "Dispatch without the spreadsheets", None),
        (
            "paragraph",
            0,
            "Brightlane gives your dispatchers one live board for every truck, driver and delivery window.",
            "Dispatch without the spreadsheets",
        ),
        ("cta", 0, "Book a demo", "Dispatch without the spreadsheets"),
        ("heading", 2, "What you get", "Dispatch without the spreadsheets"),
        ("bullet", 1, "Live ETAs for every stop", "What you get"),
        ("bullet", 1, "Automatic re-routing when plans change", "What you get"),
        ("heading", 3, "Trusted by fleets", "What you get"),
        ("paragraph", 0, "We cut planning time in half.", "Trusted by fleets"),
    ]
    assert doc.blocks[0].line == 15


def test_html_drops_script_style_nav_footer_template_hidden(fixtures: Path) -> None:
    text = read_one(fixtures / "landing-page.html", CopyDocument).text
    for hidden in ("dataLayer", "font-family", "Home", "Pricing", "All rights reserved", "Template text",
                   "Enable JavaScript", "Secret A/B", "a comment"):  # fmt: skip
        assert hidden not in text


def test_html_text_directly_in_containers_becomes_paragraphs() -> None:
    data = (
        b"<body><div>Intro text<p>Inside p</p>Trailing text</div>"
        b"<ul><li>One<ul><li>Nested</li></ul></li></ul>"
    )
    [doc] = read_bytes(data, "page.htm")
    assert isinstance(doc, CopyDocument)
    assert [(b.kind, b.level, b.text) for b in doc.blocks] == [
        ("paragraph", 0, "Intro text"),
        ("paragraph", 0, "Inside p"),
        ("paragraph", 0, "Trailing text"),
        ("bullet", 1, "One"),
        ("bullet", 2, "Nested"),
    ]
    assert doc.title is None


# --- plain text ---------------------------------------------------------------------------------------


def test_plain_text_copy(fixtures: Path) -> None:
    doc = read_one(fixtures / "email-copy.txt", CopyDocument)
    assert doc.doc_id == "email-copy"
    assert doc.title == "Your dispatch board, upgraded"
    assert [(b.kind, b.text, b.line) for b in doc.blocks] == [
        ("heading", "Your dispatch board, upgraded", 1),
        ("paragraph", "Hi there,", 3),
        (
            "paragraph",
            "Brightlane plans every route in seconds so your team can focus on the deliveries "
            "that need a human.",
            5,
        ),
        ("bullet", "Live ETAs for every stop", 8),
        ("bullet", "Automatic re-routing when plans change (even across depots)", 9),
        ("paragraph", "Book a 20-minute demo this week and see it with your own data.", 12),
    ]
    assert all(b.heading == "Your dispatch board, upgraded" for b in doc.blocks[1:])


def test_plain_text_long_first_line_is_not_a_title() -> None:
    data = (
        b"Brightlane plans every route in seconds, so your dispatchers can focus on the exceptions."
        b"\n\nMore.\n"
    )
    [doc] = read_bytes(data, "blurb.txt")
    assert isinstance(doc, CopyDocument)
    assert doc.title is None
    assert [b.kind for b in doc.blocks] == ["paragraph", "paragraph"]


def test_txt_detection_half_speaker_lines_is_transcript() -> None:
    half = b"Alex: Hi.\nThis is a line of prose.\n"
    below = b"Alex: Hi.\nThis is a line of prose.\nAnd another line.\n"
    assert read_bytes(half, "a.txt")[0].kind == "transcript"
    assert read_bytes(below, "b.txt")[0].kind == "copy"
    assert read_bytes(below, "b.txt", kind="transcript")[0].kind == "transcript"
    assert read_bytes(half, "a.txt", kind="copy")[0].kind == "copy"


def test_txt_detection_ignores_hash_header_lines() -> None:
    data = b"# title: Q3 promo\n# channel: email\n# owner: marketing\nPrice: $10 per seat.\n"
    [doc] = read_bytes(data, "promo.txt")
    assert doc.kind == "transcript"  # 1 of 1 non-header lines is "Name: text"


# --- CSV ads ------------------------------------------------------------------------------------------


def test_ads_csv(fixtures: Path) -> None:
    docs = read_file(fixtures / "ads.csv")
    assert all(isinstance(d, CopyDocument) for d in docs)
    ads = [d for d in docs if isinstance(d, CopyDocument)]
    assert [d.doc_id for d in ads] == ["ads-a1", "ads-2", "ads-a3"]
    assert [d.doc_type for d in ads] == ["ad", "ad", "ad"]
    assert [d.channel for d in ads] == ["linkedin", "google", "linkedin"]
    assert {d.campaign for d in ads} == {"spring-launch"}
    first = ads[0]
    assert first.title == "Route smarter in 2 weeks"
    assert [(b.kind, b.text) for b in first.blocks] == [
        ("headline", "Route smarter in 2 weeks"),
        ("body", "Brightlane plans every route in seconds, so dispatchers focus on exceptions."),
        ("cta", "Book a demo"),
    ]
    assert first.metadata == {"audience": "ops leaders"}
    assert ads[1].metadata == {}
    # a quoted field spanning two lines is one value; the row starts on line 4
    assert ads[2].blocks[1].text == "Multi-depot fleets plan in minutes, not hours."
    assert [d.blocks[0].line for d in ads] == [2, 3, 4]


def test_ads_csv_semicolon_and_bom(fixtures: Path) -> None:
    data = "\ufeffHeadline;Body\nFaster routes;Plan in seconds\n".encode()
    [doc] = read_bytes(data, "ads-fr.csv")
    assert isinstance(doc, CopyDocument)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("headline", "Faster routes"),
        ("body", "Plan in seconds"),
    ]
    [bom_doc] = read_file(fixtures / "bad" / "utf8-bom.csv")
    assert isinstance(bom_doc, CopyDocument)
    assert bom_doc.title == "Café routes"


# --- pillars ------------------------------------------------------------------------------------------


def test_load_pillars_from_path_and_bytes(fixtures: Path) -> None:
    framework = load_pillars(fixtures / "pillars.json")
    assert framework.campaign == "spring-launch"
    assert [p.name for p in framework.pillars] == ["Speed", "Visibility"]
    assert framework.pillars[0].statements == [
        "Most teams are live in under two weeks.",
        "Onboarding takes days, not months.",
    ]
    again = load_pillars((fixtures / "pillars.json").read_bytes())
    assert again == framework


def test_load_pillars_errors_name_the_element(fixtures: Path) -> None:
    path = fixtures / "bad" / "bad-pillars.json"
    with pytest.raises(IngestError) as info:
        load_pillars(path)
    assert info.value.file == str(path)
    assert info.value.reason.startswith("pillars[1].name:")
    assert info.value.hint is not None and '"pillars"' in info.value.hint
    with pytest.raises(IngestError) as broken:
        load_pillars(b'{"pillars": [}', filename="p.json")
    assert broken.value.line == 1
    assert "malformed JSON" in broken.value.reason
