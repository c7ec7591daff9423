"""Options shared by every command."""

from __future__ import annotations

import click

from ..config import DB_ENV, DEFAULT_DB


def db_option(fn):
    """``--db PATH`` (or ``$KENNAN_DB``), default ``kennan.db``."""
    return click.option("--db", "db", envvar=DB_ENV, default=DEFAULT_DB, show_default=True,
                        type=click.Path(dir_okay=False), help=f"Store file (or set ${DB_ENV}).")(fn)
