# JSON Schema of each kind of content file, from the pydantic model, for editors'
# YAML plugins (`# yaml-language-server: $schema=...`) and independent checkers.
# The schema files are committed in schema/ (`explainer schema -o schema`); each
# content file names its schema in its first line, so editors get completion.
from __future__ import annotations

import os
from pathlib import Path

from .model import KINDS, SiteSettings

FILE_NAMES = {"sources": "source", "actors": "actor", "terms": "term", "stories": "story"}
COMMENT = "# yaml-language-server: $schema="


def schema_comment(content_file: Path, content_root: Path, schema_dir: Path) -> str | None:
    """The first line a content file should have, pointing (relatively) at its kind's schema."""
    rel = content_file.resolve().relative_to(content_root.resolve())
    if rel == Path("site.yml"):
        kind = "site"
    elif len(rel.parts) == 2 and rel.parts[0] in FILE_NAMES:
        kind = FILE_NAMES[rel.parts[0]]
    else:
        return None
    target = os.path.relpath(schema_dir.resolve() / f"{kind}.schema.json", content_file.resolve().parent)
    return COMMENT + Path(target).as_posix()


def content_files(content_root: Path) -> list[Path]:
    files = [content_root / "site.yml"] if (content_root / "site.yml").is_file() else []
    for folder in FILE_NAMES:
        files += sorted((content_root / folder).glob("*.y*ml"))
    return files


def add_comments(content_root: Path, schema_dir: Path) -> list[Path]:
    """Put the schema comment at the top of every content file that lacks it (only when asked)."""
    changed = []
    for path in content_files(content_root):
        line = schema_comment(path, content_root, schema_dir)
        raw = path.read_bytes()
        if line is None or raw.startswith(line.encode()):
            continue
        if raw.startswith(COMMENT.encode()):  # an outdated pointer: replace it
            raw = raw.split(b"\n", 1)[1] if b"\n" in raw else b""
        path.write_bytes(line.encode() + b"\n" + raw)
        changed.append(path)
    return changed


def schemas() -> dict[str, dict]:
    out = {"site": SiteSettings.model_json_schema()}
    for folder, model in KINDS.items():
        out[FILE_NAMES[folder]] = model.model_json_schema()
    for kind, schema in out.items():
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"{kind}.schema.json"
    return out
