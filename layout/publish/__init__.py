"""Publishing: what the build knows about every printed character, turned into files for
readers and libraries.

The page engine placed every frame and the composer set every line, so the position of
each character is known exactly; no OCR is needed. `regions` turns the Sheets (and, for
the page's own furniture, the PDF's text layer) into pages of text blocks, lines and
characters in millimetres; `alto`, `mets` and `iiif` write the library files from them,
`epaper` the 数字报 site, `calendar` a paper's calendar of issues; `write` is what a
build calls.
"""
