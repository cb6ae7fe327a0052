# Property-based: whatever an editor (or a cat on the keyboard) types into a
# content file, `explainer check` answers with problems or a clean result,
# never a traceback. Bounded (a few hundred examples) so the suite stays fast.
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load import check_content
from generator.load.problems import Problem
from generator.render import render_site
from conftest import SITE

SOURCE = "dpa-2025-07-19-waffenruhe-gespraeche"
REAL_FILES = [SITE / "content/actors/dmitri-peskow.yml", SITE / "content/terms/humanitaere-aktionen.yml",
              SITE / "content/stories/ukraine-russland-verhandlungen-juli-2025.yml"]
FIELDS = ["id", "kind", "name", "term", "definition", "source", "evidence", "title", "date", "events", "quotes",
          "demands", "speaker", "text", "actors", "related", "variants", "aliases", "as_of", "sources", "certainty"]
# FUZZ_EXAMPLES raises the budget for a longer run by hand; the suite uses 150 per test.
SETTINGS = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 150)), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                           HealthCheck.too_slow])


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """A tiny valid project: site settings and one source with its text, so each check is quick."""
    root = tmp_path_factory.mktemp("fuzz")
    (root / "content/sources").mkdir(parents=True)
    shutil.copy(SITE / "content/site.yml", root / "content/site.yml")
    shutil.copy(SITE / f"content/sources/{SOURCE}.yml", root / f"content/sources/{SOURCE}.yml")
    shutil.copytree(SITE / "seeds", root / "seeds")
    for folder in ("actors", "terms", "stories"):
        (root / "content" / folder).mkdir()
    return root


def check(small: Path, folder: str, data: bytes) -> None:
    target = small / "content" / folder / "fuzz.yml"
    target.write_bytes(data)
    try:
        content, problems = check_content(small / "content")
        for problem in problems:
            assert isinstance(problem, Problem) and problem.line >= 1 and problem.col >= 1
            assert "\n" not in problem.message, problem
        if content is not None:
            render_site(content)  # clean content must also render
    finally:
        target.unlink()


PIECES = list("ab:- \n\t[]{},&*!#'\"|>?%@`~\\0123456789.") + ["\u00fc", "u\u0308", "\x00", "\ufeff", "\u2028", "\ud800",
                                                                "id: ", "source:\n  ", "evidence: ", "- ", "&a ", "*a", "!!python/name:x "]
yaml_chars = st.lists(st.sampled_from(PIECES), max_size=80).map("".join)


@SETTINGS
@given(folder=st.sampled_from(["actors", "terms", "stories"]), text=yaml_chars)
def test_random_yaml_text_gives_no_traceback(small: Path, folder: str, text: str) -> None:
    check(small, folder, text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(index=st.integers(0, len(REAL_FILES) - 1), cuts=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 20), st.binary(max_size=8)), min_size=1, max_size=4))
def test_mutated_real_files_give_no_traceback(small: Path, index: int, cuts: list) -> None:
    path = REAL_FILES[index]
    data = path.read_bytes()
    for where, length, insert in cuts:  # delete `length` bytes at a point and insert random bytes
        at = int(where * len(data))
        data = data[:at] + insert + data[at + length:]
    check(small, path.parent.name, data)


scalars = st.one_of(st.text(max_size=30), st.sampled_from(["no", "yes", "on", "~", "null", "2025-07-19", "1:30", "0x1F", ".inf",
                                                          SOURCE, "ukraine", "state", "<script>alert(1)</script>"]),
                    st.integers(), st.booleans(), st.none())
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(st.sampled_from(FIELDS), inner, max_size=5)), max_leaves=20)


@SETTINGS
@given(folder=st.sampled_from(["actors", "terms", "stories"]), data=st.dictionaries(st.sampled_from(FIELDS), values, max_size=10))
def test_structured_yaml_gives_no_traceback(small: Path, folder: str, data: dict) -> None:
    check(small, folder, yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))
