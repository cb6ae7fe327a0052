# The engine step: the exported folder (export.py) built into the staging folder, strictly.
# MkDocs, the default, runs in this process (mkdocs.py); the others by their own command,
# in a process of their own, of which nothing is imported here. An engine that is missing or
# fails is an EngineError with its last lines.
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml


# engine -> its command line to build the folder of `config` into `site`; no --quiet: it drops the
# warnings before strict mode counts them, and a broken link would pass
ENGINES = {
    "properdocs": lambda exe, config, site: [exe, "build", "--strict", "-f", str(config), "-d", str(site)],
    # Zensical has no -d: it builds into the site_dir of its own config (zensical_config), which
    # must lie inside the config's folder; `run` moves the result into `site`
    "zensical": lambda exe, config, site: [exe, "build", "--strict", "-f", str(config)],
}
# ... and to rebuild into `site` (a copy of the last site) only the pages whose Markdown is newer
# than their HTML. Strict mode would count the engine's own notice about dirty builds as a warning,
# so the warnings are counted here instead (`run`), that notice left out.
DIRTY = {
    "properdocs": lambda exe, config, site: [exe, "build", "--dirty", "--no-strict", "-f", str(config), "-d", str(site)],
}
DIRTY_NOTICE = "A 'dirty' build is being performed"
TIMEOUT = 1800  # s
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class EngineError(Exception):
    pass


def executable(engine: str) -> str:
    """The engine's command, from this Python's environment first (the venv), else from PATH."""
    beside = Path(sys.executable).parent / engine
    found = str(beside) if beside.is_file() else shutil.which(engine)
    if found is None:
        raise EngineError(f"the engine {engine!r} is not installed; `pip install {engine}` (make setup installs it)")
    return found


def rebuilds_dirty(engine: str) -> bool:
    """Whether the engine can rebuild only the changed pages into a copy of the last site."""
    return engine == "mkdocs" or engine in DIRTY


def run(engine: str, config: Path, site: Path, dirty: bool = False, cache: Path | None = None) -> None:
    """`cache`: a folder where the engine may keep what it found out for the next build (MkDocs: the theme's files)."""
    if engine == "mkdocs":
        from .mkdocs import EngineFailed, build

        try:
            return build(config, site, dirty, cache)
        except EngineFailed as e:
            raise EngineError(str(e)) from None
    built = None
    if engine == "zensical":
        config, built = zensical_config(config)
        shutil.rmtree(built, ignore_errors=True)
    from ..render.parallel import parent_death_signal  # here: the Markdown extension in this package is imported by engines

    command = (DIRTY if dirty else ENGINES)[engine](executable(engine), config, site)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL,
                              preexec_fn=parent_death_signal())  # a killed build leaves no engine behind
    except (OSError, subprocess.TimeoutExpired) as e:
        raise EngineError(f"could not run {engine} ({e})") from None
    # colours and Python's traceback frames (Zensical ends a refused build with one) left out
    output = [line for line in _ANSI.sub("", done.stderr or done.stdout).strip().splitlines()
              if not line.startswith(("Traceback ", "  File ", "    "))]
    warnings = [line for line in output if line.startswith("WARNING") and DIRTY_NOTICE not in line] if dirty else []
    if done.returncode != 0 or warnings:
        lines = (warnings or output)[-12:] or [f"exit code {done.returncode}"]
        raise EngineError(f"{engine} could not build the site:\n" + "\n".join(lines))
    if built is not None:  # into the staging folder (a rename where both lie on one file system)
        for child in sorted(built.iterdir()):
            shutil.move(str(child), str(site / child.name))
        built.rmdir()


ZENSICAL_SITE = "_zensical-site"
_MATERIAL_CREDIT = (("https://squidfunk.github.io/mkdocs-material/", "https://zensical.org/"), ("Material for MkDocs", "Zensical"))
SEARCH_CSS = "zensical-search.css"  # Material's search styles, for the search box of our overrides
_HOMEPAGE = re.compile(r"\{\{\s*nav\.homepage\.url\s*\|\s*url\s*\}\}")
_NAV_PAGE = re.compile(r'\{%-?\s*for item in nav\.pages if item\.file\.src_uri == "([^"]+)"\s*-?%\}(.*?)\{%-?\s*endfor\s*-?%\}', re.S)
_ITEM_URL = re.compile(r"\{\{\s*item\.url\s*\|\s*url\s*\}\}")


def zensical_config(config: Path) -> tuple[Path, Path]:
    """The exported mkdocs.yml as Zensical reads it: its own site_dir inside the folder, and the
    overrides with a 404 page that does not ask MkDocs' `nav` (Zensical's MiniJinja has none; the
    404's links are absolute, from the path of site_url, as MkDocs builds them). Returns the config
    and the folder Zensical builds into."""
    from ..render.feeds import page_url

    folder = config.parent
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    base = urlsplit(settings.get("site_url") or "/").path or "/"
    base = base if base.endswith("/") else base + "/"
    theme = settings.get("theme") or {}
    if theme.get("custom_dir"):
        ours = folder / "overrides-zensical"
        shutil.rmtree(ours, ignore_errors=True)
        shutil.copytree(folder / theme["custom_dir"], ours)
        missing = ours / "404.html"
        if missing.is_file():
            text = _HOMEPAGE.sub(base, missing.read_text(encoding="utf-8"))
            text = _NAV_PAGE.sub(lambda m: _ITEM_URL.sub(base + page_url(m.group(1), True), m.group(2)), text)
            if "nav." in text:
                raise EngineError("zensical cannot build overrides/404.html: it asks MkDocs' `nav`, which Zensical does not offer")
            missing.write_text(text, encoding="utf-8")
        credit = ours / "partials" / "copyright.html"
        if credit.is_file():  # the footer names the engine that built the page
            text = credit.read_text(encoding="utf-8").replace(*_MATERIAL_CREDIT[0]).replace(*_MATERIAL_CREDIT[1])
            credit.write_text(text, encoding="utf-8")
        if (ours / "partials" / "search.html").is_file():  # the search box is Material's: so are its styles
            shutil.copyfile(Path(__file__).with_name(SEARCH_CSS), ours / "assets" / SEARCH_CSS)
            settings["extra_css"] = [f"assets/{SEARCH_CSS}", *settings.get("extra_css", [])]
        theme["custom_dir"] = ours.name
    # Zensical's own search is on unless switched off: every page would fetch its search.json (188 KB
    # for the first story), which nothing uses, since Pagefind answers the search box
    settings["plugins"] = [*(settings.get("plugins") or []), {"search": {"enabled": False}}]
    theme.setdefault("variant", "classic")  # Material's look, which the overrides and our CSS are made for
    settings["theme"] = theme
    settings["site_dir"] = ZENSICAL_SITE
    written = folder / "zensical.yml"
    written.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return written, folder / ZENSICAL_SITE
