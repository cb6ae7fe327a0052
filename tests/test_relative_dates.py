# Relative date words in a story get their absolute date (render/relative_dates.py), table-driven.
from __future__ import annotations

import pytest

from generator.render import relative_dates
from generator.render.relative_dates import with_absolute_dates
from conftest import cases


@pytest.mark.parametrize("case", cases("relative_dates.yml"), ids=lambda c: c["text"][:40])
def test_relative_date_words_get_their_absolute_date(case: dict) -> None:
    assert with_absolute_dates(case["text"], case["as_of"]) == case["expect"]


def test_every_phrase_holds_a_part_the_quick_look_searches_for() -> None:
    """with_absolute_dates leaves a text alone that holds none of _PARTS, without the regex's walk:
    every word a phrase is found by (each alternative of _PHRASE) must hold one of them."""
    source = relative_dates._PHRASE.pattern
    words = set(relative_dates.WEEKDAYS) | {"Woche", "Anfang der Woche", "gestern", "Gestern", "heute", "Heute", "morgen"}
    assert all(word in source for word in words)
    found = {m.group(0) for m in relative_dates._PHRASE.finditer(" ".join(f"am {w}" if w in relative_dates.WEEKDAYS else w
                                                                            for w in sorted(words)))}
    assert found and all(any(part in phrase for part in relative_dates._PARTS) for phrase in found | words)
