"""The base of the :class:`textops.store.Store` mixins: the one thing they take from the store itself."""

from __future__ import annotations

from contextlib import AbstractContextManager

from sqlalchemy.orm import Session

__all__ = ["StoreMixin"]


class StoreMixin:
    """A group of :class:`textops.store.Store` methods; ``Store`` provides :meth:`session`."""

    def session(self) -> AbstractContextManager[Session]:
        """A transaction: committed on success, rolled back on any exception (the store's own)."""
        raise NotImplementedError
