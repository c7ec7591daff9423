"""``kennan report`` (one offline HTML file) and ``kennan export`` (JSON, JSON lines, CSV, GraphML)."""

from __future__ import annotations

import sys

import click

from ..report.export import FORMATS, WHATS
from ..store import open_store
from ._options import db_option


@click.command()
@db_option
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False),
              help="The HTML file to write (for example report.html).")
@click.option("--trace", "trace_ids", multiple=True, help="Only this stored trace (repeat for more; default: all).")
@click.option("--narratives", default=10, show_default=True, type=click.IntRange(0, 1000),
              help="How many of the largest narratives to include.")
def report(db, output, trace_ids, narratives):
    """Write one self-contained HTML report: traces hop by hop, narratives, documents.

    The file needs no network and runs no script: send it to anyone.
    """
    from ..report.html import write_report

    with open_store(db) as store:
        res = write_report(store, output, trace_ids=list(trace_ids) or None, narratives=narratives)
    click.echo(f"report written to {res['path']}: {res['traces']} trace(s), {res['narratives']} narrative(s), "
               f"{res['documents']} document(s); open it in any browser (no network needed), "
               f"or explore the store with `kennan serve --db {db}`")


@click.command()
@db_option
@click.option("--what", type=click.Choice(WHATS), required=True, help="Which rows to export.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True,
              help="json (one array), jsonl (one object a line), csv (nested values as JSON), graphml (Gephi).")
@click.option("-o", "--output", "output", default="-", show_default=True,
              type=click.Path(dir_okay=False, allow_dash=True), help="File to write; - for standard output.")
def export(db, what, fmt, output):
    """Export documents, statements, actors, narratives or hops, streamed, with no size cap.

    For pandas: --format csv or jsonl. For Gephi: --format graphml.
    """
    from ..report.export import export as run_export

    with open_store(db) as store:
        if output == "-":
            n = run_export(store, what, fmt, sys.stdout)
        else:
            with open(output, "w", encoding="utf-8", newline="") as fh:
                n = run_export(store, what, fmt, fh)
    if output != "-":
        unit = "nodes" if fmt == "graphml" else "rows"
        click.echo(f"exported {n} {unit} of {what} to {output} ({fmt})", err=True)


COMMANDS = [report, export]
