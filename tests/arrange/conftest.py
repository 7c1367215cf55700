"""Pages to arrange: the sample issue with its places taken out, and pages of articles of
very different lengths, with and without photos, cut from the sample's own text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import SAMPLE

PAGE_2 = "# ---------------------------------------------------------------- 第2版"


def unplaced(manifest: str, page_marker: str = PAGE_2) -> str:
    """issue.toml with the places, headline rooms, title sizes and photo sizes of the
    modules after `page_marker` taken out (a jump's continuation stays), each given a
    priority in file order."""
    head, tail = manifest.split(page_marker, 1)
    modules = tail.split("[[pages.articles]]")
    priority = 0
    for n, module in enumerate(modules[1:], 1):
        if "continues = true" in module:
            continue
        priority += 1
        module = re.sub(r"\nplace = \{[^}]*\}", f"\npriority = {priority}", module, count=1)
        module = re.sub(r"\n(head_lines|title_size) = [\d.]+", "", module)
        modules[n] = re.sub(r"(\[pages\.articles\.photo\]\nsource = \"[^\"]*\"\n)"
                            r"lines = \d+\n(span = \d+\n)?", r"\1", module)
    return head + page_marker + "[[pages.articles]]".join(modules)


@pytest.fixture
def page_2_unplaced(issue_dir: Path) -> Path:
    """A copy of the sample issue whose page 2 is left to arrange."""
    manifest = issue_dir / "issue.toml"
    manifest.write_text(unplaced(manifest.read_text(encoding="utf-8")), encoding="utf-8")
    return issue_dir


def sample_sentences() -> list[str]:
    """The sample articles' body text, sentence by sentence."""
    text = "".join(path.read_text(encoding="utf-8").split("---\n", 2)[2]
                   for path in sorted((SAMPLE / "articles").glob("*.md")))
    return [s for s in re.findall(r"[^。！？\n]+[。！？]", text) if len(s) > 8]


def write_article(folder: Path, name: str, title: str, characters: int) -> str:
    """An article of about `characters` characters of the sample's sentences; its path."""
    sentences, body, n = sample_sentences(), "", 0
    while len(body) < characters:
        body += sentences[n % len(sentences)]
        n += 1
        if n % 4 == 0:
            body += "\n\n"
    path = folder / "articles" / f"{name}.md"
    path.write_text(f"---\ntitle: {title}\ndateline: 本报讯\n---\n\n{body.strip()}\n",
                    encoding="utf-8")
    return f"articles/{name}.md"


def one_page_issue(issue_dir: Path, articles: list[tuple[int, bool]]) -> Path:
    """The sample issue made a one-page issue of articles of the given lengths, with a
    photo or not, all left to arrange (priority in order)."""
    manifest = issue_dir / "issue.toml"
    head = manifest.read_text(encoding="utf-8").split("[[pages.articles]]", 1)[0]
    photos = ["photos/bangfu-kanwang.jpg", "photos/geyong-bisai.jpg"]
    modules = []
    for n, (characters, photo) in enumerate(articles):
        source = write_article(issue_dir, f"a{n + 1}", TITLES[n % len(TITLES)], characters)
        module = f'[[pages.articles]]\nsource = "{source}"\npriority = {n + 1}\n'
        if photo:
            module += (f'\n[pages.articles.photo]\nsource = "{photos[n % 2]}"\n'
                       f'caption = "图为现场。"\n')
        modules.append(module)
    manifest.write_text(head + "\n".join(modules), encoding="utf-8")
    return issue_dir


TITLES = ["县委召开全县经济工作会议", "春耕备耕正当时", "乡村振兴见实效", "志愿服务暖人心",
          "文明新风进万家", "校园安全记心间", "非遗传承有新人", "夜市经济添活力"]
