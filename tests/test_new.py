# `explainer new`: each skeleton lands in the right place, fails `check` only
# for its TODOs (each named with its line), and passes once they are filled in.
from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from generator.cli import main
from generator.load import check_content

STORY = "ukraine-russland-verhandlungen-juli-2025"
SOURCE = "dpa-2025-07-19-waffenruhe-gespraeche"
EVIDENCE = "Die Ukraine hat Russland"

CASES = [
    (["term", "Übergabe", "der", "Gefangenen"], "terms/uebergabe-der-gefangenen.yml"),
    (["actor", "Kaja Kallas", "--kind-of-actor", "person", "--source", SOURCE], "actors/kaja-kallas.yml"),
    (["story", "Neue Gespräche in Istanbul"], "stories/neue-gespraeche-in-istanbul.yml"),
    (["event", STORY, "Treffen in Istanbul", "--date", "2025-07-23"], f"stories/{STORY}.yml"),
    (["event", STORY, "Noch ein Treffen", "--id", "zweites-treffen"], f"stories/{STORY}.yml"),
]


def fill_in(path: Path) -> None:
    """Do what the editor does: replace every TODO with a real value."""
    def value(todo: str) -> str:
        if "id of" in todo:
            return SOURCE
        if "passage" in todo:
            return EVIDENCE
        if "EDTF" in todo:
            return '"2025-07-18"'
        return "Ein Text."
    text = re.sub(r'"(TODO:[^"]*)"', lambda m: value(m.group(1)), path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("args", "file"), CASES, ids=[c[0][0] + "-" + c[1].split("/")[-1] for c in CASES])
def test_skeleton_lands_in_place_and_is_valid_once_filled_in(project: Path, monkeypatch, capsys, args: list, file: str) -> None:
    monkeypatch.chdir(project)
    path = project / "content" / file
    before = path.read_text(encoding="utf-8") if path.exists() else None
    assert main(["new", *args]) == 0
    assert f"content/{file}" in capsys.readouterr().out
    text = path.read_text(encoding="utf-8")
    if before is not None:  # an event: the rest of the story is untouched, line for line
        ops = difflib.SequenceMatcher(None, before.splitlines(), text.splitlines(), autojunk=False).get_opcodes()
        assert {op[0] for op in ops} == {"equal", "insert"}, ops
        added = [line for op in ops if op[0] == "insert" for line in text.splitlines()[op[3]:op[4]]]
        assert any(line.strip().startswith("- id: ") for line in added)
    else:
        assert text.startswith("# yaml-language-server: $schema=../../schema/")
    _, problems = check_content(project / "content")
    assert problems, "a skeleton must not pass before its TODOs are filled in"
    lines = text.splitlines()
    for problem in problems:
        assert problem.path == f"content/{file}" and "placeholder left" in problem.message, problem
        assert "TODO" in lines[problem.line - 1], problem
    fill_in(path)
    content, problems = check_content(project / "content")
    assert problems == [], problems


@pytest.mark.parametrize(("args", "message"), [
    (["term", "Waffenruhe"], "content/terms/waffenruhe.yml exists already"),
    (["event", "ukraine-russland-verhandlungen", "Titel"], f"did you mean '{STORY}'?"),
    (["actor", "Test", "--source", "dpa-2025-07-19-waffenruhe"], f"did you mean '{SOURCE}'?"),
    (["event", STORY, "Titel", "--id", "russischer-angriffskrieg"], "is used in"),
    (["term", "!!!"], "pass one with --id"),
])
def test_new_refuses_with_a_clear_message(project: Path, monkeypatch, capsys, args: list, message: str) -> None:
    monkeypatch.chdir(project)
    before = {p: p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()}
    assert main(["new", *args]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert {p: p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()} == before
