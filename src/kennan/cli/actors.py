"""``kennan actors`` and ``kennan actors import FILE``."""

from __future__ import annotations

import click

from ..extract import import_actors
from ..store import open_store
from ._options import db_option
from ._output import emit, limit_value, output_options


@click.group(invoke_without_command=True)
@db_option
@click.option("--kind", type=click.Choice(["person", "organisation", "outlet", "country", "bloc", "role",
                                           "unknown"]), help="Only this kind.")
@click.option("--name", help="Only actors whose name or an alias contains this.")
@output_options()
@click.pass_context
def actors(ctx, db, kind, name, fmt, limit):
    """List actors (speakers) with roles, aliases and statement counts."""
    if ctx.invoked_subcommand is not None:
        return
    store = open_store(db)
    counts = store.actor_statement_counts()
    rows = ({"id": a.id, "name": a.name, "kind": a.kind, "country": a.country,
             "roles": ["; ".join(x for x in (r.title, r.organisation, r.country) if x) for r in a.roles],
             "aliases": list(a.aliases), "statements": counts.get(a.id, 0), "source": a.source}
            for a in store.iter_actors(kind=kind, name=name, limit=limit_value(limit)))
    emit(rows, fmt, columns=["id", "name", "kind", "country", "statements", "roles"] if fmt == "table" else None,
         widths={"roles": 70, "name": 30})


@actors.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@db_option
def import_cmd(path, db):
    """Add or correct actors from a CSV/TSV/YAML file (name, kind, country, aliases, roles, descriptors).

    Run `kennan extract --force` afterwards to re-resolve stored statements.
    """
    store = open_store(db)
    n = import_actors(store, path)
    click.echo(f"imported {n} actors from {path}")


COMMANDS = [actors]
