"""Plain-text copy and CSV ads."""

from __future__ import annotations

import csv
import io
import re

from textops.errors import IngestError
from textops.types import BlockKind, CopyBlock, CopyDocument

from ._blocks import BlockCollector
from ._common import normalise_ws, split_lines

__all__ = ["read_ads_csv", "read_plain_copy"]

_BULLET = re.compile(r"^\s*(?:[-*•–]|\d{1,3}[.)])\s+(?P<text>.+)$")
_TITLE_MAX_CHARS = 80
_TITLE_MAX_WORDS = 12
_CSV_COLUMNS = "headline (required), body, description, cta, channel, campaign, id"
_CSV_KNOWN = frozenset({"headline", "body", "description", "cta", "channel", "campaign", "id"})


def read_plain_copy(text: str, file: str, *, doc_id: str, source: str) -> CopyDocument:
    """Paragraphs split on blank lines; a short first line on its own is the title (a level-1 heading).

    Lines starting with ``-``, ``*``, ``•`` or ``1.`` are bullets.
    """
    paragraphs: list[tuple[int, list[str]]] = []
    current: list[str] | None = None
    for number, line in enumerate(split_lines(text), start=1):
        if not line.strip():
            current = None
            continue
        if current is None:
            current = []
            paragraphs.append((number, current))
        current.append(line)
    collector = BlockCollector()
    title: str | None = None
    if paragraphs and len(paragraphs[0][1]) == 1 and _is_title(paragraphs[0][1][0].strip()):
        start, lines = paragraphs.pop(0)
        title = normalise_ws(lines[0])
        collector.add("heading", title, level=1, line=start)
    for start, lines in paragraphs:
        items: list[tuple[BlockKind, int, list[str]]] = []
        for number, line in enumerate(lines, start=start):
            bullet = _BULLET.match(line)
            if bullet is not None:
                items.append(("bullet", number, [bullet.group("text")]))
            elif items and (items[-1][0] == "paragraph" or line[:1].isspace()):
                items[-1][2].append(line)  # a paragraph goes on; an indented line continues a bullet
            else:
                items.append(("paragraph", number, [line]))
        for kind, number, parts in items:
            collector.add(kind, " ".join(parts), level=1 if kind == "bullet" else 0, line=number)
    if not collector.blocks:
        raise IngestError("no text found", file=file, hint="the file has no paragraphs")
    return CopyDocument(doc_id=doc_id, title=title, blocks=collector.blocks, source=source)


def _is_title(line: str) -> bool:
    words = line.split()
    return (
        0 < len(line) <= _TITLE_MAX_CHARS
        and len(words) <= _TITLE_MAX_WORDS
        and not line.endswith((".", ",", ";", ":"))
        and _BULLET.match(line) is None
    )


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def read_ads_csv(text: str, file: str, *, stem: str, source: str) -> list[CopyDocument]:
    """One ``ad`` document per row; ``headline`` is required (see docs/formats.md, "CSV of ads")."""
    first_line = next((line for line in split_lines(text) if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line), strict=False)
    docs: list[CopyDocument] = []
    try:
        header: list[str] | None = None
        header_line = 0
        row_start = 1
        for row in reader:
            line = row_start
            row_start = reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [normalise_ws(cell).lower().replace(" ", "_") for cell in row]
                header_line = line
                if "headline" not in header:
                    raise IngestError(
                        f"CSV has no 'headline' column (columns: {', '.join(filter(None, header)) or '-'})",
                        file=file,
                        line=line,
                        hint=f"the first row must name the columns: {_CSV_COLUMNS}",
                    )
                continue
            values = {name: normalise_ws(cell) for name, cell in zip(header, row, strict=False) if name}
            docs.append(_ad(values, len(docs) + 1, line, file=file, stem=stem, source=source))
    except csv.Error as exc:
        raise IngestError(
            f"malformed CSV: {exc}",
            file=file,
            line=reader.line_num or None,
            hint="check the quoting on that line",
        ) from None
    if header is None:
        raise IngestError(
            "CSV has no header row", file=file, hint=f"the first row must name the columns: {_CSV_COLUMNS}"
        )
    if not docs:
        raise IngestError(
            "CSV has a header but no ads", file=file, line=header_line, hint="add one ad per row"
        )
    return docs


def _ad(values: dict[str, str], number: int, line: int, *, file: str, stem: str, source: str) -> CopyDocument:
    headline = values.get("headline", "")
    if not headline:
        raise IngestError(
            f"ad {number} has an empty headline", file=file, line=line, hint="every row needs a headline"
        )
    blocks = [CopyBlock(kind="headline", text=headline, line=line)]
    for column in ("body", "description"):
        if values.get(column):
            blocks.append(CopyBlock(kind="body", text=values[column], heading=headline, line=line))
    if values.get("cta"):
        blocks.append(CopyBlock(kind="cta", text=values["cta"], heading=headline, line=line))
    ad_id = values.get("id") or str(number)
    return CopyDocument(
        doc_id=f"{stem}-{ad_id}",
        title=headline,
        doc_type="ad",
        campaign=values.get("campaign") or None,
        channel=values.get("channel") or None,
        blocks=blocks,
        source=source,
        metadata={k: v for k, v in values.items() if k not in _CSV_KNOWN and v},
    )
