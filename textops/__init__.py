"""textops: messaging alignment, objection mining and headline A/B tooling for revenue teams."""

from textops.errors import TextopsError
from textops.types import CopyBlock, CopyDocument, Participant, Transcript, Utterance

__version__ = "0.1.0"

__all__ = [
    "CopyBlock",
    "CopyDocument",
    "Participant",
    "TextopsError",
    "Transcript",
    "Utterance",
    "__version__",
]
