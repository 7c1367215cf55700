"""What the composer needs to know about the type: fonts per run, size, rules, options.

`setter_for` reads them off the paper and the font lock once per build; the setter's
fingerprint, with the composer's own code, keys the composition cache.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from layout.manifest.schema import AUTOFIT, PaperManifest
from layout.project.fonts import FontLock
from layout.typeset.atoms import Rules
from layout.typeset.metrics import FaceMetrics
from layout.typeset.normalise import RULES


@lru_cache(maxsize=1)
def composer_fingerprint() -> str:
    """A hash of the composer's own code: no composition cached by another version of it
    is ever read back, whatever the package's version number says."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class Setter:
    """What the composer needs to know about the type: fonts per run, size, rules."""

    fonts: dict[str, FaceMetrics]   # run name -> metrics: body, dateline, crosshead, byline
    size: float
    files: dict[str, Path]          # headline parts: role -> font file (title, deck)
    rules: Rules = Rules()
    indent_ems: float = 2.0
    compose: bool = True      # false: paragraphs go to the renderer as plain text
    normalise: frozenset[str] = frozenset(RULES)   # normalisation rules applied
    autofit: float = AUTOFIT  # tracking the engine may apply, as a fraction of an em
    font_hashes: tuple[str, ...] = ()   # the locked files' SHA-256, for the cache key

    @property
    def fingerprint(self) -> tuple:
        """What, besides the text and measure, decides the composed lines: for caching."""
        fonts = tuple(sorted((run, str(m.path), m.size) for run, m in self.fonts.items()))
        return (fonts, self.font_hashes, self.size, self.rules, self.indent_ems, self.compose,
                tuple(sorted(self.normalise)), composer_fingerprint(),
                tuple(sorted((k, str(v)) for k, v in self.files.items())))


RUN_ROLES = {  # composer run -> (font role in paper.toml, weight)
    "body": ("body", 400),
    "dateline": ("crosshead", 700),
    "crosshead": ("crosshead", 700),
    "byline": ("byline", 400),
}


def setter_for(paper: PaperManifest, lock: FontLock) -> Setter:
    roles = paper.fonts.model_dump()
    size = paper.page.body_size
    fonts = {run: FaceMetrics(lock.file_of(roles[role], weight), size)
             for run, (role, weight) in RUN_ROLES.items()}
    options = paper.typesetting
    rules = Rules(dashes_never_start_a_line=options.line_rules == "strict",
                  pair_to_one_em=options.adjacent_pairs == "1em",
                  half_opening_at_line_start=options.opening_at_line_start != "full")
    files = {"title": lock.file_of(roles["headline"], 900),
             "deck": lock.file_of(roles["kicker"], 700),
             "caption": lock.file_of(roles["caption"], 400)}
    return Setter(fonts=fonts, size=size, files=files, rules=rules, compose=options.compose,
                  normalise=options.normalise_rules, autofit=options.autofit,
                  font_hashes=tuple(sorted(face.sha256 for face in lock.faces)))
