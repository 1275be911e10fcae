"""Text read from an article page by CSS selectors, shared by the spiders: :func:`first_text` (the first
selector that matches something), :func:`paragraphs` (body text, one paragraph per line) and
:func:`without_lines` (the text without a site's furniture lines).
"""

from __future__ import annotations

import re


def first_text(response, *selectors: str) -> str | None:
    """The text of the first selector that matches something non-blank."""
    for selector in selectors:
        for value in response.css(selector).getall():
            value = " ".join(value.split())
            if value:
                return value
    return None


def paragraphs(response, *containers: str, skip: tuple[str, ...] = ()) -> str | None:
    """Body text as one paragraph per line, from the first container selector that has any.

    Every element the selector matches is read in page order (a site that
    splits its body into several text blocks), nested matches once. Only
    ``p``, list items, headings and block quotes inside are read, so share
    buttons, figures and inline promos in ``div``/``aside`` stay out, as do
    blocks whose class contains one of ``skip`` (a site's ad slots).
    """
    skipped = "".join(f" or contains(@class, '{name}')" for name in skip)
    for container in containers:
        nodes = response.css(container)
        if not nodes:
            continue
        roots = {id(n.root) for n in nodes}
        nodes = [n for n in nodes if not any(id(a) in roots for a in n.root.iterancestors())]
        lines = []
        for node in (p for container_node in nodes for p in container_node.xpath(
                ".//*[self::p or self::li or self::h2 or self::h3 or self::blockquote]"
                "[not(ancestor::aside) and not(ancestor::figure) and not(ancestor::nav)"
                " and not(ancestor::*[contains(@class, 'related') or contains(@class, 'share')"
                " or contains(@class, 'promo') or contains(@class, 'newsletter')" + skipped + "])]")):
            if node.xpath("ancestor::p|ancestor::li"):
                continue  # nested inside a paragraph or list item already read
            if node.root.tag == "blockquote" and node.xpath(".//p|.//li"):
                continue  # its paragraphs are read on their own
            line = " ".join("".join(node.xpath(".//text()").getall()).split())
            if line:
                lines.append(line)
        if lines:
            return "\n".join(lines)
    return None


def without_lines(text: str | None, furniture: re.Pattern) -> str | None:
    """``text`` without the lines whose stripped text ``furniture`` finds (a site's boxes and labels); None when
    nothing else is left."""
    lines = [line for line in (text or "").splitlines() if not furniture.search(line.strip())]
    return "\n".join(lines) or None
