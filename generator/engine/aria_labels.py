# A Python-Markdown extension listed in the engine config (export.py), so every engine that
# converts with Python-Markdown names the permalink and footnote-return links the same way: by an
# aria-label instead of a title. Material turns every title into one of its tooltips, set up by
# script, and a long explainer has dozens of these links, which say the same on every use.
from __future__ import annotations

import re

from markdown import Extension
from markdown.postprocessors import Postprocessor

NAME = "generator.engine.aria_labels"  # as the engine config lists it
_FIXED_TITLES = re.compile(r'(<a class="(?:headerlink|footnote-backref)" href="[^"]*") title=')


def fixed_titles(html: str) -> str:
    return _FIXED_TITLES.sub(r"\1 aria-label=", html)


class _AriaLabels(Postprocessor):
    def run(self, text: str) -> str:
        return fixed_titles(text)


class AriaLabelsExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        # last of all: the toc's permalinks and the footnotes' backlinks are in the text by then
        md.postprocessors.register(_AriaLabels(md), "explainer_aria_labels", 1)


def makeExtension(**kwargs) -> AriaLabelsExtension:  # noqa: N802 (how Python-Markdown finds it)
    return AriaLabelsExtension(**kwargs)
