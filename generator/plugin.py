# MkDocs adapter: loads content/, renders it, and hands the pages to MkDocs in
# memory (File.generated), so nothing is written into docs_dir and `mkdocs
# serve` does not rebuild forever. `mkdocs serve` also watches content/.
from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .load import ContentError, load_content
from .load.model import Content
from .render import render_site
from .search_index import SearchIndexError, index_site

log = logging.getLogger(f"mkdocs.plugins.{__name__}")
_FIXED_TITLES = re.compile(r'(<a class="(?:headerlink|footnote-backref)" href="[^"]*") title=')


class ExplainerConfig(Config):
    content = c.Type(str, default="content")
    """Folder of the YAML facts, relative to mkdocs.yml.

    ```yaml
    plugins:
      - explainer:
          content: content
    ```
    The environment variable `EXPLAINER_CONTENT` overrides it (the CLI's `--content`).
    """


class ExplainerPlugin(BasePlugin[ExplainerConfig]):
    def __init__(self) -> None:
        self.content: Content | None = None
        self.content_dir: Path | None = None

    def on_config(self, config):
        base = Path(config.config_file_path or ".").parent
        self.content_dir = (base / os.environ.get("EXPLAINER_CONTENT", self.config.content)).resolve()
        try:
            self.content = load_content(self.content_dir)
        except ContentError as e:
            raise PluginError(f"{len(e.problems)} problem(s) in the content:\n{e}") from None
        site = self.content.site
        # site.yml is the one place for site-wide settings; mkdocs.yml only names a placeholder
        config.site_name = site.title
        config.site_url = site.base_url
        config.site_description = site.description
        config.copyright = site.copyright or f"© {site.publisher}"
        return config

    def on_files(self, files: Files, *, config) -> Files:
        assert self.content is not None
        for path, markdown in render_site(self.content).items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                log.warning("content page %s replaces %s in docs_dir", path, existing.src_uri)
                files.remove(existing)
            files.append(File.generated(config, path, content=markdown))
        return files

    def on_page_content(self, html: str, *, page, config, files) -> str:
        # Material turns every title in the content into a tooltip, set up by script at page load.
        # Permalink and footnote-return links say the same on every use: an aria-label names them
        # for screen readers without that cost (a long explainer has dozens of them).
        return _FIXED_TITLES.sub(r"\1 aria-label=", html)

    def on_serve(self, server, *, config, builder):
        if self.content_dir is not None:
            server.watch(str(self.content_dir))
        return server

    def on_post_build(self, *, config):
        try:
            index_site(Path(config.site_dir))
        except SearchIndexError as e:
            raise PluginError(str(e)) from None
