# Demands, hedges and glossary terms in an article's sentences.
#
# A demand is a sentence with "fordert", "verlangt", "drängt ... zu", "beharrt
# auf" or "ruft ... auf": who demands is the first actor named (or the one after
# "von" in "die von der Ukraine geforderte ..."), of whom the next one. A hedge
# marks how sure the text is: "dürfte", "wohl", "vermutlich" are the source's
# own assessment (`assessed`); "soll", "laut", "nach Angaben", reported speech
# ("sagte, ... sei") attribute it to a party (`claimed`). Known terms are found by
# headword and variants; long nouns that recur or stand in a demand are
# candidate terms, with the forms the text uses.
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .people import Mention, role_head
from .words import ORG_HEADS

_DEMAND = re.compile(r"\b(?:fordert|forderte|forderten|fordern|gefordert|geforderte[nrs]?|aufgefordert|verlangt|verlangte|verlangten|"
                     r"verlangen|verlangte[nrs]?|drängt|drängte|drängten|gedrängt|beharrt|beharrte|beharrten|beharren|ruft|rief|riefen|"
                     r"aufgerufen)\b")
_NEEDS = {"ruft": r"\bauf\b", "rief": r"\bauf\b", "riefen": r"\bauf\b", "drängt": r"\b(?:zu|zur|zum|auf)\b",
          "drängte": r"\b(?:zu|zur|zum|auf)\b", "drängten": r"\b(?:zu|zur|zum|auf)\b", "gedrängt": r"\b(?:zu|zur|zum|auf)\b"}
_ASSESSED = re.compile(r"\b(dürfte|dürften|wohl|vermutlich|wahrscheinlich|offenbar|mutmaßlich|scheint|scheinen)\b", re.I)
_CLAIMED = re.compile(r"\b(soll|sollen|sollte angeblich|angeblich|laut|nach Angaben|zufolge|berichtete|berichteten|hieß es|heißt es)\b", re.I)
_REPORTED = re.compile(r"\b(?:sagte|sagten|erklärte|erklärten|teilte|betonte|versicherte|behauptete)\b[^.]*\b(sei|seien|habe|haben werde|werde|müsse|könne|wolle)\b")
_NOUN = re.compile(r"\b[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ]?[a-zäöüß]+)*\b")
_SKIP_NOUNS = re.compile(r"(?:Woche|Wochen|Hälfte|Jahren|Monaten|Prozent)$")


def certainty(sentence: str) -> tuple[str, str | None]:
    """('assessed' | 'claimed' | 'reported', the hedge that decided it)."""
    m = _ASSESSED.search(sentence)
    if m:
        return "assessed", m[1]
    m = _CLAIMED.search(sentence)
    if m:
        return "claimed", m[1]
    m = _REPORTED.search(sentence)
    if m:
        return "claimed", m[1]
    return "reported", None


@dataclass
class Demand:
    sentence: int
    verb: str
    by: str | None        # Actor keys
    of: str | None
    what: str             # the words that say what is demanded, for the editor to shorten


def find_demand(k: int, text: str, mentions: list[Mention]) -> Demand | None:
    """The demand sentence `k` (text) makes, if any, with who demands and of whom among its mentions."""
    m = _DEMAND.search(text)
    if not m:
        return None
    verb = m[0]
    if verb in _NEEDS and not re.search(_NEEDS[verb], text[m.end():] if not verb.startswith("ge") else text):
        return None
    passive = re.search(r"\bvon\s+(?:der|dem|den)?\s*(\S+)[^.]*?\s+geforderte", text)
    by = of = None
    ordered = sorted(mentions, key=lambda x: x.start)
    if passive:
        by = next((x.key for x in ordered if x.start >= passive.start(1) - 1), None)
        ordered = [x for x in ordered if x.key != by]
    else:
        by = ordered[0].key if ordered else None
    what = _what(text, m, mentions)
    at = text.find(what)
    after_von = [x for x in ordered if x.key != by and x.start > m.end()
                 and text[max(0, x.start - 12):x.start].rstrip().endswith(("von", "vom"))]
    # of whom: named after "von", else the next actor named outside what is demanded ("zu Verhandlungen mit Moskau")
    inside = at >= 0 and not what.startswith("dass ")  # "verlangt, dass die EU ...": the EU is asked
    rest = [x for x in ordered if x.key != by and not (inside and at <= x.start < at + len(what))]
    of = (after_von or rest or [None])[0]
    return Demand(k, verb, by, of.key if of else None, what)


def _what(text: str, m: re.Match, mentions: list[Mention]) -> str:
    """The words that say what is demanded, as a proposal for the editor."""
    verb, before, after = m[0], text[:m.start()], text[m.end():].strip(" ,.")
    if verb.startswith("geforderte"):  # "die von der Ukraine geforderte volle Waffenruhe ist ..."
        return re.split(r"\s+(?:ist|sind|war|waren|wird|werden|bleibt|scheint)\b", after)[0]
    if verb in ("ruft", "rief", "riefen") and re.search(r"\bauf\b", after):  # "rief beide Seiten auf, die Kämpfe einzustellen"
        return re.split(r"\bauf\b", after, maxsplit=1)[1].strip(" ,") or after
    if verb.startswith("beharr"):
        pp = re.match(r"(?:\w+\s+)*?auf\s+(.+)", after)
        return pp[1] if pp else after
    ahead = [x.end for x in sorted(mentions, key=lambda x: x.start) if x.end <= m.start()]
    last = ahead[0] if ahead else 0  # after who demands
    final = len(after.split()) < 3  # the verb stands last: "hatte ... zu einer Einigung aufgerufen"
    pp = re.search(r"\b(?:zu|zur|zum)\s+(.+?)(?:\s+auf)?$", before[last:].strip() if final else after)
    if pp and not re.match(r"\w+en$", pp[1]):
        return pp[1].strip(" ,")
    if final:
        segment = before[last:].strip(" ,")
        return re.split(r"\s+und\s+", segment)[-1] if segment else after or text
    return re.sub(r"\s+auf$", "", after)


@dataclass
class TermDraft:
    term: str
    forms: list[str] = field(default_factory=list)
    count: int = 0
    first: int = 0          # sentence index
    in_demand: bool = False


_JOINT = re.compile(r"(?:ungs|heits|keits|schafts|ions|täts|ts|gs|ks|ns|en)(?=[a-zäöü]{4,}$)")


_ORG_STEMS = {re.sub(r"(?:en|n|s|es|e|er|ern)$", "", h.lower()) for h in ORG_HEADS}


def _compound(word: str) -> bool:
    """Probably a compound noun ("Verhandlungsdynamik", "Nato-Beitritt"), the kind a glossary explains."""
    return len(word) >= 9 and ("-" in word or len(word) >= 15 or bool(_JOINT.search(word[3:])))


def _stem(word: str) -> str:
    return re.sub(r"(?:en|n|s|es|e|er|ern)$", "", word.lower())


def headword(forms: list[str]) -> str:
    short = min(forms, key=len)
    if short.endswith("s") and not short.endswith(("ss", "us", "is", "os", "as")):
        return short[:-1]  # "Warnstreiks": a plural or genitive
    for plural, singular in (("ungen", "ung"), ("ionen", "ion"), ("heiten", "heit"), ("keiten", "keit"), ("schaften", "schaft")):
        if short.endswith(plural):
            return short[:-len(plural)] + singular
    return short


def inflected(term: str, forms: list[str]) -> list[str]:
    """The forms an editor lists as variants: those in the text, and the plural where the ending says it."""
    out = [f for f in forms if f != term]
    for ending, plural in (("ung", "ungen"), ("ion", "ionen"), ("heit", "heiten"), ("keit", "keiten"), ("schaft", "schaften"), ("e", "en")):
        if term.endswith(ending):
            p = term[:-len(ending)] + plural
            if p not in out and p != term:
                out.append(p)
            break
    return out


def candidate_terms(sentences: list[str], taken_forms: set[str], demand_sentences: set[int], limit: int = 6) -> list[TermDraft]:
    """Long nouns that recur or stand in a demand, not yet a term or actor."""
    groups: dict[str, TermDraft] = {}
    taken = {_stem(f) for f in taken_forms}
    taken_lower = {f.lower() for f in taken_forms}
    for k, text in enumerate(sentences):
        for m in _NOUN.finditer(text):
            w = m[0]
            if not _compound(w) or _SKIP_NOUNS.search(w) or role_head(w) or _stem(w) in _ORG_STEMS:
                continue
            stem = _stem(w)
            if stem in taken or w.lower() in taken_lower:
                continue
            g = groups.setdefault(stem, TermDraft(w, first=k))
            if w not in g.forms:
                g.forms.append(w)
            g.count += 1
            g.in_demand |= k in demand_sentences
    picked = [g for g in groups.values() if g.count >= 2 or (g.in_demand and len(g.forms[0]) >= 12)]
    picked.sort(key=lambda g: (-g.count, -g.in_demand, g.first))
    for g in picked:
        g.term = headword(g.forms)
    return picked[:limit]


def known_terms(text: str, terms: list[dict]) -> list[str]:
    """Ids of the known terms whose headword or a variant stands in the text."""
    found = []
    for t in terms:
        forms = [t.get("term", "")] + list(t.get("variants") or [])
        if any(f and re.search(r"(?<![\wÄÖÜäöüß])" + re.escape(f) + r"(?![\wÄÖÜäöüß])", text) for f in forms):
            found.append(t["id"])
    return found
