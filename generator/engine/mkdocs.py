# The default engine: MkDocs 1.6, in this process, on the exported folder (export.py), as the
# other engines build it (engine.py) but without starting a second Python that imports MkDocs and
# Material again. What the exported config cannot say is added here, for this build only and for
# speed alone: the theme's compiled templates and its file listing kept on disk (theme_files.py),
# and on a full build the pages' Markdown converted on two processes (convert.py). The HTML is
# the same without them.
from __future__ import annotations

import contextlib
import gc
import logging
from pathlib import Path

from mkdocs.plugins import BasePlugin

from .convert import SplitConversion
from ..render import bytecode_cache

DIRTY_NOTICE = "A 'dirty' build is being performed"
THEME_LISTING = "theme-files.json"


class EngineFailed(Exception):
    pass


class _SpeedUps(BasePlugin):
    def __init__(self, split: bool) -> None:
        super().__init__()
        self.split = SplitConversion() if split else None

    def on_env(self, env, *, config, files):
        # MkDocs compiles Material's templates anew on every build: 0.2 s, kept instead
        env.bytecode_cache = bytecode_cache(env)
        return env

    def on_nav(self, nav, *, config, files):
        if self.split is not None:
            self.split.start(config, files, [f.src_uri for f in files.documentation_pages()], self)
        return nav

    def on_page_markdown(self, markdown, *, page, config, files):
        if self.split is not None and self.split.result(page) is not None:
            return ""  # converted in the second process: on_page_content puts it back
        return markdown

    def on_page_content(self, html, *, page, config, files):
        if self.split is not None and self.split.result(page) is not None:
            return self.split.apply(page, files)
        return html

    def on_post_build(self, *, config):
        if self.split is not None:
            self.split.stop()

    def on_build_error(self, *, error):
        if self.split is not None:
            self.split.stop()


class _DirtyNotice(logging.Filter):
    # MkDocs warns on every dirty build that links may go stale; here they cannot (a page whose
    # Markdown changed is rebuilt, the navigation is fixed), and strict mode would count the warning
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_NOTICE)


def build(config_file: Path, site: Path, dirty: bool = False, cache: Path | None = None) -> None:
    """Build the folder of `config_file` into `site` strictly; `dirty`: only the pages whose
    Markdown is newer than their HTML in `site` (a copy of the last site); `cache`: a folder where
    the theme's file listing is kept between builds. EngineFailed with MkDocs' message if it refuses."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from ..theme_files import listed_from

    notice = _DirtyNotice()
    logger = logging.getLogger("mkdocs.commands.build")
    logger.addFilter(notice)
    try:
        config = load_config(str(config_file), site_dir=str(site), strict=True)
        config.plugins["explainer-speed-ups"] = _SpeedUps(split=not dirty)
        with listed_from(cache / THEME_LISTING) if cache else contextlib.nullcontext():
            mkdocs_build(config, dirty=dirty)
    except (MkDocsException, SystemExit) as e:  # mkdocs' Abort is a ClickException (a MkDocsException)
        raise EngineFailed(str(getattr(e, "message", e)) or "MkDocs build failed") from None
    finally:
        logger.removeFilter(notice)
        gc.collect()  # the build's pages and their HTML, before Pagefind runs beside this process
