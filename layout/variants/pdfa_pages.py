"""The archive's page files, cut from its finished issue file instead of written again.

Each page file keeps the issue file's catalogue as it is (XMP, output intent, the sources
attached, language, marking) and of the rest only what belongs to its page: the branches
of the structure tree that mark content on it (so text extraction still gives each
article whole and in order), its entries of the parent tree, the outline items and named
destinations that point at it, and the fonts and images its content draws (WeasyPrint
gives every page one shared resource dictionary). The issue's font subsets hold the
glyphs of every page: each is cut again to the glyphs its page shows (variants/fonts.py),
so that a page file holds no more than its page needs (and prints the same, pixel for
pixel: tested). Cutting a page takes a few hundredths of a second, where laying it out to
a PDF/A file of its own again took 0.35 s.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

import pikepdf

from layout.errors import RenderError
from layout.variants.fonts import cut_fonts_to_page
from layout.variants.glyphs import ObjGen


def archive_pages(issue_pdf: bytes, count: int) -> list[bytes]:
    """Each of the `count` pages of the finished archive `issue_pdf` as a file of its own,
    in order."""
    return [page_alone(issue_pdf, index) for index in range(count)]


def page_alone(issue_pdf: bytes, index: int) -> bytes:
    """Page `index` (from 0) of the finished archive `issue_pdf` as a file of its own."""
    with pikepdf.open(io.BytesIO(issue_pdf)) as document:
        page = document.pages[index].obj
        keep = page.objgen
        _prune_structure(document.Root.StructTreeRoot, keep, _parent_keys(page))
        _prune_outline(document, keep)
        _prune_destinations(document.Root, keep)
        for other in reversed(range(len(document.pages))):
            if other != index:
                del document.pages[other]
        _own_resources(document.pages[0])
        cut_fonts_to_page(document.pages[0])
        out = io.BytesIO()
        document.save(out, deterministic_id=True, fix_metadata_version=False)
    return out.getvalue()


# --------------------------------------------------------------------------- structure

def _parent_keys(page: pikepdf.Dictionary) -> set[int]:
    """The parent tree's keys the page uses: its content's, and its annotations'."""
    keys = {int(page.StructParents)} if "/StructParents" in page else set()
    return keys | {int(a.StructParent) for a in page.get("/Annots", []) if "/StructParent" in a}


def _prune_structure(root: pikepdf.Dictionary, keep: ObjGen, parent_keys: set[int]) -> None:
    tree = root.ParentTree
    if "/Nums" not in tree or "/Kids" in tree:
        raise RenderError("the archive's parent tree is not one flat number tree, as "
                          "WeasyPrint writes it: its pages cannot be cut from it")
    nums = list(tree.Nums)
    tree.Nums = pikepdf.Array([item for key, value in zip(nums[::2], nums[1::2], strict=True)
                               if int(key) in parent_keys for item in (key, value)])
    _prune_element(root, keep, {})


def _prune_element(element: pikepdf.Dictionary, keep: ObjGen, seen: dict[ObjGen, set]) -> None:
    """Keep of `element`'s kids those marking content on page `keep`, pruning in turn each
    kept element that also marks content elsewhere."""
    kept = []
    for kid in _kids(element):
        if _is_element(kid):
            pages = _pages_of(kid, seen)
            if keep not in pages:
                continue
            if pages != {keep}:
                _prune_element(kid, keep, seen)
        elif _page_of_kid(kid, element) != keep:   # content marked, or an object
            continue
        kept.append(kid)
    element.K = pikepdf.Array(kept)


def _pages_of(element: pikepdf.Dictionary, seen: dict[ObjGen, set]) -> set[ObjGen]:
    """The pages the content marked by `element` and its descendants lies on."""
    key = element.objgen
    if key not in seen:
        pages = set()
        for kid in _kids(element):
            if _is_element(kid):
                pages |= _pages_of(kid, seen)
            elif (page := _page_of_kid(kid, element)) is not None:
                pages.add(page)
        seen[key] = pages
    return seen[key]


def _page_of_kid(kid: pikepdf.Object, holder: pikepdf.Dictionary) -> ObjGen | None:
    """The page of a marked-content id or reference: its own /Pg, else that of the
    element holding it."""
    own = kid.get("/Pg") if isinstance(kid, pikepdf.Dictionary) else None
    page = own if own is not None else holder.get("/Pg")
    return page.objgen if page is not None else None


def _kids(element: pikepdf.Dictionary) -> list[pikepdf.Object]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _is_element(kid: pikepdf.Object) -> bool:
    return isinstance(kid, pikepdf.Dictionary) and "/S" in kid


# --------------------------------------------------------------------------- navigation

def _prune_outline(document: pikepdf.Pdf, keep: ObjGen) -> None:
    """Outline items pointing at page `keep`; the children of any other take its place,
    as WeasyPrint makes the outline of a page written alone."""
    with document.open_outline() as outline:
        outline.root[:] = _items_on(outline.root, keep)


def _items_on(items: Iterable[pikepdf.OutlineItem], keep: ObjGen) -> list:
    kept: list[pikepdf.OutlineItem] = []
    for item in items:
        children = _items_on(item.children, keep)
        if _destination_page(item.destination) == keep:
            item.children[:] = children
            kept.append(item)
        else:
            kept += children
    return kept


def _prune_destinations(catalog: pikepdf.Dictionary, keep: ObjGen) -> None:
    """Named destinations (a flat name tree, as WeasyPrint writes them) on page `keep`."""
    names = catalog.get("/Names", {}).get("/Dests")
    if names is None or "/Names" not in names:
        return
    flat = list(names.Names)
    names.Names = pikepdf.Array([item for name, target in zip(flat[::2], flat[1::2], strict=True)
                                 if _destination_page(target) == keep
                                 for item in (name, target)])


def _destination_page(target: pikepdf.Object | None) -> ObjGen | None:
    if isinstance(target, pikepdf.Dictionary):
        target = target.get("/D")
    if isinstance(target, pikepdf.Array) and len(target) and isinstance(
            target[0], pikepdf.Dictionary):
        return target[0].objgen
    return None


# --------------------------------------------------------------------------- resources

def _own_resources(page: pikepdf.Page) -> None:
    """Give the page a resource dictionary of its own, holding only what it draws."""
    shared = page.obj.Resources
    page.obj.Resources = pikepdf.Dictionary({
        key: pikepdf.Dictionary(dict(value.items())) if isinstance(value, pikepdf.Dictionary)
        else value for key, value in shared.items()})
    page.remove_unreferenced_resources()
