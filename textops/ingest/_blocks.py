"""Collecting copy blocks in order, each remembering the nearest heading above it."""

from __future__ import annotations

from textops.types import BlockKind, CopyBlock

from ._common import normalise_ws

__all__ = ["BlockCollector"]


class BlockCollector:
    """Append blocks in document order and track the heading context.

    A non-heading block's ``heading`` is the nearest heading above it; a heading's ``heading`` is the
    nearest heading above it of a higher level (its parent section), or ``None``.
    """

    def __init__(self) -> None:
        self.blocks: list[CopyBlock] = []
        self._outline: list[tuple[int, str]] = []

    @property
    def current_heading(self) -> str | None:
        """The text of the most recent heading, or ``None`` before the first."""
        return self._outline[-1][1] if self._outline else None

    def add(self, kind: BlockKind, text: str, *, level: int = 0, line: int | None = None) -> None:
        """Add a block; whitespace is normalised and empty text is dropped."""
        text = normalise_ws(text)
        if not text:
            return
        if kind == "heading":
            level = min(max(level, 1), 6)
            while self._outline and self._outline[-1][0] >= level:
                self._outline.pop()
            parent = self.current_heading
            self._outline.append((level, text))
            self.blocks.append(CopyBlock(kind="heading", text=text, heading=parent, level=level, line=line))
        else:
            self.blocks.append(
                CopyBlock(kind=kind, text=text, heading=self.current_heading, level=level, line=line)
            )

    def first_heading(self, level: int = 1) -> str | None:
        """The text of the first heading of ``level``, if any (a fallback title)."""
        return next((b.text for b in self.blocks if b.kind == "heading" and b.level == level), None)
