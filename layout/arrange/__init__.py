"""Arrange (自动组版): the pages laid out for the editor on the composer's exact copyfit.

shapes.py finds, for every module to place, the frames its article fits in; solver.py
places them on the page's grid with a constraint solver; proposals.py checks each layout
by setting the whole issue with it, says why a page cannot be arranged, and writes the
chosen layout into issue.toml.
"""
