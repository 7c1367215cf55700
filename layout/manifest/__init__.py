"""Reading and validating an issue: paper.toml, issue.toml, article and photo files.

`load.load_issue` is the entry point; `schema` holds the file formats.
"""
