from __future__ import annotations

import time

import pytest
from edtf import parse_edtf

from generator.dates import german, parse_date
from conftest import cases


@pytest.mark.parametrize(("edtf", "words"), cases("dates.yml"))
def test_german_wording(edtf: str, words: str) -> None:
    assert german(edtf) == words


# EDTF leaves the months of a season open; the package ends winter on 31 December,
# we end it with February, as a German reader means "Winter 2024/25".
KNOWN_DIFFERENCES = {"2024-24"}


@pytest.mark.parametrize(("edtf", "words"), [c for c in cases("dates.yml") if c[0] not in KNOWN_DIFFERENCES])
def test_bounds_agree_with_the_edtf_package(edtf: str, words: str) -> None:
    ours, ref = parse_date(edtf), parse_edtf(edtf)
    if ours.start is not None:  # open starts: the package has no lower bound to compare
        assert ours.lower.isoformat() == time.strftime("%Y-%m-%d", (ref.lower if ours.interval else ref).lower_strict())
    if ours.end is not None or not ours.interval:
        upper = (ref.upper if ours.interval else ref).upper_strict()
        assert ours.upper.isoformat() == time.strftime("%Y-%m-%d", upper)


@pytest.mark.parametrize("text", cases("bad_dates.yml"))
def test_bad_dates_are_refused_with_a_hint(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_date(text)
    assert "2025" in str(info.value) or "swap" in str(info.value)


def test_sort_order_puts_imprecise_dates_where_they_begin() -> None:
    texts = ["2025-07-19", "2025-21", "2022/..", "2025-06-16/2025-06-30", "2025-07-14~", "2025"]
    ordered = sorted(texts, key=lambda t: parse_date(t).sort_key())
    assert ordered == ["2022/..", "2025", "2025-21", "2025-06-16/2025-06-30", "2025-07-14~", "2025-07-19"]
