"""The IIIF Presentation 3 manifest: a canvas per page with its picture, an annotation per
article region; every address under the paper's epaper_url and naming a file there."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from PIL import Image

BASE = "https://epaper.example.com/tangyin/2021-06-15/epaper/"   # the sample's epaper_url


def manifest(site: Path) -> dict:
    return json.loads((site / "manifest.json").read_text(encoding="utf-8"))


def local(site: Path, address: str) -> Path:
    assert address.startswith(BASE), address
    return site / address.removeprefix(BASE).split("#")[0]


def test_the_manifest_has_what_presentation_3_requires(site: Path):
    data = manifest(site)
    assert data["@context"] == "http://iiif.io/api/presentation/3/context.json"
    assert data["type"] == "Manifest" and data["id"] == BASE + "manifest.json"
    assert data["label"] == {"zh-Hans": ["汤阴新闻 2021-06-15 总第1862期"]}
    ids = [value for key, value in _pairs(data) if key == "id"]
    assert all(re.match(r"https://", i) for i in ids)
    own = [data["id"], *(r["id"] for r in data["structures"])]
    for canvas in data["items"]:
        pages = canvas["items"] + canvas["annotations"]
        own += [canvas["id"], *(p["id"] for p in pages), *(a["id"] for p in pages
                                                          for a in p["items"])]
    assert len(own) == len(set(own)), "every resource its own id"
    for canvas in data["items"]:
        assert canvas["type"] == "Canvas" and canvas["width"] > 0 and canvas["height"] > 0
        (page,) = canvas["items"]
        (painting,) = page["items"]
        assert painting["motivation"] == "painting" and painting["target"] == canvas["id"]
        with Image.open(local(site, painting["body"]["id"])) as picture:
            assert picture.size == (canvas["width"], canvas["height"])
            assert picture.size == (painting["body"]["width"], painting["body"]["height"])


def test_each_article_region_is_an_annotation_linking_its_page(site: Path):
    data = manifest(site)
    first = data["items"][0]
    (regions,) = first["annotations"]
    titles = [a["label"]["zh-Hans"][0] for a in regions["items"]]
    assert titles == ["利剑出鞘去沉痾", "弘扬传统文化 增进邻里情感", "进企业答疑解惑 为群众办实事"]
    for annotation in regions["items"]:
        target, _, fragment = annotation["target"].partition("#")
        x, y, w, h = map(int, re.fullmatch(r"xywh=(\d+),(\d+),(\d+),(\d+)", fragment).groups())
        assert target == first["id"] and w > 0 and h > 0
        assert x + w <= first["width"] and y + h <= first["height"]
        assert local(site, annotation["body"]["id"]).is_file()
    lead = next(r for r in data["structures"] if r["label"]["zh-Hans"] == ["利剑出鞘去沉痾"])
    assert [c["id"] for c in lead["items"]] == [BASE + "canvas/1", BASE + "canvas/2"]


def _pairs(value: object):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from _pairs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _pairs(item)


def test_an_issue_is_addressed_by_its_folder_as_layout_epaper_publishes_it(project: Path):
    """A 号外 beside the day's issue is published in its own folder: its manifest, feed
    and sitemap must not claim the day's issue's address."""
    from layout.manifest.check import check_issue
    from layout.publish.iiif import issue_url

    paper = project / "issues" / "tangyin"
    extra = paper / "2021-06-15 号外"
    shutil.copytree(paper / "2021-06-15", extra)
    issue, _resources, _lock = check_issue(extra)
    assert issue_url(issue) == ("https://epaper.example.com/tangyin/"
                                "2021-06-15%20%E5%8F%B7%E5%A4%96/epaper/")


def test_a_special_issue_of_the_same_day_has_ids_of_its_own(project: Path):
    """The METS object and the feed's items of a 号外 are not the day's issue's."""
    from layout.manifest.check import check_issue
    from layout.publish.mets import _object_id

    paper = project / "issues" / "tangyin"
    extra = paper / "2021-06-15 号外"
    shutil.copytree(paper / "2021-06-15", extra)
    regular, special = (check_issue(folder)[0] for folder in (paper / "2021-06-15", extra))
    assert _object_id(regular) != _object_id(special)
    assert "号外" in _object_id(special)
