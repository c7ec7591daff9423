"""The ``kennan`` command line: a thin shell over the library.

Exit codes: 0 success; 1 the command ran but some inputs failed (see
``kennan failures``); 2 usage or kennan errors (the message says the fix).
"""

from __future__ import annotations

import logging
import sys

import click

from ..errors import KennanError


class KennanGroup(click.Group):
    """Turns kennan errors into one-line messages and exit code 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KennanError as exc:
            click.echo(f"Error {exc}", err=True)
            sys.exit(2)


@click.group(cls=KennanGroup)
@click.version_option(package_name="kennan")
@click.option("-v", "--verbose", count=True, help="More log output on stderr.")
def main(verbose: int) -> None:
    """kennan: who said what, when, where a claim came from and how it changed."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def _register() -> None:
    """Register every command in one explicit place."""
    from . import docs, ingest

    for cmd in (ingest.ingest, docs.docs, docs.show, docs.search, docs.stats, docs.failures):
        main.add_command(cmd)
    for mod in _optional_modules():
        for cmd in mod.COMMANDS:
            main.add_command(cmd)


def _optional_modules():
    """Stage commands that exist once their stage is built."""
    import importlib

    mods = []
    for name in ("extract", "match", "trace", "report", "serve", "actors"):
        try:
            mods.append(importlib.import_module(f"{__name__}.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
    return mods


_register()
