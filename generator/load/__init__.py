# Load: the editors' YAML files -> one validated `Content`, or every problem found.
#
# content/site.yml            site-wide settings
# content/sources/*.yml       one source each (its text lies in seeds/)
# content/actors/*.yml        one actor each         (shared by all stories)
# content/terms/*.yml         one glossary term each (shared by all stories)
# content/stories/*.yml       one story each, with its demands, events, quotes
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .. import collector
from . import cache, files
from .crosscheck import CrossChecks
from .model import KINDS, Content, Record, SiteSettings
from .problems import ContentError, Problem, display_path
from .validate import slug_for, validated
from .yamlfile import YamlDoc

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

__all__ = ["ContentError", "Problem", "check_content", "load_content", "slug_for"]

# Ids that would give a record the address of an overview page (akteure/index.md, glossar/index.md)
RESERVED_IDS = {"index"}


def load_content(root: Path) -> Content:
    """Load and check everything under `root`; raise `ContentError` listing every problem."""
    content, problems = check_content(root)
    if problems:
        raise ContentError(problems)
    assert content is not None
    return content


def check_content(root: Path, warnings: list[Problem] | None = None) -> tuple[Content | None, list[Problem]]:
    """The content and every problem found; what is odd but not wrong (see `_as_of`) is added to
    `warnings`, if given: warnings never stop a build."""
    loader = _Loader(Path(root))
    with collector.paused():
        content = loader.run()
    if warnings is not None:
        warnings += sorted(set(loader.warnings))
    return (None if loader.problems else content), sorted(set(loader.problems))


class _Loader(CrossChecks):
    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        # (record, its file, its place in the file), for cross-checks that point at a line: the
        # records of each file (`read`) at once, the nested ones only when a problem needs them
        self.where: dict[int, tuple[YamlDoc, tuple]] = {}
        self.read: list[tuple[Any, YamlDoc]] = []
        self.remembered = False
        # ids of files that failed validation: no "unknown id" follow-up errors for them
        self.broken_ids: set[str] = set()

    def run(self) -> Content | None:
        if not self.root.is_dir():
            self.problems.append(Problem(str(self.root), 1, 1, "content folder not found; pass --content DIR"))
            return None
        site = self._read_one(self.root / "site.yml", SiteSettings)
        self.problems += files.unknown_entries(self.root, set(KINDS))
        tables: dict[str, dict[str, Any]] = {}
        for folder, model in KINDS.items():
            tables[folder] = {}
            # how the folder's files are named in messages, found once for all of them
            shown_in = os.path.dirname(display_path(self.root / folder / "_", self.root))
            # the order of Paths, by name (all lie in one folder): comparing Path objects took a tenth of a warm load
            for entry in sorted(files.listed(self.root / folder, shown_in, self.problems), key=_name_order):
                record = self._read_one(entry.path, model, os.path.join(shown_in, entry.name))
                if record is None:
                    continue
                doc, loc = self._place(record)
                if record.id in tables[folder]:
                    # both files are named: either of them may be the new one
                    other, other_loc = self._place(tables[folder][record.id])
                    self.problems.append(doc.problem(loc + ("id",), f"duplicate id {record.id!r}: {other.shown} uses it too; choose another id"))
                    self.problems.append(other.problem(other_loc + ("id",), f"duplicate id {record.id!r}: {doc.shown} uses it too; choose another id"))
                    continue
                if folder in ("actors", "terms") and record.id in RESERVED_IDS:
                    self.problems.append(doc.problem(loc + ("id",), f"id {record.id!r} is reserved: it would take the address of the overview page; choose another id"))
                    continue
                tables[folder][record.id] = record
        if site is None:
            return None
        texts = self._source_texts(tables["sources"])
        self._cross_check(tables, texts)
        self._site_files(site)
        self.problems += files.free_pages(self.root)
        self._superseded(tables)
        tables["stories"] = {id: self._as_of_range(story, self._as_of(story, tables["sources"])) for id, story in tables["stories"].items()}
        return Content(site=site, source_texts=texts, **tables)

    # --- reading and validating files ---------------------------------------

    def _read_one(self, path: Path | str, model: type[BaseModel], shown: str | None = None) -> Any:
        shown = shown or display_path(Path(path), self.root)
        st = files.regular_stat(path)
        if st is None:
            self.problems.append(Problem(shown, 1, 1, "file missing; create it (see README)"))
            return None
        doc, record, problems, broken_ids = cache.cached(path, ("record", shown, model), lambda: validated(path, shown, model), st)
        self.problems += problems
        self.broken_ids.update(broken_ids)
        if record is not None:
            self.where[id(record)] = (doc, ())
            self.read.append((record, doc))
        return record

    def _place(self, record: Any) -> tuple[YamlDoc, tuple]:
        """The file of `record` and its place in it. Walking every record to note this costs a
        tenth of a load, so it is done once, when the first nested record is asked for."""
        if id(record) not in self.where and not self.remembered:
            self.remembered = True
            for top, doc in self.read:
                self._remember(top, doc, ())
        return self.where[id(record)]

    def _remember(self, record: Any, doc: YamlDoc, loc: tuple) -> None:
        """Note where each record (and nested record) stands, for later cross-checks."""
        self.where[id(record)] = (doc, loc)
        for name in type(record).model_fields:
            value = getattr(record, name)
            if isinstance(value, Record):
                self._remember(value, doc, loc + (name,))
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, Record):
                        # a single `source:` mapping was wrapped into a list: its place is the mapping
                        raw = doc.data
                        for part in loc + (name,):
                            raw = raw[part] if isinstance(raw, (dict, list)) else None
                        self._remember(item, doc, loc + (name,) + ((i,) if isinstance(raw, list) else ()))


def _name_order(entry: os.DirEntry) -> str:
    return os.path.normcase(entry.name)  # as Path ordering: case-insensitive where the system is
