# Direct quotations and who speaks them.
#
# A quotation is found by its marks: „…“ (or „…”), "…", »…« and «…» (Swiss),
# whole sentences or parts of one; single marks inside (‚…‘, ›…‹, '…') are
# nested quotes and stay in the text. The speaker comes from the attribution
# around it: after the quote ("…", sagte Peskow / so von der Leyen), before it
# (Verdi-Chef Frank Werneke sagte: „…“), a pronoun there ("sagte er") pointing
# back to the latest person named as a subject, or, for a quote standing alone,
# the speaker of the sentence before. Words quoted again in a headline get the
# speaker of the quote they repeat. A role without a name stays a role.
from __future__ import annotations

import re
from dataclasses import dataclass

from .people import People, role_head
from .sentences import Sentence

_PAIRS = {"„": "“”", "»": "«", "«": "»", "“": "”", '"': '"'}
SPEECH = (r"sagte|sagten|sagt|sagen|erklärte|erklärten|erklärt|betonte|betont|meinte|fügte|ergänzte|warnte|warnt|kritisierte|"
          r"mahnte|schrieb|schreibt|rief|versicherte|bekräftigte|unterstrich|räumte|kündigte|antwortete|entgegnete|sprach|"
          r"verkündete|bestätigte|teilte|zitierte|erläuterte|betonten|forderte|fordert|hieß es|heißt es")
_AFTER = re.compile(r"^\s*,?\s*(?:(?P<so>so)|(?:" + SPEECH + r"))\b\s*(?P<np>[^.,;:!?\"„“”»«]*)", re.I)
_BEFORE_VERB = re.compile(r"\b(?:" + SPEECH + r"|nannte|bezeichnete|lobte|laut)\b", re.I)
_PARTIAL_VERB = re.compile(r"\b(?:nannte|nennt|bezeichnete|bezeichnet|sprach|spricht|lobte|warnte|kritisierte|sah|sieht)\b", re.I)
KONJUNKTIV = re.compile(r"\b(?:sei|seien|habe|hätte|hätten|müsse|müssten|könne|könnten|werde|würden|wolle|wollten)\b")
_PRONOUN = re.compile(r"\b([Ee]r|[Ss]ie)\b")
# where the speaker's words end after the verb: "sagte Peskow am Freitag in Moskau" -> "Peskow"
_NP_END = re.compile(r"\s+(?:am|im|bei|in|auf|gegenüber|vor|nach|mit|zu|zum|zur|dem|laut|heute|gestern|dazu|außerdem|weiter|"
                     r"ebenfalls|auch|zuvor|später)\b.*$")


@dataclass
class Quote:
    paragraph: int
    start: int          # the quoted words, without the marks
    end: int
    text: str
    evidence: tuple[int, int]   # the sentence(s) holding the quote, in the paragraph
    sentence: int       # index of the first sentence holding it
    speaker: str | None = None  # an Actor key
    role: str | None = None     # the speaker as the text names them when that is no person ("ein Sprecher")
    repeats: int | None = None  # index of an earlier or longer quote whose words these are
    continued: bool = False     # the speaker goes on from the sentence before


def find_spans(text: str) -> list[tuple[int, int]]:
    """(open, close) positions of the outer quotation marks in one paragraph."""
    out = []
    guillemet_open = None
    i = 0
    while i < len(text):
        c = text[i]
        if c in _PAIRS and (c != "«" or guillemet_open in (None, "«")) and (c != "»" or guillemet_open in (None, "»")):
            if c in "»«":
                guillemet_open = guillemet_open or c
            if c == "“" and i > 0 and text[i - 1].isalnum():
                i += 1
                continue
            closers = _PAIRS[c]
            j = i + 1
            while j < len(text) and text[j] not in closers:
                j += 1
            if j < len(text) and j > i + 1:
                out.append((i, j))
                i = j + 1
                continue
        i += 1
    return out


def find_quotes(paragraphs: list[str], sentences: list[Sentence], people: People) -> list[Quote]:
    by_para: dict[int, list[tuple[int, Sentence]]] = {}
    for k, s in enumerate(sentences):
        by_para.setdefault(s.paragraph, []).append((k, s))
    quotes: list[Quote] = []
    last_speaker: str | None = None
    for p, text in enumerate(paragraphs):
        sents = by_para.get(p, [])
        spans = find_spans(text)
        for k, s in sents:  # speech without quotation marks sets who speaks next ("..., sagte er.")
            inside = [q for q in spans if s.start <= q[1] < s.end]  # quotes that close here (they may open earlier)
            if not inside:
                who = _indirect_speaker(s, k, people)
                if who:
                    last_speaker = who
                continue
            for n, (o, c) in enumerate(inside):
                raw = text[o + 1:c]
                lead = len(raw) - len(raw.lstrip())
                content = raw.strip().rstrip(" ,")
                if not re.search(r"\w", content):
                    continue  # marks around nothing
                content_end = o + 1 + lead + len(content)
                if len(content.split()) < 2 and not (_PARTIAL_VERB.search(s.text) or KONJUNKTIV.search(s.text)):
                    continue  # a quoted name or word ("Tagesschau"), not a quotation
                # evidence: every sentence from the one the quote opens in to the one it closes in
                opened_at, opened = next(((kk, ss) for kk, ss in sents if ss.start <= o <= ss.end), (k, s))
                q = Quote(p, o + 1 + lead, content_end, content, (opened.start, s.end), opened_at)
                prev_close = inside[n - 1][1] + 1 if n else opened.start
                next_open = inside[n + 1][0] if n + 1 < len(inside) else s.end
                _attribute(q, text, c + 1, next_open, prev_close, o, k, people, last_speaker)
                alone = not text[opened.start:o].strip() and not text[c + 1:s.end].strip(" .,!?")
                if q.speaker is None and q.role is None and alone:
                    q.speaker = last_speaker  # a quote standing alone: the speaker goes on
                    q.continued = q.speaker is not None
                    if q.speaker and q.sentence > 0 and q.sentence - 1 in dict(sents):
                        q.evidence = (dict(sents)[q.sentence - 1].start, q.evidence[1])  # with the sentence naming them
                if q.speaker:
                    last_speaker = q.speaker
                quotes.append(q)
        # spans crossing sentence boundaries were handled through the sentence they close in
    _repeats(quotes)
    return quotes


def _attribute(q: Quote, text: str, after: int, next_open: int, prev_close: int, open_at: int, k: int, people: People,
               last_speaker: str | None) -> None:
    tail = text[after:next_open]
    m = _AFTER.match(tail)
    if m and (m["so"] is None or m["np"].strip()):
        np_start = after + m.start("np")
        np = _NP_END.sub("", m["np"]).strip()
        _resolve(q, np, np_start, np_start + len(np), k, people)
        if q.speaker or q.role:
            return
    head = text[prev_close:open_at]
    verb = _BEFORE_VERB.search(head)
    if verb or head.rstrip().endswith(":"):
        _resolve(q, head[:verb.start()].strip(" ,:") if verb else head.strip(" ,:"), prev_close, open_at, k, people, subject=True)
        return
    if _PARTIAL_VERB.search(text[prev_close:next_open]) or head.strip():
        mentions = [mm for mm in people.mentions if mm.sentence == k and prev_close <= _abs(mm, people) < open_at]
        pronoun = re.match(r"\s*(?:Er|Sie)\s", head)
        if mentions:
            q.speaker = mentions[0].key
        elif pronoun and people.last_person(k):
            q.speaker = people.last_person(k)  # "Er sprach von einem „Angriff ...“": the person just named
        elif KONJUNKTIV.search(text[prev_close:next_open]):
            q.speaker = last_speaker  # reported speech goes on: "Die Parteien müssten „ohne Vorbedingungen“ ..."
            q.continued = True


def _resolve(q: Quote, np: str, start: int, end: int, k: int, people: People, subject: bool = False) -> None:
    """Who the words `np` (at text[start:end], sentence k) name: an actor, a pronoun's person, or a bare role."""
    inside = [m for m in people.mentions if m.sentence == k and start <= _abs(m, people) < end]
    persons = [m for m in inside if people.actors[m.key].kind == "person"]
    if persons or inside and not any(role_head(w) for w in np.split() if w[:1].isupper()):
        q.speaker = (persons or inside)[0].key  # a person, or an organisation speaking ("teilte die Gewerkschaft mit")
        return
    if not subject and re.fullmatch(r"(?:der|die)\s+[A-ZÄÖÜ][\w-]+", np) and not role_head(np.split()[-1]):
        # "sagte der Lette", "sagte die SPD-Politikerin": the definite epithet points back to the person just named
        earlier = [m for m in people.mentions if m.sentence <= k and people.actors[m.key].kind == "person"]
        if earlier:
            q.speaker = earlier[-1].key
            return
    pro = _PRONOUN.search(np)
    if pro and (not subject or pro.start() < 3 or np.lower().startswith(pro[1].lower())):
        earlier = [m for m in people.mentions if m.sentence == k and people.actors[m.key].kind == "person"
                   and _abs(m, people) < start]
        q.speaker = earlier[0].key if earlier else people.last_person(k)
        return
    words = np.split()
    if any(role_head(w) for w in words if w[:1].isupper()):
        q.role = " ".join(words[:8])
    elif words and not subject:
        q.role = " ".join(words[:8])


def _abs(m, people: People) -> int:
    """A mention's place in its paragraph (mentions count from their sentence's start)."""
    return m.start + people.sentence_offsets.get(m.sentence, 0)


def _indirect_speaker(s: Sentence, k: int, people: People) -> str | None:
    """Who speaks in a sentence without quotation marks: "X sagte, dass ...", "..., sagte er."."""
    m = re.search(r",\s*(?:" + SPEECH + r")\s+(er|sie|[A-ZÄÖÜ][^,.;:]*)\s*[.!?]?$", s.text)
    mentions = [mm for mm in people.mentions if mm.sentence == k]
    if m:
        if m[1] in ("er", "sie"):
            return people.last_person(k)
        at = m.start(1)
        later = [mm for mm in mentions if mm.start >= at]
        if later:
            return later[0].key
    if re.search(r"\b(?:" + SPEECH + r")\b", s.text):
        persons = [mm for mm in mentions if people.actors[mm.key].kind == "person"]
        if persons:
            return persons[0].key
    return None


def _repeats(quotes: list[Quote]) -> None:
    """Words quoted again (a headline repeating a quote) take the speaker of the longer quote."""
    for i, q in enumerate(quotes):
        for j, other in enumerate(quotes):
            if i != j and len(other.text) > len(q.text) and q.text.lower() in other.text.lower():
                q.repeats = j
                if other.speaker:
                    q.speaker, q.role = other.speaker, None
                break
