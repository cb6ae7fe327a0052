"""Explainer-site generator: YAML facts in, German Markdown explainer pages out."""
from __future__ import annotations

__version__ = "0.1.0"
