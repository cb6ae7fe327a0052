# The word lists the draft's rules use: role words, states, organisations, capitals.
#
# Kept apart from the rules so that a newsroom can extend them: a role word added
# here ("intendant") makes "Intendant Kai Gniffke" a person with that role; a state
# or organisation makes its name an actor candidate. Role words are lowercase
# heads, matched at the end of a word ("Kremlsprecher", "US-Präsidenten").
from __future__ import annotations

ROLE_HEADS = tuple(sorted("""präsident präsidentin kanzler kanzlerin minister ministerin sprecher sprecherin chef chefin
vorsitzende vorsitzender sekretär sekretärin gesandte gesandter botschafter botschafterin premier bürgermeister
bürgermeisterin kommissar kommissarin abgeordnete abgeordneter senator senatorin könig königin papst führer führerin
direktor direktorin leiter leiterin vorstand beauftragte beauftragter berater beraterin unterhändler unterhändlerin
gouverneur gouverneurin general generalin diplomat diplomatin emir scheich kronprinz vize vizechef
vizechefin ökonom ökonomin analyst analystin richter richterin experte expertin anwalt anwältin staatsanwalt
staatsanwältin""".split(), key=len, reverse=True))
STATES = """Ukraine Russland USA China Deutschland Frankreich Großbritannien Italien Spanien Polen Türkei Katar Iran Israel
Indien Japan Belarus Ungarn Österreich Schweiz Niederlande Belgien Schweden Finnland Norwegen Dänemark Tschechien Rumänien
Moldau Georgien Kanada Mexiko Brasilien Ägypten Saudi-Arabien Nordkorea Südkorea Syrien Libanon Kasachstan Estland
Lettland Litauen Griechenland Portugal Irland Taiwan Vietnam Australien Südafrika Serbien Kroatien Slowakei Sudan Jemen
Afghanistan Irak Venezuela Kuba Argentinien Pakistan Nigeria Äthiopien Armenien Aserbaidschan""".split()
ORGS = {"Kreml": "Kreml", "Nato": "Nato", "NATO": "Nato", "EU": "EU", "UN": "UN", "UNO": "UN", "Bundesregierung": "Bundesregierung",
        "Bundestag": "Bundestag", "Pentagon": "Pentagon", "Europäische Union": "EU", "Vereinten Nationen": "UN"}
CAPITALS = {"Kiew": "Ukraine", "Moskau": "Russland", "Washington": "USA", "Peking": "China", "Berlin": "Deutschland",
            "Paris": "Frankreich", "London": "Großbritannien", "Ankara": "Türkei", "Doha": "Katar", "Teheran": "Iran",
            "Warschau": "Polen", "Minsk": "Belarus", "Tokio": "Japan", "Neu-Delhi": "Indien", "Brüssel": "EU", "Rom": "Italien"}
NOT_NAMES = set("""Der Die Das Den Dem Des Ein Eine Er Sie Es Wir Ihr Man Und Aber Auch Doch Im In Am An Auf Bei Mit Nach
Von Vor Zu Zur Zum Für Über Unter Seit Laut Nun Noch So Als Wie Wenn Dass Da Dann Dabei Zudem Montag Dienstag Mittwoch
Donnerstag Freitag Samstag Sonntag Januar Februar März April Mai Juni Juli August September Oktober November Dezember""".split())
ORG_HEADS = ("Gewerkschaft", "Konzern", "Partei", "Verband", "Unternehmen", "Behörde", "Organisation", "Bündnis")
