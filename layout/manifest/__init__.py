"""Reading and validating an issue: paper.toml, issue.toml, article and photo files."""

from layout.manifest.load import load_issue

__all__ = ["load_issue"]
