"""Ops: running lfrwatch unattended.

``runner`` is ``lfrwatch run``: it takes the run lock, crawls
(:mod:`lfrwatch.crawl`), extracts claims during and after the crawl
(:mod:`lfrwatch.nlp`), refreshes the timeline (:mod:`lfrwatch.timeline`),
records the run and each source's health (``health``) in the store, and says
what is new (through :mod:`lfrwatch.publish.notify`). ``logs`` keeps the rotating
log files; cron lines are written here too.
"""
