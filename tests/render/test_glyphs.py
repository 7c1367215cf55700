"""Reading which glyphs a page shows in each font: fonts cut to them (the plates, the
archive's page files) must keep every glyph printed, wherever the content shows it."""

from __future__ import annotations

import pikepdf

from layout.variants.glyphs import glyphs_shown


def page_with(content: bytes, fonts: int = 2) -> tuple[pikepdf.Pdf, pikepdf.Dictionary, list]:
    """A one-page PDF whose content is `content`, with Type 0 fonts /F1, /F2 ..."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0].obj
    made = [pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font,
                                                 Subtype=pikepdf.Name.Type0))
            for _ in range(fonts)]
    page.Resources = pikepdf.Dictionary(
        Font=pikepdf.Dictionary({f"/F{n + 1}": font for n, font in enumerate(made)}))
    page.Contents = pdf.make_stream(content)
    return pdf, page, [font.objgen for font in made]


def form(pdf: pikepdf.Pdf, content: bytes) -> pikepdf.Stream:
    return pdf.make_stream(content, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                           BBox=[0, 0, 100, 100])


def test_q_restores_the_font_text_is_shown_in():
    _pdf, page, (f1, f2) = page_with(
        b"BT /F1 12 Tf ET q BT /F2 12 Tf <0001> Tj ET Q BT <0002> Tj ET")
    assert glyphs_shown(page) == {f2: {1}, f1: {2}}


def test_text_in_a_soft_masks_group_and_in_an_annotation_is_read():
    pdf, page, (f1, f2) = page_with(b"/GS1 gs BT /F1 12 Tf <0001> Tj ET")
    group = form(pdf, b"BT /F2 12 Tf <0007> Tj ET")
    group.Resources = page.Resources
    page.Resources.ExtGState = pikepdf.Dictionary(GS1=pikepdf.Dictionary(
        SMask=pikepdf.Dictionary(S=pikepdf.Name.Luminosity, G=group)))
    appearance = form(pdf, b"BT /F1 9 Tf <0009> Tj ET")
    appearance.Resources = page.Resources
    page.Annots = pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FreeText, Rect=[0, 0, 50, 20],
        AP=pikepdf.Dictionary(N=appearance)))])
    assert glyphs_shown(page) == {f1: {1, 9}, f2: {7}}


def test_a_form_that_draws_itself_is_read_once():
    pdf, page, (f1, _f2) = page_with(b"/X1 Do")
    drawn = pdf.make_indirect(form(pdf, b"BT /F1 12 Tf <0003> Tj ET /X1 Do"))
    drawn.Resources = pikepdf.Dictionary(Font=page.Resources.Font,
                                         XObject=pikepdf.Dictionary(X1=drawn))
    page.Resources.XObject = pikepdf.Dictionary(X1=drawn)
    assert glyphs_shown(page) == {f1: {3}}
