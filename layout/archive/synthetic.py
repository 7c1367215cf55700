"""A synthetic archive: many issues made from the sample, for tests and benchmarks.

Each issue is the sample issue on another day with another running number, and with the
sentences of every paragraph in another order (so every issue's text, and lines, differ
while each article keeps its length). The paper it makes is the sample's paper.toml, with
the sample paper's own font lock and assets if it has any.
"""

from __future__ import annotations

import datetime
import random
import re
import shutil
from pathlib import Path

SENTENCE = re.compile(r"[^。！？]+[。！？]?[”’」]?")


def synthesize(sample: Path, root: Path, issues: int, seed: int = 1) -> list[Path]:
    """Make `issues` issues of the paper of the issue `sample` under `root`/<paper>;
    returns their folders."""
    sample_paper = sample.resolve().parent
    paper = root / sample_paper.name
    paper.mkdir(parents=True, exist_ok=True)
    shutil.copy2(sample_paper / "paper.toml", paper / "paper.toml")
    for entry in sample_paper.iterdir():  # the paper's own lock, assets, templates
        if entry.is_dir() and not _is_issue_folder(entry):
            shutil.copytree(entry, paper / entry.name, dirs_exist_ok=True)
    rng = random.Random(seed)
    made = []
    for n in range(issues):
        day = datetime.date(2021, 6, 15) + datetime.timedelta(days=n + 1)
        made.append(_issue(sample, paper / day.isoformat(), day, 1863 + n, rng))
    return made


def _issue(sample: Path, folder: Path, day: datetime.date, number: int,
           rng: random.Random) -> Path:
    shutil.copytree(sample, folder, dirs_exist_ok=True)
    manifest = (folder / "issue.toml").read_text(encoding="utf-8")
    manifest = re.sub(r"^date = .*$", f"date = {day.isoformat()}", manifest, flags=re.M)
    manifest = re.sub(r"^issue_number = \d+", f"issue_number = {number}", manifest, flags=re.M)
    (folder / "issue.toml").write_text(manifest, encoding="utf-8")
    for article in sorted((folder / "articles").glob("*.md")):
        article.write_text(_shuffled(article.read_text(encoding="utf-8"), rng), encoding="utf-8")
    return folder


def _shuffled(text: str, rng: random.Random) -> str:
    """The article with the sentences of each body paragraph in a new order."""
    _, head, body = text.split("---\n", 2)
    paragraphs = []
    for paragraph in body.split("\n\n"):
        sentences = SENTENCE.findall(paragraph.strip())
        if paragraph.startswith("#") or len(sentences) < 2:
            paragraphs.append(paragraph.strip())
            continue
        rng.shuffle(sentences)
        paragraphs.append("".join(sentences))
    return f"---\n{head}---\n\n" + "\n\n".join(p for p in paragraphs if p) + "\n"


def _is_issue_folder(folder: Path) -> bool:
    return (folder / "issue.toml").is_file()
