# Relative date words in a story get their absolute date (render/relative_dates.py), table-driven.
from __future__ import annotations

import pytest

from generator.render.relative_dates import with_absolute_dates
from conftest import cases


@pytest.mark.parametrize("case", cases("relative_dates.yml"), ids=lambda c: c["text"][:40])
def test_relative_date_words_get_their_absolute_date(case: dict) -> None:
    assert with_absolute_dates(case["text"], case["as_of"]) == case["expect"]
