# Who the article names: known actors, new persons with their roles, candidates.
#
# Known actors are found by name, alias, and the genitive of either
# ("Selenskyjs"); a capital stands for its state ("Kiew" for the Ukraine) when
# that state is an actor. New persons come from a role word before a name
# ("Kremlsprecher Dmitri Peskow", "der türkische Außenminister Hakan Fidan") or
# a role and a name in apposition ("der Sekretär des ... Rats, Rustem Umjerow,").
# A role without a name later ("der ukrainische Präsident") points back to the
# latest person with that role; with an indefinite article ("ein Sprecher") it
# stays a role. States and organisations the text names (abbreviations, a short
# list of states, "Gewerkschaft Verdi", the "GDL" in "GDL-Chef") are candidates.
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .words import CAPITALS, NOT_NAMES, ORG_HEADS, ORGS, ROLE_HEADS, STATES

_PARTICLES = {"von", "van", "der", "de", "bin", "al", "el", "zu", "da", "di", "la", "ibn"}
_NOUNISH = re.compile(r"(?:ung|ungen|heit|keit|schaft|tion|ismus|tät|nis|ment|chen|lein|ium|ien|ei|sten|ern)$")
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß][\w'’]*(?:-[\w'’]+)*")
_DATELINE = re.compile(r"^[A-ZÄÖÜ][\w/ .-]{1,30}\s\([^)]{1,25}\)\s+[-–—]\s+")
_ABBREV = re.compile(r"\b[A-ZÄÖÜ]{2,6}\b")
_ROMAN = re.compile(r"^[IVXLC]+$")
_ORG_PHRASE = re.compile(r"\b(?:" + "|".join(ORG_HEADS) + r")\s+([A-ZÄÖÜ][\w-]+)")
_ADJ_ORG = re.compile(r"\b((?:Deutsche|Europäische|Vereinte)[nr]?\s+[A-ZÄÖÜ]\w+)")
_INDEFINITE = {"ein", "eine", "einer", "eines", "einem", "einen"}


@dataclass
class Actor:
    """An actor of the draft: a known one (id set, known=True), a new person, or a candidate."""

    key: str                  # the name as written (a known actor: its id)
    kind: str                 # person | state | organisation
    name: str
    role: str | None = None
    known: bool = False
    id: str | None = None
    first: tuple[int, int, int] | None = None  # (sentence, start, end) of the first mention
    mentions: int = 0
    text_role: str | None = None  # the role as this article gives it (a known actor keeps its own `role`)
    role_words: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Mention:
    sentence: int
    start: int
    end: int
    key: str                  # Actor.key
    via_role: bool = False    # "der ukrainische Präsident"


_ROLE = re.compile("(" + "|".join(ROLE_HEADS) + ")(?:en|n|s|in)?$")


@lru_cache(maxsize=65536)
def _place(text: str, at: int) -> bool:
    """Is the capital at text[at:] a place ("in Kiew", "nach Brüssel") rather than its state ("die Regierung in Peking")?"""
    return bool(re.search(r"\b(?:in|nach)\s$", text[max(0, at - 5):at])) and not re.search(r"(?:Regierung|Führung)\s+in\s$", text[max(0, at - 16):at])


@lru_cache(maxsize=65536)
def role_head(word: str) -> str | None:
    """The role a word names ("Kremlsprecher" -> "sprecher", "US-Präsidenten" -> "präsident"), or None."""
    m = _ROLE.search(word.lower())
    return m[1] if m else None


class People:
    """Finds the actors of one article, sentence by sentence, in reading order."""

    def __init__(self, known: list[dict]):
        self.actors: dict[str, Actor] = {}
        self.forms: dict[str, str] = {}   # a written form -> Actor.key
        self.folded: dict[str, str] = {}  # the same, case folded: the site tells forms apart only so
        for rec in known:
            a = Actor(rec["id"], rec.get("kind", "organisation"), rec["name"], rec.get("role"), True, rec["id"])
            if a.role:
                a.role_words = {w.lower() for w in _WORD.findall(a.role)}
            self.actors[a.key] = a
            for form in [rec["name"]] + list(rec.get("aliases") or []):
                self._add_form(form, a.key)
        surnames: dict[str, list[str]] = {}
        for rec in known:  # "Rutte" for a known "Mark Rutte", where no other actor has that surname
            if rec.get("kind") == "person" and len(rec["name"].split()) > 1:
                surnames.setdefault(rec["name"].split()[-1], []).append(rec["id"])
        for surname, ids in surnames.items():
            if len(ids) == 1 and surname not in self.forms:
                self._add_form(surname, ids[0])
        for city, state in CAPITALS.items():
            if state in self.forms and city not in self.forms:
                self.forms[city] = self.forms[state]
        self.mentions: list[Mention] = []
        self.sentence_offsets: dict[int, int] = {}  # sentence -> its start in its paragraph
        self.org_heads: dict[str, str] = {}   # "Gewerkschaft" -> the key of "Gewerkschaft Verdi"
        self.roles_seen: list[str] = []   # person keys in the order their roles were last mentioned
        self._longest = max((len(f.split()) for f in self.forms), default=1)

    def _add_form(self, form: str, key: str) -> None:
        for f in (form, form + "s", form + "'", form + "’"):
            self.forms.setdefault(f, key)
        self.folded.setdefault(" ".join(form.casefold().split()), key)  # "NATO" for a known "Nato"
        self._longest = max(getattr(self, "_longest", 1), len(form.split()))

    def _actor(self, name: str, kind: str, where: tuple[int, int, int], role: str | None = None) -> Actor:
        key = self.forms.get(name) or self.folded.get(" ".join(name.casefold().split()), name)
        a = self.actors.get(key)
        if a is None:
            a = self.actors[key] = Actor(key, kind, name, role, first=where)
            self._add_form(name, key)
            parts = name.split()
            if kind == "person" and len(parts) > 1:
                self._add_form(parts[-1], key)   # "Werneke" after "Frank Werneke"
                first_particle = next((i for i, w in enumerate(parts) if i and w in _PARTICLES), None)
                if first_particle:
                    self._add_form(" ".join(parts[first_particle:]), key)   # "von der Leyen"
        if a.first is None:
            a.first = where
        if role and not a.role:
            a.role = role
        if role and not a.text_role:
            a.text_role = role
        if role:
            a.role_words |= {w.lower() for w in _WORD.findall(role)}
        return a

    def scan(self, index: int, text: str, quoted: list[tuple[int, int]] = ()) -> list[Mention]:
        """The mentions in sentence `index` (outside quotations), new persons and candidates noted."""
        here = _Sentence(self, index, text, list(quoted))
        dateline = _DATELINE.match(text)
        if dateline:  # "KIEW (dpa-AFX) - ": where the agency wrote it, no actor of the story
            here.taken.append((0, dateline.end()))
        self._persons(here)      # "US-Präsident Donald Trump", "der Sekretär des X, Rustem Umjerow,"
        self._known(here)        # names, aliases, genitives, capitals
        self._organisations(here)  # "Gewerkschaft Verdi", "Europäische Union"
        self._candidates(here)   # states, abbreviations, the "GDL" of "GDL-Chef"
        here.found.sort(key=lambda x: x.start)
        self.mentions += here.found
        return here.found

    def _persons(self, here: "_Sentence") -> None:
        text, words = here.text, here.words
        for i, (s, e, w) in enumerate(words):
            head = role_head(w) if w[0].isupper() else None
            if head is None or not here.free(s, e):
                continue
            start, article = self._role_start(words, i, text)
            name_at, role_end = i + 1, e
            apposition = re.match(r"\s+(?:de[rs]|des)\s+[^,.;:]{3,80}?,\s+", text[e:])
            if apposition and not self._name_at(words, name_at, text)[0]:
                after = e + apposition.end()
                at = next((k for k, x in enumerate(words) if x[0] == after), len(words))
                if len(self._name_at(words, at, text)[0]) >= 2:  # a full name in apposition, not a list of states
                    name_at, role_end = at, e + apposition.end() - 2
            name_words, name_end = self._name_at(words, name_at, text)
            if len(name_words) == 1 and name_words[0][2] not in self.forms and \
                    re.match(r"\s+(?:der|die|das|des|dem|den|ein|eine)\b", text[name_end:]):
                name_words = []  # "des Präsidenten Fragen der nationalen Sicherheit": a noun, not a surname
            role = self._role_text(text[start:role_end], article)
            if name_words:
                self._person(here, name_words, name_end, start, role_end, role)
            elif (article and article.lower() not in _INDEFINITE) or start < s:  # "der Minister", "Katars Außenminister"
                ref = self._by_role(head, role)
                if ref:
                    here.add(start, role_end, ref, via_role=True)

    def _person(self, here: "_Sentence", name_words: list, name_end: int, start: int, role_end: int, role: str) -> None:
        """A person named with a role: a known one, one named before by surname, or a new one."""
        name = " ".join(x[2] for x in name_words)
        if name.endswith("s") and name[:-1] in self.forms:
            name = name[:-1]  # a genitive: "Selenskyjs"
        key = self.forms.get(name)
        if key and self.actors[key].kind != "person":
            return
        last = self.forms.get(name.split()[-1])
        if key is None and last and self.actors[last].kind == "person":
            self._add_form(name, last)  # "Mark Rutte" after (or besides) a known "Rutte"
            name = self.actors[last].name if self.actors[last].known else name
        a = self._actor(name, "person", (here.index, start, name_end), role)
        here.add(name_words[0][0], name_end, a.key)
        self._remember_role(a.key)
        genitive = here.text[start:role_end].split()[0]
        if genitive.endswith("s") and genitive[:-1] in STATES:  # "Russlands Präsident": Russland too
            state = self._actor(genitive[:-1], "state", (here.index, start, start + len(genitive)))
            here.add(start, start + len(genitive), state.key)
        here.taken.append((start, role_end))

    def _known(self, here: "_Sentence") -> None:
        """Known forms (and new ones noted so far), longest first."""
        text, words = here.text, here.words
        for n in range(self._longest, 0, -1):
            for i in range(len(words) - n + 1):
                s, e = words[i][0], words[i + n - 1][1]
                form = text[s:e]
                key = self.forms.get(form)
                if key and here.free(s, e) and not (form in CAPITALS and _place(text, s)):
                    here.add(s, e, key)
                    if self.actors[key].kind == "person":
                        self._remember_role(key)

    def _organisations(self, here: "_Sentence") -> None:
        for pattern in (_ORG_PHRASE, _ADJ_ORG):
            for m in pattern.finditer(here.text):
                if here.free(m.start(1), m.end(1)) and not _NOUNISH.search(m[1].lower()):
                    key = self._actor(ORGS.get(m[1], m[1]), "organisation", (here.index, m.start(1), m.end(1))).key
                    here.add(m.start(1), m.end(1), key)
                    if pattern is _ORG_PHRASE:
                        self.org_heads[m[0].split()[0]] = key  # "die Gewerkschaft" later names it again

    def _candidates(self, here: "_Sentence") -> None:
        text = here.text
        for s, e, w in here.words:
            if not here.free(s, e):
                continue
            base = w[:-1] if w.endswith("s") and (w[:-1] in STATES or w[:-1] in CAPITALS) else w
            first, _, rest = w.partition("-")
            if base in CAPITALS and _place(text, s):
                continue
            if base in STATES or base in ORGS or base in CAPITALS:
                name = CAPITALS.get(base) or ORGS.get(base) or base
                here.add(s, e, self._actor(name, "state" if name in STATES else "organisation", (here.index, s, e)).key)
            elif rest and first in STATES + list(ORGS) + ["US"]:
                continue  # "Nato-Beitritt", "US-Sondergesandte": no mention of the actor itself
            elif rest and role_head(w) and (_ABBREV.fullmatch(first) or first[0].isupper() and role_head(first) is None
                                             and "-" not in rest and not _NOUNISH.search(first.lower())):
                if first not in self.forms or self.actors[self.forms[first]].kind != "person":
                    self._actor(first, "organisation", (here.index, s, s + len(first))).mentions += 1  # "Verdi-Chef": Verdi
            elif w in self.org_heads and re.search(r"\b(?:[Dd]ie|[Dd]er|[Dd]as|[Dd]em|[Dd]en|[Dd]es)\s$", text[max(0, s - 4):s]) \
                    and not re.match(r"\s+[A-ZÄÖÜ]", text[e:]):
                here.add(s, e, self.org_heads[w])  # "die Gewerkschaft" after "die Gewerkschaft Verdi"
            elif _ABBREV.fullmatch(w) and not _ROMAN.match(w):
                here.add(s, e, self._actor(w, "organisation", (here.index, s, e)).key)

    def _role_start(self, words, i: int, text: str) -> tuple[int, str | None]:
        """Where the role phrase starts (article, adjectives, a genitive like "Katars"), and its article."""
        articles = {"der", "die", "den", "dem", "des"} | _INDEFINITE
        k = i
        if k > 0 and words[k - 1][2].endswith("s") and words[k - 1][2][:-1] in STATES:
            k -= 1  # "Katars Außenminister"
        else:  # adjectives count only after an article: "der türkische Außenminister", not "hatte US-Präsident"
            j = k
            while j > 0 and words[j - 1][2].islower() and re.search(r"(?:e|en|er|es)$", words[j - 1][2]) \
                    and words[j - 1][2].lower() not in articles and text[words[j - 1][1]:words[j][0]].strip() == "":
                j -= 1
            if j > 0 and words[j - 1][2].lower() in articles:
                k = j
        article = words[k - 1][2] if k > 0 and words[k - 1][2].lower() in articles else None
        start = words[k - 1][0] if article else words[k][0]
        return start, article

    def _name_at(self, words, i: int, text: str) -> tuple[list, int]:
        """The capitalised words of a name starting at word i (particles like "von der" allowed inside)."""
        out = []
        k = i
        while k < len(words) and len(out) < 5:
            s, e, w = words[k]
            gap = text[words[k - 1][1]:s] if k > 0 else ""
            if out and gap.strip():
                break
            if w[0].isupper() and w not in NOT_NAMES and not _NOUNISH.search(w.lower()) and role_head(w) is None \
                    and not (w in self.forms and self.actors[self.forms[w]].kind != "person") and w not in STATES and w not in CAPITALS \
                    and w.rstrip("s") not in STATES and w[:-1] not in STATES and w[:-1] not in CAPITALS:
                out.append(words[k])
            elif w in _PARTICLES and out and next((x[2][0].isupper() for x in words[k + 1:k + 4] if x[2] not in _PARTICLES), False):
                out.append(words[k])  # "Ursula von der Leyen"
            else:
                break
            k += 1
        while out and out[-1][2] in _PARTICLES:
            out.pop()
        return out, (out[-1][1] if out else 0)

    @staticmethod
    def _role_text(phrase: str, article: str | None) -> str:
        """The role as an editor writes it: "der türkische Außenminister" -> "türkischer Außenminister"."""
        words = phrase.split()
        if article and words and words[0] == article:
            words = words[1:]
        art = (article or "").lower()
        female = words and re.search(r"in(?:nen)?$", words[-1]) is not None if words else False
        if art in ("der", "dem", "des", "den") and not female:
            fixed = []
            for w in words:
                if w.islower() and w.endswith(("e", "en")):
                    w = re.sub(r"en?$", "er", w)
                fixed.append(w)
            words = fixed
            at = next((n for n, w in enumerate(words) if w[:1].isupper() and role_head(w)), len(words) - 1)
            head = words[at] if words else ""
            low = head.lower()
            if low.endswith(("gesandte", "vorsitzende", "beauftragte", "abgeordnete")):
                words[at] = head + "r"
            elif low.endswith(("gesandten", "vorsitzenden", "beauftragten", "abgeordneten")):
                words[at] = head[:-1] + "r"
            elif art in ("dem", "den", "des") and head.endswith(("enten", "anten")):
                words[at] = head[:-2]
        return " ".join(words)

    def _remember_role(self, key: str) -> None:
        if key in self.roles_seen:
            self.roles_seen.remove(key)
        self.roles_seen.append(key)

    def _by_role(self, head: str, phrase: str) -> str | None:
        """The latest person with a role of this kind; words the phrases share decide between several."""
        words = {w.lower() for w in _WORD.findall(phrase)}
        best, score = None, 0
        for rank, key in enumerate(self.roles_seen):
            a = self.actors[key]
            if a.kind != "person" or not any(role_head(w) == head for w in a.role_words):
                continue
            s = 10 * len(words & a.role_words) + rank
            if s >= score:
                best, score = key, s
        return best

    def last_person(self, before_sentence: int, female: bool | None = None) -> str | None:
        """The subject of the latest sentence before `before_sentence` that names a person: its first person."""
        by_sentence: dict[int, list[Mention]] = {}
        for m in self.mentions:
            if m.sentence < before_sentence and self.actors[m.key].kind == "person":
                by_sentence.setdefault(m.sentence, []).append(m)
        for s in sorted(by_sentence, reverse=True):
            return min(by_sentence[s], key=lambda m: m.start).key
        return None


class _Sentence:
    """One sentence being scanned: its words, the spans already taken, the mentions found."""

    def __init__(self, people: People, index: int, text: str, taken: list[tuple[int, int]]):
        self.people, self.index, self.text, self.taken = people, index, text, taken
        self.words = [(m.start(), m.end(), m[0]) for m in _WORD.finditer(text)]
        self.found: list[Mention] = []

    def free(self, s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in self.taken)

    def add(self, s: int, e: int, key: str, via_role: bool = False) -> None:
        self.taken.append((s, e))
        self.found.append(Mention(self.index, s, e, key, via_role))
        actor = self.people.actors[key]
        actor.mentions += 1
        if actor.first is None:
            actor.first = (self.index, s, e)
