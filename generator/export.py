# The export step: the site as files any engine can build. Load and render are done; this writes
# the pages' Markdown, the feeds, robots.txt, the publisher's free pages, the theme overrides and an
# engine config made from mkdocs.yml and site.yml into one folder:
#
#   DIR/mkdocs.yml      the project's settings, with site.yml's title, address, logo and footer in
#                       them and without the explainer plugin (nothing left for a plugin to do)
#   DIR/docs/           every page and file of the site's source
#   DIR/overrides/      the theme overrides (Material's custom_dir)
#   DIR/hooks/          the project's MkDocs hooks, if it has any
#
# Only files whose bytes changed are written (an engine's dirty build, or a publisher's rsync, then
# sees only those), and files that no longer belong are removed.
from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import yaml

from .engine.aria_labels import NAME as ARIA_LABELS
from .fsutil import atomic_write
from .load.model import Content
from .render import render_site
from .render.markdown import front_matter_value
from .render.feeds import SITE_FEED, page_url, render_feeds, robots_txt

MARKER = ".explainer-export"  # in every export folder: the next export may rewrite it
_HEAD_TEXT = re.compile(r'^(title|description): (".*")$', re.MULTILINE)


class ExportError(Exception):
    pass


def export(content: Content, config_file: Path, out: Path, pages: dict[str, str] | None = None) -> tuple[list[str], list[str]]:
    """Write the site's source into `out`; (the paths of the files it holds, the paths written or removed).
    `pages`: the rendered pages, if the caller has them (from the last build's state)."""
    project = config_file.resolve().parent
    try:
        config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise ExportError(f"{config_file}: cannot be read as plain YAML ({' '.join(str(e).split())})") from None
    docs_dir = project / config.get("docs_dir", "docs")
    directory_urls = config.get("use_directory_urls", True)
    files: dict[str, bytes] = {}
    for path, markdown in (render_site(content) if pages is None else pages).items():
        files[f"docs/{path}"] = _theme_safe(markdown).encode("utf-8")
    extra = render_feeds(content, directory_urls)
    if not (docs_dir / "robots.txt").is_file():  # a publisher's own robots.txt wins
        extra["robots.txt"] = robots_txt(content.site.base_url)
    for path, text in extra.items():
        files[f"docs/{path}"] = text.encode("utf-8")
    for folder, prefix in ((docs_dir, "docs"), (_custom_dir(config, project), "overrides")):
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                files.setdefault(f"{prefix}/{path.relative_to(folder).as_posix()}", path.read_bytes())
    hooks = {f"hooks/{Path(hook).name}": project / hook for hook in config.get("hooks") or []}
    for rel, hook in hooks.items():  # beside the config that names them, as MkDocs looks for them
        try:
            files[rel] = hook.read_bytes()
        except OSError as e:
            raise ExportError(f"{config_file}: the hook {hook} cannot be read ({e.strerror or e})") from None
    if hooks:
        config["hooks"] = list(hooks)
    files["mkdocs.yml"] = _engine_config(config, content, directory_urls).encode("utf-8")
    files[MARKER] = b"Exported by `explainer export`; the next export rewrites this folder.\n"
    return list(files), _write_changed(out, files)


def _theme_safe(markdown: str) -> str:
    """The page's title and description HTML-escaped in its front matter: the theme prints them
    as they are (in the plugin's build, ThemeText does this)."""
    head_end = markdown.find("\n---", 3)
    head = _HEAD_TEXT.sub(lambda m: f"{m.group(1)}: {front_matter_value(html.escape(json.loads(m.group(2))))}", markdown[:head_end])
    return head + markdown[head_end:]


def _custom_dir(config: dict, project: Path) -> Path | None:
    theme = config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    return project / custom if custom else None


def _engine_config(config: dict, content: Content, directory_urls: bool) -> str:
    """mkdocs.yml as the engine needs it, with what the plugin set at build time written in."""
    site = content.site
    config = dict(config)
    config["docs_dir"] = "docs"
    config["site_name"] = html.escape(site.title)
    config["site_url"] = site.base_url
    config["site_description"] = html.escape(site.description)
    config["copyright"] = site.copyright or f"© {site.publisher}"  # the footer partial escapes it
    theme = dict(config.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = "overrides"
    if site.logo:
        theme["logo"] = site.logo
    if site.favicon:
        theme["favicon"] = site.favicon
    config["theme"] = theme
    plugins = [p for p in config.get("plugins") or [] if not (p == "explainer" or (isinstance(p, dict) and "explainer" in p))]
    config["plugins"] = plugins
    extensions = list(config.get("markdown_extensions") or [])
    if not any(e == ARIA_LABELS or (isinstance(e, dict) and ARIA_LABELS in e) for e in extensions):
        extensions.append(ARIA_LABELS)  # what the HTML needs whichever engine converts it (aria_labels.py)
    config["markdown_extensions"] = extensions
    extra = dict(config.get("extra") or {})
    extra["footer"] = [{"title": link.title, "url": link.url or page_url(link.page, directory_urls)} for link in site.footer]
    extra["feed"] = SITE_FEED
    config["extra"] = extra
    head = "# Written by `explainer export` from mkdocs.yml and content/site.yml; edit those, not this file.\n"
    return head + yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def _write_changed(out: Path, files: dict[str, bytes]) -> list[str]:
    changed = []
    for rel, data in files.items():
        path = os.path.join(out, rel)
        try:
            with open(path, "rb") as f:
                if f.read() == data:
                    continue
        except OSError:
            pass
        atomic_write(Path(path), data, 0o644)
        changed.append(rel)
    for parent, dirs, names in os.walk(out, topdown=False):  # deepest first: folders after their files
        folder = os.path.relpath(parent, out).replace(os.sep, "/")
        prefix = "" if folder == "." else folder + "/"
        for name in names:
            if prefix + name not in files:
                os.unlink(os.path.join(parent, name))
                changed.append(prefix + name)
        if prefix and not os.listdir(parent):
            os.rmdir(parent)
    return changed


def check_export_folder(out: Path, config_file: Path, content_dir: Path) -> None:
    """Refuse a folder the export does not own: it removes every file that is not part of the site."""
    from .build import check_target

    check_target(out, config_file, content_dir, marker=MARKER)
