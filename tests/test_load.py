from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.cli import main
from generator.load import Problem, check_content, load_content
from conftest import SITE, cases


def test_test_site_is_valid() -> None:
    content = load_content(SITE / "content")
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
    (content / case["file"]).parent.mkdir(parents=True, exist_ok=True)
    (content / case["file"]).write_bytes(data * case.get("repeat", 1))
    for path, text in case.get("also", {}).items():  # further files, relative to the project
        (content.parent / path).parent.mkdir(parents=True, exist_ok=True)
        (content.parent / path).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


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


def test_yaml_11_words_and_unquoted_dates_stay_as_typed(project: Path) -> None:
    """`no`, `yes`, `on`, `1:30`, `0x1F` and unquoted dates are what the editor typed, not booleans or numbers."""
    (project / "content/actors/zz-test.yml").write_text(
        "id: zz-test\nkind: person\nname: no\nrole: 1:30\naliases: [yes, on, 0x1F, 2025-07-19, ~]\n"
        "source: {id: dpa-2025-07-19-waffenruhe-gespraeche, evidence: Die Ukraine hat Russland}\n", encoding="utf-8")
    source = project / "content/sources/dpa-2025-07-19-waffenruhe-gespraeche.yml"
    source.write_text(source.read_text(encoding="utf-8").replace('date: "2025-07-19"', "date: 2025-07-19"), encoding="utf-8")
    content, problems = check_content(project / "content")
    assert [p for p in problems if "zz-test" in p.path] == [
        Problem("actors/zz-test.yml", 5, 38, "aliases (item 5): the value is empty; write it in, or remove the key if it is optional")]
    (project / "content/actors/zz-test.yml").write_text(
        (project / "content/actors/zz-test.yml").read_text(encoding="utf-8").replace(", ~]", "]"), encoding="utf-8")
    content = load_content(project / "content")
    actor = content.actors["zz-test"]
    assert (actor.name, actor.role, actor.aliases) == ("no", "1:30", ["yes", "on", "0x1F", "2025-07-19"])
    assert content.sources["dpa-2025-07-19-waffenruhe-gespraeche"].date == "2025-07-19"


def test_load_leaves_the_cycle_collector_as_it_found_it(project: Path) -> None:
    """The collector is off while loading; after it, what the load keeps waits in the oldest generation
    instead of being walked by the next young collection; if a caller froze objects, it is frozen with
    them and thawed when they are."""
    import gc

    from generator import collector
    from generator.load import cache

    collections: list[int] = []
    record = lambda phase, info: phase == "start" and collections.append(info["generation"])
    collector.thaw()  # nothing frozen to start from: a state restored in an earlier test stays frozen
    cache.clear()
    gc.collect()
    gc.callbacks.append(record)
    try:
        load_content(project / "content")
        assert collections == []  # the first allocation after it walked all of it, before
        assert gc.isenabled() and gc.get_freeze_count() == 0 and gc.get_count()[0] < 700
    finally:
        gc.callbacks.remove(record)
    gc.disable()
    try:
        cache.clear()
        load_content(project / "content")
        assert not gc.isenabled()
    finally:
        gc.enable()
    collector.freeze()  # as a build does with what lives as long as it (generator/build.py)
    try:
        cache.clear()
        load_content(project / "content")
        assert gc.get_freeze_count() > 0 and gc.get_count()[0] < 700  # frozen with the caller's objects
    finally:
        collector.thaw()
    assert gc.get_freeze_count() == 0


def test_a_file_yaml_rs_would_accept_and_libyaml_refuses_gets_libyaml_s_message(project: Path, monkeypatch) -> None:
    """yaml-rs is more lenient in a few flow lists (rustyaml.py leaves those to libyaml). Were one to get
    through, the file's first problem brings libyaml's message, as if yaml-rs had not been there."""
    import yaml_rs

    from generator.load import cache, rustyaml, yamlfile

    path = project / "content" / "terms" / "angriffskrieg.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^variants: .*$", lambda _: "variants: [Angriffskrieges, Angriffskriegs:, Angriffskriege]", text), encoding="utf-8")
    assert rustyaml.quick_data(path.read_text(encoding="utf-8")) is None  # left to libyaml, as it should be
    monkeypatch.setattr(rustyaml, "yaml_rs", None)
    cache.clear()
    _, expected = check_content(project / "content")
    assert [p.message for p in expected if p.path.endswith("angriffskrieg.yml")] and "YAML syntax error" in str(expected)
    monkeypatch.setattr(yamlfile, "quick_data", lambda text: yaml_rs.loads(text, parse_datetime=False))  # as if it were not
    cache.clear()
    _, problems = check_content(project / "content")
    assert problems == expected
