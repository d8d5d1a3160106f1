"""Issue #17: the alignment download says claim kinds and outcomes in the pages' words (one mapping)."""

from __future__ import annotations

import re

from spacy.language import Language

from api.ui import _words as ui_words
from textops.alignment import AlignmentConfig, align
from textops.embeddings import HashingEmbedder
from textops.ingest import MessagingFramework
from textops.reports import WORDS, render, words
from textops.types import CopyDocument, Transcript, Utterance

CONFIG = AlignmentConfig(match_threshold=0.8, topical_threshold=0.4, own_names=frozenset({"acme"}))


def test_the_ui_and_the_downloads_share_one_mapping() -> None:
    assert ui_words.WORDS is WORDS and ui_words.words is words
    assert words("comparison", "claim_kind") == "comparison with others"
    assert words("below_planned_sample") == "below the planned sample"  # any group
    assert words("some_new_code", "claim_kind") == "some new code"  # never the raw identifier
    assert words(None) == ""


def test_alignment_download_shows_claim_kinds_in_words(
    blank_nlp: Language, framework: MessagingFramework, copy_docs: list[CopyDocument], calls: list[Transcript]
) -> None:
    bold = Transcript(
        call_id="c5",
        outcome="open",
        utterances=[
            Utterance(
                speaker="Tom", role="rep", text="We close your books faster than any other vendor.", index=0
            ),
            Utterance(speaker="Pat", role="prospect", text="Really?", index=1),
        ],
    )
    report = align(
        copy_docs,
        [*calls, bold],
        framework=framework,
        embedder=HashingEmbedder(512),
        nlp=blank_nlp,
        config=CONFIG,
    )
    kinds = [u.kinds for u in report.unbacked_claims[:30]]
    assert any("comparison" in k for k in kinds)  # "faster than any other vendor": a code with other words
    expected = [", ".join(WORDS["claim_kind"][k] for k in ks) for ks in kinds]

    html = render(report, "html")
    table = re.search(r'<table id="unbacked">.*?</table>', html, re.S)
    assert table
    cells = re.findall(r'<td>([^<]*)</td><td class="muted">', table.group(0))  # the cell before the message
    assert cells == expected[: len(cells)] and cells
    outcomes = re.findall(r'<table id="calls">.*?</table>', html, re.S)
    assert outcomes and "lost" in outcomes[0]  # outcomes through the same mapping (the same words today)

    md = render(report, "md")
    section = md.split("## Unbacked claims", 1)[1].split("##", 1)[0]
    rows = [line.rsplit("|", 2)[1].strip() for line in section.splitlines() if re.match(r"\| c\d", line)]
    assert rows == expected and any("comparison with others" in r for r in rows)
