# The MkDocs plugin, for `mkdocs build` and `mkdocs serve` (and `explainer serve`) on the project's
# own mkdocs.yml: it loads content/, renders it, and hands the pages to MkDocs in memory
# (File.generated), so nothing is written into docs_dir and `serve` does not rebuild forever; it
# sets what export.py writes into the engine config, escapes the front matter as the export does,
# and while serving rebuilds only the pages a save touches. `explainer build` does not use it: it
# builds the exported folder (build.py).
from __future__ import annotations

import html
import logging
import os
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import collector, persist, theme_files
from .load import ContentError, load_content
from .load.model import Content
from .render import bytecode_cache, render_site
from .render.incremental import Preview
from .render.feeds import SITE_FEED, page_url, render_feeds, robots_txt
from .engine.aria_labels import NAME as ARIA_LABELS
from .engine.postbuild import page_dates
from .index import SearchIndexError, SiteSearch

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


class ContentProblems(PluginError):
    """The content did not pass the check: raised in on_config, before MkDocs writes anything."""


class ExplainerConfig(Config):
    content = c.Type(str, default="content")
    """Folder of the YAML facts, relative to mkdocs.yml.

    ```yaml
    plugins:
      - explainer:
          content: content
    ```
    `explainer serve --content DIR` sets it to DIR for its session (cli.py).
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


class _OmittedPages(logging.Filter):
    """Content pages are reached from the overviews, not the navigation (which would list every
    term on every page): MkDocs' note that they are "not included in the nav" would name hundreds
    of pages on every build. Only pages from docs_dir that the nav leaves out are still named."""

    generated: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        head, _, listed = record.getMessage().partition(":\n  - ")
        if not head.endswith('included in the "nav" configuration') or not listed:
            return True
        left = [p for p in listed.split("\n  - ") if p.replace(os.sep, "/") not in self.generated]
        record.msg, record.args = head + ":\n  - " + "\n  - ".join(left), ()
        return bool(left)


_OMITTED = _OmittedPages()


class ExplainerPlugin(BasePlugin[ExplainerConfig]):
    def __init__(self) -> None:
        self.content: Content | None = None
        self.content_dir: Path | None = None
        self.dirty = False
        self.built: dict[str, str] = {}  # page path -> the Markdown MkDocs last built, for dirty rebuilds
        self.built_key: tuple | None = None
        self.preview = Preview()  # the last render, so a save re-renders only the pages it touches
        self.server = None  # MkDocs' live-reload server, in `serve`
        self.search = SiteSearch()
        self._generated: frozenset[str] = frozenset()
        self.keep_state = False  # `mkdocs build`: start from the last build's render, kept on disk (persist.py)

    def on_startup(self, *, command, dirty):
        # Having this hook makes MkDocs keep this instance across `serve` rebuilds, so the
        # last render survives and a dirty rebuild hands MkDocs only the pages that changed.
        self.dirty, self.keep_state = dirty, command == "build"
        if command == "serve":
            theme_files.keep_listing()
        self.search.startup(command, dirty)
        logging.getLogger("mkdocs.structure.nav").addFilter(_OMITTED)
        if dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_DIRTY_NOTICE)

    def on_shutdown(self):
        self.search.shutdown()  # a background indexing still running ends with the server
        logging.getLogger("mkdocs.structure.nav").removeFilter(_OMITTED)
        self.dirty, self.built, self.built_key, self.preview, self.server = False, {}, None, Preview(), None
        logging.getLogger("mkdocs.commands.build").removeFilter(_DIRTY_NOTICE)
        theme_files.list_anew()

    def on_config(self, config):
        base = Path(config.config_file_path or ".").parent
        self.content_dir = (base / self.config.content).resolve()
        if self.keep_state:
            self.preview = persist.restore(persist.folder_for(config.config_file_path))
        try:
            self.content = load_content(self.content_dir)
        except ContentError as e:
            raise ContentProblems(f"{len(e.problems)} problem(s) in the content:\n{e}") from None
        if ARIA_LABELS not in config.markdown_extensions:  # as the engine config lists it (export.py)
            config.markdown_extensions.append(ARIA_LABELS)
        site = self.content.site
        # site.yml is the one place for site-wide settings; mkdocs.yml only names a placeholder
        config.site_name = _html_text(site.title)
        config.site_url = site.base_url
        config.site_description = _html_text(site.description)
        # plain text: theme_overrides/partials/copyright.html escapes it itself
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
        if self.dirty or self.keep_state:
            # in `serve`, the edited record's own page first; the pages that merely show it (its
            # tooltip, say: long overviews among them) follow in a second rebuild right after
            pages = self.preview.render(self.content, first=self.dirty and hasattr(self.server, "_rebuild_cond"))
        else:
            pages = render_site(self.content)
        _OMITTED.generated = set(pages)
        self._generated = frozenset(pages)
        previous = self._previous_build(config)
        changed = {path for path, markdown in pages.items() if previous.get(path) != markdown}
        for path, markdown in pages.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                log.warning("content page %s replaces %s in docs_dir", path, existing.src_uri)
                files.remove(existing)
            file = _Rendered.generated(config, path, content=markdown)
            file.changed = path in changed
            files.append(file)
        if self.dirty:
            for gone in previous.keys() - pages.keys():  # a removed term or actor: no stale page in the preview
                stale = _Rendered.generated(config, gone, content="")
                Path(stale.abs_dest_path).unlink(missing_ok=True)
            self.built, self.built_key = pages, self._build_key(config)
            later = len(self.preview.pending)
            log.info("%d of %d content pages changed%s", len(changed), len(pages), f"; {later} more follow at once" if later else "")
        extra = render_feeds(self.content, config.use_directory_urls)
        if files.get_file_from_path("robots.txt") is None:  # a publisher's own robots.txt in docs_dir wins
            extra["robots.txt"] = robots_txt(self.content.site.base_url)
        for path, text in extra.items():
            files.append(File.generated(config, path, content=text))
        return files

    def on_env(self, env, *, config, files):
        # MkDocs makes a new theme environment for every build and compiles Material's templates
        # anew: 0.2 s of each build and `serve` rebuild. Compiled templates are kept on disk (as the
        # generator's own, checked against their source), shared by builds and rebuilds.
        env.bytecode_cache = bytecode_cache(env)
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

    def on_page_markdown(self, markdown, *, page, config, files):
        # Material puts the page's title and description into the HTML unescaped in several
        # places (<title>, header, <meta content="...">); they are text, so escape them here
        # (see ThemeText for the places that escape them themselves).
        if "title" not in page.meta and page.file.src_uri in self._generated:
            # MkDocs shows front matter its YAML reader refuses as page text, without a word:
            # that text is then Markdown, never escaped for it. Never publish such a page.
            raise PluginError(f"the front matter of the generated page {page.file.src_uri} was not read; "
                              "this is a bug in the generator, please report it")
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = _html_text(page.meta[key])
        return markdown

    def on_pre_page(self, page, *, config, files):
        # The sitemap's <lastmod> comes from the content ("Stand" of the story), not from the
        # day of the build, so two builds of the same content are byte for byte the same.
        # An explicit SOURCE_DATE_EPOCH (MkDocs' own mechanism) still wins.
        if self.content is not None and "SOURCE_DATE_EPOCH" not in os.environ:
            page.update_date = self._content_date(page.file.src_uri) or page.update_date
        return page

    def _content_date(self, src_uri: str) -> str | None:
        assert self.content is not None
        if getattr(self, "_stand", (None,))[0] is not self.content:  # once per build, not per page
            self._stand = (self.content, *page_dates(self.content))
        _, by_page, newest = self._stand
        return by_page.get(src_uri) or newest

    def on_serve(self, server, *, config, builder):
        self.server = server
        if self.content_dir is not None:
            server.watch(str(self.content_dir))
        server.builder = self._keep_last_good(server.builder)
        return server

    # --- search (generator/index/): Pagefind indexes the built folder; `explainer serve`
    # rebuilds do it in the background after the build has returned

    def on_pre_build(self, *, config):
        self.search.pre_build()

    def on_post_build(self, *, config):
        if self.keep_state:
            # kept on disk and let go before Pagefind starts: held beside it (490 MB at 10,000
            # facts), the memory of all processes together peaked near 1 GB
            persist.save(persist.folder_for(config.config_file_path), self.preview)
            self.preview = Preview()
            collector.thaw()  # what restoring the state froze
        try:
            self.search.post_build(Path(config.site_dir))
        except SearchIndexError as e:
            raise PluginError(str(e)) from None

    def _keep_last_good(self, builder):
        """MkDocs' live reload stalls every request after a failed rebuild ("the server will
        appear stuck", mkdocs/livereload: _build_loop), and stays stuck until a rebuild succeeds.
        A content error stops the build in on_config, before MkDocs writes anything, so the last
        good site is intact: keep serving it. Other failures (a broken link in a free page, which
        strict mode refuses after the pages are written) are reported the same way and the folder
        served as it is; on_build_error makes the next rebuild a full one."""
        def rebuild(*args, **kwargs):
            try:
                result = builder(*args, **kwargs)
            except SystemExit as e:  # mkdocs' Abort, raised while handling the real error
                if not isinstance(e.__context__, ContentProblems):
                    log.error("The rebuild failed (%s); fix the problem above and save again. Until then the preview "
                              "shows what was built before, and the next build rebuilds every page.", e)
                    return None
                log.error("The preview keeps showing the last good version; fix the problems above and save again.")
                return None
            except Exception as e:  # anything else that stopped the build: never leave every request waiting
                log.error("The rebuild failed (%s: %s); fix the problem and save again. Until then the preview shows "
                          "what was built before, and the next build rebuilds every page.", type(e).__name__, e)
                return None
            if self.preview.pending:
                self._request_rebuild()
            return result
        return rebuild


    def _request_rebuild(self) -> None:
        """Ask the live-reload server for another rebuild, as a saved file does (MkDocs 1.6,
        mkdocs/livereload: the `watch` callback). Browsers reload after this build, then after the next."""
        server = self.server
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()


class ThemeText(str):
    """Data text handed to Material's templates, which print it both raw (`{{ config.site_name }}`
    in text and <meta>) and through `| e` (`title="{{ config.site_name | e }}"`). As a string it is
    escaped once: right for the raw places. Through `| e` it is escaped twice, because Material's
    `content.tooltips` decodes title attributes and inserts them as HTML: the decoded value must
    still be escaped text, or a `<img onerror=...>` in a title would run."""

    def __html__(self) -> str:
        return html.escape(str(self))


def _html_text(text: str) -> ThemeText:
    return text if isinstance(text, ThemeText) else ThemeText(html.escape(text))
