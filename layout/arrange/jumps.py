"""Jumps (转版) arrange makes: an article too long for its page's room, which the editor
lets go on on a later page (`jump_to`), fills a frame on its own page to the last line and
goes on in a new module on that page, set with 下转第N版 / 上接第N版 by the page engine.

The new module is arranged with that page's own modules; it is written into issue.toml as
a module of its own (`continues = true`) after the page's others.
"""

from __future__ import annotations

from dataclasses import replace

from layout.manifest.load import PLACEHOLDER
from layout.manifest.schema import Headline
from layout.model import FrameSpec, Issue, Module, Wishes

# The headline class of a jump's head (the engine sets it at 0.6 of the title's size).
JUMP_HEADLINE: Headline = "small"


def continued(issue: Issue, module: Module) -> Issue:
    """The issue with `module`'s article going on in a new, unplaced module at the end of
    the page `module.wishes.jump_to`."""
    number = module.wishes.jump_to
    index = next(i for i, page in enumerate(issue.pages) if page.number == number)
    page = issue.pages[index]
    key = f"pages[{index}].articles[{len(page.modules)}]"
    frame = FrameSpec(key=key, place=PLACEHOLDER, head_lines=0, columns=1, boxed=False,
                      photo=None)
    wishes = Wishes(headline=JUMP_HEADLINE, placed=False, head_lines_given=False,
                    title_size_given=False)
    jump = replace(module, frame=frame, title_size=None, photo=None, continues=True,
                   wishes=wishes)
    pages = list(issue.pages)
    pages[index] = replace(page, modules=(*page.modules, jump))
    return replace(issue, pages=tuple(pages))


def is_new_jump(module: Module) -> bool:
    """A module arrange made to carry a jump on (the manifest's own continuing modules are
    placed by hand)."""
    return module.continues and not module.wishes.placed


def page_index(key: str) -> int:
    """The 0-based index of the page a module's key names: pages[1].articles[3] -> 1."""
    return int(key.split("]", 1)[0].removeprefix("pages["))
