# MkDocs adapter: loads content/, renders it, and hands the pages to MkDocs in
# memory (File.generated), so nothing is written into docs_dir and `mkdocs
# serve` does not rebuild forever. `mkdocs serve` also watches content/.
from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .load import ContentError, load_content
from .load.model import Content
from .render import render_site
from .render.feeds import SITE_FEED, page_url, render_feeds

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


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
        # identity and footer: data from site.yml, shown by theme_overrides/partials/copyright.html
        if site.logo:
            config.theme["logo"] = site.logo
        if site.favicon:
            config.theme["favicon"] = site.favicon
        config.extra["footer"] = [{"title": link.title, "url": link.url or page_url(link.page, config.use_directory_urls)}
                                  for link in site.footer]
        config.extra["feed"] = SITE_FEED
        return config

    def on_files(self, files: Files, *, config) -> Files:
        assert self.content is not None
        for path, markdown in render_site(self.content).items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                log.warning("content page %s replaces %s in docs_dir", path, existing.src_uri)
                files.remove(existing)
            files.append(File.generated(config, path, content=markdown))
        extra = render_feeds(self.content, config.use_directory_urls)
        if files.get_file_from_path("robots.txt") is None:  # a publisher's own robots.txt in docs_dir wins
            extra["robots.txt"] = robots_txt(self.content.site.base_url)
        for path, text in extra.items():
            files.append(File.generated(config, path, content=text))
        return files

    def on_serve(self, server, *, config, builder):
        if self.content_dir is not None:
            server.watch(str(self.content_dir))
        return server


def robots_txt(base_url: str) -> str:
    """Crawlers may read everything; the sitemap MkDocs writes lies at the base URL.

    Crawlers read robots.txt only at the root of a host: under a sub-path, the
    publisher copies the Sitemap line into the host's own robots.txt."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {base_url.rstrip('/')}/sitemap.xml\n"
