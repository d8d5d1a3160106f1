from __future__ import annotations

from pathlib import Path

import pytest

from textops.settings import Settings, get_settings, override_settings, reload_settings


def test_override_is_scoped() -> None:
    before = get_settings().spacy_model
    with override_settings(spacy_model="other") as s:
        assert get_settings() is s and s.spacy_model == "other"
    assert get_settings().spacy_model == before


def test_env_vars_are_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TEXTOPS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TEXTOPS_SELLER_DOMAINS", '["brightlane.io"]')
    s = reload_settings()
    try:
        assert s.resolved_database_url == f"sqlite:///{tmp_path.as_posix()}/textops.db"
        assert s.seller_domains == ["brightlane.io"]
    finally:
        monkeypatch.undo()
        reload_settings()


def test_database_url_wins() -> None:
    assert Settings(database_url="postgresql://x/y").resolved_database_url == "postgresql://x/y"
