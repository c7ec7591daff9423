"""``kennan serve``: the web UI over a store."""

from __future__ import annotations

import click

from ._options import db_option


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. Anything but loopback needs --token.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0 picks a free one).")
@click.option("--token", envvar="KENNAN_TOKEN", default=None,
              help="Access token every request must carry (or set $KENNAN_TOKEN); required off loopback.")
@click.option("--cache-size", default=256, show_default=True, type=click.IntRange(0, 100000),
              help="Rendered pages kept until the store changes (0 turns the cache off).")
def serve(db, host, port, token, cache_size):
    """Serve the web UI: search, documents, statements, actors, narratives, trace, failures, stats.

    Every page has a JSON twin (add .json to its path). Stop with Ctrl-C.
    """
    import uvicorn

    from ..web import create_app
    from ..web.security import check_bind, is_loopback, loopback_hosts, resolve_token

    token = resolve_token(token)
    check_bind(host, token)
    allowed = None if token else loopback_hosts()
    app = create_app(db, token=token, allowed_hosts=allowed, cache_size=cache_size)
    sock = bind_socket(host, port)
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"kennan: serving {db} at http://{shown}:{port}/ (Ctrl-C to stop)", err=True)
    if token:
        click.echo("kennan: every request needs the token: open a page once with ?token=TOKEN, "
                   "or send `Authorization: Bearer TOKEN`", err=True)
    if not is_loopback(host):
        click.echo("kennan: this address is reachable from other machines; traffic is plain HTTP", err=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False, server_header=False,
                            proxy_headers=False, lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])


def bind_socket(host: str, port: int):
    """A listening TCP socket on ``host:port`` (port 0: a free one), as uvicorn would bind it."""
    import socket

    from ..errors import ConfigError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ConfigError(f"cannot listen on {host}:{port} ({exc.strerror}); pass another --port (0 picks a free one) "
                          "or --host", code="C043") from exc
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


COMMANDS = [serve]
