"""Lay out Chinese newspaper pages from issue manifests and publish them as PDF."""

from layout.render import libraries

__version__ = "0.2.0"

libraries.install()
