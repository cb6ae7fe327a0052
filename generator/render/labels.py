# The German words the site uses for the model's values, in one place.
from __future__ import annotations

STATUS = {"open": "offen", "rejected": "abgelehnt", "met": "erfüllt",
          "partly-met": "teilweise erfüllt", "withdrawn": "zurückgezogen"}
KIND = {"state": "Staat", "organisation": "Organisation", "person": "Person"}
KIND_PLURAL = {"state": "Staaten", "organisation": "Organisationen", "person": "Personen"}
CERTAINTY = {
    "claimed": ("Angabe einer Seite", "Die Quelle gibt dies als Aussage einer Beteiligten wieder; unabhängig bestätigt ist es nicht."),
    "assessed": ("Einschätzung", "Die Quelle vermutet oder schätzt dies ein; belegt ist es nicht."),
}
CHANGE = {"update": "Aktualisiert", "correction": "Korrigiert"}  # "… am 22. Juli 2025"
CHANGE_KIND = {"update": "Aktualisierung", "correction": "Korrektur"}

_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "Ä": "A", "Ö": "O", "Ü": "U"})


def sort_key(text: str) -> str:
    """German dictionary order: umlauts sort with their base letter (DIN 5007-1)."""
    return text.translate(_FOLD).casefold()


def actor_order(actor) -> tuple[int, str]:
    return (list(KIND).index(actor.kind), sort_key(actor.name))
