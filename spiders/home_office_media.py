"""Home Office in the media (homeofficemedia.blog.gov.uk), a WordPress blog on blog.gov.uk.

Known: it is WordPress, so the RSS is at ``/feed/`` with each post's full
``content:encoded``; posts live at ``/<yyyy>/<mm>/<dd>/<slug>/``. Most posts
are rebuttals of press coverage and factsheets; entries are judged on title,
summary, categories and full content before a page is fetched.

Assumed: the blog.gov.uk theme marks posts with WordPress's usual classes
(``entry-title``, ``entry-content``, ``entry-meta`` with "Posted by: ...,
Posted on: <date>"). The page shows only the day, so the time comes from the
feed's pubDate, expressed in London time.
"""

from lfrwatch.spiders.base import WordPressSpider


class HomeOfficeMediaSpider(WordPressSpider):
    name = "home_office_media"
