"""The user's language: Simplified Chinese, or English when asked for.

Every sentence the tool says to a person goes through `_()` (or `ngettext()`): the English
text is the message id, and the Simplified Chinese is in the one catalogue,
`layout/locale/zh_Hans/LC_MESSAGES/layout.po` (compiled beside it to `layout.mo`; `make
messages` extracts, updates and compiles it with Babel). The language is Chinese unless
`--lang en`, `LAYOUT_LANG=en`, or an English locale in `LANGUAGE`, `LC_ALL`,
`LC_MESSAGES` or `LANG` (in that order) asks for English.
"""

from __future__ import annotations

import contextlib
import functools
import gettext
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
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
    """Speak `language` ("zh" or "en") from now on in this process; any other is a
    mistake of the caller's (a locale name such as zh_Hans would else speak English)."""
    global _active
    if language not in LANGUAGES:
        raise ValueError(f"no such language: {language!r}, only {sorted(LANGUAGES)}")
    _active = (language, _catalogue() if language == CHINESE else gettext.NullTranslations())


@functools.cache
def _catalogue() -> gettext.GNUTranslations:
    catalogue = resources.files("layout").joinpath("locale/zh_Hans/LC_MESSAGES/layout.mo")
    with catalogue.open("rb") as file:
        return gettext.GNUTranslations(file)


def chinese(message: str) -> str:
    """`message` in Chinese whatever the user's language: for what a build records (the
    copyfit verdicts in report.json and the flatplan are the paper's, and the same bytes
    in any interface language)."""
    return _catalogue().gettext(message)


def chinese_ngettext(singular: str, plural: str, count: int) -> str:
    return _catalogue().ngettext(singular, plural, count)


def current() -> str:
    return _translations()[0]


@contextlib.contextmanager
def speaking(language: str) -> Iterator[None]:
    """Speak `language` inside the block (a rebuild in the language of the build it
    checks), then the language before it again."""
    before = current()
    use(language if language in LANGUAGES else before)
    try:
        yield
    finally:
        use(before)


def _translations() -> tuple[str, gettext.NullTranslations]:
    if _active is None:
        use(language_from(os.environ))
    assert _active is not None
    return _active


@dataclass(frozen=True)
class Voice:
    """Who a text is said for: the user, in the interface's language (USER), or the
    paper's own records, in Chinese whatever the interface (PAPER)."""

    say: Callable[[str], str]
    say_for: Callable[[str, str, int], str]   # singular, plural, count


def _(message: str) -> str:
    """`message` in the user's language."""
    return _translations()[1].gettext(message)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """`message`, marked for the catalogue and translated where it is shown (help texts
    defined before the user's language is known)."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for `count` things, in the user's language."""
    return _translations()[1].ngettext(singular, plural, count)


USER = Voice(_, ngettext)
PAPER = Voice(chinese, chinese_ngettext)
