"""The alignment tests' campaign: the shared one (:mod:`tests.shared_fixtures`)."""

from __future__ import annotations

from tests.shared_fixtures import calls, copy_docs, framework, old_report, report

__all__ = ["calls", "copy_docs", "framework", "old_report", "report"]
