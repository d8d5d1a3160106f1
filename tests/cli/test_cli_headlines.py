from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from typer.testing import CliRunner

from textops.cli import app
from textops.settings import Settings, override_settings

runner = CliRunner()
H = "Access cash from the equity in your home"


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


@pytest.mark.model
def test_headlines_command_uses_the_configured_backends(
    openai_stub: Callable[[str], str], settings: Settings
) -> None:
    stub_url = openai_stub("Tap the cash in your home equity")
    with override_settings(
        headline_backends=["builtin", "openai"],
        headline_openai_base_url=stub_url,
        headline_openai_model="stub",
    ):
        r = runner.invoke(app, ["headlines", H, "-n", "30", "--json"])
        assert r.exit_code == 0, r.output
        backends = {v["backend"] for v in json.loads(r.stdout)["variants"]}
        assert backends == {"builtin", "openai"}
        r = runner.invoke(app, ["headlines", H, "-n", "30", "--json", "--backend", "builtin"])
        assert r.exit_code == 0, r.output
        assert {v["backend"] for v in json.loads(r.stdout)["variants"]} == {"builtin"}


def test_headlines_command_says_which_configured_backend_cannot_load(settings: Settings) -> None:
    with override_settings(headline_backends=["builtin", "openai"], headline_openai_base_url=None):
        r = runner.invoke(app, ["headlines", H])
    assert r.exit_code == 2
    out = " ".join(r.output.split())
    assert (
        "'openai'" in out and "TEXTOPS_HEADLINE_BACKENDS" in out and "TEXTOPS_HEADLINE_OPENAI_BASE_URL" in out
    )
    with override_settings(headline_backends=["transformers"], headline_model="/no/such/model.gguf"):
        r = runner.invoke(app, ["headlines", H])
    assert r.exit_code == 2
    out = " ".join(r.output.split())
    assert "'transformers'" in out and "/no/such/model.gguf" in out and "TEXTOPS_HEADLINE_MODEL" in out


@pytest.mark.model
def test_headlines_command_explains_a_short_answer() -> None:
    r = runner.invoke(
        app,
        [
            "headlines",
            "This dad built a treehouse for his daughter. What happened next is amazing.",
            "-n",
            "40",
            "--ban",
            "amazing",
            "--tone",
            "plain",
        ],
    )
    assert r.exit_code == 0, r.output
    out = " ".join(r.stdout.split())
    assert "Fewer than asked" in out and "Strategies that did not apply:" in out
    assert "audience call-out: no audience named" in out
    assert "banned term amazing: rewritten out" in out
    assert "styling note (title case)" in out
    assert "brief: tone plain" in out


def test_headlines_command_rejects_an_unknown_tone() -> None:
    r = runner.invoke(app, ["headlines", H, "--tone", "sarcastic"])
    assert r.exit_code == 2 and "tone" in r.output
