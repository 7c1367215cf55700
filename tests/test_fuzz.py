"""Hostile input, generated: every manifest, article and photo gets a clear answer.

For each generated issue: the outcome is success or a user error with an exit code from
the documented table (docs/errors.md), every message names a file of the issue, nothing
outside the issue is opened, and a build that fails leaves the previous output set whole.
Hypothesis runs derandomized with no example database, so CI sees the same cases each time.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from layout.build import build_issue
from layout.errors import FitError, LayoutError
from layout.manifest.load import load_issue
from layout.pages.copyfit import issue_faults
from layout.pages.engine import set_issue
from tests.conftest import LITERAL
from tests.project.test_files import consistent

USER_EXIT_CODES = {2, 3, 4, 5, 6, 7}
FUZZ = settings(derandomize=True, database=None, deadline=None, max_examples=40,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project holding the one-page literal issue, and a secret file outside it."""
    root = tmp_path_factory.mktemp("fuzz")
    (root / "outside").mkdir()
    (root / "outside" / "secret.txt").write_text("secret", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(project: Path) -> Path:
    """A good build of the issue, kept as 'the previous output set'."""
    issue = fresh_issue(project, "good")
    out = project / "out"
    build_issue(issue, out)
    return out


def fresh_issue(project: Path, name: str) -> Path:
    paper = project / "papers" / name
    shutil.rmtree(paper, ignore_errors=True)
    shutil.copytree(LITERAL.parent, paper)
    return paper / LITERAL.name


@contextlib.contextmanager
def opened_files() -> Iterator[list[str]]:
    """Every path the process opens meanwhile (Python's audit hook)."""
    seen: list[str] = []
    active = [True]

    def hook(event: str, args: tuple) -> None:
        if active[0] and event == "open" and isinstance(args[0], (str, Path)):
            seen.append(os.path.realpath(args[0]))  # through any link

    sys.addaudithook(hook)
    try:
        yield seen
    finally:
        active[0] = False  # audit hooks cannot be removed; this one stops listening


def answer(issue: Path, out: Path | None = None) -> LayoutError | None:
    """The user error `layout check` (or, with `out`, a build) ends in, or None; anything
    else (an internal error) fails the test."""
    try:
        if out is None:
            _, _, _, sheets = set_issue(issue)
            if faults := issue_faults(sheets, load_issue(issue)):
                raise FitError("\n".join(faults))
        else:
            build_issue(issue, out)
    except LayoutError as error:
        return error
    return None


def assert_clear(error: LayoutError | None, issue: Path, seen: list[str], project: Path):
    assert not [p for p in seen if "outside" in p and "secret" in p], "read outside the issue"
    if error is None:
        return
    assert error.exit_code in USER_EXIT_CODES, error
    text = str(error)
    assert text.strip() and "Traceback" not in text
    problems = getattr(error, "problems", [])
    for problem in problems:
        assert str(issue.parent) in str(problem.file) or str(problem.file).startswith(
            str(project)), problem


# --------------------------------------------------------------------------- manifests

VALUES = st.one_of(st.integers(-5, 200), st.text(max_size=12), st.booleans(), st.none(),
                   st.floats(allow_nan=True), st.just("20mm"), st.just("../outside/secret.txt"),
                   st.just("/etc/hostname"), st.just("file:///etc/passwd"),
                   st.lists(st.integers(0, 3), max_size=3))
KEYS = st.sampled_from(["issue_number", "date", "schema_version", "number", "name", "editor",
                        "source", "place", "head_lines", "title_size", "columns", "boxed",
                        "continues", "column_rules", "couleur", "lines", "span", "top",
                        "column", "caption", "photo"])


def toml_value(value: object) -> str:
    if value is None:
        return '""'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if value != value else repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)


@FUZZ
@given(edits=st.lists(st.tuples(KEYS, VALUES, st.integers(0, 30)), min_size=1, max_size=4))
def test_any_manifest_gets_a_clear_answer(project: Path, edits: list):
    issue = fresh_issue(project, "manifest")
    manifest = issue / "issue.toml"
    lines = manifest.read_text(encoding="utf-8").split("\n")
    for key, value, where in edits:
        at = where % len(lines)
        lines.insert(at + 1 if lines[at].startswith("[") else at, f"{key} = {toml_value(value)}")
    manifest.write_text("\n".join(lines), encoding="utf-8")
    with opened_files() as seen:
        error = answer(issue)
    assert_clear(error, issue, seen, project)


# --------------------------------------------------------------------------- articles

FRONT = st.sampled_from(["---\ntitle: 标题\n---\n", "---\ntitle: 标题\n", "",
                         "\ufeff---\ntitle: 标题\n---\n", "---\ntitle: [未闭合\n---\n",
                         "---\ntitle: ''\n---\n", "---\ntitle: 标题\nkikker: 错\n---\n"])
BODY = st.text(alphabet=st.sampled_from(list("汤阴新闻万吨个年+%,.:;\"'()-—…  \t\n#<>&{}/\\"
                                             "0123456789a\u3000\u2028😀𠀀")), max_size=300)


@FUZZ
@given(front=FRONT, body=BODY, encoding=st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_any_article_gets_a_clear_answer(project: Path, front: str, body: str, encoding: str):
    issue = fresh_issue(project, "article")
    article = issue / "articles" / "gaojian.md"
    with contextlib.suppress(UnicodeEncodeError):
        article.write_bytes((front + "\n" + body).encode(encoding))
    with opened_files() as seen:
        error = answer(issue)
    assert_clear(error, issue, seen, project)


# --------------------------------------------------------------------------- photos and builds

def photo_bytes(kind: str) -> bytes:
    buffer = BytesIO()
    if kind == "jpeg":
        Image.new("RGB", (300, 200), (90, 120, 150)).save(buffer, "JPEG")
    elif kind == "png16":
        Image.new("I;16", (300, 200), 40000).save(buffer, "PNG")
    elif kind == "tiny":
        Image.new("RGB", (1, 1)).save(buffer, "PNG")
    return buffer.getvalue()


PHOTOS = st.sampled_from(["jpeg", "png16", "tiny", "empty", "text", "truncated"])


@settings(FUZZ, max_examples=8)
@given(kind=PHOTOS, link=st.booleans())
def test_a_build_with_any_photo_answers_clearly_and_keeps_the_last_set(
        project: Path, built: Path, kind: str, link: bool):
    issue = fresh_issue(project, "photo")
    manifest = issue / "issue.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + PHOTO_MODULE, encoding="utf-8")
    (issue / "articles" / "tupian.md").write_text("---\ntitle: 图片\n---\n\n说明文字。\n",
                                                  encoding="utf-8")
    photo = issue / "photos" / "bild.jpg"
    photo.parent.mkdir(exist_ok=True)
    data = {"empty": b"", "text": "不是图片".encode(),
            "truncated": photo_bytes("jpeg")[:400]}.get(kind) or photo_bytes(kind)
    if link:
        photo.symlink_to(project / "outside" / "secret.txt")
    else:
        photo.write_bytes(data)
    before = consistent(built)
    with opened_files() as seen:
        error = answer(issue, built)
    assert_clear(error, issue, seen, project)
    if error is not None:
        assert consistent(built) == before, "a failed build changed the output set"


PHOTO_MODULE = """
[[pages.articles]]
source = "articles/tupian.md"
place = { column = 1, span = 2, top = 40, lines = 20 }
head_lines = 2

[pages.articles.photo]
source = "photos/bild.jpg"
lines = 12
caption = "图片说明"
"""
