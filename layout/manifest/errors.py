"""Turning validation failures into `file: key.path: message` problems."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from layout.errors import Problem

_MESSAGES = {
    "extra_forbidden": "unknown key",
    "missing": "required key is missing",
}


def key_path(location: tuple[str | int, ...], prefix: str = "") -> str:
    """('pages', 0, 'articles', 1, 'place') -> 'pages[0].articles[1].place'."""
    path = prefix
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def problems_from(error: ValidationError, file: Path, prefix: str = "") -> list[Problem]:
    problems = []
    for item in error.errors():
        # A model-level check has no field of its own: report it on its parent.
        location = tuple(p for p in item["loc"] if p != "__root__")
        message = _MESSAGES.get(item["type"], item["msg"].removeprefix("Value error, "))
        problems.append(Problem(file, key_path(location, prefix), message))
    return problems
