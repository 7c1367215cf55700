"""The editor's desk: `layout serve`, a live preview of an issue in the browser.

`session.py` rebuilds the proof when a source changes and keeps the last good state;
`app.py` serves it (pages, frames and fit, downloads) and pushes updates as server-sent
events; `static/` is the page the browser runs.
"""
