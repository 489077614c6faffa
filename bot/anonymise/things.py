"""Phrases that look like a person's name but name a street, a landmark, a company or a car:
"de Jan van Galenstraat", "op de Dam", "Van Dijk Transport BV", "een bruine Mercedes".

Person spans inside them are dropped. A street stays only without a house number (with one it
is an address, found by the address recogniser); a company named after a person stays,
because the receiver needs the business, not the person.
"""
from __future__ import annotations

import re
from .recognizers import Span

_STREET_SUFFIX = r"(?:straat|straatje|weg|laan|plein|gracht|kade|singel|steeg|dreef|markt|dijk|wal)"
# "Jan van Galenstraat", "Burgemeester de Withstraat", "Stationsweg"; "Laan van Meerdervoort"
_STREET = re.compile(
    r"(?<![\w])(?:(?:[A-Z][\w'’.]*|van|de|der|den|het|'t|ter|ten)\s+){0,4}[A-Z][\w'’-]*?[a-z]" + _STREET_SUFFIX
    + r"(?![\w])"
    r"|(?<![\w])(?:Laan|Plein|Weg|Kade|Singel|Dreef|Gracht|Burgwal)\s+(?:van\s+(?:de|der|den|het|'t)?\s*|der\s+|de\s+)?"
    r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}")
_HOUSE_NUMBER = re.compile(r"\s*\d")
_LOCATIVE_ARTICLE = re.compile(
    r"(?i:(?<![\w])(?:op|aan|langs|over|naar|bij|in|onder|achter|uit|rond|richting|voorbij|tegenover)\s+)"
    r"((?:de|het|De|Het)\s+([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?))(?![\w])")
#: words that make a name a company: "Van Dijk Transport BV", "de Groot Keukens"
_COMPANY_WORD = (r"(?:B\.?V\.?|BV|bv|V\.?O\.?F\.?|N\.?V\.?|Holding|Groep|Group|Transport|Keukens|Bouw"
                 r"|Installatie(?:s|techniek)?|Techniek|Logistiek|Logistics|Uitzendbureau|Uitzendgroep|Vastgoed"
                 r"|Schoonmaak|Schoonmaakdiensten|Personeelsdiensten|Staffing|Recruitment|Agro|Kwekerij|Tuinbouw"
                 r"|Champignons|Vleeswaren|Bakkerij|Makelaardij)")
_COMPANY_TAIL = re.compile(r"\s+(?:[A-Z][\w&'’-]*\s+){0,2}" + _COMPANY_WORD + r"(?![\w])")
_VEHICLE = re.compile(r"(?<=[a-zà-ÿ] )(Mercedes(?:-Benz)?|Volvo|Audi|BMW|Opel|Toyota|Volkswagen|Renault|Peugeot|"
                      r"Skoda|Fiat|Ford|Kia|Tesla|Citroën|Seat|Nissan|Mazda|Dacia|Lexus|Porsche|Sprinter|Transit)(?![\w])")


def kept_regions(text: str, landmarks: set[str]) -> list[tuple[int, int]]:
    """Character ranges that are a street, landmark, company name or car, never a person."""
    regions: list[tuple[int, int]] = []
    for m in _STREET.finditer(text):
        if not _HOUSE_NUMBER.match(text, m.end()):
            regions.append((m.start(), m.end()))
    for m in _LOCATIVE_ARTICLE.finditer(text):
        if m.group(2).lower() in landmarks or m.group(2).split()[0].lower() in landmarks:
            regions.append((m.start(1), m.end(1)))
    for m in _VEHICLE.finditer(text):
        regions.append((m.start(1), m.end(1)))
    return regions


def company_after(text: str, end: int) -> bool:
    """Whether a company word follows a name: "Van Dijk [Transport BV]", "de Groot [Keukens]"."""
    return bool(_COMPANY_TAIL.match(text, end))


def drop_kept(text: str, spans: list[Span], landmarks: set[str]) -> list[Span]:
    """Person spans without those inside a street, landmark, company name or car."""
    regions = kept_regions(text, landmarks)
    out = []
    for s in spans:
        if s.kind == "PERSOON" and (any(_only_links_outside(text, s, a, b) for a, b in regions)
                                    or company_after(text, s.end) or _ends_as_company(text, s)):
            continue
        out.append(s)
    return out


def _only_links_outside(text: str, s: Span, a: int, b: int) -> bool:
    """The span overlaps the region and what lies outside it has no capitalised word:
    "aan de Laan" of "aan de Laan van Meerdervoort", "Aan De Rijn"."""
    if b <= s.start or s.end <= a:
        return False
    outside = text[s.start:max(s.start, a)] + " " + text[min(s.end, b):s.end]
    words = outside.split()
    return all(w[:1].islower() for w in words) or all(w.lower() in _LINKS for w in words)


_LINKS = frozenset({"op", "aan", "langs", "over", "naar", "bij", "in", "onder", "achter", "uit", "rond",
                    "richting", "voorbij", "tegenover", "de", "het", "van", "der", "den"})


def _ends_as_company(text: str, s: Span) -> bool:
    """A span that already took the company word along: "van de Groot Keukens"."""
    words = text[s.start:s.end].split()
    return len(words) >= 2 and bool(re.fullmatch(_COMPANY_WORD, words[-1]))
