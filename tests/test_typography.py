# German quotation marks around quoted text (render/typography.py), table-driven.
from __future__ import annotations

import pytest

from generator.render.typography import quoted
from conftest import cases


@pytest.mark.parametrize("case", cases("quoted.yml"), ids=lambda c: c["text"][:40])
def test_a_quoted_text_nests_its_own_quotation_marks(case: dict) -> None:
    assert quoted(case["text"]) == case["expect"]
