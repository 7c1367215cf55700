"""Old manifests are migrated as they are read; newer ones are refused with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout.errors import ManifestError
from layout.manifest import migrations
from layout.manifest.load import load_issue
from tests.conftest import replace_in


def test_a_manifest_is_migrated_step_by_step(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setattr(migrations, "CURRENT", {"paper": 3, "issue": 1})
    monkeypatch.setattr(migrations, "MIGRATIONS", {})
    migrations.migration("paper", 1)(
        lambda data: {**{k: v for k, v in data.items() if k != "title"}, "name": data["title"]})
    migrations.migration("paper", 2)(lambda data: {**data, "price": f"{data['price']}元"})
    problems = []
    data = migrations.migrate({"schema_version": 1, "title": "汤阴新闻", "price": "0.50"},
                              "paper", tmp_path / "paper.toml", problems)
    assert problems == []
    assert data == {"schema_version": 3, "name": "汤阴新闻", "price": "0.50元"}


def test_an_old_paper_loads_through_its_migration(monkeypatch: pytest.MonkeyPatch,
                                                  issue_dir: Path):
    # Pretend the sample paper.toml was written under a version 0 that called it paper_name.
    monkeypatch.setattr(migrations, "MIGRATIONS", {})
    migrations.migration("paper", 0)(
        lambda data: {**{k: v for k, v in data.items() if k != "paper_name"},
                      "name": data["paper_name"]})
    paper = issue_dir.parent / "paper.toml"
    replace_in(paper, "schema_version = 1", "schema_version = 0")
    replace_in(paper, 'name = "汤阴新闻"', 'paper_name = "汤阴新闻"')
    assert load_issue(issue_dir).paper.name == "汤阴新闻"


def test_a_newer_manifest_is_refused_naming_file_and_field(issue_dir: Path):
    replace_in(issue_dir / "issue.toml", "schema_version = 1", "schema_version = 2")
    with pytest.raises(ManifestError) as caught:
        load_issue(issue_dir)
    message = str(caught.value)
    assert "issue.toml" in message and "schema_version" in message
    assert "newer than this release" in message


def test_an_unknown_old_version_is_refused(issue_dir: Path):
    replace_in(issue_dir.parent / "paper.toml", "schema_version = 1", "schema_version = 0")
    with pytest.raises(ManifestError) as caught:
        load_issue(issue_dir)
    assert "paper.toml" in str(caught.value) and "no such version" in str(caught.value)
