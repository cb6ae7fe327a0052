# JSON Schema of each kind of content file, from the pydantic model, for editors'
# YAML plugins (`# yaml-language-server: $schema=...`) and independent checkers.
from __future__ import annotations

from .model import KINDS, SiteSettings

FILE_NAMES = {"sources": "source", "actors": "actor", "terms": "term", "stories": "story"}


def schemas() -> dict[str, dict]:
    out = {"site": SiteSettings.model_json_schema()}
    for folder, model in KINDS.items():
        out[FILE_NAMES[folder]] = model.model_json_schema()
    for kind, schema in out.items():
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"{kind}.schema.json"
    return out
