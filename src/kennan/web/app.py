"""The kennan web UI: a Starlette app with Jinja2 templates, served by uvicorn.

Why this stack: Starlette is small (its only dependency is anyio) and real:
routing with path parameters, static files, a lifespan hook, and an
in-process test client, so tests run the app without a socket. Synchronous
endpoints run in its thread pool, which suits blocking SQLite reads (each
worker thread gets its own connection; WAL lets them read at once). Jinja2
gives autoescaping on every template. uvicorn (with the pure-Python h11
parser) is the standard ASGI server. The stdlib's wsgiref would need a
hand-written router, static file handling, a thread pool and a test client,
and serves HTTP/1.0 one request at a time: more code to get wrong.

Every page is a *view*: a function of the request that returns a
:class:`~kennan.web.views.Page` (template + JSON-ready data). The same view
answers ``/docs/ID`` (HTML) and ``/docs/ID.json`` or ``/docs/ID?format=json``
(JSON), so the two can never disagree. Errors (400, 401, 404, 500) have one
shape in both forms: ``{"error": {"status", "code", "message"}}``.
"""

from __future__ import annotations

import json
import logging
import threading
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import ConfigError, KennanError, NotFound, WebError
from ..report.data import STAGE_COMMAND, available
from ..report.markup import link, shorten
from ..store import open_store
from . import views, views_stage
from .cache import PageCache
from .security import Guard
from .views import Ctx, Page

log = logging.getLogger(__name__)
HERE = Path(__file__).parent

#: (path, view, nav label or None, stage the view needs or None)
PAGES: list[tuple[str, object, str | None, str | None]] = [
    ("/", views.home, "Search", None),
    ("/search", views.home, None, None),
    ("/docs", views.documents, "Documents", None),
    ("/docs/{doc_id}", views.document, None, None),
    ("/statements", views_stage.statements, "Statements", "statements"),
    ("/statements/{statement_id}", views_stage.statement, None, "statements"),
    ("/actors", views_stage.actors, "Actors", "actors"),
    ("/actors/{actor_id}", views_stage.actor, None, "actors"),
    ("/narratives", views_stage.narratives, "Narratives", "narratives"),
    ("/narratives/{narrative_id}", views_stage.narrative, None, "narratives"),
    ("/traces", views_stage.traces, "Traces", "trace"),
    ("/trace/{trace_id}", views_stage.trace, None, "trace"),
    ("/failures", views.failures, "Failures", None),
    ("/stats", views.stats, "Stats", None),
]


class StorePool:
    """One store connection per worker thread, all on the same file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list = []

    def get(self):
        """This thread's store, opened on first use."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.path)
            self._local.store = store
            with self._lock:
                self._all.append(store)
        return store

    def close_all(self) -> None:
        """Close every connection (at shutdown)."""
        with self._lock:
            for s in self._all:
                try:
                    s.close()
                except Exception:  # closing a connection of a finished thread
                    pass
            self._all.clear()


def make_env() -> Environment:
    """The Jinja2 environment: autoescape on for every template, strict undefined."""
    env = Environment(loader=PackageLoader("kennan.web", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(link=link, u=url, stage_command=STAGE_COMMAND)
    env.filters["shorten"] = shorten
    env.filters["day"] = lambda v: (str(v)[:10] if v else "")
    env.filters["pct"] = lambda v: f"{100 * float(v):.0f}%"
    return env


def url(path: str, /, **params) -> str:
    """``path`` with the non-empty ``params`` as a query string (a parameter may be called ``path``)."""
    q = {k: v for k, v in params.items() if v not in (None, "", False)}
    return path + ("?" + urlencode(q, doseq=True) if q else "")


def json_path(path: str) -> str:
    """The JSON twin of a page path (``/`` becomes ``/index.json``)."""
    return "/index.json" if path == "/" else path + ".json"


def create_app(db: str, *, token: str | None = None, allowed_hosts: tuple[str, ...] | None = None,
               cache_size: int = 256) -> Guard:
    """The ASGI app serving the store at ``db`` (a Starlette app inside the :class:`Guard`).

    ``token``: every request must carry it (see :mod:`kennan.web.security`).
    ``allowed_hosts``: accepted ``Host`` header names (``None``: any).
    ``cache_size``: rendered pages kept until the store changes (0: none; see
    :mod:`kennan.web.cache`). Raises
    :class:`ConfigError` ``C042`` when ``db`` does not exist.
    """
    if not Path(db).is_file():
        raise ConfigError(f"no store at {db!r}: build one with `kennan ingest PATH --db {db}` or pass --db",
                          code="C042")
    pool = StorePool(db)
    cache = PageCache(cache_size)
    features = available(pool.get())
    env = make_env()
    nav = [(path, label) for path, _, label, need in PAGES if label and (need is None or need in features)]
    store_name = Path(db).name

    def render(request: Request, page: Page, fmt: str) -> Response:
        if fmt == "json":
            return _json(page.data, page.status)
        tpl = env.get_template(page.template)
        here = request.url.path
        query = {k: v for k, v in request.query_params.items() if k not in ("format", "token")}
        twin = json_path(here[:-5] if here.endswith(".json") else here)
        html = tpl.render(page=page, data=page.data, view=page.view, nav=nav, features=features,
                          store_name=store_name, json_url=url(twin, **query), here=here)
        return HTMLResponse(html, status_code=page.status)

    def error_page(fmt: str, status: int, code: str, message: str) -> Response:
        data = {"error": {"status": status, "code": code, "message": message}}
        if fmt == "json":
            return _json(data, status)
        tpl = env.get_template("error.html")
        return HTMLResponse(tpl.render(page=Page("error.html", f"Error {status}", data, status=status), data=data,
                                       view={}, nav=nav, features=features, store_name=store_name,
                                       json_url="", here=""), status_code=status)

    def endpoint(view, need: str | None, json_variant: bool):
        def run(request: Request) -> Response:
            fmt = "json" if json_variant else request.query_params.get("format", "html")
            if fmt not in ("html", "json"):
                return error_page("html", 400, "W400", f"unknown format {fmt!r}; use format=html or format=json")
            if need is not None and need not in features:
                return error_page(fmt, 404, "W404", f"this kennan has no {need} stage; upgrade kennan, then run "
                                                    f"`{STAGE_COMMAND[need]}`")
            store = pool.get()
            # Page cache, invalidated by the store's data_version (SQLite); other backends skip it.
            conn = getattr(store, "conn", None)
            gen = cache.observe(conn) if (cache.size and conn is not None) else None
            key = (fmt, request.url.path, tuple(sorted(request.query_params.multi_items())))
            if gen is not None:
                hit = cache.get(key, gen)
                if hit is not None:
                    return Response(hit[0], status_code=200, media_type=hit[1])
            try:
                page = view(Ctx(request, store, features), **request.path_params)
            except NotFound as exc:
                return error_page(fmt, 404, exc.code, exc.message)
            except WebError as exc:
                return error_page(fmt, exc.status, exc.code, exc.message)
            except KennanError as exc:
                return error_page(fmt, 400, exc.code, exc.message)
            except Exception:
                log.exception("error serving %s", request.url.path)
                return error_page(fmt, 500, "W500", "internal error; the server log has the details")
            resp = render(request, page, fmt)
            if gen is not None and resp.status_code == 200:
                cache.put(key, gen, (resp.body, resp.media_type))
            return resp

        run.__name__ = getattr(view, "__name__", "view")
        return run

    routes: list = []
    for path, view, _, need in PAGES:
        # The .json route first: the plain one's {param} would swallow the suffix.
        routes.append(Route(json_path(path), endpoint(view, need, True), methods=["GET", "HEAD"]))
        routes.append(Route(path, endpoint(view, need, False), methods=["GET", "HEAD"]))
    routes.append(Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"))

    def wants_json(request_or_scope) -> str:
        scope = request_or_scope if isinstance(request_or_scope, dict) else request_or_scope.scope
        path = scope.get("path", "")
        qs = scope.get("query_string", b"").decode("latin-1")
        accept = dict(scope.get("headers", [])).get(b"accept", b"").decode("latin-1")
        if path.endswith(".json") or "format=json" in qs or accept.startswith("application/json"):
            return "json"
        return "html"

    async def http_error(request: Request, exc: HTTPException) -> Response:
        status = exc.status_code
        code = {404: "W404", 405: "W405"}.get(status, f"W{status}")
        msg = {404: f"no page at {request.url.path!r}; start from / or see /stats",
               405: "only GET is served; this UI does not change the store"}.get(status, str(exc.detail))
        return error_page(wants_json(request), status, code, msg)

    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return error_page(wants_json(request), 500, "W500", "internal error; the server log has the details")

    async def guard_error(scope, status, code, message):
        resp = error_page(wants_json(scope), status, code, message)
        return resp.status_code, list(resp.raw_headers), resp.body

    @asynccontextmanager
    async def lifespan(app):
        yield
        pool.close_all()

    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={HTTPException: http_error, Exception: server_error})
    app.state.pool = pool
    app.state.features = features
    app.state.cache = cache
    return Guard(app, token=token, allowed_hosts=allowed_hosts, render_error=guard_error)


def _json(data: dict, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False, default=str, indent=1)
    return Response(body, status_code=status, media_type="application/json")
