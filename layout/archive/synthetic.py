"""A synthetic archive: many issues made from the sample, for tests and benchmarks.

Each issue is the sample issue on another day with another running number, and with the
sentences of every paragraph in another order (so every issue's text, and lines, differ
while each article keeps its length). The workspace it makes (fonts lock, assets, paper)
builds like the project's own.
"""

from __future__ import annotations

import datetime
import random
import re
import shutil
from pathlib import Path

SENTENCE = re.compile(r"[^。！？]+[。！？]?[”’」]?")


def synthesize(project: Path, root: Path, issues: int, seed: int = 1) -> list[Path]:
    """Make `issues` issues of the sample paper under `root`; returns their folders."""
    sample_paper = project / "issues" / "tangyin"
    sample = sample_paper / "2021-06-15"
    for folder in ("fonts", "assets"):
        shutil.copytree(project / folder, root / folder, dirs_exist_ok=True)
    paper = root / "issues" / "tangyin"
    paper.mkdir(parents=True, exist_ok=True)
    shutil.copy2(sample_paper / "paper.toml", paper / "paper.toml")
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
