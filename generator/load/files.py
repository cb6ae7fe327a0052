# What lies in content/ and seeds/, file by file, before any record is read: the build never
# publishes less than the content (a folder it cannot read, a misspelled folder, a `.YML` file are
# problems), never quotes a file it should not (source texts are UTF-8 files under seeds/), and
# free pages that would stop the engine later are named here with their line.
from __future__ import annotations

import difflib
import os
import re
import stat
from pathlib import Path

from ..fsutil import read_whole
from .evidence import normalise
from .problems import Problem, display_path

# what an editor may call a folder in German
GERMAN_FOLDERS = {"akteure": "actors", "begriffe": "terms", "glossar": "terms", "geschichten": "stories", "quellen": "sources", "seiten": "pages"}
# Addresses of the generated pages (a free page there would replace one, or be replaced)
GENERATED_PAGES = {"", "quellen", "chronologie", "forderungen", "404", "feed.xml", "sitemap.xml"}
GENERATED_FOLDERS = {"akteure", "glossar", "geschichten", "chronologie", "forderungen", "pagefind"}
# front matter that names a file of the theme: a missing one stopped the build with an internal error
FREE_PAGE_REFUSED = {"template": "every page uses the site's own template", "icon": "the theme's icons are not part of the site"}


def listed(path: Path, shown_in: str, problems: list[Problem]) -> list[os.DirEntry]:
    """The YAML files of one content folder; a folder that cannot be read, and files that
    are not `.yml`, are added to `problems`: the build never publishes less than the content.
    (Entries, not Paths: a Path per file took a third of the time spent reading files.)"""
    try:
        entries = list(os.scandir(path))
    except FileNotFoundError:
        return []  # an empty kind: no stories yet
    except OSError as e:
        problems.append(Problem(shown_in or path.name, 1, 1, f"cannot read the folder ({e.strerror or e}); check its permissions"))
        return []
    found = []
    for entry in entries:
        name = entry.name
        if name.startswith(".") or name.endswith("~"):  # hidden files, editors' backups
            continue
        if name.endswith((".yml", ".yaml")) and not entry.is_dir():
            found.append(entry)
        else:
            hint = "rename it to end in .yml" if name.lower().endswith((".yml", ".yaml")) else "move it out of content/"
            problems.append(Problem(os.path.join(shown_in, name), 1, 1, f"not a content file (only .yml files are read here); {hint}"))
    return found


def unknown_entries(root: Path, kinds: set[str]) -> list[Problem]:
    """Folders and files in content/ that the build would ignore (a misspelled `akteure/`)."""
    known = kinds | {"site.yml", "pages"}
    try:
        names = sorted(os.listdir(root))
    except OSError as e:
        return [Problem(str(root), 1, 1, f"cannot read the folder ({e.strerror or e}); check its permissions")]
    problems = []
    for name in names:
        if name in known or name.startswith(".") or name.endswith("~"):
            continue
        near = GERMAN_FOLDERS.get(name.lower()) or next(iter(difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)), None)
        hint = f"did you mean {near!r}?" if near else "content/ holds " + ", ".join(sorted(known))
        inside = sorted((root / name).glob("*.y*ml")) if (root / name).is_dir() else []
        for path in inside or [root / name]:  # the editor's files that would be left out, else the entry
            problems.append(Problem(display_path(path, root), 1, 1, f"unknown entry {name!r} in content/, the build would ignore it; {hint}"))
    return problems


def free_pages(root: Path) -> list[Problem]:
    """Free pages are the publisher's own Markdown and HTML (trusted), but what would stop the
    build later is named here: an encoding MkDocs cannot read, front matter MkDocs or the theme
    refuse, an address a generated page already has."""
    pages, problems = root / "pages", []
    for path in sorted(pages.rglob("*.md")) if pages.is_dir() else []:
        shown = display_path(path, root)
        rel = path.relative_to(pages).as_posix()
        address = re.sub(r"(^|/)(index|readme)$", "", rel[:-3], flags=re.IGNORECASE).lower()
        if address in GENERATED_PAGES or address.split("/")[0] in GENERATED_FOLDERS:
            problems.append(Problem(shown, 1, 1, f"this page would take the address of a generated page ({address or 'the start page'}/); rename it"))
            continue
        try:
            raw = path.read_bytes()
        except OSError as e:
            problems.append(Problem(shown, 1, 1, f"cannot read the file ({e.strerror or e}); check its permissions"))
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            line = raw[: e.start].count(b"\n") + 1
            problems.append(Problem(shown, line, 1, "file is not valid UTF-8; save it with UTF-8 encoding"))
            continue
        head = re.match(r"---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*\n", text, re.DOTALL)
        if head is None:
            continue
        for n, line_text in enumerate(head.group(1).splitlines(), 2):
            key = line_text.split(":", 1)[0].strip()
            if key in FREE_PAGE_REFUSED and not line_text.startswith((" ", "\t")):
                problems.append(Problem(shown, n, 1, f"front matter `{key}:` is not supported in free pages ({FREE_PAGE_REFUSED[key]}); remove it"))
    return problems


def source_text(path: Path) -> str | tuple[str]:
    """A source's text, normalised, or (what is wrong with the file,)."""
    try:
        raw = read_whole(path)
    except OSError as e:
        return (f"cannot be read ({e.strerror or e}); check its permissions",)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        return (f"is not valid UTF-8 (byte 0x{raw[e.start]:02x} in line {line}); save it with UTF-8 encoding",)
    text = normalise(text)
    if not text:
        return ("is empty; put the source's text into it",)
    return text


def regular_stat(path: Path | str) -> os.stat_result | None:
    """The stat of a regular file (one system call, reused as the cache's stamp), or None."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st if stat.S_ISREG(st.st_mode) else None
