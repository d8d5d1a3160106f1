"""The objection tests' fake embedder and model: the shared ones (:mod:`tests.shared_fixtures`)."""

from __future__ import annotations

from tests.shared_fixtures import fake, model

__all__ = ["fake", "model"]
