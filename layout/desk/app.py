"""The desk's web server: the page, its state as JSON, pushed updates, and the files.

Nothing is served by path from the disk: every address is looked up in a table of the
current build's outputs and sources, and anything else, including any `..` however it is
encoded, is 404.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import asdict
from importlib import resources
from pathlib import Path

from sse_starlette.sse import EventSourceResponse
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from watchfiles import awatch

from layout.desk.session import Desk

ASSETS = {"desk.js": "text/javascript", "desk.css": "text/css"}


def create_app(desk: Desk, watch: bool = True) -> Starlette:
    async def page(request: Request) -> Response:
        return _asset("desk.html", "text/html; charset=utf-8")

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ASSETS:
            raise HTTPException(404)
        return _asset(name, ASSETS[name])

    async def state(request: Request) -> Response:
        return JSONResponse(asdict(desk.state))

    async def events(request: Request) -> Response:
        async def stream() -> AsyncIterator[dict]:
            seen = -1
            while True:
                if desk.state.version != seen:
                    seen = desk.state.version
                    yield {"event": "build", "data": str(seen)}
                async with desk.changed:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(desk.changed.wait(), timeout=15)

        return EventSourceResponse(stream(), ping=10)

    async def file(request: Request) -> Response:
        path = desk.files().get(request.path_params["name"])
        if path is None or not path.is_file():
            raise HTTPException(404)
        return FileResponse(path, headers={"Cache-Control": "no-store"})

    async def source(request: Request) -> Response:
        path = desk.sources().get(request.path_params["name"])
        if path is None or not path.is_file():
            raise HTTPException(404)
        return PlainTextResponse(path.read_text(encoding="utf-8"))

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
        Route("/files/{name:path}", file),
        Route("/sources/{name:path}", source),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


async def _watch(desk: Desk) -> None:
    """Rebuild whenever a file of the issue, or the paper's settings, is saved."""
    paper_settings = desk.issue_dir.parent / "paper.toml"

    def relevant(_change: object, path: str) -> bool:
        path = Path(path)
        return path == paper_settings or path.is_relative_to(desk.issue_dir)

    async for _ in awatch(desk.issue_dir.parent, watch_filter=relevant, debounce=50,
                          step=20):
        await desk.rebuild()


def _asset(name: str, media_type: str) -> Response:
    text = resources.files("layout.desk").joinpath("static", name).read_text("utf-8")
    return Response(text, media_type=media_type, headers={"Cache-Control": "no-store"})
