"""``kennan ingest``."""

from __future__ import annotations

import sys
from dataclasses import asdict

import click

from ..config import DEFAULT_BATCH, DEFAULT_MAX_BYTES, FieldMap, IngestOptions
from ..ingest import ingest_paths
from ..ingest.formats import READERS
from ..store import open_store
from ._options import db_option


def _progress():
    if not sys.stderr.isatty():
        return None
    count = [0]

    def show(path: str) -> None:
        count[0] += 1
        sys.stderr.write(f"\r\x1b[K[{count[0]}] {path[-70:]}")
        sys.stderr.flush()

    return show


@click.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--outlet", help="Outlet name for every document (overrides metadata).")
@click.option("--lang", help="Language code for every document (skips detection).")
@click.option("--format", "fmt", type=click.Choice(sorted(READERS)), help="Force the input format.")
@click.option("--text-field", help="Export field holding the text (JSONL/JSON/CSV/TSV; a.b for nested).")
@click.option("--title-field", help="Export field holding the title.")
@click.option("--date-field", help="Export field holding the publication date.")
@click.option("--url-field", help="Export field holding the URL.")
@click.option("--outlet-field", help="Export field holding the outlet.")
@click.option("--author-field", help="Export field holding the author.")
@click.option("--lang-field", help="Export field holding the language.")
@click.option("--max-size", type=int, default=DEFAULT_MAX_BYTES, show_default=True,
              help="Refuse files larger than this many bytes (also after decompression).")
@click.option("--batch", type=int, default=DEFAULT_BATCH, show_default=True,
              help="Documents per transaction.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def ingest(paths, db, outlet, lang, fmt, text_field, title_field, date_field, url_field, outlet_field,
           author_field, lang_field, max_size, batch, as_json):
    """Read files, folders (recursively) and - (stdin) into the store.

    Formats: .txt/.md (YAML front matter), .html, .jsonl/.json/.csv/.tsv,
    RSS/Atom, WARC, and their .gz variants. Exit code 1 if anything failed.
    """
    fields = FieldMap(text=text_field, title=title_field, date=date_field, url=url_field,
                      outlet=outlet_field, author=author_field, lang=lang_field)
    opts = IngestOptions(outlet=outlet, lang=lang, fields=fields, max_bytes=max_size, batch=batch)
    with open_store(db) as store:
        report = ingest_paths(store, paths, opts, stdin=sys.stdin.buffer if "-" in paths else None,
                              force_format=fmt, progress=_progress())
    if sys.stderr.isatty():
        sys.stderr.write("\r\x1b[K")
    if as_json:
        import json

        click.echo(json.dumps({"files": report.files, "new": report.new, "unchanged": report.unchanged,
                               "failed": report.failed, "skipped_files": report.skipped_files,
                               "failures": [asdict(f) for f in report.failures]},
                              ensure_ascii=False))
    else:
        click.echo(report.summary())
        for f in report.failures[:20]:
            rec = f" record {f.record_index}" if f.record_index is not None else ""
            click.echo(f"  failed {f.path}{rec}: [{f.code}] {f.message}", err=True)
        if len(report.failures) > 20:
            click.echo(f"  ... and {len(report.failures) - 20} more: see `kennan failures`", err=True)
    sys.exit(0 if report.ok else 1)
