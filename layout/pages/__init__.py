"""The page engine: frames on the grid, articles composed and poured into them, and the exact
fit."""
