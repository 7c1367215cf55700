"""Finding text that does not fit its frame, in WeasyPrint's laid-out boxes.

Every frame the templates emit carries `data-frame`; a line box of its content that ends
outside the frame's border box is text the reader would not see (WeasyPrint sets excess
multi-column text in extra columns beyond the frame, or below it).
"""

from __future__ import annotations

from collections import Counter

from weasyprint.document import Document
from weasyprint.formatting_structure.boxes import Box, LineBox

TOLERANCE = 0.5  # CSS px: rounding in the layout, not overflow


def overflowing_lines(document: Document) -> Counter[str]:
    """Number of lines outside its frame, by frame name, for frames that overflow."""
    overflow: Counter[str] = Counter()
    for page in document.pages:
        _walk(page._page_box, None, overflow)
    return overflow


def _walk(box: Box, frame: tuple[str, tuple[float, float, float, float]] | None,
          overflow: Counter[str]) -> None:
    element = getattr(box, "element", None)
    name = element.get("data-frame") if element is not None else None
    if name and (frame is None or frame[0] != name):
        frame = (name, (box.border_box_x(), box.border_box_y(),
                        box.border_box_x() + box.border_width(),
                        box.border_box_y() + box.border_height()))
    if isinstance(box, LineBox) and frame is not None:
        name, (left, top, right, bottom) = frame
        if (box.position_x + box.width > right + TOLERANCE
                or box.position_y + box.height > bottom + TOLERANCE
                or box.position_x < left - TOLERANCE):
            overflow[name] += 1
        return
    for child in box.all_children():
        _walk(child, frame, overflow)
