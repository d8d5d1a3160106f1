"""The experiment page leads with one decision (in-process, no browser): the API's decision, in words."""

from __future__ import annotations

import html as html_lib
import re
from datetime import date, timedelta

from fastapi.testclient import TestClient

ISSUE = {"control": 0.050, "B": 0.051, "C": 0.0575}


def _experiment_with_days(ui: TestClient, days: int, rates: dict[str, float] = ISSUE) -> str:
    arms = [{"name": a} for a in rates]
    eid = str(
        ui.post("/v1/experiments", json={"name": "t", "arms": arms, "planned_n_per_arm": 10_000}).json()["id"]
    )
    lines = ["day,arm,visitors,conversions"]
    for d in range(days):
        day = (date(2026, 3, 1) + timedelta(days=d)).isoformat()
        lines += [f"{day},{a},1500,{round(1500 * r)}" for a, r in rates.items()]
    r = ui.post(
        f"/v1/experiments/{eid}/observations/csv",
        files={"file": ("counts.csv", "\n".join(lines).encode(), "text/csv")},
    )
    assert r.status_code == 200, r.text
    return eid


def _text(page: str) -> str:
    page = re.sub(r"<script.*?</script>", " ", page, flags=re.S)
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_the_decision_box_comes_first_and_says_what_the_api_says(ui: TestClient) -> None:
    eid = _experiment_with_days(ui, 10)
    page = ui.get(f"/ui/experiments/{eid}").text
    decision = ui.get(f"/v1/experiments/{eid}/analysis").json()["decision"]
    assert page.index('id="decision"') < page.index('id="health"') < page.index('id="sequential"')
    assert page.index('id="sequential"') < page.index('id="other-views"') < page.index('id="frequentist"')
    box = page[page.index('id="decision"') : page.index('id="health"')]
    assert f'data-action="{decision["action"]}"' in box
    assert html_lib.unescape(re.search(r'id="decision-title">([^<]*)<', box).group(1)) == decision["title"]  # type: ignore[union-attr]
    for reason in decision["reasons"]:
        assert html_lib.escape(reason, quote=False) in box
    assert f'data-field="days_needed">{decision["days_needed"]}<' in box
    # the two other views disagree, and the page says why
    views = page[page.index('id="other-views"') : page.index('id="frequentist"')]
    assert views.count('data-agrees="no"') == 2 and views.count("Why they differ") == 2
    # read-outs keep their codes in data-value and show words
    assert re.search(r'data-field="verdict" data-value="inconclusive">no clear difference yet<', page)
    assert 'data-value="winner">better<' in page  # the frequentist view calls C, shown as its own view
    assert "winner" not in _text(page)


def test_too_early_no_winner_wording_anywhere_and_health_codes_in_words(ui: TestClient) -> None:
    eid = _experiment_with_days(ui, 3, {"control": 0.05, "B": 0.07})
    page = ui.get(f"/ui/experiments/{eid}").text
    text = _text(page)
    bayes = ui.get(f"/v1/experiments/{eid}/analysis", params={"method": "bayesian"}).json()
    assert bayes["result"]["comparisons"][0]["verdict"] == "winner"
    assert "winner" not in text and "better" not in text
    assert "ahead — too early to call" in text
    assert "below the planned sample" in text and "under one week" in text
    for code in ("below_planned_sample", "under_one_week", "inconclusive", "no_traffic"):
        assert code not in text, code


def test_the_page_offers_a_csv_import_and_no_data_says_so_in_words(ui: TestClient) -> None:
    eid = str(
        ui.post(
            "/v1/experiments", json={"name": "empty", "arms": [{"name": "control"}, {"name": "B"}]}
        ).json()["id"]
    )
    page = ui.get(f"/ui/experiments/{eid}").text
    assert 'id="csv-form"' in page and 'id="csv-file"' in page
    text = _text(page)
    assert "Keep running" in text and "No visitors recorded yet." in text
    assert "no_traffic" not in text and "inconclusive" not in text
