"""Fixtures of the report-download tests: the shared small campaign and objection model."""

from __future__ import annotations

from tests.shared_fixtures import calls, copy_docs, fake, framework, model, old_report, report

__all__ = ["calls", "copy_docs", "fake", "framework", "model", "old_report", "report"]
