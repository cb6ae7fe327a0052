from __future__ import annotations

import logging
import os
import posixpath
import re
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load import load_content
from generator.render import render_site

EXTENSIONS = ["attr_list", "md_in_html", "tables", "footnotes"]


def test_titles_in_links_are_escaped_exactly_once(project: Path) -> None:
    source = project / "content/sources/dpa-2025-07-19-waffenruhe-gespraeche.yml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace('title: "Ukraine', 'title: "Krieg & Frieden <b>x</b> Ukraine'), encoding="utf-8")
    pages = render_site(load_content(project / "content"))
    html = markdown.markdown(pages["geschichten/ukraine-russland-verhandlungen-juli-2025.md"], extensions=EXTENSIONS)
    assert "Krieg &amp; Frieden &lt;b&gt;x&lt;/b&gt; Ukraine" in html
    assert "&amp;amp;" not in html and "<b>x</b>" not in html


def test_two_processes_render_exactly_what_one_renders(two_stories: Path, monkeypatch, caplog) -> None:
    from generator.render import parallel

    content = load_content(two_stories / "content")
    monkeypatch.setattr(parallel, "MIN_PAGES", 10**9)
    one = render_site(content)
    monkeypatch.setattr(parallel, "MIN_PAGES", 1)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)  # the browser tests' threads may live on
    with caplog.at_level(logging.DEBUG, logger=parallel.log.name):
        two = render_site(content)
    assert two == one
    here, worker = map(int, re.findall(r"in process (\d+)", caplog.text))
    assert here == os.getpid() != worker


def _die_after_taking_half() -> None:
    """The render worker claims the back half of the pages, then ends as if it had been killed."""
    from generator.render import parallel

    bounds = parallel._job[2]
    with bounds.get_lock():
        bounds[1] = (bounds[0] + bounds[1]) // 2
    os._exit(3)


def test_a_render_worker_that_dies_leaves_its_pages_to_this_process(two_stories: Path, monkeypatch, caplog) -> None:
    from generator.render import parallel

    content = load_content(two_stories / "content")
    one = render_site(content)
    monkeypatch.setattr(parallel, "MIN_PAGES", 1)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    monkeypatch.setattr(parallel, "_render_job", _die_after_taking_half)
    with caplog.at_level(logging.INFO, logger=parallel.log.name):
        assert render_site(content) == one
    assert "the second rendering process stopped" in caplog.text


def test_large_overviews_are_split_into_one_page_per_year_or_month(two_stories: Path, monkeypatch, tmp_path: Path) -> None:
    import generator.render as render
    from generator.build import build_site

    monkeypatch.setattr(render, "OVERVIEW_MAX", 4)
    story = two_stories / "content/stories/gefangenenaustausch-2025.yml"
    story.write_text(story.read_text(encoding="utf-8").replace('as_of: "2025-07-19"', 'as_of: "2024-03-01"'), encoding="utf-8")
    content = load_content(two_stories / "content")
    pages = render_site(content)
    for name, anchor, facts in (("chronologie", r'id="ereignis-([a-z0-9-]+)"', [e.id for s in content.stories.values() for e in s.events]),
                                ("forderungen", r'<div class="demand" id="(forderung-[a-z0-9-]+)"', [d for s in content.stories.values() for d in s.demands])):
        parts = sorted(p for p in pages if p.startswith(f"{name}/"))
        assert len(parts) >= 2, name
        assert all(f"]({p})" in pages[f"{name}.md"] for p in parts)  # the overview links every part
        shown = [a for p in parts for a in re.findall(anchor, pages[p])]
        assert len(shown) == len(facts) == len(set(shown)), name  # every fact on exactly one part
    build_site(two_stories / "mkdocs.yml", tmp_path / "site", two_stories / "content")  # strict: every link between the parts resolves
    assert (tmp_path / "site" / parts[0].removesuffix(".md") / "index.html").is_file()


@given(st.lists(st.sampled_from(["a", "b", "glossar", "x.md"]), min_size=1, max_size=4),
       st.lists(st.sampled_from(["a", "b", "glossar"]), max_size=3))
def test_relative_links_are_those_of_posixpath(to: list[str], here: list[str]) -> None:
    from generator.render import _relative

    path, start = "/".join(to), "/".join(here) or "."
    assert _relative(path, start) == posixpath.relpath(path, start)


_WORDS = ["Nord", "Stream", "EU", "Rat", "der", "Ö", "2"]
_SEPS = [" ", "-", " - ", ". ", ", "]


def _token_walk(forms: list[tuple[str, str]], text: str) -> list[tuple[int, int, str]]:
    """The linker's rule, plainly: at each word, the longest form whose words follow with the same
    separators (runs of whitespace in them as one space, none at their ends) matches, unless a hyphen
    glues it to a word before or after; the first entity to claim a form keeps it."""
    def signature(s: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        ws = list(re.finditer(r"\w+", s))
        return tuple(w.group() for w in ws), tuple(" ".join(s[a.end():b.start()].split()) for a, b in zip(ws, ws[1:]))

    owner: dict[tuple, str] = {}
    for form, key in forms:
        owner.setdefault(signature(form), key)
    longest = max((len(words) for words, _ in owner), default=0)
    tokens, out, i = list(re.finditer(r"\w+", text)), [], 0
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            start, end = tokens[i].start(), tokens[i + n - 1].end()
            in_compound = re.search(r"\w[-\u2011]$", text[:start]) or re.match(r"[-\u2011]\w", text[end:])
            if (key := owner.get(signature(text[start:end]))) is not None and not in_compound:
                out.append((start, end, key))
                i += n
                break
        else:
            i += 1
    return out


@pytest.mark.parametrize("forms, text, found", [
    (["Nord Stream"], "Nord Stream_ 2", []),  # a form ends where a word ends
    (["Rat"], "Rats Rat", [(5, 8, "k0")]),
    (["Nord Stream", "Nord Stream 2"], "Nord Stream 2 ist", [(0, 13, "k1")]),  # the longest form
    (["Nord-Stream"], "Nord - Stream", [(0, 13, "k0")]),  # spaces around a separator do not count
    (["Nord Stream"], "Nord-Stream", []),
    (["Nord", "Nord-Stream"], "Nord-Stream-Pipeline, Nord-Stream und Nord-", [(22, 33, "k1"), (38, 42, "k0")]),  # not part of a compound
    (["EU"], "EU\u2011Kommission, Anti-EU", []),
    (["EU", "EU-Kommission"], "EU-Kommission und EU", [(0, 13, "k1"), (18, 20, "k0")]),
    (["Rat", "Rat"], "der Rat", [(4, 7, "k0")]),  # the first entity to claim a form keeps it
    (["Ö 2"], "Ö 2 Ö 2", [(0, 3, "k0"), (4, 7, "k0")]),
])
def test_linker_cases(forms: list[str], text: str, found: list) -> None:
    from generator.render.links import Linker, Target

    linker = Linker()
    for n, form in enumerate(forms):
        linker.add(form, Target(f"k{n}", "", ""))
    assert [(m.start, m.end, m.target.key) for m in linker.find(text)] == found == _token_walk(
        [(form, f"k{n}") for n, form in enumerate(forms)], text)


def test_the_linker_tells_word_characters_as_regular_expressions_do() -> None:
    import sys

    from generator.render.links import _word_char

    word = re.compile(r"\w")
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if bool(word.match(c)) != _word_char(c)] == []


@settings(max_examples=300)
@given(st.lists(st.tuples(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3), st.lists(st.sampled_from(_SEPS), min_size=2, max_size=2)),
                min_size=1, max_size=6),
       st.lists(st.tuples(st.sampled_from(_WORDS + ["Stream_", "Rats", "Nordstream"]), st.sampled_from(_SEPS)), max_size=12))
def test_linker_finds_what_a_plain_token_walk_finds(forms: list, words: list) -> None:
    from generator.render.links import Linker, Target

    named = [(ws[0] + "".join(s + w for s, w in zip(seps, ws[1:])), f"k{n}") for n, (ws, seps) in enumerate(forms)]
    linker = Linker()
    for form, key in named:
        linker.add(form, Target(key, key, key))
    text = " ".join("".join(w + s for w, s in words).split())  # whitespace as `_linked` makes it
    # the separators of a form may be ". " or "-", which word-spacing in the text must match
    assert [(m.start, m.end, m.target.key) for m in linker.find(text)] == _token_walk(named, text)


def test_every_kind_of_whitespace_in_running_text_becomes_one_space() -> None:
    import sys

    from generator.render.markdown import escape_inline

    spaces = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()]
    assert [escape_inline(f"a{c}b") for c in spaces] == ["a b"] * len(spaces)
    assert [escape_inline(f"a {c} b") for c in spaces] == ["a b"] * len(spaces)


def test_output_is_compiled_without_a_second_escape() -> None:
    """`{{ value }}` compiles to finalize(value) alone (render/__init__.py, _CodeGenerator): a Jinja
    upgrade that renamed the hooks would leave output right but slower, and fail here."""
    from generator.render import _environment

    env = _environment()
    code = env.compile("{{ a }} {% macro m() %}{{ b }}{% endmacro %}{{ m() }}", raw=True)
    assert code.count("environment.finalize(") == 3 and "escape(environment.finalize(" not in code
    assert env.from_string("{{ a }}").render(a="**x**") == "\\*\\*x\\*\\*"


def test_the_shorter_ways_of_calling_macros_and_helpers_give_what_jinja_gives() -> None:
    """environment._Context calls macros and methods without Jinja's checks where they change nothing:
    given all arguments or some, by position or by name, in a loop or not, as a macro or a method."""
    from jinja2 import Environment, pass_context

    from generator.render.environment import _Context

    class Helpers:
        def plain(self, a: int) -> str:
            return f"<{a}>"

        @pass_context
        def with_context(self, ctx, a: int) -> str:  # type: ignore[no-untyped-def]
            return f"<{ctx['x'] if 'x' in ctx else '-'}{a}>"

    source = ("{% macro m(a, b=2) %}[{{ a }}{{ b }}]{% endmacro %}{{ m(0, 1) }}{{ h.plain(9) }}"
              "{% for x in [1, 2] %}{{ m(x, 3) }}{{ m(x) }}{{ m(x, b=4) }}{{ m(b=5, a=x) }}{{ h.plain(x) }}{{ h.with_context(x) }}{% endfor %}")
    plain, ours = Environment(autoescape=True), Environment(autoescape=True)
    ours.context_class = _Context
    expected = "[01]&lt;9&gt;" + "".join(f"[{x}3][{x}2][{x}4][{x}5]&lt;{x}&gt;&lt;-{x}&gt;" for x in (1, 2))
    assert ours.from_string(source).render(h=Helpers()) == plain.from_string(source).render(h=Helpers()) == expected
    for wrong in ("{{ m(1, c=3) }}", "{{ m(1, 2, b=3) }}", "{{ m(1, 2, 3) }}"):  # Jinja's own errors, named alike
        with pytest.raises(TypeError) as theirs:
            plain.from_string("{% macro m(a, b=2) %}[{{ a }}{{ b }}]{% endmacro %}" + wrong).render()
        with pytest.raises(TypeError, match=re.escape(str(theirs.value))):
            ours.from_string("{% macro m(a, b=2) %}[{{ a }}{{ b }}]{% endmacro %}" + wrong).render()


def test_code_kept_on_disk_is_compiled_anew_when_a_filter_changes_how_it_is_called(tmp_path: Path) -> None:
    """Compiled code fixes whether a filter gets the context; Jinja's own cache keys it by the
    template's source alone, so a helper that gained `pass_context` in an update got the old code."""
    from jinja2 import DictLoader, Environment, pass_context

    from generator.render.environment import _BytecodeCache

    def environment(shout) -> Environment:  # type: ignore[no-untyped-def]
        env = Environment(loader=DictLoader({"page": "{{ 'hallo' | shout }}"}))
        env.bytecode_cache = _BytecodeCache(env, "__test_%s.cache", str(tmp_path))
        env.filters["shout"] = shout
        return env

    assert environment(str.upper).get_template("page").render() == "HALLO"
    assert environment(str.upper).get_template("page").render() == "HALLO"
    assert len(list(tmp_path.iterdir())) == 1  # kept, and used again
    assert environment(pass_context(lambda ctx, text: f"{text}, {ctx['name']}")).get_template("page").render(name="Welt") == "hallo, Welt"


def test_rendering_leaves_the_cycle_collector_as_it_found_it(project: Path) -> None:
    """The collector is off while rendering (collector.py); after it, what the render keeps waits in
    the oldest generation, or frozen with what a caller froze, instead of being walked at once."""
    import gc

    from generator import collector

    content = load_content(project / "content")
    collections: list[int] = []
    record = lambda phase, info: phase == "start" and collections.append(info["generation"])
    collector.thaw()  # nothing frozen to start from: a state restored in an earlier test stays frozen
    gc.collect()
    gc.callbacks.append(record)
    try:
        render_site(content)
        assert collections == []
        assert gc.isenabled() and gc.get_freeze_count() == 0 and gc.get_count()[0] < 700
        collector.freeze()
        try:
            render_site(content)
            assert collections == [] and gc.get_count()[0] < 700
        finally:
            collector.thaw()
        assert gc.get_freeze_count() == 0 and gc.isenabled()
    finally:
        gc.callbacks.remove(record)


def test_first_mentions_are_linked_in_every_section_tooltips_once_and_the_summary_links_no_actor(project: Path) -> None:
    content = load_content(project / "content")
    story = next(iter(content.stories.values()))
    fact = story.key_facts[0].model_copy(update={"text": "Die Ukraine schlägt eine Waffenruhe vor."})
    story = story.model_copy(update={
        "teaser": "Ein Vorspann ohne Fachbegriffe.",
        "summary": "Russland und die Ukraine verhandeln über eine Waffenruhe; Trump drängt. Eine Waffenruhe ist nicht in Sicht.",
        "key_facts": [fact, *story.key_facts[1:]]})
    page = render_site(content.model_copy(update={"stories": {story.id: story}}))[f"geschichten/{story.id}.md"]
    html = markdown.markdown(page, extensions=EXTENSIONS)

    def section(title: str) -> str:
        return html.split(f"<h2>{title}</h2>", 1)[1].split("<h2", 1)[0]

    summary, facts = section("Worum es geht"), section("Das Wichtigste in Kürze")
    assert len(re.findall(r'href="\.\./glossar/waffenruhe\.md"', summary)) == 1  # the first mention in the section only
    assert re.search(r'href="\.\./glossar/waffenruhe\.md"', facts), "the term is linked again in the next section"
    assert not re.search(r'href="\.\./akteure/', summary), "the summary links no actor"
    assert re.search(r'href="\.\./akteure/ukraine\.md"', facts), "actors are linked elsewhere"
    titled = [a for a in re.findall(r"<a [^>]*>", html) if 'href="../glossar/waffenruhe.md"' in a and " title=" in a]
    assert len(titled) == 1, "the tooltip once per page"


def test_an_earlier_render_lets_its_renderer_go(project: Path) -> None:
    """`explainer serve` renders with a new Renderer after every save: an earlier one (and the content
    it was made from) must not stay alive, or a long preview session grows by a site's model per save."""
    import gc
    import weakref

    from generator.render import Renderer

    content = load_content(project / "content")
    first = Renderer(content)
    first.render()
    gone = weakref.ref(first)
    del first
    Renderer(content).render()  # the next save's
    gc.collect()
    assert gone() is None


def test_every_page_carries_the_json_ld_of_its_own_facts(two_stories: Path) -> None:
    """An event or quote in several pages' JSON-LD (its story's page, each of its actors' pages) is
    written once per render (structured.Shared): each page must still carry exactly its own data."""
    import json

    import yaml

    from generator.render import Renderer, page_path, structured

    content = load_content(two_stories / "content")
    pages, d = render_site(content), Renderer(content).derived
    expected = {page_path("stories", s.id): structured.story(content, s, page_path("stories", s.id)) for s in content.stories.values()}
    expected |= {page_path("actors", a.id): structured.actor_page(content, a, page_path("actors", a.id), [q for _, q in d.quotes_by[a.id]],
                                                                 d.events_with[a.id]) for a in content.actors.values()}
    shared = 0
    for path, data in expected.items():
        front = yaml.safe_load(pages[path].split("---\n", 2)[1])
        assert json.loads(front["jsonld"]) == data, path
        shared += any(item.get("@type") in ("Event", "Quotation") for item in data.get("@graph", []))
    assert shared > 2  # stories and actors with events or quotes, to share


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(), max_size=5))
def test_front_matter_strings_are_what_tojson_writes_also_when_escaped_in_parts(parts: list[str]) -> None:
    """The front matter's JSON strings are made without Jinja's `tojson` (markdown.front_matter_value),
    and a page's JSON-LD is escaped in parts, each part shared by many pages only once
    (structured.front_matter): both must give tojson's bytes for any text."""
    from jinja2.utils import htmlsafe_json_dumps

    from generator.render.markdown import front_matter_chars, front_matter_json, front_matter_value

    whole = "".join(parts)
    assert front_matter_value(whole) == htmlsafe_json_dumps(whole, dumps=front_matter_json)
    assert f'"{"".join(map(front_matter_chars, parts))}"' == front_matter_value(whole)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab #_*[]&<>\"\\`{}|\t\n\u00a0\u2009äß-")), st.integers(0, 40), st.integers(0, 40))
def test_a_text_found_plain_is_plain_in_every_piece(text: str, i: int, j: int) -> None:
    """`_linked` escapes a text piece by piece around its links, and skips that when plain_inline says
    escape_inline would leave the whole as it is: then it must leave every piece as it is too."""
    from generator.render.markdown import escape_inline, plain_inline

    text = " ".join(text.split())  # as _linked makes it
    if plain_inline(text):
        assert escape_inline(text[min(i, j):max(i, j)]) == text[min(i, j):max(i, j)]


def test_json_ld_shared_by_pages_is_written_as_each_page_alone_would_write_it(two_stories: Path) -> None:
    import json

    from generator.render import page_path, structured
    from generator.render.markdown import front_matter_value

    content = load_content(two_stories / "content")
    shared = structured.Shared()
    for story in [*content.stories.values()] * 2:  # the second time, from what the first made
        data = structured.story(content, story, page_path("stories", story.id), shared)
        alone = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        alone = alone.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        assert structured.front_matter(data, shared) == front_matter_value(alone)


def test_quotation_marks_inside_a_quoted_text_are_nested_as_german_sets_them(project: Path) -> None:
    content = load_content(project / "content")
    story = next(s for s in content.stories.values() if s.quotes)
    quote = story.quotes[0]
    citation = quote.source[0].model_copy(update={"evidence": '"Wir sind bereit", sagte er.'})
    quote = quote.model_copy(update={"text": 'Wir nennen es "Frieden" und meinen es.', "source": [citation]})
    story = story.model_copy(update={"quotes": [quote, *story.quotes[1:]]})
    page = render_site(content.model_copy(update={"stories": {story.id: story}}))[f"geschichten/{story.id}.md"]
    html = markdown.markdown(page, extensions=EXTENSIONS)
    assert "„Wir nennen es ‚Frieden‘ und meinen es.“" in html  # the quote
    assert "„‚Wir sind bereit‘, sagte er.“" in html.split('id="belege"', 1)[1]  # its source's passage in the notes
    assert html.count("„‚Wir sind bereit‘, sagte er.“") >= 2  # and in the mark's preview
    assert "&quot;" not in html.split('id="belege"', 1)[1]
