# The theme's static files, listed once per `serve` session, or once for all builds of a project,
# instead of on every build.
#
# MkDocs lists every file of every theme folder on each build and matches each name against a
# dozen patterns (Material ships 14,500 files, mostly icons, of which 46 are copied): 0.08 s of a
# 1.5 s publish after an edit, 0.2 s of a preview rebuild on this machine. While serving, the
# listing is kept in memory as long as the theme folders are the same and no file under the
# custom_dir has been added, removed or changed. `explainer build` keeps it in a file of the
# project's cache, valid while the installed MkDocs and Material, their template folders (a
# reinstall makes them anew) and every file of the custom_dir are as they were. MkDocs still
# copies only the files that changed.
from __future__ import annotations

import json
import os
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Iterator

from mkdocs.structure.files import File, Files

from .fsutil import atomic_write

_original = Files.add_files_from_theme
_listing: dict[tuple, list[tuple[str, str]]] = {}


def keep_listing() -> None:
    Files.add_files_from_theme = _add_files_from_theme  # type: ignore[method-assign]


def list_anew() -> None:
    Files.add_files_from_theme = _original  # type: ignore[method-assign]
    _listing.clear()


@contextmanager
def listed_from(record: Path) -> Iterator[None]:
    """For the builds in this block: the listing from `record` (a JSON file) if it was made from
    the theme folders as they are now, else made anew and written there."""
    def add(self: Files, env, config) -> None:
        key = _disk_key(config)
        try:
            kept = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            kept = None
        if not (isinstance(kept, dict) and kept.get("key") == key):
            found = Files([])
            _original(found, env, config)
            kept = {"key": key, "files": [[f.src_uri, f.src_dir] for f in found]}
            try:
                atomic_write(record, json.dumps(kept, ensure_ascii=False))
            except OSError:  # a read-only cache: listed again next time
                pass
        _add(self, config, kept["files"])

    Files.add_files_from_theme = add  # type: ignore[method-assign]
    try:
        yield
    finally:
        Files.add_files_from_theme = _original  # type: ignore[method-assign]


def _disk_key(config) -> list:
    folders = []
    for folder in config.theme.dirs:
        if folder == config.theme.custom_dir:
            folders.append([folder, [list(entry) for entry in _stamp(folder)]])
        else:
            try:
                info = os.stat(folder)
                folders.append([folder, info.st_ino, info.st_mtime_ns])
            except OSError:
                folders.append([folder, None])
    return [folders, [_version(name) for name in ("mkdocs", "mkdocs-material")]]


def _version(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:
        return None


def _add(self: Files, config, listing) -> None:
    for path, folder in listing:
        if self.get_file_from_path(path) is None:  # a file in docs_dir wins, as in MkDocs
            self.append(File(path, folder, config.site_dir, config.use_directory_urls))


def _add_files_from_theme(self: Files, env, config) -> None:
    key = (tuple(config.theme.dirs), _stamp(config.theme.custom_dir))
    if key not in _listing:
        found = Files([])
        _original(found, env, config)
        _listing.clear()
        _listing[key] = [(f.src_uri, f.src_dir) for f in found]
    _add(self, config, _listing[key])


def _stamp(folder: str | None) -> tuple:
    if not folder:
        return ()
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in Path(folder).rglob("*") if p.is_file()))
