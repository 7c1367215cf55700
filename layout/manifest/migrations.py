"""Manifest schema versions: older manifests are brought up to date as they are read.

Every paper.toml and issue.toml states its `schema_version`. When the schema changes, the
version goes up by one and a migration is registered here that turns a manifest of the old
version into one of the new. Reading applies the migrations one version at a time, in
memory: the archived files are never rewritten, so an issue made under version 1 still
builds years later. A migration must be a pure function of the manifest, so that the same
old manifest always gives the same new one (and the same PDF).

Only version 1 exists so far, so no migration is registered yet.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from layout.errors import Problem
from layout.i18n import _

Manifest = dict
Migration = Callable[[Manifest], Manifest]

CURRENT = {"paper": 1, "issue": 1}
# (kind, version) -> the step from `version` to `version + 1`
MIGRATIONS: dict[tuple[str, int], Migration] = {}


def migration(kind: str, version: int) -> Callable[[Migration], Migration]:
    """Register the step that takes a `kind` manifest from `version` to the next one."""

    def register(step: Migration) -> Migration:
        MIGRATIONS[(kind, version)] = step
        return step

    return register


def migrate(data: Manifest, kind: str, path: Path,
            problems: list[Problem]) -> Manifest | None:
    """`data` at the current schema version, or None with the reason added to `problems`.

    A manifest without a usable `schema_version` is returned as it is: validation names it.
    """
    version, current = data.get("schema_version"), CURRENT[kind]
    if not isinstance(version, int) or isinstance(version, bool) or version == current:
        return data
    if version > current:
        problems.append(Problem(path, "schema_version", _(
            "is {version}, newer than this release of newspaper-layout reads (up to "
            "{current}); build it with the release that wrote it, or a later one").format(
                version=version, current=current)))
        return None
    while version < current:
        step = MIGRATIONS.get((kind, version))
        if step is None:
            problems.append(Problem(path, "schema_version", _(
                "is {version}; there is no such version (this release reads versions "
                "1 to {current})").format(version=version, current=current)))
            return None
        data = {**step(dict(data)), "schema_version": version + 1}
        version += 1
    return data

