# The two ways through a YAML file (generator/load/yamlfile.py) must give the same
# data: the quick one (no positions, checks once per file) may only give up, never
# differ. Random text and PyYAML-dumped data with awkward characters, in every style.
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load import yamlfile

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

PIECES = list("ab:- \n[]{},&*!#'\"|>?%@`~\\=<_") + [
    "ü", "u\u0308", "\u0308", "\u212a", "\x85", "\u2028", "\u00a0", "id: ", "- ", "&a ", "*a", "!!str ", "!!null ", "!!int ",
    "!!binary ", "<<: ", "null", "~", '"\\x07"', '"u\\u0308"', '"a\\\n b"', "\n  ", "? ", "TODO"]
CHARS = ["a", "ü", "u\u0308", "\u0308", "\u212a", " ", "\n", "\t", "\x07", "\x85", "\u2028", "*", "&", "#", ":", "-", "'", '"', "\\",
         "TODO", "null", "~", "=", "<<", "\u1100", "\u1161", "\u11a8"]
texts = st.lists(st.sampled_from(CHARS), max_size=8).map("".join)
values = st.recursive(st.one_of(texts, st.none(), st.integers(), st.booleans()),
                      lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(texts, inner, max_size=4)), max_leaves=15)
dumped = st.builds(lambda data, style, flow, unicode: yaml.safe_dump(data, default_style=style, default_flow_style=flow, allow_unicode=unicode),
                   st.dictionaries(texts, values, min_size=1, max_size=5), st.sampled_from([None, '"', "'", "|", ">"]),
                   st.sampled_from([None, True, False]), st.booleans())


def assert_quick_agrees(text: str) -> None:
    try:
        node = yaml.compose(text, Loader=yamlfile._Loader)
    except (yaml.YAMLError, RecursionError):
        return  # read_yaml reports it before either way runs
    if node is None:
        return
    try:
        quick = yamlfile._quick(node, text)
    except (yamlfile._Doubt, yamlfile._Fail, RecursionError):
        return  # the exact way decides
    exact, _ = yamlfile._exact(node)
    assert repr(quick) == repr(exact)  # repr: also the order of keys and None against ''


@SETTINGS
@given(text=st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_quick_way_agrees_on_random_text(text: str) -> None:
    assert_quick_agrees(text)


@SETTINGS
@given(text=dumped)
def test_quick_way_agrees_on_dumped_data(text: str) -> None:
    assert_quick_agrees(text)


@pytest.mark.parametrize("value", ["", "~", "null", "Null", "NULL", "nULL", "<<", "=", "!", "&", "*", "yes", "No", "on", "1", "0x1F",
                                   "1:30", "1_000", ".inf", "-.5", "2025-07-19", "2025-07-19 10:00:00", "Ukraine", "null\n", "<<\n"])
def test_resolver_tells_apart_what_pyyaml_does(value: str) -> None:
    """Null, the merge key and the refused tags as PyYAML's YAML 1.1 resolver; any other plain scalar is text."""
    ours = yamlfile._Loader.resolve(None, yaml.ScalarNode, value, (True, False))
    theirs = yaml.SafeLoader("").resolve(yaml.ScalarNode, value, (True, False))
    as_text = {yamlfile._STANDARD + t for t in ("str", "int", "float", "bool", "timestamp")}
    assert ours == theirs or (ours == yamlfile._STR and theirs in as_text)


def test_control_character_ranges_are_the_set() -> None:
    assert {chr(c) for c in range(0x110000) if yamlfile._CONTROL_RE.match(chr(c))} == yamlfile._CONTROL


def test_positions_are_found_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "a.yml"
    path.write_text("id: a\nsource:\n  - id: b\n    evidence: c\n", encoding="utf-8")
    doc, problems = yamlfile.read_yaml(path, "a.yml")
    assert doc is not None and not problems and doc._positions is None
    path.write_text("ganz: anders\n", encoding="utf-8")  # positions come from the text that was read
    assert doc.where(("source", 0, "evidence")) == (4, 5)
    assert doc.where(("source", 0, "nothing")) == (3, 5)
