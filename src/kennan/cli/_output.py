"""Output formats, defined once for every listing command."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from collections.abc import Iterable

import click

from ..report.streams import write_json_array, write_jsonl

FORMATS = ("table", "json", "nl", "csv")


def output_options(default_limit: int | None = 100):
    """Decorator adding ``--json --nl --csv --table --limit`` to a command."""

    def deco(fn):
        fn = click.option("--limit", type=int, default=default_limit, show_default=True,
                          help="At most this many rows (0 for all).")(fn)
        fn = click.option("--table", "-t", "fmt", flag_value="table", default=True,
                          help="Aligned text table (default).")(fn)
        fn = click.option("--csv", "fmt", flag_value="csv", help="CSV with a header row.")(fn)
        fn = click.option("--nl", "fmt", flag_value="nl", help="One JSON object per line.")(fn)
        fn = click.option("--json", "fmt", flag_value="json", help="One JSON array.")(fn)
        return fn

    return deco


def limit_value(limit: int | None) -> int | None:
    return None if not limit or limit <= 0 else limit


def emit(rows: Iterable[dict], fmt: str, *, columns: list[str] | None = None, out=None,
         widths: dict[str, int] | None = None) -> int:
    """Write rows in ``fmt``; JSON forms stream. Returns the number of rows."""
    out = out or sys.stdout
    if fmt == "nl":
        return write_jsonl(rows, out)
    if fmt == "json":
        return write_json_array(rows, out)
    rows = list(rows)
    cols = columns or (list(rows[0]) if rows else [])
    if fmt == "csv":
        w = csv.DictWriter(out, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: _cell(r.get(c), None) for c in cols})
        return len(rows)
    if not rows:
        return 0
    widths = widths or {}
    term = shutil.get_terminal_size((160, 24)).columns
    cells = [[_cell(r.get(c), widths.get(c, 60)) for c in cols] for r in rows]
    size = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    line = "  ".join(c.ljust(size[i]) for i, c in enumerate(cols))
    out.write(line[:term].rstrip() + "\n")
    out.write("  ".join("-" * s for s in size)[:term] + "\n")
    for row in cells:
        out.write("  ".join(v.ljust(size[i]) for i, v in enumerate(row))[: max(term, 80)].rstrip() + "\n")
    return len(rows)


def _cell(value, width: int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, dict)):
        value = json.dumps(value, ensure_ascii=False)
    s = str(value).replace("\n", " ")
    if width and len(s) > width:
        s = s[: width - 1] + "…"
    return s


def to_string(rows: Iterable[dict], fmt: str, **kw) -> str:
    buf = io.StringIO()
    emit(rows, fmt, out=buf, **kw)
    return buf.getvalue()
