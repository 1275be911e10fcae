"""The `lfrwatch` command: a thin click layer over the library.

Exit codes (a public contract, documented in the README):
0 success; 1 error (one line on stderr); 2 usage error; 3 partial: some
URLs, sources or files failed and the rest was done and stored; 4 the
database is locked by another run; and for `lfrwatch run` (lfrwatch/ops/runner.py)
5 another run holds the run lock, 6 a source is flagged broken.
"""

from __future__ import annotations

import click

from lfrwatch.cli import crawl, demo, history, nlp, ops, publish, records, store, timeline, verify


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="lfrwatch")
def cli():
    """lfrwatch: who claimed what about live facial recognition in the UK, when, and where.

    Crawl police, government, parliament, campaign and press sources, extract the
    figures and quotes they publish, and build a dated, sourced timeline.

    Example: lfrwatch demo
    """


#: Every command, by stage (crawl -> NLP -> store -> timeline -> records -> datasets -> unattended runs).
COMMANDS = (
    crawl.crawl, crawl.sources, history.backfill, history.import_warc,
    nlp.extract, nlp.analyze, nlp.eval_command,
    store.documents, store.claims, store.schema, store.search_command,
    timeline.timeline, timeline.conflicts_command, timeline.quotes_command,
    records.check_command, records.records_command,
    publish.export_command, publish.report_command, publish.serve_command, publish.record_command,
    ops.run_command, ops.cron_command, verify.verify_command,
    demo.demo,
)
for _command in COMMANDS:
    cli.add_command(_command)


def main() -> None:
    cli(prog_name="lfrwatch")


if __name__ == "__main__":
    main()
