"""Who the desk answers: its own host names only, and changes only from its own page.

A page on another site cannot read the desk (the browser keeps origins apart) unless it
renames itself: by DNS rebinding, `evil.example` comes to point at 127.0.0.1 and the
browser sends `Host: evil.example`. The desk answers only to the names it listens on.

A page on another site can still send a request (a form posted across sites). A request
that may change something (any method but GET, HEAD and OPTIONS) must carry the token the
desk made at start and gave to its own page only, and come from the desk's own origin.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from layout.i18n import _

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
TOKEN_HEADER = "X-Desk-Token"


def host_names(host: str) -> frozenset[str]:
    """The names the desk answers to when listening on `host`: loopback's and `host`, as a
    browser writes it in a Host header (an IPv6 address in brackets)."""
    given = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return frozenset({*LOOPBACK_NAMES, given.lower()})


def host_allowed(header: str | None, names: frozenset[str]) -> bool:
    """Whether a Host header is one of `names`, with or without a port."""
    header = (header or "").lower()
    if header in names:
        return True
    name, _colon, port = header.rpartition(":")
    return name in names and port.isascii() and port.isdigit()


def refuse_change(headers: Headers, scheme: str, token: str) -> str | None:
    """Why a request that may change something is refused, or None when it may go on."""
    given = headers.get(TOKEN_HEADER, "").encode("latin-1")
    if not secrets.compare_digest(given, token.encode("latin-1")):
        return _("403 Forbidden: no valid {header} header; the desk's page sends it (reload "
                 "the page if the desk was started again)").format(header=TOKEN_HEADER)
    own = f"{scheme}://{headers.get('host', '')}".lower()
    if _origin(headers) != own:
        return _("403 Forbidden: a change must come from the desk's own origin, {origin}") \
            .format(origin=own)
    return None


def _origin(headers: Headers) -> str:
    """The origin a request says it comes from: Origin, or else the Referer's."""
    if "origin" in headers:
        return headers["origin"].lower()
    referer = urlsplit(headers.get("referer", ""))
    return f"{referer.scheme}://{referer.netloc}".lower()


class HostCheck:
    """Refuses with 421 any request whose Host header is not one of `names`."""

    def __init__(self, app: ASGIApp, names: frozenset[str]):
        self.app = app
        self.names = names
        self.refusal = _("421 Misdirected Request: this desk answers only to {names} (with "
                         "or without the port)").format(names=", ".join(sorted(names)))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not host_allowed(Headers(scope=scope).get("host"),
                                                          self.names):
            await PlainTextResponse(self.refusal, 421)(scope, receive, send)
            return
        await self.app(scope, receive, send)


class ChangeGuard:
    """Refuses with 403 any request that may change something without `token` and the
    desk's own origin."""

    def __init__(self, app: ASGIApp, token: str):
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS:
            refusal = refuse_change(Headers(scope=scope), scope["scheme"], self.token)
            if refusal:
                await PlainTextResponse(refusal, 403)(scope, receive, send)
                return
        await self.app(scope, receive, send)
