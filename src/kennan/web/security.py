"""Security for the web UI: response headers, the access token, the bind rule.

Ingested text is hostile, so pages are built to be safe even if escaping
failed somewhere: the Content-Security-Policy allows no script at all, no
inline style and no framing. The server binds to loopback by default; any
other address needs a token that every request carries, as
``Authorization: Bearer TOKEN``, or as ``?token=TOKEN`` once, which sets an
HttpOnly, SameSite=Strict session cookie and redirects to the same URL
without the token (so it does not linger in history or logs).

Without a token the server also checks the ``Host`` header against loopback
names, which stops DNS-rebinding pages from reading the store through a
victim's browser.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
from collections.abc import Awaitable, Callable
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode

from ..errors import ConfigError

TOKEN_ENV = "KENNAN_TOKEN"
COOKIE = "kennan_session"
MIN_TOKEN = 16
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")

#: No script anywhere; styles only from our own stylesheet; images ours or data:.
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")

HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


def is_loopback(host: str) -> bool:
    """Whether ``host`` names only this machine (``127.0.0.0/8``, ``::1``, ``localhost``)."""
    h = host.strip().strip("[]").lower()
    if h == "localhost":
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


def loopback_hosts() -> tuple[str, ...]:
    """``Host`` header names accepted when serving on loopback without a token."""
    return LOOPBACK_NAMES


def resolve_token(token: str | None) -> str | None:
    """The token from the option, else ``$KENNAN_TOKEN``, else ``None``."""
    return token or os.environ.get(TOKEN_ENV) or None


def check_bind(host: str, token: str | None) -> None:
    """Refuse to serve on a non-loopback address without a token of 16+ characters.

    Raises :class:`ConfigError` ``C040`` (no token) or ``C041`` (token too short).
    """
    if token is not None and len(token) < MIN_TOKEN:
        raise ConfigError(
            f"the token is {len(token)} characters; use at least {MIN_TOKEN}, for example "
            "`--token \"$(python -c 'import secrets; print(secrets.token_urlsafe(24))')\"`",
            code="C041",
        )
    if not is_loopback(host) and not token:
        raise ConfigError(
            f"refusing to serve on {host!r} without a token: anyone who can reach it could read the store; "
            f"pass --token TOKEN or set ${TOKEN_ENV}, or bind to 127.0.0.1 (the default)",
            code="C040",
        )


def session_value(token: str) -> str:
    """The cookie value for ``token``: an HMAC, so the cookie is not the token itself."""
    return hmac.new(token.encode(), b"kennan-web-session-v1", hashlib.sha256).hexdigest()


ErrorRenderer = Callable[[dict, int, str, str], Awaitable[tuple[int, list[tuple[bytes, bytes]], bytes]]]


class Guard:
    """ASGI middleware: security headers on every response, token and Host checks.

    ``render_error(scope, status, code, message)`` returns ``(status, headers, body)``
    in the app's one error shape (HTML or JSON as the request asks).
    """

    def __init__(self, app, *, token: str | None, allowed_hosts: tuple[str, ...] | None,
                 render_error: ErrorRenderer) -> None:
        self.app = app
        self.token = token
        self.session = session_value(token) if token else None
        self.allowed_hosts = allowed_hosts
        self.render_error = render_error

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secured(message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _OURS]
                message = {**message, "headers": headers + HEADERS}
            await send(message)

        problem = self._check(scope)
        if problem is None:
            await self.app(scope, receive, send_secured)
            return
        if problem == "redirect":
            await self._redirect_with_cookie(scope, send_secured)
            return
        status, code, msg = problem
        st, headers, body = await self.render_error(scope, status, code, msg)
        if st == 401:
            headers = headers + [(b"www-authenticate", b'Bearer realm="kennan"')]
        await send_secured({"type": "http.response.start", "status": st, "headers": headers})
        await send_secured({"type": "http.response.body", "body": body})

    def _check(self, scope) -> tuple[int, str, str] | str | None:
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        if self.allowed_hosts is not None:
            host = headers.get(b"host", b"").decode("latin-1")
            name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
            if name.strip("[]").lower() not in self.allowed_hosts:
                return (403, "W403", f"Host {host!r} is not served here; open the server by its loopback address "
                                     "(http://127.0.0.1:PORT/) or restart it with --token")
        if not self.token:
            return None
        auth = headers.get(b"authorization", b"").decode("latin-1")
        if auth[:7].lower() == "bearer " and hmac.compare_digest(auth[7:].strip().encode(), self.token.encode()):
            return None
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get(b"cookie", b"").decode("latin-1"))
        except Exception:  # a malformed cookie header is just no cookie
            cookie = SimpleCookie()
        if COOKIE in cookie and hmac.compare_digest(cookie[COOKIE].value.encode(), self.session.encode()):
            return None
        given = [v for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1")) if k == "token"]
        if given:
            if hmac.compare_digest(given[-1].encode(), self.token.encode()):
                return "redirect"
            return (401, "W402", "wrong token; open the URL the server's owner gave you, with ?token=TOKEN once")
        return (401, "W401", "this server needs a token: send `Authorization: Bearer TOKEN` or open any page "
                             "once with ?token=TOKEN (it sets a session cookie)")

    async def _redirect_with_cookie(self, scope, send) -> None:
        rest = [(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1"),
                                             keep_blank_values=True) if k != "token"]
        location = (scope.get("root_path", "") + scope["path"]) + ("?" + urlencode(rest) if rest else "")
        cookie = f"{COOKIE}={self.session}; HttpOnly; SameSite=Strict; Path=/"
        await send({"type": "http.response.start", "status": 303, "headers": [
            (b"location", location.encode("latin-1", "replace")),
            (b"set-cookie", cookie.encode()),
            (b"cache-control", b"no-store"),
            (b"content-length", b"0"),
        ]})
        await send({"type": "http.response.body", "body": b""})


_OURS = {k for k, _ in HEADERS}
