"""The messaging framework: a campaign's pillars and the statements that express each."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field, ValidationError, field_validator

from textops.errors import IngestError

from ._decode import check_size, decode
from ._json import load_json

__all__ = ["MessagingFramework", "Pillar", "load_pillars"]

_HINT = (
    'expected {"campaign": "...", "pillars": [{"name": "...", "description": "...", "statements": ["..."]}]}'
)


class Pillar(BaseModel):
    """One messaging pillar: a name, what it means, and statements that say it."""

    name: str = Field(min_length=1)
    description: str = ""
    statements: list[str] = Field(default_factory=list)

    @field_validator("name", "description")
    @classmethod
    def _strip(cls, value: str) -> str:
        return " ".join(value.split())

    @field_validator("statements")
    @classmethod
    def _drop_blank(cls, value: list[str]) -> list[str]:
        return [" ".join(s.split()) for s in value if s.strip()]


class MessagingFramework(BaseModel):
    """A campaign's messaging pillars, read by :func:`load_pillars`."""

    campaign: str | None = None
    pillars: list[Pillar] = Field(min_length=1)


def load_pillars(path_or_bytes: Path | str | bytes, *, filename: str | None = None) -> MessagingFramework:
    """Read a messaging framework from a JSON file (a path) or from its bytes.

    Raises :class:`~textops.errors.IngestError` naming the file and, for malformed JSON, the line; a
    missing or mistyped field is named by its path, e.g. ``pillars[2].name``.
    """
    if isinstance(path_or_bytes, bytes):
        file = filename or "<pillars>"
        data = path_or_bytes
    else:
        path = Path(path_or_bytes)
        file = filename or str(path)
        try:
            check_size(path.stat().st_size, file)
            data = path.read_bytes()
        except OSError as exc:
            raise IngestError(f"cannot read the file: {exc.strerror or exc}", file=file, hint=_HINT) from None
    raw = load_json(decode(data, file), file)
    try:
        return MessagingFramework.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first["loc"]).lstrip(".")
        raise IngestError(f"{where or 'pillars file'}: {first['msg']}", file=file, hint=_HINT) from None
