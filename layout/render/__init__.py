"""From framed, typeset pages to HTML (Jinja2) and from HTML to PDF (WeasyPrint)."""
