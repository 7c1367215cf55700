"""A process laying out page after page keeps no font file of a finished page open."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import SAMPLE

PAGES_ONE_BY_ONE = """
import sys
from pathlib import Path
from layout.build import prepare_render
from layout.render.pages import PageJob, lay_out_page
from layout.variants.table import VARIANTS

job = prepare_render(Path(sys.argv[1]), VARIANTS["proof"], allow_overflow=True)
html = job.html([job.sheets[0]])
fonts = tuple(path.resolve() for path in job.lock.files)
for n in range(6):   # each with a fresh font configuration, as `layout epaper` lays them out
    lay_out_page(PageJob(html, job.issue.issue_dir, job.readable, fonts, (str(n),)))
    with open("/proc/self/maps") as maps:
        print(sum(".ttc" in line or ".otf" in line or ".ttf" in line for line in maps))
"""


def test_the_font_files_a_page_opened_are_let_go_when_it_is_done(tmp_path):
    result = subprocess.run([sys.executable, "-c", PAGES_ONE_BY_ONE, str(SAMPLE)],
                            capture_output=True, text=True, check=True,
                            env={"LAYOUT_CACHE_DIR": str(tmp_path), "LAYOUT_LANG": "en",
                                 "PATH": "/usr/bin:/bin"})
    mapped = [int(line) for line in result.stdout.split()]
    assert mapped[0] > 0, "no font file was mapped: the test sees nothing"
    # Some stay until Python collects them; none piles up page after page.
    assert max(mapped[2:]) <= max(mapped[:2]), f"font files mapped after each page: {mapped}"
