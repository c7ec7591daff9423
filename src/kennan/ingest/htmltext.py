"""Text of an HTML fragment (feed entries), block elements on their own lines."""

from __future__ import annotations

import lxml.html
from lxml import etree

_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article"}


def html_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment; scripts and styles dropped, entities decoded."""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for bad in root.xpath(".//script|.//style|.//noscript"):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in _BLOCKS and el is not root:
            el.tail = "\n\n" + (el.tail or "")
    return root.text_content()
