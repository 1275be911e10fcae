"""GOV.UK news and communications, found through the site search's Atom feed.

Known: the finder at ``/search/news-and-communications`` has an Atom version
(``.atom``) taking the same query, here ``keywords=facial+recognition``
(``&organisations[]=home-office`` narrows it to one department). Entries link
to ``/government/news/...``, ``/government/speeches/...`` and the like. Pages
state their dates in ``govuk:first-published-at`` / ``govuk:public-updated-at``
meta tags (with offset), the publishing department in
``govuk:primary-publishing-organisation`` and in the "From:" metadata, the
title in ``h1.gem-c-title__text``, the standfirst in
``.gem-c-lead-paragraph`` and the body in ``.govspeak``.

Because the feed is a search, every entry is fetched and judged on its page
(a hit on "recognition" alone, say for an award, is skipped there). The
publisher stored is the department, not GOV.UK; ministers named in "From:"
become the byline.
"""

from lfrwatch.spiders.base import ArticleSpider, first_text, local_datetime, paragraphs


class GovUkNewsSpider(ArticleSpider):
    name = "gov_uk_news"
    publisher_from_page = True

    def article_overrides(self, response):
        lead = paragraphs(response, ".gem-c-lead-paragraph") or first_text(response, ".gem-c-lead-paragraph::text")
        body = paragraphs(response, ".govspeak", ".gem-c-govspeak", "#content article")
        people = [" ".join(a.split()) for a in
                  response.css('.gem-c-metadata a[href*="/government/people/"]::text').getall()]
        return {
            "title": first_text(response, "h1.gem-c-title__text::text", "main h1::text"),
            "published": local_datetime(first_text(response, 'meta[name="govuk:first-published-at"]::attr(content)')),
            "updated": local_datetime(first_text(response, 'meta[name="govuk:public-updated-at"]::attr(content)')),
            "publisher": first_text(response, 'meta[name="govuk:primary-publishing-organisation"]::attr(content)',
                                    '.gem-c-metadata a[href*="/government/organisations/"]::text'),
            "author": ", ".join(people) or None,
            "text": "\n".join(part for part in (lead, body) if part) if body else None,
        }
