"""Voice of the customer: variants that reuse the words prospects use for the problem and the outcome."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textops.headlines._frame import Frame
from textops.headlines._strategies import Rewrite, StrategyContext

if TYPE_CHECKING:
    from textops.headlines._pipeline import VoiceOfCustomer

__all__ = ["voice_rewrites"]


def voice_rewrites(frame: Frame, voice: VoiceOfCustomer, ctx: StrategyContext) -> tuple[list[Rewrite], str]:
    """Rewrites in the prospects' words, each tagged with its quote; or none and why."""
    return [], "not built yet"
