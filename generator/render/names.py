# German case forms of an actor's name, for every sentence the templates build with one.
#
# An actor says how its name is inflected (model.Actor: `article`, `number`, `forms`); this module
# derives the rest: "der Kreml" -> "des Kremls", "dem Kreml", "den Kreml"; "die USA" (plural) ->
# "der USA", "den USA"; "Russland" (no article) -> "Russlands"; "Jens" -> "Jens'". An editor's
# `forms` replace a derived form where the rules cannot know it (adjectives, weak nouns:
# "des Nationalen Sicherheitsrats"). Prepositions merge with the article as German writes them
# ("zur Ukraine", "zum Kreml", "vom Kreml"), and the verb follows the number ("die USA fordern").
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Case = Literal["nominative", "genitive", "dative", "accusative"]
CASES: tuple[Case, ...] = ("nominative", "genitive", "dative", "accusative")

ARTICLES: dict[str, dict[str, str]] = {  # article (or "plural") -> case -> form
    "der": {"nominative": "der", "genitive": "des", "dative": "dem", "accusative": "den"},
    "die": {"nominative": "die", "genitive": "der", "dative": "der", "accusative": "die"},
    "das": {"nominative": "das", "genitive": "des", "dative": "dem", "accusative": "das"},
    "plural": {"nominative": "die", "genitive": "der", "dative": "den", "accusative": "die"},
}
# the case each preposition the templates use governs
GOVERNS: dict[str, Case] = {"von": "dative", "zu": "dative", "mit": "dative", "bei": "dative", "aus": "dative",
                            "an": "accusative", "für": "accusative", "gegen": "accusative"}
CONTRACTED = {("zu", "dem"): "zum", ("zu", "der"): "zur", ("von", "dem"): "vom", ("bei", "dem"): "beim"}
SIBILANTS = ("s", "ß", "x", "z", "ce")  # a genitive -s cannot be heard after these

# the default article of an actor that names none: countries and persons go without one
# ("Russland", "Selenskyj"); organisations mostly take "die" ("die Nato", "die EU")
DEFAULT_ARTICLE = {"state": "none", "person": "none", "organisation": "die"}


@dataclass(frozen=True)
class Phrase:
    """A name in one case, in two parts so that only the name itself becomes a link:
    `lead` ("zur ", "des ", "") and `name` ("Ukraine", "Kremls")."""

    lead: str
    name: str

    def __str__(self) -> str:
        return self.lead + self.name


@dataclass(frozen=True)
class Name:
    forms: dict[str, str]  # case -> the name's own form (without article)
    article: str  # "der", "die", "das", "plural" or "none"

    @property
    def plural(self) -> bool:
        return self.article == "plural"

    def case(self, case: Case) -> Phrase:
        """The name in `case`, with its article: "den USA", "des Kremls", "Russlands"."""
        article = ARTICLES.get(self.article, {}).get(case)
        return Phrase(f"{article} " if article else "", self.forms[case])

    def after(self, preposition: str) -> Phrase:
        """The name after a preposition, in the case it governs: "zur Ukraine", "an den Kreml", "von Russland"."""
        phrase = self.case(GOVERNS[preposition])
        article = phrase.lead.strip()
        if (preposition, article) in CONTRACTED:
            return Phrase(CONTRACTED[preposition, article] + " ", phrase.name)
        return Phrase(f"{preposition} {phrase.lead}", phrase.name)

    def possessor(self) -> Phrase:
        """The name after a noun it owns: "(Forderungen) der Ukraine", "Russlands", "des Kremls"; a name
        without article whose genitive is only an apostrophe ("Jens'") reads better as "von Jens"."""
        if self.article == "none" and self.forms["genitive"].endswith("'"):
            return self.after("von")
        return self.case("genitive")

    def verb(self, singular: str, plural: str) -> str:
        return plural if self.plural else singular


def genitive(name: str, article: str) -> str:
    """The genitive of a name's last word: -s, -es after a hissing sound with an article, an apostrophe
    without one ("Jens'"); feminine and plural names and abbreviations ("des IWF") stay as they are."""
    last = name.split()[-1] if name.split() else name
    if article in ("die", "plural") or (last.isupper() and len(last) > 1):
        return name
    if name.endswith(SIBILANTS):
        return name + ("'" if article == "none" else "es")
    return name + "s"


def _weak_adjectives(name: str) -> str:
    """Leading adjectives after an article take -n outside the nominative ("der Europäischen Union",
    "des Weißen Hauses"): each capitalised word ending in -e before the last word, up to the first other word."""
    words = name.split()
    for i, word in enumerate(words[:-1]):
        if not (word[:1].isupper() and word.endswith("e")):
            break
        words[i] = word + "n"
    return " ".join(words)


def inflect(name: str, kind: str, article: str | None = None, number: str = "singular",
            forms: dict[str, str | None] | None = None) -> Name:
    """The case forms of an actor's name from what the actor says (defaults for what it does not)."""
    article = article or DEFAULT_ARTICLE.get(kind, "none")
    if number == "plural":
        article = "plural" if article != "none" else "none"
    oblique = _weak_adjectives(name) if article != "none" else name
    own = {"nominative": name, "genitive": genitive(oblique, article), "dative": oblique,
           "accusative": oblique if article == "der" else name}
    own.update({case: form for case, form in (forms or {}).items() if form})
    return Name(own, article)
