"""Recognising the parts of an article in copy: the headline block (引题, 主题, 副题), the
byline and dateline, crossheads, photos and their captions, and paragraphs that a PDF's
column breaks cut in two.

Each decision is a guess the editor must be able to check, so each one is recorded as a
sentence naming the line (or Word paragraph) it was made on, and no character of the copy
is lost: text that is not a headline part, byline, dateline or caption stays in the body.
The steps, in order: lift the photos out, take the headline block from the top, then fold
the remaining pieces into crossheads and paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import takewhile
from pathlib import Path
from typing import Literal

from layout.i18n import _
from layout.intake.pieces import Copy, Picture, Piece, Place, quoted, visible_length
from layout.manifest.articles import CROSSHEAD

HEAD_MOST = 4            # pieces a headline block can have: 引题 (one or two), 主题, 副题
HEADLINE_MOST = 32       # characters of a headline line
BYLINES_MOST = 2         # lines of byline: 记者 on one, 通讯员 on the next
BYLINE_MOST = 40
CROSSHEAD_MOST = 24
CAPTION_MOST = 80
LOOSE_CAPTION_MOST = 40  # a short line under a picture is its caption even without 图为
SHOWN_AROUND_JOIN = 6    # characters quoted on each side of a rejoined break

# A paragraph ending in one of these ended; ending in anything else, it broke off.
SENTENCE_ENDS = frozenset("。！？!?.．”’」』）)；;：:\"'")
# A crosshead may end in a closing quote (做好“后半篇文章”), in no other punctuation.
_NO_CROSSHEAD_END = (SENTENCE_ENDS - set("”’」』\"'")) | set("，,、")
_INNER_STOPS = re.compile(r"[。！？!?；;]")
_DASH = re.compile(r"^\s*(——|--|—|─|－－)")
_BYLINE_MARKS = "□■◇◆"
_BYLINE = re.compile(rf"^(?:[{_BYLINE_MARKS}]\s*\S"
                     r"|(?:本报|特约|实习|见习|本报特约)?(?:记者|通讯员)\s*\S"
                     r"|(?:文|图|文图|图文|文/图)\s*[/／：:]\s*\S)")
_DATELINE = re.compile(r"^(?:本报[^，。,\s（(“]{0,12}?讯"
                       r"|(?:新华社|中新社|新华网|人民网)[^，。,\s（(]{0,16}?电)"
                       r"(?:\s*[（(][^（()）]{0,60}[）)])?")
_CAPTION_START = re.compile(r"^(?:图为|图中|图片为|[上下左右]图[为：:]|图[：:]|[（(]图[）)])")
# A photographer's credit ends a caption: in brackets, or after a space or slash (拍摄 at
# the end of a line that broke off is not one).
_CREDIT_END = re.compile(r"(?:[（(][^（()）]*(?:摄|摄影|供图)\s*[）)]|[\s/／](?:摄|摄影|供图))$")
_BRACKETED_CREDIT = re.compile(r"[（(]([^（()）]*?(?:摄|摄影|供图|图))\s*[）)]$")
_SENTENCE_CREDIT = re.compile(r"(?<=[。！？!?])\s*([^。！？!?]{2,30}?(?:摄|摄影|供图))$")
_ENUMERATED = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]"
                         r"|\d+[、.．]|[①-⑳])")


@dataclass(frozen=True)
class Photo:
    """A picture of the copy, or a caption found without one; where each stood."""

    place: Place
    picture: Picture | None
    caption: str | None = None
    credit: str | None = None
    caption_place: Place | None = None


@dataclass(frozen=True)
class Block:
    kind: Literal["paragraph", "crosshead"]
    text: str


@dataclass(frozen=True)
class Draft:
    """An article as guessed from copy, not yet written."""

    source: Path
    title: str
    kicker: str | None
    subtitle: str | None
    byline: str | None
    dateline: str | None
    blocks: tuple[Block, ...]
    photos: tuple[Photo, ...]
    guesses: tuple[str, ...]
    encoding: str | None = None


@dataclass
class _Head:
    title: str
    kicker: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    dateline: str | None = None


def draft_article(copy: Copy) -> Draft:
    """The article's parts as the copy suggests them, with every guess made."""
    guesses = list(copy.notes)
    flow, photos = lift_photos(copy.pieces)
    head, body = take_head(flow, copy.source, guesses)
    blocks = fold_body(body, guesses)
    return Draft(copy.source, head.title, head.kicker, head.subtitle, head.byline,
                 head.dateline, tuple(blocks), tuple(photos), tuple(guesses), copy.encoding)


# Photos ---------------------------------------------------------------------------------

def lift_photos(pieces: tuple[Piece, ...]) -> tuple[list[Piece], list[Photo]]:
    """The text pieces without pictures and captions, and the photos: each picture with the
    piece right under it as its caption when that looks like one (or the piece right above,
    when that says it is a caption), and every other piece that says it is a caption
    (图为…, …摄), without a picture."""
    flow: list[Piece] = []
    photos: list[Photo] = []
    index = 0
    while index < len(pieces):
        taken, photo = _photo_at(pieces, index, after_text=bool(flow))
        if photo is None:
            flow.append(pieces[index])
        else:
            photos.append(photo)
        index += taken
    return flow, photos


def _photo_at(pieces: tuple[Piece, ...], index: int,
              after_text: bool) -> tuple[int, Photo | None]:
    """How many pieces from `index` on make a photo, and the photo; (1, None) for text."""
    piece, following = pieces[index], _at(pieces, index + 1)
    if piece.picture is not None:
        photo = Photo(piece.place, piece.picture)
        if _captions_picture(following, after_text):
            return 2, _with_caption(photo, following)
        return 1, photo
    if piece.style == "row" or not (caption_like(piece.text) or piece.style == "caption"):
        return 1, None
    if following is not None and following.picture is not None \
            and not _captions_picture(_at(pieces, index + 2), after_text=True):
        return 2, _with_caption(Photo(following.place, following.picture), piece)
    return 1, _with_caption(Photo(piece.place, None), piece)


def _at(pieces: tuple[Piece, ...], index: int) -> Piece | None:
    return pieces[index] if index < len(pieces) else None


def caption_like(text: str) -> bool:
    """A line that says it is a caption: 图为…, （图）…, or ending in a photographer's 摄."""
    return 0 < visible_length(text) <= CAPTION_MOST and bool(
        _CAPTION_START.match(text) or _CREDIT_END.search(text))


def _captions_picture(piece: Piece | None, after_text: bool) -> bool:
    """Whether `piece`, right under a picture, is its caption: it says so, it has Word's
    Caption style, or, once the text has begun (a headline under a picture at the top is
    not a caption), it is short: centred, or one clause."""
    if piece is None or piece.picture is not None or not piece.text or piece.style == "row":
        return False
    if piece.style == "caption" or caption_like(piece.text):
        return True
    length = visible_length(piece.text)
    one_clause = not re.search(r"[，,；;。！？!?]", piece.text.rstrip("。"))
    return after_text and length <= CAPTION_MOST and (
        piece.centred or (length <= LOOSE_CAPTION_MOST and one_clause))


def _with_caption(photo: Photo, piece: Piece | None) -> Photo:
    if piece is None:
        return photo
    caption, credit = split_credit(piece.text)
    return replace(photo, caption=caption, credit=credit, caption_place=piece.place)


def split_credit(text: str) -> tuple[str | None, str | None]:
    """(caption, credit) of a caption line: 图为…。（本报记者 郭凡 摄） gives the credit in
    its brackets, 图为…。本报记者 郭凡 摄 the words after the last full stop."""
    match = _BRACKETED_CREDIT.search(text) or _SENTENCE_CREDIT.search(text)
    if not match:
        return text, None
    return text[:match.start()].strip() or None, match.group(1).strip()


def describe_photo(photo: Photo, number: int, saved_as: str | None = None) -> str:
    """The guess about one photo, as the editor reads it."""
    if photo.picture is None:
        return _("{place}: {caption} taken as the caption of photo {number}; no picture "
                 "came with it").format(place=photo.place, caption=_caption_words(photo),
                                        number=number)
    where = saved_as if saved_as is not None else photo.place
    if photo.caption_place is None:
        return _("{place}: photo {number}, {file}, has no caption: no line next to it looks "
                 "like one").format(place=photo.place, number=number, file=where)
    return _("{place}: photo {number}, {file}, with the caption {caption} from "
             "{caption_place}").format(place=photo.place, number=number, file=where,
                                       caption=_caption_words(photo),
                                       caption_place=photo.caption_place)


def _caption_words(photo: Photo) -> str:
    caption = quoted(photo.caption or "", 40)
    if photo.credit is None:
        return _("“{caption}”").format(caption=caption)
    if photo.caption is None:
        return _("no caption text (credit “{credit}”)").format(credit=photo.credit)
    return _("“{caption}” (credit “{credit}”)").format(caption=caption, credit=photo.credit)


# The headline block ---------------------------------------------------------------------

def take_head(flow: list[Piece], source: Path, guesses: list[str]) -> tuple[_Head, list[Piece]]:
    """The headline parts, byline and dateline from the top of `flow`, and the pieces left
    for the body."""
    head = list(takewhile(headline_like, flow[:HEAD_MOST]))
    bylines = list(takewhile(byline_like, flow[len(head):][:BYLINES_MOST]))
    body = flow[len(head) + len(bylines):]
    if not body and len(flow) > 1:       # only short lines: the first is the headline
        head, bylines, body = flow[:1], [], flow[1:]
    parts = _name_head(head, source, guesses)
    if bylines:
        parts.byline = _byline(bylines, guesses)
    if body and (match := _DATELINE.match(body[0].text)):
        parts.dateline = match.group(0).strip()
        guesses.append(_("{place}: “{text}” taken as the dateline (电头)").format(
            place=body[0].place, text=parts.dateline))
        rest = body[0].text[match.end():].strip()
        body = [replace(body[0], text=rest), *body[1:]] if rest else body[1:]
    return parts, body


def headline_like(piece: Piece) -> bool:
    """A line that can be part of a headline block: short, no full stop, not a byline or
    dateline; or a line in Word's Title, Subtitle or a Heading style."""
    if piece.style in ("title", "subtitle", "heading", "row"):
        return piece.style != "row"
    return (visible_length(piece.text) <= HEADLINE_MOST and "。" not in piece.text
            and not _DATELINE.match(piece.text) and not byline_like(piece))


def byline_like(piece: Piece) -> bool:
    """□本报记者 郭凡, 记者 郭凡 通讯员 张百瑞, 通讯员 …, 文/图 …: short, one clause."""
    text = piece.text
    return (visible_length(text) <= BYLINE_MOST and bool(_BYLINE.match(text))
            and not re.search(r"[，,。；;！？]", text))


def _name_head(head: list[Piece], source: Path, guesses: list[str]) -> _Head:
    """Which headline line is which. Word's Title style (or a single Heading) marks the
    主题; else the line above a line starting with a dash (——副题) is the 主题; else, of
    three or more lines the last is the 副题 and the one above it the 主题; else the last
    line, the one just above the byline, dateline or text, is the 主题. Lines above the
    主题 are the 引题."""
    if not head:
        guesses.append(_("no headline found at the top: the headline (主题) is the file's "
                         "name, “{title}”: write the real one").format(title=source.stem))
        return _Head(title=source.stem)
    title = _title_index(head)
    kicker, subtitle = head[:title], head[title + 1:]
    for piece in kicker:
        guesses.append(_("{place}: “{text}” taken as the kicker (引题)").format(
            place=piece.place, text=quoted(piece.text)))
    guesses.append(_("{place}: “{text}” taken as the headline (主题)").format(
        place=head[title].place, text=quoted(head[title].text)))
    for piece in subtitle:
        guesses.append(_("{place}: “{text}” taken as the subtitle (副题)").format(
            place=piece.place, text=quoted(piece.text)))
    return _Head(title=head[title].text, kicker=_joined_line(kicker),
                 subtitle=_joined_line(subtitle))


def _title_index(head: list[Piece]) -> int:
    styled = [i for i, piece in enumerate(head) if piece.style == "title"]
    headings = [i for i, piece in enumerate(head) if piece.style == "heading"]
    dashed = [i for i, piece in enumerate(head) if i > 0 and _DASH.match(piece.text)]
    if styled or len(headings) == 1:
        return (styled or headings)[0]
    if dashed:
        return dashed[0] - 1
    return len(head) - 2 if len(head) >= 3 else len(head) - 1


def _joined_line(pieces: list[Piece]) -> str | None:
    """Lines of one headline part as one, a space where the lines met (a place it may
    break)."""
    return " ".join(piece.text for piece in pieces) or None


def _byline(pieces: list[Piece], guesses: list[str]) -> str:
    names = []
    for piece in pieces:
        name = piece.text.lstrip(_BYLINE_MARKS).strip()
        mark = piece.text[:len(piece.text) - len(piece.text.lstrip(_BYLINE_MARKS))]
        if mark.strip():
            guesses.append(_("{place}: “{text}” taken as the byline (署名), without its "
                             "{mark}: the page prints its own").format(
                place=piece.place, text=name, mark=mark.strip()))
        else:
            guesses.append(_("{place}: “{text}” taken as the byline (署名)").format(
                place=piece.place, text=name))
        names.append(name)
    return " ".join(names)


# The body -------------------------------------------------------------------------------

def fold_body(pieces: list[Piece], guesses: list[str]) -> list[Block]:
    """Crossheads and paragraphs; a paragraph that broke off mid-sentence is joined with
    the next piece, unless that is a crosshead or starts a numbered item."""
    blocks: list[Block] = []
    for index, piece in enumerate(pieces):
        previous = blocks[-1] if blocks else None
        if crosshead_like(piece, previous, more=index + 1 < len(pieces)):
            blocks.append(Block("crosshead", piece.text))
            guesses.append(_crosshead_guess(piece))
        elif previous is not None and _continues(previous, pieces[index - 1], piece):
            blocks[-1] = Block("paragraph", joined(previous.text, piece.text))
            guesses.append(_join_guess(pieces[index - 1], piece, previous.text))
        else:
            blocks.append(Block("paragraph", _not_a_heading(piece, guesses)))
            if piece.all_bold:
                guesses.append(_("{place}: “{text}”, all in bold, taken as a paragraph and set "
                                 "as plain text").format(place=piece.place,
                                                         text=quoted(piece.text)))
    return blocks


def _not_a_heading(piece: Piece, guesses: list[str]) -> str:
    """The paragraph's text; the ## of a paragraph that an article file would read as a
    crosshead (`## ` and text), made the full-width ＃＃."""
    if not CROSSHEAD.fullmatch(piece.text.split("\n")[0]):
        return piece.text
    guesses.append(_("{place}: the paragraph starts with “## ”, which marks a crosshead in "
                     "an article file: written as the full-width “＃＃”").format(
                         place=piece.place))
    start = piece.text.index("##")
    return piece.text[:start] + "＃＃" + piece.text[start + 2:]


def _continues(previous: Block, last: Piece, piece: Piece) -> bool:
    """Whether `piece` carries on the paragraph `previous` (ending with the piece `last`),
    which broke off. A table's row stays a paragraph of its own."""
    return (previous.kind == "paragraph" and _broke_off(previous.text)
            and "row" not in (last.style, piece.style) and not _ENUMERATED.match(piece.text))


def crosshead_like(piece: Piece, previous: Block | None, more: bool) -> bool:
    """A Word heading; or a short line with no sentence inside it and no end punctuation
    but a closing quote, after a paragraph that ended and before more text. Commas only
    in a numbered or all-bold line (一、…，…)."""
    if piece.style in ("heading", "row"):
        return piece.style == "heading"
    text = piece.text
    if not more or (previous and previous.kind == "paragraph" and _broke_off(previous.text)):
        return False
    if visible_length(text) > CROSSHEAD_MOST or _INNER_STOPS.search(text):
        return False
    if text[-1] in _NO_CROSSHEAD_END:
        return False
    has_comma = bool(re.search(r"[，,]", text))
    return not has_comma or piece.all_bold or bool(_ENUMERATED.match(text))


def _broke_off(text: str) -> bool:
    return text.rstrip()[-1:] not in SENTENCE_ENDS


def joined(before: str, after: str) -> str:
    """Two parts of a paragraph as one: no space between Chinese characters, a space
    between two words of Latin letters or figures (the break was at a space)."""
    space = " " if before[-1:].isascii() and before[-1:].isalnum() \
        and after[:1].isascii() and after[:1].isalnum() else ""
    return before + space + after


def _crosshead_guess(piece: Piece) -> str:
    if piece.style == "heading":
        return _("{place}: “{text}”, a Word heading, taken as a crosshead (小标题)").format(
            place=piece.place, text=quoted(piece.text))
    return _("{place}: “{text}” taken as a crosshead (小标题)").format(
        place=piece.place, text=quoted(piece.text))


def _join_guess(last: Piece, piece: Piece, before: str) -> str:
    return _("{place}: joined to the paragraph above ({above}), which broke off "
             "mid-sentence between “{before}” and “{after}”").format(
        place=piece.place, above=last.place, before=before[-SHOWN_AROUND_JOIN:],
        after=piece.text[:SHOWN_AROUND_JOIN])
