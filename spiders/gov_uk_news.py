"""GOV.UK news and communications, found through the site search's Atom feed.

Known (GOV.UK's own rendering code, alphagov/finder-frontend,
alphagov/frontend and govuk_publishing_components at their August 2026
commits; no rendered page): the finder at ``/search/news-and-communications``
has an Atom version (``.atom``) taking the same query, here
``keywords=facial+recognition`` (``&organisations[]=home-office`` narrows it
to one department). Its entries carry ``id`` (``tag:www.gov.uk,2005:<path>``),
``updated`` (the public timestamp, London offset), ``link``, ``title`` and an
HTML ``summary``, and **no** ``published``; feeds are newest first, 20 entries.
Entries link to ``/government/news/...``, ``/government/speeches/...`` and the
like. Pages state their dates in ``govuk:first-published-at`` /
``govuk:public-updated-at`` meta tags (with offset; ``govuk:updated-at`` also
counts minor changes and is not used), the publishing department in
``govuk:primary-publishing-organisation`` and in the "From:" metadata
(``dl.gem-c-metadata__list``), the title in the heading component's
``h1.gem-c-heading__text`` (the "Press release" caption is a
``span.gem-c-heading__context`` beside or inside it), the standfirst in
``p.gem-c-lead-paragraph`` and the body in ``.gem-c-govspeak > .govspeak``;
the lead image, share links and "Published ..." dates sit outside it.

Because the feed is a search, every entry is fetched and judged on its page
(a hit on "recognition" alone, say for an award, is skipped there). The
publisher stored is the department, not GOV.UK; ministers named in "From:"
become the byline.
"""

from lfrwatch.spiders.base import ArticleSpider, first_text, local_datetime, paragraphs
from lfrwatch.spiders.contracts import article_contract, feed_contract


class GovUkNewsSpider(ArticleSpider):
    name = "gov_uk_news"
    publisher_from_page = True

    def article_overrides(self, response):
        lead = paragraphs(response, ".gem-c-lead-paragraph") or first_text(response, ".gem-c-lead-paragraph::text")
        body = paragraphs(response, ".govspeak", ".gem-c-govspeak", "#content article")
        people = [" ".join(a.split()) for a in
                  response.css('.gem-c-metadata a[href*="/government/people/"]::text').getall()]
        return {
            "title": first_text(response, "h1.gem-c-heading__text::text", "h1.gem-c-title__text::text",
                                "main h1::text"),
            "published": local_datetime(first_text(response, 'meta[name="govuk:first-published-at"]::attr(content)')),
            "updated": local_datetime(first_text(response, 'meta[name="govuk:public-updated-at"]::attr(content)')),
            "publisher": first_text(response, 'meta[name="govuk:primary-publishing-organisation"]::attr(content)',
                                    '.gem-c-metadata a[href*="/government/organisations/"]::text'),
            "author": ", ".join(people) or None,
            "text": "\n".join(part for part in (lead, body) if part) if body else None,
        }

    def check_feed(self, response):
        """The finder's Atom feed still lists results with links (``scrapy check gov_uk_news``).

        @url https://www.gov.uk/search/news-and-communications.atom?keywords=facial+recognition
        @returns requests 1
        """
        return feed_contract(self, response)

    def check_article(self, response):
        """A news page still reads: title, date, department and text.

        @url https://www.gov.uk/government/news/meet-the-data-quality-dimensions
        @returns items 1 1
        @scrapes title published publisher text
        """
        return article_contract(self, response)
