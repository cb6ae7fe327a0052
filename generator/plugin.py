# MkDocs adapter: loads content/, renders it, and hands the pages to MkDocs in
# memory (File.generated), so nothing is written into docs_dir and `mkdocs
# serve` does not rebuild forever. `mkdocs serve` also watches content/.
from __future__ import annotations

import logging
import os
from pathlib import Path

from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .load import ContentError, load_content
from .load.model import Content
from .render import render_site

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


class _Rendered(File):
    """A page rendered from the content; a dirty rebuild (`explainer serve`) skips it unless it changed."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed


class _DirtyNotice(logging.Filter):
    # MkDocs warns on every dirty build that links may go stale; ours don't (each page whose
    # Markdown changed is rebuilt, and the navigation is fixed), and in strict mode the warning would abort
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


_DIRTY_NOTICE = _DirtyNotice()


class _MemoryBytecode(BytecodeCache):
    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_THEME_BYTECODE = _MemoryBytecode()


class ExplainerPlugin(BasePlugin[ExplainerConfig]):
    def __init__(self) -> None:
        self.content: Content | None = None
        self.content_dir: Path | None = None
        self.dirty = False
        self.built: dict[str, str] = {}  # page path -> the Markdown MkDocs last built, for dirty rebuilds
        self.built_key: tuple | None = None

    def on_startup(self, *, command, dirty):
        # Having this hook makes MkDocs keep this instance across `serve` rebuilds, so the
        # last render survives and a dirty rebuild hands MkDocs only the pages that changed.
        self.dirty = dirty
        if dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_DIRTY_NOTICE)

    def on_shutdown(self):
        self.dirty, self.built, self.built_key = False, {}, None
        logging.getLogger("mkdocs.commands.build").removeFilter(_DIRTY_NOTICE)

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
        pages = render_site(self.content)
        previous = self._previous_build(config)
        for path, markdown in pages.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                log.warning("content page %s replaces %s in docs_dir", path, existing.src_uri)
                files.remove(existing)
            file = _Rendered.generated(config, path, content=markdown)
            file.changed = previous.get(path) != markdown
            files.append(file)
        if self.dirty:
            for gone in previous.keys() - pages.keys():  # a removed term or actor: no stale page in the preview
                stale = _Rendered.generated(config, gone, content="")
                Path(stale.abs_dest_path).unlink(missing_ok=True)
            self.built, self.built_key = pages, self._build_key(config)
            log.info("%d of %d content pages changed", sum(previous.get(p) != m for p, m in pages.items()), len(pages))
        return files

    def on_env(self, env, *, config, files):
        # MkDocs makes a new theme environment for every build; sharing compiled templates
        # (checked against their source) spares each `serve` rebuild compiling the whole theme again
        env.bytecode_cache = _THEME_BYTECODE
        return env

    def on_build_error(self, *, error):
        self.built, self.built_key = {}, None  # pages may not have been written: rebuild all next time

    def _previous_build(self, config) -> dict[str, str]:
        """The pages of the last build if this one may rebuild only what changed, else nothing."""
        if not self.dirty or self.built_key != self._build_key(config):
            return {}
        return self.built

    def _build_key(self, config) -> tuple:
        # what every page's HTML depends on besides its Markdown: settings, mkdocs.yml, theme overrides
        def stamp(path: str | None) -> int:
            return os.stat(path).st_mtime_ns if path and os.path.exists(path) else 0

        custom = config.theme.custom_dir
        overrides = max((stamp(str(p)) for p in Path(custom).rglob("*")), default=0) if custom else 0
        assert self.content is not None
        return (config.site_dir, stamp(config.config_file_path), overrides, self.content.site)

    def on_serve(self, server, *, config, builder):
        if self.content_dir is not None:
            server.watch(str(self.content_dir))
        return server
