"""The IIIF Presentation 3 manifest of the issue: a canvas per page with its picture, an
annotation per article region linking to the article's page, a range per article.

IIIF names everything by the HTTP(S) address it is published at, so the manifest is made
only for a paper that says where its e-paper is published (`epaper_url` in paper.toml);
the issue's folder is `<epaper_url><issue folder>/epaper/`, as `layout epaper` lays a
site out. A canvas is as many units wide and high as the large picture has pixels; regions are the
module frames scaled to it.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from layout.model import Issue
from layout.pages.frames import Rect
from layout.publish.pictures import Picture
from layout.publish.regions import PageText

CONTEXT = "http://iiif.io/api/presentation/3/context.json"
LANGUAGE = "zh-Hans"
MANIFEST = "manifest.json"


def issue_url(issue: Issue) -> str | None:
    """Where the issue's e-paper folder is published, if the paper says: in the folder
    of the issue's name, as `layout epaper` publishes it (its date, 2021-06-15, as issue
    folders are named; a 号外 folder beside it has a name of its own)."""
    base = issue.paper.epaper_url
    return f"{base}{quote(issue.issue_dir.resolve().name)}/epaper/" if base else None


def manifest_json(issue: Issue, base: str, pages: list[PageText], pictures: list[Picture],
                  titles: dict[int, str], articles: dict[int, str],
                  pdfs: list[str], altos: list[str]) -> bytes:
    """`titles`: each article's headline by its number; `articles`: its HTML page."""
    canvases = [_canvas(base, page, picture, titles, articles, pdf, alto)
                for page, picture, pdf, alto in zip(pages, pictures, pdfs, altos, strict=True)]
    manifest = {
        "@context": CONTEXT,
        "id": base + MANIFEST,
        "type": "Manifest",
        "label": _text(f"{issue.paper.name} {issue.date.isoformat()} 总第{issue.issue_number}期"),
        "metadata": [
            {"label": _text("报名"), "value": _text(issue.paper.name)},
            {"label": _text("出版日期"), "value": _text(issue.date.isoformat())},
            {"label": _text("总期号"), "value": _text(str(issue.issue_number))},
            {"label": _text("国内统一连续出版物号"), "value": _text(issue.paper.cn_number)},
        ],
        "navDate": f"{issue.date.isoformat()}T00:00:00+08:00",
        "behavior": ["individuals"],
        "homepage": [{"id": base + "index.html", "type": "Text", "format": "text/html",
                      "label": _text(issue.paper.name), "language": [LANGUAGE]}],
        "items": canvases,
        "structures": [_range(base, number, title, pages)
                       for number, title in sorted(titles.items())],
    }
    return (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode()


def _canvas(base: str, page: PageText, picture: Picture, titles: dict[int, str],
            articles: dict[int, str], pdf: str, alto: str) -> dict[str, Any]:
    canvas = f"{base}canvas/{page.number}"
    scale = picture.width / page.width
    return {
        "id": canvas,
        "type": "Canvas",
        "label": _text(f"第{page.number}版 {page.name}"),
        "width": picture.width,
        "height": picture.height,
        "items": [{
            "id": f"{canvas}/pictures",
            "type": "AnnotationPage",
            "items": [{
                "id": f"{canvas}/pictures/1",
                "type": "Annotation",
                "motivation": "painting",
                "body": {"id": base + picture.name, "type": "Image", "format": "image/png",
                         "width": picture.width, "height": picture.height},
                "target": canvas,
            }],
        }],
        "annotations": [{
            "id": f"{canvas}/articles",
            "type": "AnnotationPage",
            "items": [_region(base, canvas, number, k, rect, scale, titles[number],
                              articles[number])
                      for number, rects in page.articles
                      for k, rect in enumerate(rects, start=1)],
        }],
        "rendering": [{"id": base + pdf, "type": "Text", "format": "application/pdf",
                       "label": _text(f"第{page.number}版 PDF")}],
        "seeAlso": [{"id": base + alto, "type": "Dataset", "format": "application/xml",
                     "profile": "http://www.loc.gov/standards/alto/v4/alto-4-2.xsd",
                     "label": _text("ALTO")}],
    }


def _region(base: str, canvas: str, number: int, k: int, rect: Rect, scale: float,
            title: str, article: str) -> dict[str, Any]:
    x, y, w, h = (round(v * scale) for v in (rect.x, rect.y, rect.w, rect.h))
    return {
        "id": f"{canvas}/articles/a{number}-{k}",
        "type": "Annotation",
        "motivation": "linking",
        "label": _text(title),
        "body": {"id": base + article, "type": "Text", "format": "text/html",
                 "language": [LANGUAGE], "label": _text(title)},
        "target": f"{canvas}#xywh={x},{y},{w},{h}",
    }


def _range(base: str, number: int, title: str, pages: list[PageText]) -> dict[str, Any]:
    return {
        "id": f"{base}range/a{number}",
        "type": "Range",
        "label": _text(title),
        "items": [{"id": f"{base}canvas/{page.number}", "type": "Canvas"} for page in pages
                  if any(n == number for n, _ in page.articles)],
    }


def _text(value: str) -> dict[str, list[str]]:
    return {LANGUAGE: [value]}
