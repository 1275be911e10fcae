"""Ops: running lfrwatch unattended, and checking its data.

``runner`` is ``lfrwatch run``: it takes the run lock (``lock``), crawls
(:mod:`lfrwatch.crawl`), extracts claims during and after the crawl
(:mod:`lfrwatch.nlp`), refreshes the timeline (:mod:`lfrwatch.timeline`),
records the run and each source's health (``health``) in the store, and says
what is new (through :mod:`lfrwatch.publish.notify`); ``stopping`` turns
SIGTERM and Ctrl-C into a clean stop. ``logs`` keeps the rotating log files;
``cron`` writes cron lines. ``verify`` is ``lfrwatch verify``: it reads the
store, the WARC archive (:mod:`lfrwatch.crawl.archive`) and the HTTP cache,
and reports what is damaged. ``parentwatch`` makes a child process die with
its parent (the NLP's forked workers, the crawl and its article readers), so a
killed run leaves nothing behind.
"""
