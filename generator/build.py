# Building the site with MkDocs, atomically: the new site is built next to the
# old one and swapped in only when the whole build succeeded, so a failed or
# killed build never leaves a half-published site behind.
from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import os
import shutil
import tempfile
from pathlib import Path

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


class BuildError(Exception):
    pass


def build_site(config_file: Path, site_dir: Path, content_dir: Path | None = None, keep_state: bool = True) -> None:
    """Build strictly into a fresh folder beside `site_dir`, then swap it in. `keep_state`: start
    from the last build's render and keep this one's for the next (persist.py)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from .search_index import SearchIndexError, index_site  # it uses swap_in from here

    if content_dir is not None:
        os.environ["EXPLAINER_CONTENT"] = str(content_dir.resolve())
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    try:
        config = load_config(str(config_file), site_dir=str(staging), strict=True)
        plugin = config.plugins.get("explainer")
        if plugin is not None:
            plugin.search.after_build, plugin.keep_state, plugin.one_shot = True, keep_state, True
        try:
            build(config)
        finally:
            gc.unfreeze()  # what the build froze for its own time (plugin.py, persist.py) is collected again
            if plugin is not None:  # MkDocs keeps the instance for later builds in this process
                plugin.search.after_build, plugin.content, plugin.keep_state, plugin.one_shot = False, None, False, False
        if plugin is not None:
            del config, plugin
            _free_memory()
            index_site(staging)
    except (MkDocsException, SystemExit) as e:  # mkdocs' Abort is a ClickException (a MkDocsException)
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(str(getattr(e, "message", e)) or "MkDocs build failed") from None
    except SearchIndexError as e:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(str(e)) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    readable(staging)
    swap_in(staging, site_dir)


def readable(folder: Path) -> None:
    """Folders 0755, files 0644, whatever the umask: mkdtemp makes the staging folder 0700, and a web
    server running as another user, or `rsync -a` to a host, must be able to read the site."""
    os.chmod(folder, 0o755)
    for parent, dirs, files in os.walk(folder):
        for names, mode in ((dirs, 0o755), (files, 0o644)):
            for name in names:
                if not os.path.islink(path := os.path.join(parent, name)):  # a link's mode is its target's
                    os.chmod(path, mode)


def _free_memory() -> None:
    """Hand the finished build's memory back to the system before Pagefind starts (at 10,000
    facts both would otherwise hold about half a gigabyte at the same time)."""
    gc.collect()
    libc_name = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(libc_name), "malloc_trim", None) if libc_name else None
    if trim is not None:  # glibc: return freed heap pages, not only keep them for reuse
        trim(0)


def swap_in(new: Path, target: Path) -> None:
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):  # one atomic step: the old site moves to `new`'s name
        shutil.rmtree(new, ignore_errors=True)
        return
    old = target.with_name(f".{target.name}-old-{os.getpid()}")
    os.rename(target, old)
    os.rename(new, target)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): swap two directories atomically. False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    return renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0


def clean_stale(site_dir: Path) -> None:
    """Remove staging folders left by builds that were killed midway."""
    for stale in site_dir.resolve().parent.glob(f".{site_dir.name}-new-*"):
        shutil.rmtree(stale, ignore_errors=True)
