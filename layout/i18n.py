"""The user's language: Simplified Chinese, or English when asked for.

Every sentence the tool says to a person goes through `_()` (or `ngettext()`): the English
text is the message id, and the Simplified Chinese is in the one catalogue,
`layout/locale/zh_Hans/LC_MESSAGES/layout.po` (compiled beside it to `layout.mo`; `make
messages` extracts, updates and compiles it with Babel). The language is Chinese unless
`--lang en`, `LAYOUT_LANG=en`, or an English locale in `LANGUAGE`, `LC_ALL`,
`LC_MESSAGES` or `LANG` (in that order) asks for English.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from importlib import resources

DOMAIN = "layout"
CHINESE = "zh"
ENGLISH = "en"
LANGUAGES = (CHINESE, ENGLISH)
LOCALE_ENVIRONMENT = ("LAYOUT_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_active: tuple[str, gettext.NullTranslations] | None = None


def language_from(environ: Mapping[str, str]) -> str:
    """The language the environment asks for: English for an English locale, else Chinese."""
    for name in LOCALE_ENVIRONMENT:
        value = environ.get(name, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return ENGLISH if value.lower().startswith("en") else CHINESE
    return CHINESE


def use(language: str) -> None:
    """Speak `language` ("zh" or "en") from now on in this process."""
    global _active
    if language == ENGLISH:
        _active = (ENGLISH, gettext.NullTranslations())
        return
    catalogue = resources.files("layout").joinpath("locale/zh_Hans/LC_MESSAGES/layout.mo")
    with catalogue.open("rb") as file:
        _active = (CHINESE, gettext.GNUTranslations(file))


def current() -> str:
    return _translations()[0]


def _translations() -> tuple[str, gettext.NullTranslations]:
    if _active is None:
        use(language_from(os.environ))
    assert _active is not None
    return _active


def _(message: str) -> str:
    """`message` in the user's language."""
    return _translations()[1].gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for `count` things, in the user's language."""
    return _translations()[1].ngettext(singular, plural, count)
