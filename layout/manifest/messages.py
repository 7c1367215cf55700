"""Turning validation failures into problems an editor can act on.

Pydantic says `Input should be a valid integer [type=int_parsing]` at
`('pages', 0, 'articles', 2, 'place', 'top')`; the editor is told `第1版 第3篇 (issue.toml
line 41): place.top: must be a whole number, 0 or more`. The bounds come from the schema's
own field, so the message says what would be accepted.
"""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import annotated_types
from pydantic import BaseModel, ValidationError

from layout.errors import Problem
from layout.i18n import N_, _


def key_path(location: tuple[str | int, ...], prefix: str = "") -> str:
    """('pages', 0, 'articles', 1, 'place') -> 'pages[0].articles[1].place'."""
    path = prefix
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def problems_from(error: ValidationError, file: Path, prefix: str = "",
                  schema: type[BaseModel] | None = None) -> list[Problem]:
    """One problem per field, in the editor's words; a union's several failures once."""
    problems: dict[str, Problem] = {}
    for item in error.errors():
        location = tuple(p for p in item["loc"] if p != "__root__")
        field = location if item["type"] == "extra_forbidden" else \
            _field_location(location, schema)
        key = key_path(field, prefix)
        if key not in problems:
            bounds = _bounds(schema, field) if schema else {}
            problems[key] = Problem(file, key, _message(dict(item), bounds))
    return list(problems.values())


def _field_location(location: tuple[str | int, ...],
                    schema: type[BaseModel] | None) -> tuple[str | int, ...]:
    """The location without the tags pydantic adds for the members of a union
    (`top.int`, `top.constrained-str`)."""
    kept: list[str | int] = []
    model: Any = schema
    for part in location:
        fields = getattr(model, "model_fields", None)
        if isinstance(part, str) and fields is not None and part not in fields and kept:
            break  # a union member's tag, not a field of the model
        kept.append(part)
        model = _inner_model(fields[part].annotation) if fields and part in fields else \
            model if isinstance(part, int) else None
    return tuple(kept)


def _inner_model(annotation: Any) -> Any:
    """The model inside list[Model] or Model | None, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        if (found := _inner_model(arg)) is not None:
            return found
    return None


def _bounds(schema: type[BaseModel], location: tuple[str | int, ...]) -> dict[str, Any]:
    """The numeric bounds (ge, gt, le, lt) declared on the field at `location`."""
    model: Any = schema
    info = None
    for part in location:
        if isinstance(part, int):
            continue
        fields = getattr(model, "model_fields", None)
        if not fields or part not in fields:
            return {}
        info = fields[part]
        model = _inner_model(info.annotation)
    if info is None:
        return {}
    return _constraints([*info.metadata, *_annotated_metadata(info.annotation)])


def _annotated_metadata(annotation: Any) -> list[Any]:
    found = []
    for arg in typing.get_args(annotation):
        found += list(getattr(arg, "__metadata__", ())) + _annotated_metadata(arg)
    return found


def _constraints(metadata: list[Any]) -> dict[str, Any]:
    bounds = {}
    for item in metadata:
        for name in ("ge", "gt", "le", "lt"):
            if isinstance(item, getattr(annotated_types, name.capitalize())):
                bounds[name] = getattr(item, name)
    return bounds


def _range(bounds: dict[str, Any]) -> str:
    low = _("{bound} or more").format(bound=bounds["ge"]) if "ge" in bounds else \
        _("more than {bound}").format(bound=bounds["gt"]) if "gt" in bounds else ""
    high = _("{bound} or less").format(bound=bounds["le"]) if "le" in bounds else \
        _("less than {bound}").format(bound=bounds["lt"]) if "lt" in bounds else ""
    if low and high:
        return _(", {low} and {high}").format(low=low, high=high)
    return _(", {bound}").format(bound=low or high) if low or high else ""


def _message(item: dict[str, Any], bounds: dict[str, Any]) -> str:
    kind, context = item["type"], item.get("ctx") or {}
    given = item.get("input")
    if kind in ("int_type", "int_parsing", "int_from_float") or (
            kind.startswith(("greater", "less")) and isinstance(given, int)):
        return _("must be a whole number") + _range(bounds) + _was(given)
    if kind in ("float_type", "float_parsing") or kind.startswith(("greater", "less")):
        return _("must be a number") + _range(bounds) + _was(given)
    if kind in _MESSAGES:
        return _(_MESSAGES[kind]).format(**context) + _was(given, kind)
    return str(item["msg"]).removeprefix("Value error, ")


def _was(given: Any, kind: str = "") -> str:
    """What was written instead, where that helps: `"4"` in quotes is text, not a number."""
    if kind in ("missing", "extra_forbidden") or isinstance(given, (dict, list)):
        return ""
    if isinstance(given, str):
        return _(", not the text \"{given}\"").format(given=given) if len(given) < 40 else ""
    return _(", not {given!r}").format(given=given) if given is not None else ""


_DATE = N_("must be a date, written like 2021-06-15 without quotes")
_TABLE = N_("must be a table of keys")
_MESSAGES = {
    "missing": N_("is required: add it"),
    "extra_forbidden": N_("is not a key this file knows: check its spelling (docs/manifest.md "
                          "lists every key)"),
    "string_type": N_("must be text in quotes"),
    "string_too_short": N_("must not be empty"),
    "string_pattern_mismatch": N_("is not written as expected ({pattern})"),
    "bool_type": N_("must be true or false"),
    "bool_parsing": N_("must be true or false"),
    "literal_error": N_("must be one of {expected}"),
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "list_type": N_("must be a list"),
    "too_short": N_("must have at least {min_length} entry"),
    "model_type": _TABLE,
    "model_attributes_type": _TABLE,
    "dict_type": _TABLE,
    "tuple_type": N_("must be a list"),
}
