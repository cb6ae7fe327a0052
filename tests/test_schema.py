# The JSON Schema editors' YAML plugins use: committed in schema/, up to date
# with the model, named by every content file, and accepted by an independent
# validator (check-jsonschema) for all the content we have.
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.load.schema import FILE_NAMES, content_files, schema_comment, schemas
from conftest import FIXTURES, ROOT, SITE

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
KIND_OF_FOLDER = {"site": "site", **FILE_NAMES}


def test_committed_schema_files_are_up_to_date() -> None:
    fresh = schemas()
    on_disk = {p.name.removesuffix(".schema.json"): json.loads(p.read_text(encoding="utf-8")) for p in (ROOT / "schema").glob("*.schema.json")}
    assert on_disk == fresh, "schema/ is out of date with the model: run `explainer schema -o schema`"


def test_every_content_file_names_its_schema() -> None:
    files = content_files(SITE / "content")
    assert len(files) > 40
    for path in files:
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        # as laid out in a project: content/ beside schema/
        assert first == schema_comment(path, SITE / "content", SITE / "schema"), \
            f"{path}: first line must be the schema comment; run `explainer schema -o schema --add-comments`"


def _validate(kind: str, files: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHECK_JSONSCHEMA), "--schemafile", str(ROOT / "schema" / f"{kind}.schema.json"), *map(str, files)],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("folder", ["site", *FILE_NAMES])
def test_check_jsonschema_accepts_all_content(folder: str) -> None:
    if folder == "site":
        files = [ROOT / "content/site.yml", SITE / "content/site.yml"]
    else:  # the shipped content too: every valid file passes the schema
        files = [p for c in (ROOT / "content", SITE / "content", *FIXTURES.glob("*_story/content")) for p in sorted((c / folder).glob("*.yml"))]
    assert files
    result = _validate(KIND_OF_FOLDER[folder], files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_jsonschema_rejects_what_the_loader_rejects(tmp_path: Path) -> None:
    bad = tmp_path / "ukraine.yml"
    bad.write_text((SITE / "content/actors/ukraine.yml").read_text(encoding="utf-8").replace("name:", "nmae:").replace("kind: state", "kind: land"),
                   encoding="utf-8")
    result = _validate("actor", [bad])
    assert result.returncode == 1
    assert "nmae" in result.stdout and "land" in result.stdout


def test_add_comments_only_touches_files_without_one(project: Path, monkeypatch, capsys) -> None:
    term = project / "content/terms/waffenruhe.yml"
    text = term.read_text(encoding="utf-8").split("\n", 1)[1]  # without its comment
    term.write_text(text, encoding="utf-8")
    before = {p: p.read_bytes() for p in content_files(project / "content") if p != term}
    monkeypatch.chdir(project)
    assert main(["schema", "-o", "schema", "--add-comments"]) == 0
    assert "to 1 content file(s)" in capsys.readouterr().out
    assert term.read_text(encoding="utf-8") == "# yaml-language-server: $schema=../../schema/term.schema.json\n" + text
    assert {p: p.read_bytes() for p in before} == before
