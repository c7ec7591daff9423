"""``kennan trace`` and ``kennan traces``."""

from __future__ import annotations

import json
import click

from ..store import open_store
from ._options import db_option
from ._output import emit, limit_value, output_options


@click.command()
@click.argument("claim", required=False)
@db_option
@click.option("--narrative", "narrative_id", help="Trace this narrative (id from `kennan narratives`).")
@click.option("--statement", "statement_id", help="Trace the narrative holding this statement.")
@click.option("--trace-id", help="Show a stored trace instead of tracing again.")
@click.option("--json", "as_json", is_flag=True, help="The whole trace as JSON.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), help="Also write a self-contained HTML report.")
@click.option("--no-drift", is_flag=True, help="Skip drift scoring of the hops.")
def trace(claim, db, narrative_id, statement_id, trace_id, as_json, html_path, no_drift):
    """Trace a claim to its earliest telling and primary source, hop by hop.

    Give the claim's words ("the West wants to use Russia against China"), or
    --narrative ID, or --statement ID. Prints the provenance tree with each
    hop's evidence, confidence and drift findings.
    """
    from ..pipeline import trace_claim
    from ..report.html import write_report
    from ..report.trace_view import hop_text_lines, trace_view

    if sum(x is not None for x in (claim, narrative_id, statement_id, trace_id)) != 1:
        raise click.UsageError("give exactly one of CLAIM, --narrative, --statement or --trace-id")
    store = open_store(db)
    tid = trace_id or trace_claim(store, claim=claim, narrative_id=narrative_id, statement_id=statement_id,
                                  drift=not no_drift)
    view = trace_view(store, tid)
    if html_path:
        write_report(store, html_path, trace_ids=[tid], narratives=0, documents=0)
    if as_json:
        out = {k: v for k, v in view.items() if k != "doc_texts"}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        click.echo(f"trace {view['id']}" + (f" of narrative {view['narrative_id']}" if view["narrative_id"] else ""))
        for line in hop_text_lines(view):
            click.echo(line)
        if html_path:
            click.echo(f"\nHTML report written to {html_path} (open it in any browser; it needs no network)")


@click.command()
@db_option
@output_options()
def traces(db, fmt, limit):
    """Stored traces, newest first."""
    rows = ({"id": r["id"], "narrative": r["narrative_id"], "query": r["query"], "hops": r["hops"],
             "primary": r["primary_id"], "created": r["created_at"], "method": r["method"]}
            for r in open_store(db).iter_traces(limit_value(limit)))
    emit(rows, fmt, widths={"query": 60})


COMMANDS = [trace, traces]
