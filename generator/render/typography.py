# German quotation marks around a text that may hold quotation marks of its own.
#
# A passage quoted from a source often quotes someone itself, with the source's own marks
# (straight "…", German „…“, English “…”). Inside German quotation marks those become the
# single ones, as German typesetting nests them: „‚Das ist ein Signal‘, sagte Peskow.“ A mark
# opens where a word starts after it (at the start, after a space or an opening bracket) and
# closes elsewhere, so a passage cut in the middle of a quotation still comes out right.
from __future__ import annotations

import re

_MARK = re.compile(r'["„“”]')
_OPENS_AFTER = " \t\n([{–—-/"


def quoted(text: str) -> str:
    """`text` in German quotation marks, its own double marks made single."""
    return f"„{_MARK.sub(lambda m: _inner(text, m.start()), text)}“"


def _inner(text: str, at: int) -> str:
    word_follows = at + 1 < len(text) and not text[at + 1].isspace()
    after_a_break = at == 0 or text[at - 1] in _OPENS_AFTER
    return "‚" if text[at] == "„" or (after_a_break and word_follows) else "‘"
