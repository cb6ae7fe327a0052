# Synthetic newsroom content for the benchmark: reproducible (seeded), built
# through the project's own pydantic model and written as editors' YAML files,
# with archived source texts in which every evidence passage really occurs.
#
# "Facts" counts terms, actors, events, demands, quotes and key facts. Per 20
# facts there is one story (5 events, 3 demands, 3 quotes, 3 key facts), 4
# terms and 2 actors; sources are one per story plus one per 50 facts for the
# shared background. Running text mentions terms (also in inflected forms) and
# actors, so cross-linking, "Erwähnt in" lists and footnotes have real work.
from __future__ import annotations

import random
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.load.model import (Actor, Answer, Citation, Demand, Event, KeyFact, Quote, SiteSettings, Source,
                                  Story, Term)

ROOT = Path(__file__).resolve().parent.parent
PER_STORY = {"events": 5, "demands": 3, "quotes": 3, "key_facts": 3}
FACTS_PER_STORY = 20  # 14 story facts + 4 terms + 2 actors

# --- vocabulary ----------------------------------------------------------------

PREFIXES = ["Waffen", "Handels", "Grenz", "Energie", "Sicherheits", "Friedens", "Zoll", "Wahl", "Steuer", "Klima",
            "Gas", "Agrar", "Arbeits", "Banken", "Bildungs", "Bürger", "Daten", "Digital", "Flüchtlings", "Gesundheits",
            "Haushalts", "Industrie", "Kohle", "Kredit", "Kriegs", "Länder", "Luft", "Miet", "Migrations", "Militär",
            "Nato", "Öl", "Pflege", "Presse", "Renten", "Rüstungs", "Schulden", "Sozial", "Strom", "Tarif", "Umwelt",
            "Verkehrs", "Wasser", "Wirtschafts", "Wohnungs", "Zins", "Asyl", "Export", "Import", "Justiz"]
# head word -> (genitive singular ending, plural form of the head or "" if none)
HEADS = {"abkommen": ("s", "abkommen"), "ruhe": ("", ""), "gespräch": ("s", "gespräche"), "gesetz": ("es", "gesetze"),
         "reform": ("", "reformen"), "krise": ("", "krisen"), "politik": ("", ""), "vertrag": ("s", "verträge"),
         "streit": ("s", "streitigkeiten"), "gipfel": ("s", "gipfel"), "rat": ("s", "räte"), "konflikt": ("s", "konflikte"),
         "paket": ("s", "pakete"), "plan": ("s", "pläne"), "quote": ("", "quoten"), "grenze": ("", "grenzen"),
         "kommission": ("", "kommissionen"), "verordnung": ("", "verordnungen"), "abgabe": ("", "abgaben"),
         "bremse": ("", "bremsen"), "mandat": ("s", "mandate"), "sanktion": ("", "sanktionen"),
         "embargo": ("s", "embargos"), "bündnis": ("ses", "bündnisse"), "verhandlung": ("", "verhandlungen"),
         "minister": ("s", "minister"), "behörde": ("", "behörden"), "register": ("s", "register"),
         "versprechen": ("s", "versprechen"), "wende": ("", "wenden"), "lücke": ("", "lücken"),
         "kompromiss": ("es", "kompromisse"), "ausschuss": ("es", "ausschüsse"), "initiative": ("", "initiativen"),
         "strategie": ("", "strategien"), "hilfe": ("", "hilfen"), "pflicht": ("", "pflichten"),
         "zentrum": ("s", "zentren"), "gericht": ("s", "gerichte"), "verbot": ("s", "verbote")}
FIRST = ["Anna", "Boris", "Clara", "Dmitri", "Elena", "Friedrich", "Galina", "Hans", "Irina", "Jan", "Katarzyna",
         "Lars", "Maria", "Nikolai", "Olga", "Pawel", "Renate", "Sergej", "Tamara", "Ulrich", "Vera", "Wiktor",
         "Xenia", "Yusuf", "Zofia", "Andrij", "Bärbel", "Cem", "Dörte", "Emil", "Fatma", "Georg", "Helga", "Igor",
         "Jörg", "Kira", "Ludmila", "Marek", "Natalia", "Oskar"]
LAST = ["Schneider", "Kowalenko", "Petrow", "Müller", "Nowak", "Schewtschenko", "Fischer", "Iwanowa", "Weber",
        "Bondarenko", "Wagner", "Smirnow", "Becker", "Melnyk", "Hoffmann", "Kuznezow", "Schäfer", "Tkachenko",
        "Koch", "Popowa", "Richter", "Krawtschuk", "Klein", "Sokolow", "Wolf", "Lysenko", "Schröder", "Morozow",
        "Neumann", "Hrytsenko", "Schwarz", "Pawlow", "Zimmermann", "Marchenko", "Braun", "Wolkow", "Krüger",
        "Oliynyk", "Hofmann", "Lebedew"]
ROLES = ["Außenminister", "Regierungssprecherin", "Verhandlungsführer", "Präsident", "Ministerpräsidentin",
         "Sondergesandter", "Generalsekretär", "Parlamentspräsidentin", "Verteidigungsminister", "Botschafterin",
         "Wirtschaftsministerin", "Fraktionschef", "Oppositionsführerin", "Gewerkschaftschef", "Notenbankchef"]
REGIONS = ["Nordland", "Ostmark", "Südtal", "Westhafen", "Bergland", "Seenplatte", "Küstenland", "Hochebene",
           "Flussland", "Waldmark", "Steppenland", "Inselreich", "Grenzmark", "Talschaft", "Moorland", "Heideland",
           "Auenland", "Felsland", "Sandmark", "Eisland"]
ORG_KINDS = ["Verband der {x}wirtschaft", "Ministerium für {x}fragen", "Institut für {x}forschung",
             "Bündnis für {x}politik", "Agentur für {x}sicherheit", "Rat der {x}experten", "Stiftung {x}zukunft"]
PLACES = ["Istanbul", "Genf", "Wien", "Brüssel", "Helsinki", "Doha", "Riad", "Oslo", "Minsk", "Warschau", "Berlin",
          "Paris", "Rom", "Prag", "Budapest", "Ankara", "Kairo", "Tiflis", "Baku", "Astana"]
VERBS_DEMAND = ["verlangt", "fordert", "drängt auf", "besteht auf", "pocht auf"]
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember"]
SENTENCES = [
    "{a} sagte am {day}. {month} in {place}, beim Thema {t} gebe es keinen Spielraum mehr.",
    "Nach Angaben von {a} sollen die Gespräche über {tp} in {place} fortgesetzt werden.",
    "{a} {verb} eine schnelle Einigung im Streit um die Zukunft {tg}.",
    "Beobachter in {place} halten eine Lösung beim Thema {t} vor dem Sommer für unwahrscheinlich.",
    "{a} wies den Vorschlag von {b} zurück und sprach von einem Manöver rund um {tp}.",
    "Die Regierung kündigte an, beim Thema {t} mit {b} weiter zu verhandeln, nannte aber kein Datum.",
    "Der Streit um {tp} hatte sich in den vergangenen Wochen deutlich verschärft.",
    "{a} erklärte, ohne Fortschritte beim Thema {t} werde es kein weiteres Treffen in {place} geben.",
    "Kritiker werfen {b} vor, die Debatte über {tp} seit Monaten zu verschleppen.",
    "Im Mittelpunkt der Beratungen in {place} stand die Frage {tg}.",
    "Wir sind zu Gesprächen bereit, aber nicht um jeden Preis, sagte {a} mit Blick auf {tp}.",
    "{a} und {b} trafen sich am {day}. {month} zu einem vertraulichen Gespräch über das Thema {t}.",
]


def slug(text: str) -> str:
    text = text.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text).split())


@dataclass
class _Src:
    source: Source
    sentences: list[str] = field(default_factory=list)


@dataclass
class Counts:
    facts: int
    stories: int
    terms: int
    actors: int
    sources: int
    pages: int


class _Synth:
    def __init__(self, facts: int, seed: int):
        self.r = random.Random(seed)
        self.stories_n = max(1, facts // FACTS_PER_STORY)
        self.terms_n = max(4, facts * 4 // FACTS_PER_STORY)
        self.actors_n = max(4, facts * 2 // FACTS_PER_STORY)
        self.terms = self._terms()
        self.actors = self._actors()
        self.sources: list[_Src] = []

    # --- entities -----------------------------------------------------------------

    def _terms(self) -> list[tuple[str, str, str, str]]:
        """(id, headword, genitive, plural) of unique compound nouns."""
        combos = [(p, h) for p in PREFIXES for h in HEADS]
        if self.terms_n > len(combos):
            combos += [(p + "-" + q.lower(), h) for p in PREFIXES for q in PREFIXES if p != q for h in HEADS]
        self.r.shuffle(combos)
        out = []
        for prefix, head in combos[: self.terms_n]:
            word = prefix + head
            gen_end, plural_head = HEADS[head]
            out.append((slug(word), word, word + gen_end, prefix + plural_head if plural_head else ""))
        return out

    def _actors(self) -> list[tuple[str, str, str]]:
        """(id, name, kind), the first few states and organisations, then people."""
        names: list[tuple[str, str]] = []
        states = [f"Republik {x}" for x in REGIONS] + [f"Königreich {x}" for x in REGIONS]
        orgs = [k.format(x=p) for k in ORG_KINDS for p in PREFIXES]
        people = [f"{f} {last}" for f in FIRST for last in LAST]
        self.r.shuffle(orgs)
        self.r.shuffle(people)
        n_states = min(len(states), max(1, self.actors_n // 10))
        n_orgs = min(len(orgs), max(1, self.actors_n // 5))
        names += [(n, "state") for n in states[:n_states]] + [(n, "organisation") for n in orgs[:n_orgs]]
        names += [(n, "person") for n in people[: self.actors_n - len(names)]]
        return [(slug(n), n, kind) for n, kind in names]

    def _mention_term(self, key: str) -> str:
        _, word, gen, plural = self.r.choice(self.terms)
        if key == "tg":  # an ending marks masculine and neuter words; the rest are feminine here
            return f"des {gen}" if gen != word else f"der {word}"
        return {"t": word, "tp": plural or word}[key]

    def sentence(self) -> str:
        a, b = self.r.sample(self.actors, 2)
        return self.r.choice(SENTENCES).format(
            a=a[1], b=b[1], t=self._mention_term("t"), tg=self._mention_term("tg"), tp=self._mention_term("tp"),
            place=self.r.choice(PLACES), day=self.r.randint(1, 28), month=self.r.choice(MONTHS),
            verb=self.r.choice(VERBS_DEMAND))

    def new_source(self, n: int, year: int, kind: str) -> _Src:
        sid = f"bench-{kind}-{n:05d}"
        date = f"{year}-{self.r.randint(1, 12):02d}-{self.r.randint(1, 28):02d}"
        src = Source(id=sid, title=f"Meldung {n}: {self.sentence()[:60].rstrip(' ,.')}", publisher="Synthetische Agentur",
                     date=date, file=f"seeds/{sid}.txt")
        s = _Src(src, [self.sentence() for _ in range(30)])
        self.sources.append(s)
        return s

    def cite(self, src: _Src, sentence: str | None = None) -> Citation:
        return Citation(id=src.source.id, evidence=sentence or self.r.choice(src.sentences))

    # --- records ----------------------------------------------------------------------

    def build(self) -> dict[str, list]:
        background = [self.new_source(i, 2020 + i % 5, "hintergrund") for i in range(max(1, self.stories_n * FACTS_PER_STORY // 50))]
        terms = []
        term_ids = [t[0] for t in self.terms]
        for tid, word, gen, plural in self.terms:
            src = self.r.choice(background)
            variants = [v for v in dict.fromkeys([gen, plural]) if v and v != word]
            related = [x for x in self.r.sample(term_ids, min(3, len(term_ids))) if x != tid][:2]
            terms.append(Term(id=tid, term=word, definition=f"{self.sentence()}",
                              explanation=" ".join(self.sentence() for _ in range(2)) + "\n\n" + self.sentence(),
                              variants=variants, related=related, source=[self.cite(src)]))
        actors = []
        orgs = [a for a in self.actors if a[2] != "person"]
        for aid, name, kind in self.actors:
            src = self.r.choice(background)
            role = self.r.choice(ROLES) if kind == "person" else None
            affiliation = self.r.choice(orgs)[0] if kind == "person" and orgs and self.r.random() < 0.7 else None
            actors.append(Actor(id=aid, kind=kind, name=name, role=role, affiliation=affiliation,
                                description=self.sentence(), source=[self.cite(src)]))
        stories = [self._story(i) for i in range(self.stories_n)]
        return {"terms": terms, "actors": actors, "stories": stories, "sources": [s.source for s in self.sources]}

    def _story(self, i: int) -> Story:
        year = 2021 + i % 5
        own = [self.new_source(i * 2 + k, year, "meldung") for k in range(2)]
        cast = [a[0] for a in self.r.sample(self.actors, min(6, len(self.actors)))]
        headword = self.r.choice(self.terms)[1]

        def date(j: int) -> str:
            month = (i + j) % 12 + 1
            return self.r.choice([f"{year}-{month:02d}-{self.r.randint(1, 28):02d}", f"{year}-{month:02d}",
                                  f"{year}-{month:02d}-{self.r.randint(1, 28):02d}~", f"{year}-2{self.r.randint(1, 4)}"])

        events = [Event(id=f"s{i}-e{j}", date=date(j), title=f"{self.r.choice(MONTHS)}: Treffen in {self.r.choice(PLACES)}",
                        text=self.sentence(), actors=self.r.sample(cast, 2), certainty=self.r.choice(["reported", "reported", "claimed"]),
                        source=[self.cite(self.r.choice(own))]) for j in range(PER_STORY["events"])]
        demands = []
        for j in range(PER_STORY["demands"]):
            by, of = self.r.sample(cast, 2)
            answer = Answer(text=self.sentence(), source=[self.cite(own[1])]) if j % 2 == 0 else None
            demands.append(Demand(id=f"s{i}-d{j}", by=by, of=of, what=self.sentence(),
                                  status=self.r.choice(["open", "rejected", "met", "partly-met", "withdrawn"]),
                                  answer=answer, source=[self.cite(own[0])]))
        quotes = []
        for j in range(PER_STORY["quotes"]):
            src = self.r.choice(own)
            said = self.r.choice(src.sentences)
            quotes.append(Quote(id=f"s{i}-q{j}", speaker=self.r.choice(cast), text=said, date=date(j),
                                context=self.sentence(), source=[self.cite(src, said)]))
        key_facts = [KeyFact(text=self.sentence(), source=[self.cite(self.r.choice(own))]) for _ in range(PER_STORY["key_facts"])]
        return Story(id=f"geschichte-{i:05d}-{slug(headword)}", title=f"Streit um {headword}: {self.r.choice(PLACES)} {year}",
                     teaser=self.sentence(), summary=" ".join(self.sentence() for _ in range(3)) + "\n\n" + " ".join(self.sentence() for _ in range(2)),
                     sources=[s.source.id for s in own], key_facts=key_facts, demands=demands,
                     events=events, quotes=quotes)


def _editor_order(data):
    """Keys as an editor writes them: `id` first, `source` and `certainty` last."""
    if isinstance(data, list):
        return [_editor_order(x) for x in data]
    if not isinstance(data, dict):
        return data
    last = ("certainty", "source")
    return {k: _editor_order(data[k]) for k in sorted(data, key=lambda k: (k != "id", k in last))}


def _dump(record, path: Path) -> None:
    data = _editor_order(record.model_dump(mode="json", exclude_defaults=True))
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def generate(project: Path, facts: int, seed: int = 1) -> Counts:
    """Write a complete project (mkdocs.yml, theme, free pages, content/, seeds/) with `facts` facts."""
    project.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "theme_overrides", "content/pages"):
        src, dst = ROOT / name, project / name
        if dst.exists():
            shutil.rmtree(dst) if dst.is_dir() else dst.unlink()
        dst.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dst)
    for folder in ("content/sources", "content/actors", "content/terms", "content/stories", "seeds"):
        shutil.rmtree(project / folder, ignore_errors=True)
        (project / folder).mkdir(parents=True)
    synth = _Synth(facts, seed)
    records = synth.build()
    site = SiteSettings(title="Erklärt (Benchmark)", description="Synthetische Inhalte für den Leistungstest.",
                        publisher="Benchmark-Redaktion", base_url="https://example.org/")
    _dump(site, project / "content/site.yml")
    for kind in ("sources", "actors", "terms", "stories"):
        for record in records[kind]:
            _dump(record, project / "content" / kind / f"{record.id}.yml")
    for src in synth.sources:
        text = f"{src.source.title}\n\n" + "\n\n".join(" ".join(src.sentences[k:k + 3]) for k in range(0, len(src.sentences), 3))
        (project / src.source.file).write_text(text + "\n", encoding="utf-8")
    n_stories = len(records["stories"])
    n_facts = len(records["terms"]) + len(records["actors"]) + n_stories * sum(PER_STORY.values())
    return Counts(facts=n_facts, stories=n_stories, terms=len(records["terms"]), actors=len(records["actors"]),
                  sources=len(records["sources"]), pages=6 + 1 + n_stories + len(records["terms"]) + len(records["actors"]))
