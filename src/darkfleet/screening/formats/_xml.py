"""A small XML reader that keeps each element's line, so errors can say `file:line`.

Namespaces are dropped from tags (`{uri}Alias` becomes `Alias`): each list format has one.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from xml.parsers import expat

from darkfleet.errors import ScreeningError

LINE = "_line"


def parse_xml(data: bytes, path: Path) -> ET.Element:
    """Parse XML bytes into an element tree whose elements carry their line in `LINE`.

    Raises:
        ScreeningError: the XML is not well formed (names the line).
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    builder = ET.TreeBuilder()

    def start(tag: str, attrs: dict[str, str]) -> None:
        attrs = {k.rsplit(" ", 1)[-1]: v for k, v in attrs.items()}
        attrs[LINE] = str(parser.CurrentLineNumber)
        builder.start(tag.rsplit(" ", 1)[-1], attrs)

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda tag: builder.end(tag.rsplit(" ", 1)[-1])
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise ScreeningError(f"malformed XML: {expat.errors.messages[error.code]}", path=path,
                             line=error.lineno) from error
    return builder.close()


def line_of(element: ET.Element) -> int | None:
    value = element.get(LINE)
    return int(value) if value else None


def text_of(element: ET.Element | None, child: str) -> str | None:
    """The stripped text of `element`'s first `child`, or None when missing or empty."""
    if element is None:
        return None
    found = element.find(child)
    if found is None or found.text is None:
        return None
    text = " ".join(found.text.split())
    return text or None


def require(element: ET.Element, child: str, path: Path) -> str:
    """Like `text_of`, but a missing value is an error naming the element's line.

    Raises:
        ScreeningError: `child` is missing or empty.
    """
    value = text_of(element, child)
    if value is None:
        raise ScreeningError(f"<{element.tag}> has no <{child}>", path=path,
                             line=line_of(element))
    return value
