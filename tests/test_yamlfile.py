# The two ways through a YAML file (generator/load/yamlfile.py) must give the same
# data: the quick one (no positions, checks once per file) may only give up, never
# differ; nor may yaml-rs (rustyaml.py). Random text and PyYAML-dumped data with awkward
# characters, in every style; tricky scalars as a table; every shipped and synthetic file.
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load import rustyaml, yamlfile

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


def assert_rust_agrees(text: str) -> None:
    """yaml-rs (generator/load/rustyaml.py): its data where it vouches for it, else the libyaml way reads the file."""
    data = rustyaml.quick_data(text)
    if data is None:
        return
    exact, _ = yamlfile._exact(yaml.compose(text, Loader=yamlfile._Loader))  # libyaml accepts what yaml-rs took
    assert repr(data) == repr(exact)


@pytest.mark.parametrize("agrees", [assert_quick_agrees, assert_rust_agrees])
@SETTINGS
@given(text=st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_quick_ways_agree_on_random_text(agrees, text: str) -> None:
    agrees(text)


@pytest.mark.parametrize("agrees", [assert_quick_agrees, assert_rust_agrees])
@SETTINGS
@given(text=dumped)
def test_quick_ways_agree_on_dumped_data(agrees, text: str) -> None:
    agrees(text)


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


# --- yaml-rs (generator/load/rustyaml.py): its data where it vouches, else the libyaml way ------------


# (YAML, what both ways give; None: yaml-rs declines and the libyaml way reads it)
RUST_CASES = [
    ("a: no", {"a": "no"}), ("a: 2025-07-19", {"a": "2025-07-19"}), ("a: 1:30", {"a": "1:30"}), ("a: 12:30:00", {"a": "12:30:00"}),
    ("a: yes", {"a": "yes"}), ("a: y", {"a": "y"}), ("a: 2025-07-19T10:00:00Z", {"a": "2025-07-19T10:00:00Z"}), ("a: 1,000", {"a": "1,000"}),
    ("a: ~", {"a": None}), ("a:", {"a": None}), ("a: null", {"a": None}), ("a: NULL", {"a": None}), ("a: nUll", {"a": "nUll"}),
    ("a: 'null'", {"a": "null"}), ("a: ''", {"a": ""}), ("a:\n- b\n-\n- c", {"a": ["b", None, "c"]}), ("a: {}", {"a": {}}),
    ("a: |\n  eins\n  zwei\n", {"a": "eins\nzwei\n"}), ("a: >\n  f1\n  f2\n\n  p2\n", {"a": "f1 f2\np2\n"}), ("a: |-\n  x\n", {"a": "x"}),
    ("a: >+\n  x\n\n", {"a": "x\n\n"}), ("a: x\n  y\n\n  z", {"a": "x y\nz"}), ("a: 'x\n\n  y'", {"a": "x\ny"}), ("a: x\r\n  y\r\n", {"a": "x y"}),
    ("a: 'it''s'", {"a": "it's"}), ("a: [x, y]", {"a": ["x", "y"]}), ("a: []", {"a": []}), ("a: Müller & Söhne", None), ("a: Hilfe!", {"a": "Hilfe!"}),
    ("a: 5*3=15", {"a": "5*3=15"}), ("a: b #c", {"a": "b"}), ("a: b\n...\n", {"a": "b"}), ("---\na: b", {"a": "b"}),
    # numbers and booleans of YAML 1.2: declined, the exact way keeps the text
    ("a: 007", None), ("a: 1e3", None), ("a: .inf", None), ("a: 0x1F", None), ("a: true", None), ("a: +1", None), ("a: 1_000", None),
    ("a: 0.5", None), ("1: a", None), ("[a, b]: c", None),
    # what the exact way checks or refuses, and where YAML 1.1 and 1.2 differ: declined
    ("a: &x [b]\nb: *x", None), ("<<: {a: b}", None), ("a: !foo x", None), ("a: !!str 12", None), ("a: =", None), ("a: b\na: c", None),
    ('a: "x\\u0308"', None), ('a: "\\N"', None), ("a: x\u2028y", None), ("a: x\x85y", None), ("a: x\ry", None), ("%YAML 1.1\n---\na: b", None),
    ("a: b\n--- \nc: d", None), ("a: [x, a:b]", None), ("a: [x, b:, c]", None), ("a: [x, tion: >-\n  y\n", None), ("a: {b: c}", None), ('a: "sagte \\"Nein\\""', {"a": 'sagte "Nein"'}), ('a: "x\\\\y"', {"a": "x\\y"}), ("a: 'x\\\"y'", {"a": 'x\\"y'}),
    ('a: "\\x07"', None), ('a: "\\\\\\x07"', None), ('a: "x\\', None), ('a: "x\\\n  y"', None), ("a: x\\y", None),
    ("a: x\nb: |\n\n# c\n", None), ("a: |\n", None), ("a: >-\n  \n", None), ("a: |\n\nb: c", {"a": "", "b": "c"}), ("- a\n- b", None), ("a: u\u0308", None), ("a: x\x07", None), ("a:\tb", None), ("a: [b,\nc]", None),
]


@pytest.mark.parametrize("text,expected", RUST_CASES)
def test_rust_way_takes_only_what_it_can_vouch_for(text: str, expected) -> None:
    assert repr(rustyaml.quick_data(text)) == repr(expected)
    if expected is not None:
        assert repr(yamlfile._exact(yaml.compose(text, Loader=yamlfile._Loader))[0]) == repr(expected)


def test_rust_way_cannot_pass_the_limit_on_values() -> None:
    assert 2 * rustyaml.MAX_CHARS <= yamlfile.MAX_NODES and rustyaml.MAX_DEPTH <= yamlfile._QUICK_DEPTH
    assert rustyaml.quick_data("a: [" + "b," * 60_000 + "]") is None
    assert rustyaml.quick_data("a:\n" + "".join("  " * i + f"- k{i}:\n" for i in range(1, 120))) is None  # deeper than the quick way goes


def _content_files(root: Path) -> list[Path]:
    return sorted(root.glob("*/*.yml")) + sorted(root.glob("site.yml"))


@pytest.mark.parametrize("where", ["shipped", "synthetic"])
def test_every_file_reads_the_same_with_and_without_yaml_rs(where: str, tmp_path: Path, monkeypatch) -> None:
    """Each file as read_yaml gives it, against the libyaml way alone (quick and exact), and its positions."""
    if where == "shipped":
        root = Path(__file__).resolve().parents[1] / "content"
    else:
        from bench.synth import generate
        generate(tmp_path / "p", 300)
        root = tmp_path / "p" / "content"
    files = _content_files(root)
    assert files
    taken = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        taken += rustyaml.quick_data(text) is not None
        doc, problems = yamlfile.read_yaml(path, path.name)
        with monkeypatch.context() as m:
            m.setattr(rustyaml, "yaml_rs", None)
            plain_doc, plain_problems = yamlfile.read_yaml(path, path.name)
        exact, positions = yamlfile._exact(yaml.compose(text, Loader=yamlfile._Loader))
        assert problems == plain_problems == []
        assert repr(doc.data) == repr(plain_doc.data) == repr(exact), path
        assert doc.positions == positions
    assert taken >= len(files) * 0.9  # what this is for: yaml-rs reads almost every file


def test_a_panic_in_yaml_rs_leaves_the_file_to_libyaml(tmp_path: Path, monkeypatch) -> None:
    class PanicException(BaseException):  # how pyo3 hands a Rust panic to Python
        pass

    def loads(text: str, parse_datetime: bool) -> None:
        raise PanicException("boom")
    monkeypatch.setattr(rustyaml, "yaml_rs", type("Panicking", (), {"loads": staticmethod(loads)}))
    path = tmp_path / "a.yml"
    path.write_text("id: a\nname: b\n", encoding="utf-8")
    doc, problems = yamlfile.read_yaml(path, "a.yml")
    assert doc is not None and doc.data == {"id": "a", "name": "b"} and not problems
