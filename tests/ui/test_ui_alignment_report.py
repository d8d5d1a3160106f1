"""The alignment report page (in-process): tiles that show what their labels say, faithful heatmap cells
with distortions apart, a reading of the score and the method in plain words."""

from __future__ import annotations

import html as html_lib
import re

import pytest
import spacy
from fastapi.testclient import TestClient

from tests.shared_fixtures import CAMPAIGN_CONFIG, SECURITY, SPEED, rep_call
from textops.alignment import align
from textops.embeddings import HashingEmbedder
from textops.ingest import MessagingFramework
from textops.store import Store
from textops.types import CopyBlock, CopyDocument


@pytest.fixture
def report_id(store: Store) -> str:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    framework = MessagingFramework.model_validate(
        {
            "campaign": "Spring",
            "pillars": [
                {"name": "Speed", "statements": [SPEED]},
                {"name": "Security", "statements": [SECURITY]},
            ],
        }
    )
    copy = [CopyDocument(doc_id="lp", blocks=[CopyBlock(kind="paragraph", text="Acme cuts invoice time.")])]
    faithful = [f"{SPEED[:-1]} like yours.", SECURITY]
    distorting = [
        "Acme cuts invoice processing time by 90% for finance teams, guaranteed.",
        "We are twice as fast as Globex at payroll exports for 100 countries.",
    ]
    calls = [rep_call("c1", "Dana", faithful), rep_call("c2", "Dana", faithful)]
    calls += [rep_call("c3", "Tom", distorting), rep_call("c4", "Tom", distorting)]
    report = align(
        copy,
        calls,
        framework=framework,
        embedder=HashingEmbedder(512),
        nlp=nlp,
        config=CAMPAIGN_CONFIG,
    )
    ws = store.workspace("default")
    return store.save_report(ws, "alignment", report.model_dump(mode="json"))


def test_tiles_heatmap_reading_and_method(ui: TestClient, report_id: str) -> None:
    page = ui.get(f"/ui/alignment/{report_id}")
    assert page.status_code == 200, page.text[:500]
    html = page.text
    report = ui.get(f"/v1/alignment/{report_id}").json()
    comp = report["components"]

    def tile(field: str) -> str:
        m = re.search(rf'data-field="{field}" data-value="[^"]*">([^<]*)<', html)
        assert m, field
        return m.group(1)

    # each tile shows the value its label names (higher is better); the raw rates sit under them, named
    assert tile("claims_backed") == f"{100 * (1 - comp['unbacked_rate']):.1f}%"
    assert tile("shared_vocabulary") == f"{100 * (1 - comp['vocabulary_divergence']):.1f}%"
    assert tile("unbacked_rate") == f"{100 * comp['unbacked_rate']:.1f}%"
    assert tile("vocabulary_divergence") == f"{comp['vocabulary_divergence']:.3f}"
    assert "as 1 − rate" not in html and "as 1 − JSD" not in html
    # the heatmap: Tom distorts Speed in both calls — no colour, 2 distorted shown apart
    cell = re.search(r'<a [^>]*data-pillar="Speed" data-rep="Tom"[^>]*>(.*?)</a>', html, re.S)
    assert cell and cell.group(0).count('data-value="0.0"') == 1 and 'data-distorted="2"' in cell.group(0)
    assert "2 distorted" in cell.group(1)
    dana = re.search(r'<a [^>]*data-pillar="Speed" data-rep="Dana"[^>]*>', html)
    assert dana and 'data-value="1.0"' in dana.group(0)
    assert re.search(r'<tr data-pillar="Speed">.*?data-field="calls_distorted">2<', html, re.S)
    # a reading of the score, and the method in plain words
    reading = re.search(r'id="score-reading"[^>]*><strong>([^<]*)<', html)
    assert reading and reading.group(1).startswith(f"{comp['score']:.1f} out of 100: ")
    assert 'id="score-drivers"' in html
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", " ", html, flags=re.S)))
    assert "ScoreComponents" not in text and "How this is measured" in text
    for code in ("changed_number", "stronger_claim", "added_comparison", "unbacked_rate"):
        assert code not in text, code


def test_page_and_download_share_the_heatmap(ui: TestClient, report_id: str) -> None:
    """Issue 15: one template family — the page and its HTML download colour and word each cell the same."""
    page = ui.get(f"/ui/alignment/{report_id}").text
    download = ui.get(f"/v1/alignment/{report_id}", params={"format": "html"}).text
    # the page's cell links to its evidence (<td style><a data-pillar ...>); the download's is plain text
    on_page = re.findall(
        r'<td style="([^"]*)"><a href="[^"]*" data-pillar="([^"]*)" data-rep="([^"]*)"', page
    )
    in_download = re.findall(r'<td style="([^"]*)" data-pillar="([^"]*)" data-rep="([^"]*)"', download)
    assert on_page and sorted(on_page) == sorted(in_download)
    legend = r'class="swatch" style="([^"]*)"'
    assert re.findall(legend, page) == re.findall(legend, download) != []
    reading = r'id="score-reading"[^>]*><strong>([^<]*)<'
    assert re.findall(reading, page) == re.findall(reading, download) != []
