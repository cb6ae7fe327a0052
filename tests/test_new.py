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
    (["quote", STORY, "dmitri-peskow", "--date", "2025-07-18"], f"stories/{STORY}.yml"),
    (["demand", STORY, "ukraine", "russland", "Einen", "Gefangenenaustausch", "vereinbaren"], f"stories/{STORY}.yml"),
    (["key-fact", STORY, "Die Ukraine schlägt neue Gespräche vor."], f"stories/{STORY}.yml"),
    (["source", "seeds/2025-07-14_zdfheute_trump-droht-russlands-handelspartnern.txt", "--id", "zdf-neu"], "sources/zdf-neu.yml"),
]


def fill_in(path: Path) -> None:
    """Do what the editor does: replace every TODO with a real value."""
    def value(todo: str) -> str:
        if "id of" in todo:
            return SOURCE
        if "passage" in todo or "the words" in todo:
            return EVIDENCE
        if "the title" in todo or "who published" in todo:
            return "Ein Titel"
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
    if args[0] == "source":  # the seed file's header gave every value
        assert problems == [] and "TODO" not in text
        return
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
    (["quote", STORY, "dmitri-peskov"], "no actor 'dmitri-peskov'; did you mean 'dmitri-peskow'?"),
    (["quote", STORY, "dmitri-peskow", "--id", "selenskyj-ukraine-bereit"], "is used in"),
    (["demand", STORY, "ukraine", "Frieden", "schaffen"], "no actor 'Frieden'"),
    (["demand", STORY, "ukraine"], "give STORY BY OF WHAT"),
    (["source", "seeds/gibt-es-nicht.txt"], "no file 'seeds/gibt-es-nicht.txt'"),
    (["source", "/etc/hostname"], "lies outside the project"),
    (["source", "seeds/2025-07-18_dpa-afx_umjerow-wechselt-in-sicherheitsrat.txt", "--id", SOURCE], "exists already"),
])
def test_new_refuses_with_a_clear_message(project: Path, monkeypatch, capsys, args: list, message: str) -> None:
    monkeypatch.chdir(project)
    before = {p: p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()}
    assert main(["new", *args]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert {p: p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()} == before


def test_new_story_takes_its_stand_from_its_sources_never_from_the_machine(project: Path, monkeypatch) -> None:
    """`as_of` is left out of the skeleton: the loader takes the newest date among the story's sources."""
    monkeypatch.chdir(project)
    assert main(["new", "story", "Neue Gespräche", "--source", "dpa-afx-2025-07-18-umjerow-sicherheitsrat"]) == 0
    path = project / "content/stories/neue-gespraeche.yml"
    assert not re.search(r"^as_of:", path.read_text(encoding="utf-8"), re.M)
    text = path.read_text(encoding="utf-8").replace("sources:\n", f"sources:\n  - {SOURCE}\n")
    path.write_text(re.sub(r'"TODO:[^"]*"', '"Ein Text."', text), encoding="utf-8")
    content, problems = check_content(project / "content")
    assert problems == []
    assert content.stories["neue-gespraeche"].as_of == "2025-07-19"  # the newer of its two sources


@pytest.mark.parametrize(("as_of", "expected"), [
    ("2025-07-19", []),
    ("2025-07", []),  # the month of the newest source
    ("2025-08-01", ["line {as_of}: warning: as_of '2025-08-01' is later than every source of this story"]),
    ("2025-07-18", ["line {sources}: warning: source 'dpa-2025-07-19-waffenruhe-gespraeche' is dated '2025-07-19', after as_of '2025-07-18'"]),
])
def test_check_warns_when_as_of_and_the_sources_disagree(project: Path, monkeypatch, capsys, as_of: str, expected: list) -> None:
    """A warning is printed like a problem, but `check` still exits 0 and the site still builds."""
    story = project / f"content/stories/{STORY}.yml"
    text = story.read_text(encoding="utf-8").replace('as_of: "2025-07-19"', f'as_of: "{as_of}"')
    story.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    where = {"as_of": next(i for i, l in enumerate(lines, 1) if l.startswith("as_of:")),
             "sources": next(i for i, l in enumerate(lines, 1) if l.strip() == f"- {SOURCE}")}
    monkeypatch.chdir(project)
    assert main(["check"]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    wanted = [e.replace("line {as_of}", f"content/stories/{STORY}.yml:{where['as_of']}:").replace(
        "line {sources}", f"content/stories/{STORY}.yml:{where['sources']}:") for e in expected]
    assert len(err) == len(wanted)
    for line, start in zip(err, wanted):
        head, message = start.split(": ", 1)
        assert line.startswith(head) and message in line, line
