"""HTML copy: the visible text of a page, read with BeautifulSoup and the stdlib ``html.parser``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString, PageElement, PreformattedString
from bs4.exceptions import ParserRejectedMarkup

from textops.errors import IngestError
from textops.types import BlockKind, CopyDocument

from ._blocks import BlockCollector
from ._common import normalise_ws

__all__ = ["read_html", "visible_text"]

# fmt: off
_DROPPED = frozenset({  # never visible copy
    "script", "style", "template", "noscript", "nav", "footer", "head", "title", "svg", "iframe", "object",
    "canvas", "select", "option", "datalist", "textarea", "input", "map", "audio", "video",
})
_DROPPED_ROLES = frozenset({"navigation", "contentinfo"})
_DROPPED_NAMES = frozenset({  # class or id of navigation and footers
    "nav", "navbar", "navigation", "header-nav", "site-nav", "main-nav", "footer", "site-footer",
    "cookie-banner",
})
_BLOCKS = frozenset({  # elements that start a new block of text
    "address", "article", "aside", "blockquote", "body", "button", "caption", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "form", "header", "hgroup", "hr", "html", "legend",
    "li", "main", "menu", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul",
})
# fmt: on
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_CTA_CLASS = re.compile(r"\b(?:btn|button|cta)\b", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def _dropped(tag: Tag) -> bool:
    if tag.name in _DROPPED or tag.has_attr("hidden"):
        return True
    if tag.get("role") in _DROPPED_ROLES:
        return True
    names = {*tag.get_attribute_list("class"), *tag.get_attribute_list("id")}
    if any(isinstance(n, str) and n.lower() in _DROPPED_NAMES for n in names):
        return True
    style = tag.get("style")
    return isinstance(style, str) and _HIDDEN_STYLE.search(style) is not None


def _kind_of(tag: Tag) -> BlockKind:
    if tag.name == "li":
        return "bullet"
    if tag.name == "button" or (
        tag.name == "a" and _CTA_CLASS.search(" ".join(tag.get_attribute_list("class")))
    ):
        return "cta"
    return "paragraph"


def _events(root: Tag) -> Iterator[tuple[str, PageElement]]:
    """("start", tag), ("text", string), ("end", tag) in document order, without recursion.

    Dropped elements (scripts, navigation, hidden ones) and comments/doctypes are left out.
    """
    stack: list[tuple[Tag, Iterator[PageElement]]] = [(root, iter(list(root.children)))]
    while stack:
        tag, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if stack:
                yield "end", tag
            continue
        if isinstance(child, Tag):
            if not _dropped(child):
                yield "start", child
                stack.append((child, iter(list(child.children))))
        elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
            yield "text", child


def _is_block(tag: Tag) -> bool:
    return tag.name in _BLOCKS or tag.name in _HEADINGS or _kind_of(tag) == "cta"


def _collect(soup: Tag, collector: BlockCollector) -> None:
    buffer: list[str] = []
    context: list[tuple[BlockKind, int, int | None]] = [("paragraph", 0, None)]

    def flush() -> None:
        kind, level, line = context[-1]
        text = "".join(buffer)
        buffer.clear()
        collector.add(kind, text, level=level, line=line)

    for event, node in _events(soup):
        if event == "text":
            buffer.append(str(node))
            continue
        assert isinstance(node, Tag)
        if node.name == "br":
            buffer.append(" ")
        if not _is_block(node):
            continue
        flush()
        if event == "start":
            if node.name in _HEADINGS:
                context.append(("heading", _HEADINGS[node.name], node.sourceline))
            elif node.name == "li":
                depth = sum(1 for kind, _, _ in context if kind == "bullet") + 1
                context.append(("bullet", depth, node.sourceline))
            else:
                context.append((_kind_of(node), 0, node.sourceline))
        elif len(context) > 1:
            context.pop()
    flush()


def _soup(markup: str, file: str) -> BeautifulSoup:
    try:
        return BeautifulSoup(markup, "html.parser")
    except ParserRejectedMarkup as exc:
        raise IngestError(
            f"malformed HTML: {exc}", file=file, hint="check the markup, or save it as .txt"
        ) from None


def visible_text(markup: str, file: str) -> str:
    """The visible text of an HTML fragment, whitespace-normalised (used for HTML inside Markdown)."""
    collector = BlockCollector()
    _collect(_soup(markup, file), collector)
    return " ".join(b.text for b in collector.blocks)


def read_html(text: str, file: str, *, doc_id: str, source: str) -> CopyDocument:
    """Headings, list items and paragraphs of the visible text; ``<title>`` is the title."""
    soup = _soup(text, file)
    collector = BlockCollector()
    _collect(soup, collector)
    if not collector.blocks:
        raise IngestError(
            "no visible text in the HTML",
            file=file,
            hint="the page has no text outside scripts, styles, navigation and footers",
        )
    title_tag = soup.find("title")
    title = normalise_ws(title_tag.get_text()) if isinstance(title_tag, Tag) else ""
    metadata: dict[str, str] = {}
    description = soup.find("meta", attrs={"name": "description"})
    if isinstance(description, Tag) and isinstance(description.get("content"), str):
        metadata["description"] = normalise_ws(str(description["content"]))
    return CopyDocument(
        doc_id=doc_id,
        title=title or collector.first_heading(1),
        blocks=collector.blocks,
        source=source,
        metadata={k: v for k, v in metadata.items() if v},
    )
