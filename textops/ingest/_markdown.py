"""Markdown copy, read from markdown-it-py tokens, with an optional ``---`` front matter."""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from textops.errors import IngestError
from textops.types import CopyDocument

from ._blocks import BlockCollector
from ._common import split_lines
from ._html import visible_text

__all__ = ["read_markdown"]

_FRONT_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w\-]*)\s*:\s*(?P<value>.*)$")
_DOC_FIELDS = ("title", "campaign", "channel", "doc_type")
_MD = MarkdownIt("commonmark").enable("table")


def _front_matter(lines: Sequence[str]) -> tuple[dict[str, str], int]:
    """The ``key: value`` pairs of a front matter block and the number of lines it spans (0 if none)."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    values: dict[str, str] = {}
    for i, line in enumerate(lines[1:], start=1):
        stripped = line.strip()
        if stripped in ("---", "..."):
            return values, i + 1
        if not stripped or stripped.startswith("#"):
            continue
        m = _FRONT_KEY.match(stripped)
        if m is None:
            return {}, 0  # not front matter after all: a thematic break followed by text
        value = m.group("value").strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[m.group("key").lower().replace("-", "_")] = value
    return {}, 0


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "image":
            parts.append(child.content)  # the alt text
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def read_markdown(text: str, file: str, *, doc_id: str, source: str) -> CopyDocument:
    """Headings, paragraphs and list items as blocks; front matter sets title, campaign, channel, doc_type."""
    lines = split_lines(text)
    front, skip = _front_matter(lines)
    body = "\n".join([""] * skip + list(lines[skip:]))  # blank out the front matter, keep line numbers
    collector = BlockCollector()
    containers: list[str] = []  # the types of the open block tokens: "heading_open", "list_item_open", ...
    row: list[str] = []
    row_line: int | None = None
    heading_level = 1
    for token in _MD.parse(body):
        line = token.map[0] + 1 if token.map else None
        if token.type == "heading_open":
            heading_level = int(token.tag[1:]) if token.tag[1:].isdigit() else 1
        if token.nesting == 1:
            containers.append(token.type)
            if token.type == "tr_open":
                row, row_line = [], line
        elif token.nesting == -1:
            if containers:
                containers.pop()
            if token.type == "tr_close":
                collector.add("paragraph", " | ".join(c for c in row if c), line=row_line)
        elif token.type == "inline":
            content = _inline_text(token)
            parent = containers[-1] if containers else ""
            if parent == "heading_open":
                collector.add("heading", content, level=heading_level, line=line)
            elif parent in ("th_open", "td_open"):
                row.append(content.strip())
            elif "list_item_open" in containers:
                collector.add("bullet", content, level=containers.count("list_item_open"), line=line)
            else:
                collector.add("paragraph", content, line=line)
        elif token.type == "html_block":
            collector.add("paragraph", visible_text(token.content, file), line=line)
    if not collector.blocks:
        raise IngestError(
            "no text found in the Markdown", file=file, hint="the file has no headings or paragraphs"
        )
    doc = CopyDocument(
        doc_id=doc_id,
        title=front.get("title") or collector.first_heading(1),
        campaign=front.get("campaign") or None,
        channel=front.get("channel") or None,
        blocks=collector.blocks,
        source=source,
        metadata={k: v for k, v in front.items() if k not in _DOC_FIELDS and v},
    )
    if front.get("doc_type"):
        doc.doc_type = front["doc_type"]
    return doc
