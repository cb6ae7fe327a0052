# The theme's static files, listed once per `serve` session instead of on every rebuild.
#
# MkDocs lists every file of every theme folder on each build (Material ships
# thousands of icons, of which 46 files are copied): about 0.2 s of every
# preview rebuild on this machine, a fifth of the 1 s an editor should wait.
# While serving, the listing is kept and reused as long as the theme folders
# are the same and no file under the custom_dir has been added, removed or
# changed; MkDocs still copies only the files that changed.
from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File, Files

_original = Files.add_files_from_theme
_listing: dict[tuple, list[tuple[str, str]]] = {}


def keep_listing() -> None:
    Files.add_files_from_theme = _add_files_from_theme  # type: ignore[method-assign]


def list_anew() -> None:
    Files.add_files_from_theme = _original  # type: ignore[method-assign]
    _listing.clear()


def _add_files_from_theme(self: Files, env, config) -> None:
    key = (tuple(config.theme.dirs), _stamp(config.theme.custom_dir))
    if key not in _listing:
        found = Files([])
        _original(found, env, config)
        _listing.clear()
        _listing[key] = [(f.src_uri, f.src_dir) for f in found]
    for path, folder in _listing[key]:
        if self.get_file_from_path(path) is None:  # a file in docs_dir wins, as in MkDocs
            self.append(File(path, folder, config.site_dir, config.use_directory_urls))


def _stamp(folder: str | None) -> tuple:
    if not folder:
        return ()
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in Path(folder).rglob("*") if p.is_file()))
