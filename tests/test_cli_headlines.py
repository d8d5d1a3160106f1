from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from textops.cli import app

runner = CliRunner()


@pytest.mark.model
def test_headlines_command_ranks_variants_with_strategies_and_constraints() -> None:
    r = runner.invoke(
        app,
        ["headlines", "Access cash from the equity in your home", "-n", "6", "--max-chars", "60", "--json"],
    )
    assert r.exit_code == 0, r.output
    body = json.loads(r.stdout)
    variants = body["variants"]
    assert 1 <= len(variants) <= 6
    assert all(len(v["text"]) <= 60 for v in variants)
    assert all(v["strategy"] and v["strategy"] != "original" for v in variants)
    probs = [v["win_probability"] for v in variants]
    assert probs == sorted(probs, reverse=True)
    assert all(v["win_low"] <= v["win_probability"] <= v["win_high"] for v in variants)


def test_headlines_command_rejects_impossible_constraints() -> None:
    r = runner.invoke(app, ["headlines", "Access cash from the equity in your home", "--max-chars", "5"])
    assert r.exit_code != 0
    assert "max" in r.output.lower() and "char" in r.output.lower()
