from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.load import check_content, load_content
from conftest import ROOT, cases


def test_project_content_is_valid() -> None:
    content = load_content(ROOT / "content")
    assert content.stories and content.actors and len(content.terms) >= 10


def test_second_story_shares_actors_and_terms(two_stories: Path) -> None:
    content = load_content(two_stories / "content")
    assert len(content.stories) == 2
    first, second = content.stories.values()
    speakers = lambda s: {a for e in s.events for a in e.actors} | {q.speaker for q in s.quotes} | {d.by for d in s.demands}
    assert speakers(first) & speakers(second), "the fixture story must reuse actors of the first"


def write_case(case: dict, content: Path) -> None:
    """Write one bad-input case into `content` (see the head of tests/cases/bad_content.yml)."""
    data = case["bytes"].encode("latin-1") if "bytes" in case else case["text"].encode("utf-8")
    (content / case["file"]).write_bytes(data * case.get("repeat", 1))


def test_corpus_has_enough_cases() -> None:
    assert len(cases("bad_content.yml")) >= 40


@pytest.mark.parametrize("case", cases("bad_content.yml"), ids=lambda c: c["name"])
def test_bad_input_is_reported_with_file_and_line(case: dict, project: Path, capsys, monkeypatch) -> None:
    write_case(case, project / "content")
    monkeypatch.chdir(project)
    assert main(["check"]) == 1
    out, err = capsys.readouterr()
    assert f"content/{case['file']}:{case['line']}:" in err, err
    assert case["message"] in err, err
    assert "Traceback" not in err + out and "internal error" not in err


def test_all_problems_are_reported_in_one_run(project: Path) -> None:
    for bad in cases("bad_content.yml")[:4]:
        name = bad["file"].replace(".yml", f"-{len(bad['name'])}.yml")
        (project / "content" / name).write_text(bad["text"].replace("id: ukraine\n", f"id: u{len(bad['name'])}\n"), encoding="utf-8")
    _, problems = check_content(project / "content")
    assert len({p.path for p in problems}) >= 3
