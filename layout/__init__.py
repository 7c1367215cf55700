"""Lay out Chinese newspaper pages from issue manifests and publish them as PDF."""

__version__ = "0.1.0"
