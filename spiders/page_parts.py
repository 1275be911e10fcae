"""Page parts the shared helpers of base.py do not reach: boxes to leave out, and one element's whole text.

:func:`lfrwatch.spiders.base.paragraphs` leaves out blocks by element
(``aside``, ``figure``, ``nav``) and by class name, which misses sites whose
classes are hashed (the Standard's ``sc-…``) or whose boxes are marked by
attributes (``data-island-hydrate-component="NewsletterSignup"``, Sky's
embedded tweets, the BBC's lists of links inside a text block). A spider hands
:func:`without` the response and the selectors of what to drop, and reads the
copy it gets back with the usual ``first_text`` / ``paragraphs``.

``first_text(page, "p ::text")`` gives the first text node only, which cuts a
standfirst at its first link; :func:`whole_text` gives all of the element.
"""

from __future__ import annotations

from parsel import Selector


def without(response, *selectors: str, xpaths: tuple[str, ...] = ()) -> Selector:
    """A copy of the page with every element matching ``selectors`` (CSS) or ``xpaths`` removed, tails kept."""
    page = Selector(text=response.text, base_url=response.url)
    doomed = [node for selector in selectors for node in page.css(selector)]
    doomed += [node for xpath in xpaths for node in page.xpath(xpath)]
    for node in doomed:
        element = node.root
        parent = element.getparent()
        if parent is None:
            continue
        if element.tail:  # the text after the element belongs to its parent
            previous = element.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + element.tail
            else:
                parent.text = (parent.text or "") + element.tail
        parent.remove(element)
    return page


def whole_text(page, *selectors: str) -> str | None:
    """All the text of the first element a selector matches that has any, spacing folded."""
    for selector in selectors:
        for node in page.css(selector):
            text = " ".join("".join(node.xpath(".//text()").getall()).split())
            if text:
                return text
    return None
