"""The desk's web server: the page, its state as JSON, pushed updates, and the files.

Nothing is served by path from the disk: every address is looked up in a table of the
current build's outputs and sources, and anything else, including any `..` however it is
encoded, is 404; a file in the table is served only if it is still a regular file inside
the issue or the desk's folder, reached through no link (`files.py`). The desk answers only
to its own host names, and a request that may change something needs its page's token
(`guard.py`).

The desk speaks the language the server runs in. The page is rendered with its words in
that language (desk.html is a Jinja template whose texts are `_("…")` calls), and carries,
as JSON, the translation of every message desk.js uses: desk.js marks them `_("…")` as the
Python does, so that the catalogue's extraction finds them, and the server finds them in it
the same way (`script_messages`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import mimetypes
import os
import re
import secrets
import urllib.parse
from collections.abc import AsyncIterator, Callable, Iterator
from importlib import resources
from io import BufferedReader
from pathlib import Path

import jinja2
from sse_starlette.sse import EventSourceResponse
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route
from watchfiles import awatch

from layout import i18n
from layout.desk.changes import ChangeRefused, parse_change
from layout.desk.files import open_served
from layout.desk.guard import ChangeGuard, HostCheck, host_names
from layout.desk.history import EditConflict
from layout.desk.session import Desk
from layout.errors import LayoutError
from layout.i18n import _
from layout.manifest.editing import EditRefused
from layout.render.preview import preview_bytes

ASSETS = {"desk.js": "text/javascript", "desk.css": "text/css"}
CHUNK = 1 << 16
MAX_BODY = 1 << 16   # bytes: a change is a few hundred
PICTURE_DPI = frozenset({72, 96, 144, 192, 288, 384, 576})  # zooms 100 % and 200 % at 1x to 3x
HTML_LANGUAGES = {i18n.CHINESE: "zh-Hans", i18n.ENGLISH: "en"}
# A message desk.js translates: `_("…")` with a string literal in double quotes.
SCRIPT_MESSAGE = re.compile(r'(?<![\w$.])_\(\s*"((?:[^"\\\n]|\\.)*)"')
_TEMPLATES = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                                keep_trailing_newline=True)
_TEMPLATES.globals["_"] = _
_TEMPLATES.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}


def create_app(desk: Desk, host: str = "127.0.0.1", watch: bool = True) -> Starlette:
    """The desk's app, answering to loopback's names and `host` (the address it listens on)."""
    token = secrets.token_urlsafe(32)

    async def page(request: Request) -> Response:
        return _no_store(render_page(token), "text/html; charset=utf-8")

    async def ping(request: Request) -> Response:
        """Answers a change that passed the guard: the page checks its token with it."""
        return Response(status_code=204)

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ASSETS:
            raise HTTPException(404)
        return _no_store(_asset_text(name), ASSETS[name])

    async def state(request: Request) -> Response:
        return JSONResponse(desk.snapshot())

    async def events(request: Request) -> Response:
        async def stream() -> AsyncIterator[dict]:
            seen: tuple = ()
            while True:
                now = (desk.state.version, desk.state.proof_version, desk.state.proof_error,
                       desk.state.plates_error, tuple(desk.state.plates))
                if now != seen:
                    seen = now
                    yield {"event": "build", "data": str(desk.state.version)}
                async with desk.changed:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(desk.changed.wait(), timeout=15)

        return EventSourceResponse(stream(), ping=10)

    async def file(request: Request) -> Response:
        name = request.path_params["name"]
        return _stream(_open(desk.files(), name, desk.out_dir), name, desk.download_name(name))

    async def picture(request: Request) -> Response:
        """A page drawn for the zoom the editor reads it at, sharp on the screen it is on."""
        number, dpi = request.path_params["number"], request.path_params["dpi"]
        if dpi not in PICTURE_DPI:
            raise HTTPException(404)
        with _open(desk.drawn_pages(), f"pages/{number:02d}.pdf", desk.out_dir) as opened:
            data = opened.read()
        png = await asyncio.to_thread(preview_bytes, data, dpi)
        return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})

    async def fit(request: Request) -> Response:
        """How every article would fit after a change: asked while a frame is dragged."""
        body = await _json_body(request)
        return await _answering(lambda: desk.answer(parse_change(body.get("change"))).as_dict())

    async def change(request: Request) -> Response:
        body = await _json_body(request)
        return await _answering(lambda: desk.change(parse_change(body.get("change")),
                                                    _base(body)))  # the new snapshot

    async def fixes(request: Request) -> Response:
        """The frame or photo heights that make an article fit, for one click."""
        body = await _json_body(request)
        key = body.get("key")
        if not isinstance(key, str):
            raise HTTPException(400, _("the request does not name a module"))
        return await _answering(lambda: asyncio.to_thread(desk.fixes, key))

    async def arrange(request: Request) -> Response:
        """排版建议 for the pages with unplaced modules."""
        await _json_body(request)
        return await _answering(desk.suggest)

    async def adopt(request: Request) -> Response:
        body = await _json_body(request)
        suggestion = body.get("id")
        if not isinstance(suggestion, str):
            raise HTTPException(400, _("the request does not name a layout"))
        return await _answering(lambda: desk.adopt(suggestion, _base(body)))

    async def suggestion_picture(request: Request) -> Response:
        picture = desk.suggestion_picture(request.path_params["id"])
        if picture is None:
            raise HTTPException(404)
        return Response(picture, media_type="image/png", headers={"Cache-Control": "no-store"})

    async def undo(request: Request) -> Response:
        body = await _json_body(request)
        return await _answering(lambda: desk.step("undo", _base(body)))

    async def redo(request: Request) -> Response:
        body = await _json_body(request)
        return await _answering(lambda: desk.step("redo", _base(body)))

    async def source(request: Request) -> Response:
        with _open(desk.sources(), request.path_params["name"], desk.issue_dir) as opened:
            return PlainTextResponse(opened.read())

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await desk.rebuild()
        task = asyncio.create_task(_watch(desk)) if watch else None
        yield
        if task:
            task.cancel()
        await desk.close()

    routes = [
        Route("/", page),
        Route("/assets/{name}", asset),
        Route("/api/state", state),
        Route("/api/events", events),
        Route("/api/ping", ping, methods=["POST"]),
        Route("/api/fit", fit, methods=["POST"]),
        Route("/api/change", change, methods=["POST"]),
        Route("/api/fixes", fixes, methods=["POST"]),
        Route("/api/arrange", arrange, methods=["POST"]),
        Route("/api/adopt", adopt, methods=["POST"]),
        Route("/suggestions/{id}.png", suggestion_picture),
        Route("/api/undo", undo, methods=["POST"]),
        Route("/api/redo", redo, methods=["POST"]),
        Route("/pictures/{number:int}/{dpi:int}", picture),
        Route("/files/{name:path}", file),
        Route("/sources/{name:path}", source),
    ]
    middleware = [Middleware(HostCheck, names=host_names(host)),
                  Middleware(ChangeGuard, token=token)]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


async def _watch(desk: Desk) -> None:
    """Rebuild whenever a file of the issue, or the paper's settings, is saved; not for the
    issue.toml the desk wrote itself and has already rebuilt from."""
    paper_settings = desk.issue_dir.parent / "paper.toml"
    manifest = desk.issue_dir / "issue.toml"

    def relevant(_change: object, name: str) -> bool:
        path = Path(name)  # hidden files are temporary: an editor's, or an atomic write's
        return not path.name.startswith(".") and (
            path == paper_settings or path.is_relative_to(desk.issue_dir))

    async for changes in awatch(desk.issue_dir.parent, watch_filter=relevant, debounce=50,
                                step=20):
        if {Path(name) for _change, name in changes} == {manifest} and desk.is_current():
            continue
        await desk.rebuild()


def _asset_text(name: str) -> str:
    return resources.files("layout.desk").joinpath("static", name).read_text("utf-8")


def _no_store(text: str, media_type: str) -> Response:
    return Response(text, media_type=media_type, headers={"Cache-Control": "no-store"})


def render_page(token: str) -> str:
    """desk.html in the desk's language, carrying the session's token and the translations
    of desk.js's messages."""
    messages = {message: _(message) for message in script_messages(_asset_text("desk.js"))}
    template = _TEMPLATES.from_string(_asset_text("desk.html"))
    return template.render(token=token, lang=HTML_LANGUAGES[i18n.current()],
                           messages=messages)


def script_messages(script: str) -> list[str]:
    """The message ids a script marks with `_("…")`, in order, each once."""
    found = (json.loads(f'"{literal}"') for literal in SCRIPT_MESSAGE.findall(script))
    return list(dict.fromkeys(found))


def _open(table: dict[str, Path], name: str, root: Path) -> BufferedReader:
    """The file served as `name`, if it is in `table` and still a regular file inside
    `root` with no link on the way; 404 otherwise."""
    path = table.get(name)
    opened = open_served(path, root) if path else None
    if opened is None:
        raise HTTPException(404)
    return opened


def _stream(opened: BufferedReader, name: str, saved_as: str) -> Response:
    """The open file as the response, read from the descriptor that was checked, saved by
    the browser as `saved_as`."""
    size = os.fstat(opened.fileno()).st_size
    media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    disposition = f"inline; filename*=UTF-8''{urllib.parse.quote(saved_as, safe='')}"
    return StreamingResponse(_chunks(opened, size), media_type=media_type,
                             headers={"Content-Length": str(size), "Cache-Control": "no-store",
                                      "Content-Disposition": disposition})


async def _json_body(request: Request) -> dict:
    """The request's JSON object; 400 for anything else or anything larger than a change."""
    body = await request.body()
    if len(body) > MAX_BODY:
        raise HTTPException(413)
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):   # RecursionError: nested deeper than any change
        raise HTTPException(400, _("the request is not JSON")) from None
    if not isinstance(data, dict):
        raise HTTPException(400, _("the request is not a JSON object"))
    return data


def _base(body: dict) -> str:
    """The sha256 of issue.toml as the page showed it."""
    base = body.get("base")
    if not isinstance(base, str):
        raise HTTPException(400, _("the request does not say which issue.toml it changes"))
    return base


async def _answering(work: Callable[[], object]) -> Response:
    """The JSON answer of `work` (a value, or a coroutine's), a refusal as 422 and a
    conflict with the file on disk as 409, each with its message in the user's words."""
    try:
        result = work()
        if asyncio.iscoroutine(result):
            result = await result
    except ChangeRefused as error:
        return JSONResponse({"message": str(error)}, 422)
    except EditRefused as error:
        return JSONResponse({"message": str(error)}, 422)
    except EditConflict as error:
        return JSONResponse({"message": str(error)}, 409)
    except LayoutError as error:   # the issue cannot be read or arranged: said as it is
        return JSONResponse({"message": str(error)}, 422)
    return JSONResponse(result)


def _chunks(opened: BufferedReader, size: int) -> Iterator[bytes]:
    """At most `size` bytes of the file, as the Content-Length said; then closes it."""
    with opened:
        while size > 0 and (chunk := opened.read(min(CHUNK, size))):
            size -= len(chunk)
            yield chunk
