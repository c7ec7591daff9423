"""``kennan docs``, ``show``, ``search``, ``stats``, ``failures``."""

from __future__ import annotations

import json

import click

from ..store import DocumentFilter, open_store
from ._options import db_option
from ._output import emit, limit_value, output_options


@click.command()
@db_option
@click.option("--outlet", help="Only this outlet.")
@click.option("--lang", help="Only this language code.")
@click.option("--since", help="Published on or after (ISO date).")
@click.option("--until", help="Published on or before (ISO date).")
@output_options()
def docs(db, outlet, lang, since, until, fmt, limit):
    """List stored documents, oldest first."""
    store = open_store(db)
    rows = ({"id": d.id, "published": d.published, "lang": d.lang, "outlet": d.outlet, "title": d.title,
             "format": d.format, "url": d.url, "source": d.source_path, "record": d.record_index}
            for d in store.iter_documents(DocumentFilter(outlet, lang, since, until), limit_value(limit)))
    emit(rows, fmt, columns=["id", "published", "lang", "outlet", "title", "format"] if fmt == "table" else None,
         widths={"title": 60, "outlet": 28})


@click.command()
@click.argument("doc_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="The whole record as JSON.")
def show(doc_id, db, as_json):
    """Show one document (id or unique id prefix) with its metadata and text."""
    d = open_store(db).get_document(doc_id)
    rec = {k: getattr(d, k) for k in d.__slots__}
    if as_json:
        click.echo(json.dumps(rec, ensure_ascii=False, indent=2))
        return
    for k, v in rec.items():
        if k != "text" and v is not None:
            click.echo(f"{k:17} {v}")
    click.echo("")
    click.echo(d.text)


@click.command()
@click.argument("query")
@db_option
@click.option("--raw", is_flag=True, help="Pass FTS5 query syntax through (AND, OR, NEAR, \"phrases\").")
@output_options(default_limit=20)
def search(query, db, raw, fmt, limit):
    """Full-text search (BM25); matched words are shown in [brackets]."""
    hits = open_store(db).search(query, limit=limit_value(limit) or 1000, raw=raw)
    rows = ({"id": h.doc_id, "score": h.score, "published": h.published, "outlet": h.outlet, "title": h.title,
             "snippet": h.snippet} for h in hits)
    n = emit(rows, fmt, widths={"snippet": 90, "title": 40, "outlet": 20})
    if n == 0 and fmt == "table":
        click.echo(f"no document matches {query!r}", err=True)


@click.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="As one JSON object.")
def stats(db, as_json):
    """Counts of documents, failures and derived rows; languages, outlets, formats, dates."""
    s = open_store(db).stats()
    if as_json:
        click.echo(json.dumps(s, ensure_ascii=False, indent=2))
        return
    for k, v in s.items():
        if isinstance(v, dict):
            click.echo(f"{k}:")
            for kk, vv in v.items():
                click.echo(f"  {kk:30} {vv}")
        else:
            click.echo(f"{k:18} {v if not isinstance(v, list) else ' .. '.join(map(str, v))}")


@click.command()
@db_option
@output_options()
def failures(db, fmt, limit):
    """Inputs that could not be ingested, with the reason and the fix."""
    rows = ({"path": f.path, "record": f.record_index, "code": f.code, "message": f.message, "at": f.at}
            for f in open_store(db).iter_failures(limit_value(limit)))
    emit(rows, fmt, widths={"message": 100, "path": 50})
