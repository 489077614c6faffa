"""Dutch surnames that the general recognisers miss: after a title ("mevrouw Bos", "buurvrouw
Vink", "meneer hofman"), with particles ("Jan van den Berg", "J. de Groot", "die van den
broek"), a known surname at the start of a sentence before a verb ("Prins zegt"), and every
later mention of a surname found once ("Piet de Boer ... De Boer zei").

Surnames that are also words (Bos, Prins, De Boer) count only in such a context; the list of
surnames is deduce's (`NameLexicon.dutch_last`).
"""
from __future__ import annotations

import re

from .names import NameLexicon
from .recognizers import Span

#: work roles before a surname: only a capitalised or known surname follows them as a name
#: ("de voorman van de aardbeienkwekerij" is a role and a place)
_ROLE_TITLES = ("compagnon", "zakenpartner", "collega", "aannemer", "voorman", "uitzender", "beheerder", "makelaar")
_TITLE = (r"(?i:meneer|mijnheer|mevrouw|mevr\.?|mw\.?|dhr\.?|de\s+heer|dokter|dr\.|juf|juffrouw"
          r"|meester|buurman|buurvrouw|wijkagent|agent|zuster|familie|fam\.|oom|tante|opa|oma|baas|chef"
          # work roles people put before a surname ("zijn compagnon Prins", "aannemer Vos")
          r"|" + "|".join(_ROLE_TITLES) + ")")
_PARTICLES = (r"(?i:(?:van\s+(?:der|den|de|het|'t|’t)|v\.\s?d\.|v/d|vd|v\.?|van|de|den|der|ter|ten|in\s+'t|in\s+het"
              r"|op\s+den|op\s+de|uit\s+de)\s+)")
_WORD = r"[^\W\d_][\w'’]*"
_CAP = r"[A-ZÀ-Þ][\w'’]*[a-zà-ÿ][\w'’]*"
_SURNAME = _CAP + r"(?:-" + _PARTICLES + r"?" + _WORD + r")*"
_END = r"(?![\w-])"
#: particles found only in names, whatever word follows ("van der Meer", "v.d. Heuvel")
_STRONG_PARTICLE = re.compile(r"(?i:van\s+(?:der|den)|v\.\s?d\.|v/d|vd|ter|ten)\s")

_TITLE_RE = re.compile(r"(?<![\w])" + _TITLE + r"(?=\s)")
_AFTER_TITLE = re.compile(r"\s+(" + _PARTICLES + r"?)(" + _WORD + r"(?:-" + _WORD + r")*)" + _END)
_INITIAL_OR_FIRST = re.compile(
    r"(?<![\w.])(?:((?:[A-Z]\.\s?){1,3})\s*(" + _PARTICLES + r"?" + _SURNAME + r")"
    r"|(" + _CAP + r")\s+(" + _PARTICLES + _SURNAME + r"))" + _END)
# lower-case chat ("die van den broek"): only particles with "van", "ter", "ten" (not "die de")
_PARTICLE_AFTER_CONTEXT = re.compile(
    r"(?<![\w])(?i:die|heet|heette|genaamd|ene)\s+((?i:van\s+(?:der|den|de|het|'t)|van|ter|ten)\s+)"
    r"([a-zà-ÿ][\w'’]*)" + _END)
# "heet volgens mij Dijkstra ofzo": a hedge between the cue and the name
_DIE_SURNAME = re.compile(r"(?<![\w])(?i:die|ene|genaamd|heet|heette)"
                          r"(?:\s+(?i:volgens\s+mij|denk\s+ik|geloof\s+ik|dacht\s+ik|zeg\s+maar))?\s+(" + _CAP + r")" + _END)
# "dat de Boer, die van het transportbedrijf": mid-sentence, a lower-case "de" before a capital
# is a surname (a noun would not be capitalised); only the common "De" surnames
_DE_SURNAME_MID = re.compile(r"(?<=[a-zà-ÿ,] )de\s+((?:Boer|Jong|Jonge|Vries|Groot|Wit|Graaf|Haan|Bruijn|Bruin|Koning"
                             r"|Lange|Leeuw|Vos|Ruiter|Kok|Wilde|Beer|Klerk|Graaff|Wolf|Bruyn)" + ")" + _END)
_VERB_AFTER_NAME = (r"(?:zegt|zei|zeggen|vertelde|vertelt|regelt|heeft|had|haalt|brengt|stuurt|belt|betaalt|heet|heette"
                    r"|zit\s+(?:erachter|achter)"
                    r"|verhuurt|houdt|laat|dreigt|woont|werkt|neemt|geeft|runt|rijdt|deelt|pakt|is|was)\b")
_SENTENCE_START = re.compile(
    r"(?:^|[.!?]\s+|\n)(" + _CAP + r")\s+(?=" + _VERB_AFTER_NAME + ")")
_PERSON_VERB = re.compile(r"\s+(?:zegt|zei|vertelde|vertelt|belt|dreigt|betaalt|haalt|brengt|regelt|runt|rijdt"
                          r"|verhuurt|neemt|geeft|pakt)\b")
# "Op den Akker runt ...", "Van Dijk haalt ...", "In 't Veld heeft ...": a particle name opening a sentence
_SENTENCE_START_PARTICLE = re.compile(
    r"(?:^|[.!?]\s+|\n)((?:Van\s+(?:der|den|de|het|'t|’t)|Van|De|Den|Ter|Ten|In\s+'t|In\s+het|Op\s+den|Op\s+de"
    r"|Uit\s+de)\s+(" + _CAP + r"))\s+(?=" + _VERB_AFTER_NAME + ")")
# lower-case chat: a known surname that is no Dutch word, place or kept word ("die jansen", "willemsen
# rijdt", "jansens busje"); words and places count only in the contexts above
_LOWER_TOKEN = re.compile(
    r"(?:(?<![\w])(?i:die|ene)\s+|(?:^|[.!?]\s+|\n))([a-zà-ÿ][a-zà-ÿ'’]{4,})(?=\s+\w|\s*[,.!?]|\s*$)")
# "heet kerkhof of zo", "genaamd bakker": a name said to be one
_NAMED_LOWER = re.compile(r"(?<![\w])(?i:heet|heette|genaamd|genoemd)\s+([a-zà-ÿ][\w'’]{2,})" + _END)
_LOWER_TAIL = re.compile(r"\s+((?:van\s+(?:der|den|de)|van|de|ter|ten)\s+)?([a-zà-ÿ][\w'’]+)" + _END)
_TAIL = re.compile(r"\s+(" + _PARTICLES + r")?(" + _SURNAME + r")" + _END)
_PARTICLE_WORDS = frozenset({"van", "de", "den", "der", "ter", "ten", "het", "'t", "’t", "in", "op", "uit"})
# words that follow a title but are no name ("de buurman zei", "mevrouw van de thuiszorg")
_NOT_AFTER_TITLE = frozenset({
    "en", "of", "die", "dat", "is", "was", "zei", "zegt", "heeft", "had", "vertelde", "belde",
    "komt", "kwam", "in", "op", "met", "niet", "ook", "nog", "al", "wel", "hier", "daar", "zelf",
    "uit", "bij", "naast", "boven", "beneden", "hiernaast", "tegenover", "van", "de", "kan",
    "wil", "moet", "zag", "hoorde", "weet", "denkt", "vindt", "woont", "werkt", "zou", "wordt",
    "mee", "even", "weer", "naar", "terug", "langs", "samen", "alleen", "steeds", "altijd", "nooit",
})


# lower-case chat: a surname that is also a word ("visser", "groen") opening a sentence, only
# before a verb a person does ("visser regeld de huisjes", "groen heeft een kwekerij")
# what a person does ("visser regeld de huisjes", "danny prins zet meiden achter het raam")
_ACTOR_VERBS = (r"(?:heeft|had|regelt|regeld|laat|haalt|brengt|stuurt|belt|betaalt|verhuurt|runt|rijdt|zegt"
                r"|zei|dreigt|houdt|neemt|pakt|geeft|int|beheert|bezit|zet|zette|controleert)\b")
_LOWER_START_ACTOR = re.compile(r"(?:^|[.!?:]\s+|\n)([a-zà-ÿ][a-zà-ÿ'’]{2,})\s+(?=" + _ACTOR_VERBS + ")")
# "bij mulder op de boerderij", "werkt bij brouwer in horst": a surname without article after "bij"
_AT_SURNAME = re.compile(r"(?<![\w])(?i:bij|voor)\s+([a-zà-ÿ][a-zà-ÿ'’]{2,})(?=\s+(?:op|in|aan|uit|te|met|,)\b|\s*[,.!?]|\s*$)")
# "foto's van scholten", "de auto van kuijpers": "van" + a surname that is no Dutch word or place
_VAN_LOWER = re.compile(r"(?<![\w])van\s+([a-zà-ÿ][a-zà-ÿ'’]{3,})" + _END)
# "van der" / "van den" in lower case are found only in names ("bij van den berg in de lier")
_VAN_DER_LOWER = re.compile(r"(?<![\w])((?:[Vv]an|VAN)\s+(?:der|den|DER|DEN)|[Vv][Dd]|[Vv]/[Dd]|[Vv]\.\s?[Dd]\.)\s+([a-zà-ÿA-ZÀ-Þ][\w'’]+)" + _END)
# possessives of chat: "smits d'r vriend", "van dijk d'r zoon", "jansen z'n bedrijf"
_POSSESSIVE = re.compile(r"(?<![\w])((?:van\s+(?:der\s+|den\s+|de\s+)?)?)([a-zà-ÿA-ZÀ-Þ][\w'’]+)\s+(?=(?:d'r|z'n|d’r|z’n)\s)")
# initials in chat, lower case, before a particle and a surname ("jp de ruiter", "j.p. van dam");
# consonants only or dotted, so no word ("ik de", "en de") is read as initials
_LOWER_INITIALS = re.compile(
    r"(?<![\w.])([bcdfghjklmnpqrstvwxz]{1,3}|(?:[a-z]\.\s?){1,3})\s*((?:van\s+(?:der|den|de)|van|de|den|ter|ten)\s+)"
    r"([a-zà-ÿ][\w'’]{2,})" + _END)
# a lower-case first name and surname opening a sentence, before what a person does
_LOWER_FIRST_LAST = re.compile(r"(?:^|[.!?:]\s+|\n)([a-zà-ÿ]{3,})\s+([a-zà-ÿ][a-zà-ÿ'’]{2,})(?=\s)")
_PERSON_ACTS = re.compile(r"\s+" + _ACTOR_VERBS)
_CERTAIN = re.compile(r"(?<![\w])(?i:ene|zekere|genaamd)\s+(" + _CAP + r")" + _END)
# a list of people: "Bos, Peter Vos en Mol", "[PERSOON], Van der Meer en ..."
_LIST_LEFT = re.compile(r"((?:(?:Van|van)\s+(?:der\s+|den\s+|de\s+)?)?[A-Za-zÀ-ÿ][\w'’]+)\s*(?:,|\sen)\s*$")
_LIST_RIGHT = re.compile(r"\s*(?:,|\sen)\s+((?:(?:Van|van)\s+(?:der\s+|den\s+|de\s+)?)?[A-Za-zÀ-ÿ][\w'’]+)" + _END)
# surnames that are also words for people, kin or function words: no actor at a sentence start
# ("vader heeft", "alles heeft", "kind heeft")
_NOT_ACTOR = frozenset({
    "al", "alles", "er", "man", "mensen", "persoon", "kind", "jongen", "buurman", "broer", "vader", "papa",
    "zoon", "vriend", "buren", "burger", "kennis", "haar", "kan", "kon", "komen", "hebben", "geven", "kunnen",
    "vallen", "wassen", "vriezen", "zinken", "best", "even", "goed", "boven", "buiten", "thuis", "min", "pas",
    "los", "snel", "niemand", "iedereen", "school", "stad", "land", "huis", "winkel", "baan", "bank",
    "meer", "loon",
})
# "die de jong heeft", "met de groot": an uninflected adjective after "de" is no Dutch phrase,
# only a name ("de jonge man", "de grote baas" are phrases)
_DE_ADJECTIVE = re.compile(r"(?<![\w])(de|De|DE)\s+(jong|groot|wit|bruin|bruijn|klein|zwart|rood)" + _END)
_LOCATIVE = frozenset({"uit", "in", "naar", "te", "bij", "rond", "richting", "buiten"})
# "ik rijd voor van dam", "werk bij van wijk": two prepositions in a row are no Dutch phrase,
# so the "van" belongs to a name when a known surname follows
_PREP_VAN = re.compile(r"(?<![\w])(?i:voor|bij|met|aan|door|tegen|onder)\s+((?:van\s+(?:der\s+|den\s+|de\s+)?)"
                       r"([a-zà-ÿ][a-zà-ÿ'’]{2,}))" + _END)
# "vink en sanders zeggen ...": two lower-case surnames opening a sentence before what people do
_PLURAL_ACTS = (r"(?:zeggen|zeiden|hebben|hadden|regelen|laten|lieten|halen|brengen|sturen|bellen|betalen"
                r"|verhuren|runnen|rijden|dreigen|houden|nemen|pakken|geven|zetten|controleren|bepalen)\b")
_LOWER_PAIR_ACTORS = re.compile(r"(?:^|[.!?:]\s+|\n)([a-zà-ÿ][a-zà-ÿ'’]{2,})\s+en\s+([a-zà-ÿ][a-zà-ÿ'’]{2,})\s+(?="
                                + _PLURAL_ACTS + ")")
# "ik ben ana", "mijn naam is jan": a first name the writer gives as their own, in lower case
_OWN_NAME = re.compile(r"(?<![\w])(?i:ik\s+ben|ik\s+heet|mijn\s+naam\s+is|me\s+naam\s+is|mn\s+naam\s+is|noem\s+me)"
                       r"\s+([a-zà-ÿ][a-zà-ÿ'’]{1,})" + _END)
# "gesproken met wouters", "volgens meyer is het legaal": a preposition before a known surname
# that is no word; one that is a word ("met kramer") only before what is said with a person
_PREP_LOWER = re.compile(r"(?<![\w])(?i:met|volgens|door|tegen|via)\s+([a-zà-ÿ][a-zà-ÿ'’]{3,})"
                         r"(?=(\s+(?:gesproken|gebeld|gepraat|geappt|gemaild|afgesproken|over)\b)?)" + _END)
# "Kort van het uitzendbureau", "hoeksta van de paardenhouderij", "huisman, van het loonbedrijf":
# a name placed by where the person works (a role would have an article: "de baas van het bureau")
_ORG_NOUN = (r"\w*(?:bureau|bedrijf|garage|houderij|handel|kwekerij|boerderij|winkel|zaak|fabriek|camping"
             r"|hotel|salon|markt|kantoor|loods|club|restaurant|shop|park|makelaardij|bv)")
_AT_WORK = re.compile(r"(?:(?:^|[.!?:]\s+|\n)|(?<![\w])(?i:die|ene|met|bij|volgens|en)\s+)"
                      r"((?:(?i:de|van|van\s+de|van\s+der|van\s+den)\s+)?)([A-Za-zà-ÿÀ-Þ][\w'’]{2,})(,?)\s+van\s+(?:het|de|'t)\s+"
                      + _ORG_NOUN + _END)
# glued particles of chat: "die degroot", "vandijk", "vd berg" written "vdberg"
_GLUED = re.compile(r"(?<![\w])(?i:vander|vanden|vande|van|vd|de)([a-zà-ÿ]{4,})" + _END)
# "bos en vos, twee mannen uit Oss": two lower-case surnames told who they are
_LOWER_PAIR_APPOSITION = re.compile(r"(?:^|[.!?:]\s+|\n)([a-zà-ÿ][a-zà-ÿ'’]{2,})\s+en\s+([a-zà-ÿ][a-zà-ÿ'’]{2,}),\s+"
                                    r"(?:twee|2|beide|de)\s+(?:mannen|broers|eigenaars|eigenaren|gasten|vrouwen|zussen)\b")
# "de haan (de eigenaar) zegt": a name with the role in brackets
_NAME_ROLE_BRACKET = re.compile(r"(?<![\w])((?:(?i:de|van|van\s+de|van\s+der|van\s+den)\s+)?)([a-zà-ÿA-ZÀ-Þ][\w'’]{2,})"
                                r"\s*\(\s*(?:de|die|zijn|haar|hun)?\s*(?:eigenaar|baas|chef|uitzender|huisbaas|manager"
                                r"|voorman|ploegbaas|beheerder|bedrijfsleider|pooier|tussenpersoon)\b")
# shouting in the middle of a message: a run of three or more words in capitals
# a single shouted surname ("MAAS zit erachter", "POSTMA heeft ...") reads as the capitalised name
_CAPS_WORD = re.compile(r"(?<![\w])([A-ZÀ-Þ])([A-ZÀ-Þ'’]{2,})(?![\w])")
_CAPS_RUN = re.compile(r"(?<![\w])[A-ZÀ-Þ][A-ZÀ-Þ'’]*(?:[\s,]+[A-ZÀ-Þ][A-ZÀ-Þ'’]*){2,}(?![\w])")


def find_dutch_surnames(text: str, lex: NameLexicon, people: list[Span]) -> list[Span]:
    """PERSOON spans for the contexts above; ``people`` are the person spans found so far.
    A text in capitals ("DEKKER LAAT ZE WERKEN") is read as the lower-case chat it is."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 12 and sum(c.isupper() for c in letters) > 0.8 * len(letters):
        lowered = text.lower()
        if len(lowered) == len(text):  # same offsets, so the spans fit the original
            return _find(lowered, lex, people)
    # "DE GROOT HEEFT MIJN PASPOORT!!! ik weet niet wat ik moet doen": only the shouted part
    lowered = _CAPS_RUN.sub(lambda m: m.group(0).lower(), text)
    if len(lowered) != len(text):
        lowered = text
    # then a single shouted surname ("MAAS zit erachter") as the capitalised name it is (s8)
    lowered = _CAPS_WORD.sub(lambda m: m.group(1) + m.group(2).lower()
                             if (m.group(1) + m.group(2)).lower() in lex.dutch_last else m.group(0), lowered)
    return _find(lowered if len(lowered) == len(text) else text, lex, people)


def _surname_word(low: str, lex: NameLexicon) -> bool:
    """A known surname that is no Dutch word, place, people or kept word."""
    return (low in lex.dutch_last and not _is_word(low, lex) and low not in lex.places
            and low not in lex.peoples and not lex.is_keep(low))


def _find(text: str, lex: NameLexicon, people: list[Span]) -> list[Span]:
    spans: list[Span] = []
    cores: set[str] = set()

    def add(start: int, end: int, core: str | None) -> None:
        spans.append(Span(start, end, "PERSOON", "surname"))
        if core and len(core) >= 3:
            cores.add(core)

    for title in _TITLE_RE.finditer(text):  # titles may follow each other: "buurvrouw mevrouw Bos"
        m = _AFTER_TITLE.match(text, title.end())
        if not m:
            continue
        particles, word = m.group(1), m.group(2)
        low = word.lower()
        first = low.split("-")[0]
        strong = bool(particles) and bool(_STRONG_PARTICLE.match(particles))  # "mw. v.d. Meer"
        if low in _NOT_AFTER_TITLE or _TITLE_RE.fullmatch(word) or (
                (lex.is_keep(word) or first in lex.places) and first not in lex.dutch_last and not strong):
            continue
        role = title.group(0).lower() in _ROLE_TITLES
        if word[:1].isupper() or low in lex.dutch_last or (particles and not role and _unknown_word(low, lex)):
            add(m.start(1) if particles else m.start(2), m.end(2), word.split("-")[0])

    for m in _INITIAL_OR_FIRST.finditer(text):
        if m.group(1):
            add(m.start(1), m.end(2), _core(m.group(2)))
        elif m.group(3).lower() in lex.any_first and not _kept(_core(m.group(4)), lex):
            add(m.start(3), m.end(4), _core(m.group(4)))

    for m in _PARTICLE_AFTER_CONTEXT.finditer(text):
        if _lowercase_particle_name(m.group(1), m.group(2).lower(), lex):
            add(m.start(1), m.end(2), None)

    for m in _DIE_SURNAME.finditer(text):
        low = m.group(1).lower()
        # a place may be a surname too ("die Driessen"), a kept word is not ("die Poolse")
        if low in lex.dutch_last and not (lex.is_keep(m.group(1)) and low not in lex.places) \
                and not _is_word(low, lex):
            add(m.start(1), m.end(1), m.group(1))

    for m in _DE_SURNAME_MID.finditer(text):
        add(m.start(), m.end(1), m.group(1))

    for m in _SENTENCE_START.finditer(text):
        low = m.group(1).lower()
        # a village that is a surname too is a person when it speaks or acts ("Berg zegt");
        # a gemeente is not ("Den Haag zegt" is the government)
        if low in lex.dutch_last and low not in _NOT_ACTOR and (low not in lex.places or (
                low not in lex.gemeenten and _PERSON_VERB.match(text, m.end(1)))):
            add(m.start(1), m.end(1), m.group(1))

    for m in _SENTENCE_START_PARTICLE.finditer(text):
        low = m.group(2).lower()
        if low not in lex.peoples and not lex.is_keep(m.group(1)) \
                and not (lex.is_keep(m.group(2)) and low not in lex.dutch_last):  # not "Den Haag zegt"
            add(m.start(1), m.end(1), m.group(2))

    for m in _LOWER_TOKEN.finditer(text):
        low = m.group(1)
        stem = low[:-1] if low.endswith("s") and low[:-1] in lex.dutch_last else low  # "jansens busje"
        if stem in lex.dutch_last and not _is_word(low, lex) and not _is_word(stem, lex) \
                and stem not in lex.places and not lex.is_keep(stem) and stem not in lex.peoples:
            spans.append(Span(m.start(1), m.end(1), "PERSOON", "surname"))  # no later-mention search

    for m in _NAMED_LOWER.finditer(text):
        low = m.group(1).lower()
        if low not in _NOT_AFTER_TITLE and low not in _WHERE_FROM and low not in lex.common:
            tail = _LOWER_TAIL.match(text, m.end(1))
            end = m.end(1)
            if tail and tail.group(1) and low in lex.any_first:  # "heet ingrid de boer"
                word, particle = tail.group(2).lower(), tail.group(1).strip().lower()
                if word in lex.dutch_last and word not in lex.peoples and particle != "van":  # after "heet": a name
                    end = tail.end(2)
            add(m.start(1), end, m.group(1))

    for m in _LOWER_START_ACTOR.finditer(text):
        low = m.group(1)
        # a village that is a surname too acts only as a person ("driessen zegt")
        place_ok = low not in lex.places or (low not in lex.gemeenten and _PERSON_VERB.match(text, m.end(1)))
        if low in lex.dutch_last and low not in _NOT_ACTOR and place_ok \
                and low not in lex.peoples and low not in _NOT_AFTER_TITLE:
            add(m.start(1), m.end(1), None)

    for m in _DE_ADJECTIVE.finditer(text):
        add(m.start(1), m.end(2), None)

    for m in _AT_SURNAME.finditer(text):
        low = m.group(1).lower()
        if low in lex.dutch_last and low not in lex.common and low not in lex.places and low not in lex.peoples:
            add(m.start(1), m.end(1), None)

    for m in _VAN_LOWER.finditer(text):
        if _surname_word(m.group(1), lex):
            add(m.start(), m.end(1), None)

    for m in _VAN_DER_LOWER.finditer(text):
        low = m.group(2).lower()
        before = text[max(0, m.start() - 6):m.start()].lower().split()
        if low in _WHERE_FROM or low in lex.peoples or (
                f"den {low}" in lex.places and before and before[-1] in ("uit", "in", "naar", "te")):
            continue
        if m.group(2)[:1].isupper() and m.group(1)[:1] == "v":  # "van der Meer" is found by the other rules
            continue
        add(m.start(1), m.end(2), m.group(2))

    for m in _POSSESSIVE.finditer(text):
        low = m.group(2).lower()
        if (m.group(1) and low in lex.dutch_last) or _surname_word(low, lex):
            add(m.start(1) if m.group(1) else m.start(2), m.end(2), None)

    for m in _LOWER_FIRST_LAST.finditer(text):  # "danny prins zet meiden achter het raam"
        first, last = m.group(1).lower(), m.group(2).lower()
        if first in lex.any_first and last in lex.dutch_last and last not in lex.places \
                and last not in lex.peoples and _PERSON_ACTS.match(text, m.end(2)):
            add(m.start(1), m.end(2), m.group(2))

    for m in _LOWER_INITIALS.finditer(text):  # "jp de ruiter stuurt ze", "j.p. van dam"
        low = m.group(3).lower()
        if low in lex.dutch_last and low not in lex.places and low not in lex.peoples:
            add(m.start(1), m.end(3), m.group(3))

    for m in _PREP_VAN.finditer(text):  # "ik rijd voor van dam"
        low = m.group(2).lower()
        if low in lex.dutch_last and low not in lex.common and low not in lex.peoples and low not in _WHERE_FROM \
                and low not in lex.gemeenten:
            add(m.start(1), m.end(1), None)

    for m in _LOWER_PAIR_ACTORS.finditer(text):  # "vink en sanders zeggen"
        pair = [m.group(1).lower(), m.group(2).lower()]
        # a village may be a surname too when it acts ("vink en sanders zeggen"); a gemeente is not
        if all(w in lex.dutch_last and w not in _NOT_ACTOR and w not in _NOT_AFTER_TITLE and w not in lex.gemeenten
               and w not in lex.peoples for w in pair) and any(_surname_word(w, lex) for w in pair):
            add(m.start(1), m.end(1), None)
            add(m.start(2), m.end(2), None)

    for m in _PREP_LOWER.finditer(text):  # "gesproken met wouters", "gebeld met kramer over"
        low = m.group(1)
        if _surname_word(low, lex) or (m.group(2) and low in lex.dutch_last and low not in lex.common
                                       and low not in lex.places and low not in lex.peoples
                                       and low not in _NOT_ACTOR and low not in _NOT_AFTER_TITLE):
            add(m.start(1), m.end(1), None)

    for m in _AT_WORK.finditer(text):  # "Kort van het uitzendbureau", "hoeksta van de paardenhouderij"
        particles, word = m.group(1), m.group(2)
        low = word.lower()
        if low in _NOT_AFTER_TITLE or low in _NOT_ACTOR or low in lex.peoples or low in lex.gemeenten:
            continue
        capital = word[:1].isupper() and (bool(particles) or m.start(2) > 0 and text[m.start(2) - 2:m.start(2)].strip(" ") not in ("", ".", "!", "?", ":"))
        name = ((capital and low in lex.dutch_last) or _surname_word(low, lex)
                or (word.islower() and _unknown_word(low, lex) and low not in lex.any_first and len(low) >= 5)
                or (m.group(3) and low in lex.dutch_last and low not in lex.common))  # "huisman, van het ..."
        if name:
            add(m.start(1) if particles else m.start(2), m.end(2), None)

    for m in _GLUED.finditer(text):  # "die degroot van de autohandel"
        whole, core = m.group(0).lower(), m.group(1).lower()
        if core in lex.dutch_last and not _is_word(whole, lex) and whole not in lex.places \
                and whole not in lex.dutch_last and not lex.is_keep(whole):
            add(m.start(), m.end(), None)

    for m in _LOWER_PAIR_APPOSITION.finditer(text):  # "bos en vos, twee mannen uit Oss"
        pair = [m.group(1).lower(), m.group(2).lower()]
        if all(w in lex.dutch_last and w not in _NOT_ACTOR and w not in lex.gemeenten and w not in lex.peoples
               for w in pair):
            add(m.start(1), m.end(1), None)
            add(m.start(2), m.end(2), None)

    for m in _NAME_ROLE_BRACKET.finditer(text):  # "de haan (de eigenaar)"
        low = m.group(2).lower()
        if low in lex.dutch_last and low not in lex.peoples and low not in lex.gemeenten:
            add(m.start(1) if m.group(1) else m.start(2), m.end(2), None)

    for m in _OWN_NAME.finditer(text):  # "ik ben ana, ik kom uit roemenie"
        low = m.group(1).lower()
        if low in lex.any_first and not _is_word(low, lex) and low not in lex.places and low not in lex.peoples:
            add(m.start(1), m.end(1), None)

    for m in _CERTAIN.finditer(text):  # "ene Vink": what follows is a name, even a word or a village
        low = m.group(1).lower()
        if low not in lex.peoples and low not in lex.gemeenten and low not in _NOT_AFTER_TITLE:
            add(m.start(1), m.end(1), m.group(1))

    for p in people:
        ends_with_particle = text[p.start:p.end].rsplit(None, 1)[-1].lower() in _PARTICLE_WORDS
        low_tail = _LOWER_TAIL.match(text, p.end)
        if low_tail and text[p.start:p.end].lower() in lex.any_first:
            word = low_tail.group(2).lower()
            # "buurman kees huisman", "Piotr de ruiter"; a surname that is also a word only after
            # a first name and a particle, or when it acts ("ingrid de boer", "danny prins zet")
            plain = word not in lex.common or bool(low_tail.group(1)) or bool(
                _PERSON_ACTS.match(text, low_tail.end(2)))
            particle = (low_tail.group(1) or "").strip().lower()
            # "ingrid de boer" is a person even where "Boer" is a hamlet; "kees van vries" may say where from
            place = (f"{particle} {word}" if particle and particle != "van" else word) in lex.places
            if word in lex.dutch_last and plain and not place and word not in lex.peoples:
                add(p.start, low_tail.end(2), word)
                continue
        m = _TAIL.match(text, p.end)
        locative = bool(m and m.group(1) and m.group(1).split()[0].lower() in ("in", "op", "uit"))
        if m and locative and _core(m.group(2)).lower() in lex.places:
            continue  # "Bakker in het Westland": where, not who
        if m and (m.group(1) or ends_with_particle) and not _kept(_core(m.group(2)), lex):
            add(p.start, m.end(2), _core(m.group(2)))

    spans += _list_neighbours(text, lex, people + spans)
    for p in people:  # "Klaas Boer ... heet ook Boer": a surname found with a first name, capitalised later
        words = text[p.start:p.end].split()
        last = words[-1] if len(words) >= 2 else ""
        if len(last) >= 3 and last[:1].isupper() and last.lower() in lex.dutch_last \
                and last.lower() not in lex.places and last.lower() not in lex.peoples:
            cores.add(last)

    # a surname found once is a name in every later mention too; not as a place ("uit Doorn")
    for core in cores:
        for m in re.finditer(r"(?<![\w])(?:" + _PARTICLES + r")?" + re.escape(core) + r"s?" + _END, text):
            before = text[max(0, m.start() - 10):m.start()].lower().split()
            if core.lower() in lex.places and before and before[-1] in _LOCATIVE:
                continue
            rest = text[m.start():m.start() + 40].lower()
            if any(rest.startswith(p) for p in lex.keep_phrases if p.startswith(core.lower() + " ")):
                continue  # "Wijk bij Duurstede" after "een zekere Wijk"
            add(m.start(), m.end(), None)
    return spans


def _list_neighbours(text: str, lex: NameLexicon, found: list[Span]) -> list[Span]:
    """Names listed beside a name: "Bos, [Peter Vos] en Mol" - a known surname next to a
    person, joined by a comma or "en", is a person too (a word only when capitalised)."""
    out: list[Span] = []
    todo = [s for s in found if s.kind == "PERSOON"]
    seen = {(s.start, s.end) for s in todo}
    while todo:
        s = todo.pop()
        candidates = []
        left = _LIST_LEFT.search(text, max(0, s.start - 40), s.start)
        if left:
            candidates.append((left.start(1), left.end(1), left.group(1)))
        right = _LIST_RIGHT.match(text, s.end)
        if right:
            candidates.append((right.start(1), right.end(1), right.group(1)))
        for a, b, phrase in candidates:
            core = phrase.split()[-1]
            low = core.lower()
            particle = len(phrase.split()) > 1
            if (a, b) in seen or low not in lex.dutch_last or low in lex.peoples or low in lex.places:
                continue
            if not (core[:1].isupper() or particle or not _is_word(low, lex)):
                continue
            span = Span(a, b, "PERSOON", "surname")
            seen.add((a, b))
            out.append(span)
            todo.append(span)
    return out


# what follows "die van" when it says where someone is from, not who ("die van hiernaast")
_WHERE_FROM = frozenset({
    "hiernaast", "boven", "beneden", "hierboven", "hieronder", "tegenover", "hiertegenover", "achter",
    "achteren", "voren", "verderop", "daar", "hier", "ginder", "school", "werk", "kantoor", "thuis",
    "huis", "vroeger", "toen", "mij", "jou", "hem", "haar", "ons", "jullie", "hun", "zijn", "mijn",
    "de", "het", "een", "die", "dat", "deze", "dit",
})


_FIXED_TER_TEN = frozenset({
    "minste", "slotte", "eerste", "tweede", "derde", "onrechte", "plekke", "plaatse", "zake", "dele",
    "hoogte", "laatste", "behoeve", "gevolge", "opzichte", "overstaan", "info", "sprake", "tijde",
})


def _lowercase_particle_name(particles: str, low: str, lex: NameLexicon) -> bool:
    """After "die"/"heet"/"genaamd": "van der wal", "ter horst", "van vliet" are names; "van
    hiernaast", "van boven", "van amsterdam" say where someone is from."""
    if low in _WHERE_FROM or low in lex.gemeenten:
        return False
    parts = particles.lower().split()
    if parts[-1] in ("der", "den"):  # archaic forms, in chat only found in names
        return True
    if parts[-1] in ("ter", "ten"):  # names, or fixed phrases ("ten minste", "ter plekke")
        return low not in _FIXED_TER_TEN and not _is_word(low, lex)
    if parts[-1] in ("de", "het", "'t", "’t"):  # "die van de bakker": a name only if no word
        return low in lex.dutch_last and not _is_word(low, lex) or _unknown_word(low, lex)
    # plain "van": a known surname ("die van dam"), or no Dutch word: a village or unknown
    return low in lex.dutch_last or (not _is_word(low, lex) and (low in lex.places or _unknown_word(low, lex)))


def _core(surname: str) -> str:
    words = surname.split()
    return words[-1].split("-")[0] if words else surname


def _kept(word: str, lex: NameLexicon) -> bool:
    """A keep-word that is no known surname: "Jan van Poolse" is no name, "Piet de Boer" is."""
    return lex.is_keep(word) and word.lower() not in lex.dutch_last


def _is_word(low: str, lex: NameLexicon) -> bool:
    return low in lex.common or (lex.vocab is not None and low in lex.vocab)


def _unknown_word(low: str, lex: NameLexicon) -> bool:
    """Not a Dutch word or place: after a particle in a name context, a surname ("van vliet")."""
    return not _is_word(low, lex) and low not in lex.places
