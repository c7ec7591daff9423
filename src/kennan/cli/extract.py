"""``kennan extract`` and ``kennan statements``."""

from __future__ import annotations

import json
import sys

import click

from ..extract import ExtractOptions, extract_store
from ..extract.nlp import DEFAULT_EN_MODEL
from ..store import StatementFilter, open_store
from ._options import db_option
from ._output import emit, limit_value, output_options


def _progress():
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        sys.stderr.write(f"\r\x1b[K[{done}/{total}] extracting")
        sys.stderr.flush()

    return show


@click.command()
@db_option
@click.option("--model", default=DEFAULT_EN_MODEL, show_default=True, help="spaCy model for English.")
@click.option("--processes", "-p", type=int, default=None, help="Worker processes (default: all cores, max 2).")
@click.option("--force", is_flag=True, help="Redo documents already extracted by this method version.")
@click.option("--limit", type=int, default=None, help="At most this many documents.")
@click.option("--doc", "doc_ids", multiple=True, help="Only this document id (repeatable).")
@click.option("--crf", "crf_model", type=click.Path(dir_okay=False),
              help="A CRF tagger you built (bench/train_attribution.py) to add statements the rules miss.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def extract(db, model, processes, force, limit, doc_ids, crf_model, as_json):
    """Find who said what in documents not yet extracted (statements and actors).

    Incremental: only documents without a run of the current method version
    are read. Exit code 1 if some documents failed (see the report).
    """
    with open_store(db) as store:
        ids = None
        if doc_ids:
            ids = tuple(store.get_document(d).id for d in doc_ids)
        report = extract_store(store, ExtractOptions(model=model, processes=processes, force=force, limit=limit,
                                                     doc_ids=ids, crf_model=crf_model), progress=_progress())
    if sys.stderr.isatty():
        sys.stderr.write("\r\x1b[K")
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        click.echo(report.summary())
        for f in report.failures[:20]:
            click.echo(f"  failed {f['doc_id']}: [{f['code']}] {f['message']}", err=True)
    sys.exit(0 if report.ok else 1)


def statement_row(s, actors: dict) -> dict:
    a = actors.get(s.actor_id)
    return {"id": s.id, "said_on": s.said_on, "said_on_source": s.said_on_source, "kind": s.kind,
            "speaker": s.speaker, "actor_id": s.actor_id, "actor_kind": a.kind if a else None,
            "speaker_mention": s.speaker_mention, "cue": s.cue, "cue_lemma": s.cue_lemma, "strength": s.strength,
            "content": s.content, "is_question": s.is_question, "addressee": s.addressee,
            "addressee_actor_id": s.addressee_actor_id, "setting": s.setting, "doc_id": s.doc_id,
            "lang": s.lang, "speaker_span": s.speaker_span, "cue_span": s.cue_span,
            "content_spans": s.content_spans, "confidence": s.confidence, "method": s.method}


@click.command()
@db_option
@click.option("--actor", help="Only statements by (or questions to) this actor: id, name or alias.")
@click.option("--since", help="Said on or after (ISO date).")
@click.option("--until", help="Said on or before (ISO date).")
@click.option("--doc", help="Only this document (id or unique prefix).")
@click.option("--kind", type=click.Choice(["direct", "indirect", "mixed", "according_to", "question", "headline",
                                           "floating"]), help="Only this kind.")
@click.option("--lang", help="Only this language code.")
@output_options()
def statements(db, actor, since, until, doc, kind, lang, fmt, limit):
    """List extracted statements: who said what, when, with cue and evidence spans."""
    store = open_store(db)
    actors = {a.id: a for a in store.iter_actors()}
    rows = (statement_row(s, actors) for s in store.iter_statements(
        StatementFilter(actor=actor, since=since, until=until, doc=doc, kind=kind, lang=lang), limit_value(limit)))
    n = emit(rows, fmt, columns=["said_on", "kind", "speaker", "cue", "content", "doc_id"] if fmt == "table" else None,
             widths={"content": 80, "speaker": 24, "cue": 16, "doc_id": 16})
    if n == 0 and fmt == "table":
        click.echo("no statements; run `kennan extract` first (or loosen the filters)", err=True)


COMMANDS = [extract, statements]
