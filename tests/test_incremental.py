"""`explainer serve` re-renders only what a save touches (render/incremental.py): after every kind
of edit, the pages it gives must be exactly those of a full render."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.load import load_content
from generator.render import render_site
from generator.render.incremental import Preview

STORY2 = "content/stories/gefangenenaustausch-2025.yml"

# (what the editor does, file, text before, text after, rendered in part?, the page shown first)
EDITS = [
    ("term definition", "content/terms/waffenruhe.yml", "definition: Meist vorübergehende", "definition: Oft vorübergehende",
     True, "glossar/waffenruhe.md"),
    ("actor role", "content/actors/dmitri-peskow.yml", "role: Kremlsprecher", "role: Sprecher des Kremls",
     True, "akteure/dmitri-peskow.md"),
    ("story title", STORY2, "title: Gefangenenaustausch als einziges", "title: Der Gefangenenaustausch als einziges",
     True, "geschichten/gefangenenaustausch-2025.md"),
    ("event text now mentions a term", STORY2, "text: Bei den ersten Verhandlungsrunden einigten",
     "text: Trotz fehlender Waffenruhe einigten", True, "geschichten/gefangenenaustausch-2025.md"),
    ("term spelling: links move everywhere", "content/terms/waffenruhe.yml", "variants: [Waffenruhen]",
     "variants: [Waffenruhen, Feuerpause]", False, None),
    ("actor name", "content/actors/dmitri-peskow.yml", "name: Dmitri Peskow", "name: Dmitrij Peskow", False, None),
]


@pytest.mark.parametrize("what, path, before, after, partial, first_page", EDITS, ids=[e[0] for e in EDITS])
def test_preview_after_an_edit_equals_a_full_render(two_stories: Path, what, path, before, after, partial, first_page) -> None:
    content_dir = two_stories / "content"
    preview = Preview()
    preview.render(load_content(content_dir))
    file = two_stories / path
    text = file.read_text(encoding="utf-8")
    assert before in text, what
    file.write_text(text.replace(before, after), encoding="utf-8")

    content = load_content(content_dir)
    full = render_site(content)
    now = preview.render(content, first=True)
    assert (preview.changed is not None) == partial
    if partial:  # the edited record's own page at once, the pages that show it in a second call
        assert now[first_page] == full[first_page]
        assert preview.pending and first_page not in preview.pending
        now = preview.render(content, first=True)
    assert not preview.pending
    assert [p for p in full if now.get(p) != full[p]] == [] and now.keys() == full.keys()


def test_a_save_without_changes_renders_nothing(two_stories: Path) -> None:
    preview = Preview()
    first = preview.render(load_content(two_stories / "content"))
    again = preview.render(load_content(two_stories / "content"))
    assert preview.changed == set() and all(again[p] is first[p] for p in first)


def test_a_render_that_fails_midway_is_followed_by_a_full_one(two_stories: Path, monkeypatch) -> None:
    from generator.render import Renderer

    preview = Preview()
    preview.render(load_content(two_stories / "content"))
    term = two_stories / "content/terms/waffenruhe.yml"
    term.write_text(term.read_text(encoding="utf-8").replace("definition: Meist", "definition: Oft"), encoding="utf-8")
    content = load_content(two_stories / "content")
    with monkeypatch.context() as m:
        m.setattr(Renderer, "render_pages", lambda self, pages: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            preview.render(content)
    assert preview.render(content) == render_site(content) and preview.changed is None
