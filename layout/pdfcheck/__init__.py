"""Checking any PDF: as a printing plant (preflight), as an archive (PDF/A), as a layout editor
(typecheck)."""
