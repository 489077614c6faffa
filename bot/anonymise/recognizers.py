"""Our own recognisers for identifiers that deduce misses or gets wrong.

Pure functions over a string: each returns a list of :class:`Span`. No I/O, no model.
Checksums: IBAN (ISO 13616 mod-97), BSN (elfproef).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable

# Kinds, in placeholder spelling, with their priority when spans overlap (higher wins).
PRIORITY = {
    "EMAIL": 100,
    "URL": 95,
    "IBAN": 92,
    "ACCOUNT": 90,
    "BSN": 88,
    "TELEFOON": 85,
    "KENTEKEN": 80,
    "DOCUMENT": 75,
    "POSTCODE": 70,
    "GEBOORTEDATUM": 65,
    "ADRES": 60,
    "PERSOON": 40,
}
KINDS = tuple(PRIORITY)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str
    source: str = "regex"

    @property
    def priority(self) -> int:
        return PRIORITY[self.kind]

    def text(self, full: str) -> str:
        return full[self.start:self.end]


# --------------------------------------------------------------------------- checksums
def iban_is_valid(iban: str) -> bool:
    s = re.sub(r"[\s.-]", "", iban).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", s):
        return False
    rearranged = s[4:] + s[:4]
    digits = "".join(str(int(c, 36)) for c in rearranged)
    return int(digits) % 97 == 1


def bsn_is_valid(number: str) -> bool:
    """Elfproef for BSN (9 digits; 8 digits get a leading zero)."""
    d = re.sub(r"\D", "", number)
    if len(d) == 8:
        d = "0" + d
    if len(d) != 9 or d == "000000000":
        return False
    total = sum(int(c) * w for c, w in zip(d[:8], range(9, 1, -1))) - int(d[8])
    return total % 11 == 0


# --------------------------------------------------------------------------- helpers
_SEP = r"[\s\-./]"
_TRAIL = ".,;:!?)]}'\""


def _strip_trailing(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAIL:
        end -= 1
    return end


def _before(text: str, start: int, width: int = 40) -> str:
    return text[max(0, start - width):start].lower()


# --------------------------------------------------------------------------- e-mail / url / handles
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,24}\b")
_URL = re.compile(
    r"(?i)\b(?:https?://|www\.)[^\s<>\"']+"
    r"|\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    r"(?:nl|com|net|org|eu|be|de|pl|ro|bg|ua|ru|md|lt|lv|hu|cz|sk|info|biz|io|me|tv|xxx|sex|"
    r"escort|app|site|online|club|shop|co\.uk|uk|fr|es|it|tk|ml|link|live|chat|vip)\b(?:/[^\s<>\"']*)?"
)
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,30}[A-Za-z0-9_])?")
_PLATFORM = re.compile(
    r"(?i)\b(?:instagram|insta|ig|snapchat|snap|tiktok|telegram|facebook|fb|twitter|onlyfans|"
    r"discord|skype|wechat|vk|vkontakte|signal|kik|line|viber|badoo|tinder|grindr|x)"
    r"(?:[\s:]+(?:account|profiel|naam|username|gebruikersnaam|handle|id|is|als|van|onder|heet|met|de|het))*"
    r"[\s:]+(?:['\"])?(?P<h>@?[A-Za-z0-9][A-Za-z0-9_.\-]{2,30})"
)


# Written so a filter does not see an address: "jan.devries＠gmail.com", "x (at) y punt nl",
# "h.veenstra[at]agrojobs.nl", "naam apenstaartje ziggo dot nl".
# (a plain "@" with spaces stays a handle: "Instagram @maria.ro")
_AT = r"(?:@|\s*[＠﹫]\s*|\s*[\(\[\{]\s*(?:at|@)\s*[\)\]\}]\s*|\s+(?:at|apenstaartje)\s+)"
_DOT = r"(?:\.|\s*[\(\[\{]\s*(?:dot|punt)\s*[\)\]\}]\s*|\s+(?:dot|punt)\s+)"
_OBFUSCATED_EMAIL = re.compile(
    r"(?i)(?<![\w.+-])[\w+-]+(?:\.[\w+-]+)*" + _AT + r"[\w-]+(?:" + _DOT + r"[\w-]+)*" + _DOT
    + r"(?:nl|com|net|org|eu|be|de|pl|ro|bg|me|info|io|uk|fr|es|it|tr)\b")


def find_emails(text: str) -> list[Span]:
    spans = [Span(m.start(), m.end(), "EMAIL") for m in _EMAIL.finditer(text)]
    return spans + [Span(m.start(), m.end(), "EMAIL") for m in _OBFUSCATED_EMAIL.finditer(text)]


def find_urls(text: str) -> list[Span]:
    spans = []
    for m in _URL.finditer(text):
        end = _strip_trailing(text, m.start(), m.end())
        if m.start() > 0 and text[m.start() - 1] == "@":
            continue  # domain part of an e-mail address
        spans.append(Span(m.start(), end, "URL"))
    return spans


_UNDERSCORE_NAME = re.compile(r"(?<![\w@.])[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*_[A-Za-z0-9_.]*[A-Za-z0-9](?![\w@])")
_ACCOUNT_WORD = re.compile(
    r"(?i)\b(?:account|profiel|gebruikersnaam|username|accountnaam|kanaal)\s*(?:is|heet|:|van)?\s*['\"]?"
    r"(?P<h>[A-Za-z0-9][A-Za-z0-9_.\-]{2,30})"
)


def find_handles(text: str, is_plain_word: Callable[[str], bool]) -> list[Span]:
    spans = [Span(m.start(), m.end(), "ACCOUNT") for m in _HANDLE.finditer(text)]
    spans += [Span(m.start(), m.end(), "ACCOUNT") for m in _UNDERSCORE_NAME.finditer(text)]
    for m in _ACCOUNT_WORD.finditer(text):
        h = m.group("h")
        if re.search(r"[\d_.]", h) and not _EMAIL.match(text, m.start("h")):
            spans.append(Span(m.start("h"), _strip_trailing(text, m.start("h"), m.end("h")), "ACCOUNT"))
    for m in _PLATFORM.finditer(text):
        h = m.group("h")
        s, e = m.start("h"), _strip_trailing(text, m.start("h"), m.end("h"))
        h = text[s:e]
        if not h or len(h) < 3:
            continue
        looks_like_handle = bool(re.search(r"[\d_.]", h)) or h.startswith("@")
        if looks_like_handle or not is_plain_word(h):
            spans.append(Span(s, e, "ACCOUNT"))
    return spans


# --------------------------------------------------------------------------- numbers
_NUMBERISH = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d[\d\s\-./()]*\d(?!\w)")
_PHONE_CONTEXT = re.compile(
    r"(?i)(tel|telefoon|telefoonnummer|nummer|nr|bel|gebeld|belt|bellen|whatsapp|app|appen|appt|"
    r"sms|gsm|mobiel|mobile|phone|viber|signal|telegram)\W{0,3}(?:\w+\W+){0,3}$"
)
_BSN_CONTEXT = re.compile(r"(?i)(bsn|burgerservicenummer|sofi-?nummer|sofinummer)\W{0,5}(?:\w+\W+){0,2}$")
_IBAN_CONTEXT = re.compile(r"(?i)(iban|rekening|rekeningnummer|bankrekening|bank)\W{0,5}(?:\w+\W+){0,2}$")


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def _phone_ok(candidate: str, context: str) -> bool:
    d = _digits(candidate)
    c = candidate.lstrip("(")
    if c.startswith("+"):
        return 8 <= len(d) <= 15
    if c.startswith("00"):
        return 10 <= len(d) <= 17
    if c.startswith("0"):
        if len(d) == 10:
            return True
        return bool(_PHONE_CONTEXT.search(context)) and 9 <= len(d) <= 12
    return bool(_PHONE_CONTEXT.search(context)) and 8 <= len(d) <= 15


def find_numbers(text: str) -> list[Span]:
    """Phone numbers, BSN, bare IBAN-less account numbers and long digit strings."""
    spans: list[Span] = []
    for m in _NUMBERISH.finditer(text):
        start, end = m.start(), _strip_trailing(text, m.start(), m.end())
        while end > start and text[end - 1] in " -./(":
            end -= 1
        cand = text[start:end]
        ctx = _before(text, start)
        found = False
        # shrink from the right, group by group, until something fits
        pieces = list(re.finditer(r"\d+", cand))
        for k in range(len(pieces), 0, -1):
            sub_end = start + pieces[k - 1].end()
            sub = text[start:sub_end]
            if sub.count("(") != sub.count(")") and not sub.startswith("("):
                continue
            d = _digits(sub)
            if len(d) in (8, 9) and (bsn_is_valid(d) or _BSN_CONTEXT.search(ctx)) and not sub.lstrip("(").startswith(("+", "00")):
                if not (sub.startswith("0") and _PHONE_CONTEXT.search(ctx) and not _BSN_CONTEXT.search(ctx)):
                    if len(d) == 9 or _BSN_CONTEXT.search(ctx):
                        spans.append(Span(start, sub_end, "BSN"))
                        found = True
                        break
            if _phone_ok(sub, ctx):
                spans.append(Span(start, sub_end, "TELEFOON"))
                found = True
                break
            if _IBAN_CONTEXT.search(ctx) and len(d) >= 7:
                spans.append(Span(start, sub_end, "IBAN"))
                found = True
                break
        if not found:
            for p in re.finditer(r"\d{7,}", cand):
                spans.append(Span(start + p.start(), start + p.end(), "DOCUMENT"))
    return spans


_IBAN = re.compile(r"(?i)\b[A-Z]{2}\d{2}(?:[ .-]?[A-Z0-9]{4}){2,7}(?:[ .-]?[A-Z0-9]{1,3})?\b")
_NL_IBAN_SHAPE = re.compile(r"(?i)^NL\d{2}[A-Z]{4}\d{10}$")


def find_ibans(text: str) -> list[Span]:
    spans = []
    for m in _IBAN.finditer(text):
        raw = m.group(0)
        compact = re.sub(r"[ .-]", "", raw)
        # try the longest valid prefix (the regex may eat a following word)
        ok_end = None
        for g in range(len(raw), 7, -1):
            sub = raw[:g].rstrip(" .-")
            c = re.sub(r"[ .-]", "", sub)
            if iban_is_valid(c) or _NL_IBAN_SHAPE.match(c):
                ok_end = m.start() + len(sub)
                break
        if ok_end is None and re.fullmatch(r"(?i)[A-Z]{2}\d{2}[A-Z]{4}\d{7,}", compact):
            ok_end = m.end()
        if ok_end is not None:
            spans.append(Span(m.start(), ok_end, "IBAN"))
    return spans


# --------------------------------------------------------------------------- documents
_DOC_CONTEXT = re.compile(
    r"(?i)\b(paspoort(?:nummer)?|pasnummer|id-?kaart(?:nummer)?|identiteitskaart(?:nummer)?|"
    r"identiteitsbewijs|documentnummer|document|rijbewijs(?:nummer)?|verblijfsvergunning|"
    r"verblijfsdocument|werkvergunning|v-nummer|vreemdelingennummer|passport|visum(?:nummer)?|"
    r"kaartnummer|klantnummer|dossiernummer|registratienummer)"
    r"(?:\s*(?:nr\.?|nummer|no\.?|is|was|:|#|met|heeft|van\s+(?:hem|haar)))*\s*[:#]?\s*"
)
_DOC_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-/]{3,18}[A-Za-z0-9]")
_DUTCH_DOC = re.compile(r"\b[A-NP-Z]{2}[A-NP-Z0-9]{6}\d\b")
_MIXED_ID = re.compile(r"\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{7,14}\b")


def find_documents(text: str) -> list[Span]:
    spans = []
    for m in _DOC_CONTEXT.finditer(text):
        t = _DOC_TOKEN.match(text, m.end())
        if t and re.search(r"\d", t.group(0)) and len(_digits(t.group(0))) >= 3:
            spans.append(Span(t.start(), t.end(), "DOCUMENT"))
    for m in _DUTCH_DOC.finditer(text):
        if len(_digits(m.group(0))) >= 2:
            spans.append(Span(m.start(), m.end(), "DOCUMENT"))
    for m in _MIXED_ID.finditer(text):
        tok = m.group(0)
        if len(_digits(tok)) >= 4 and sum(c.isalpha() for c in tok) >= 1:
            spans.append(Span(m.start(), m.end(), "DOCUMENT"))
    return spans


# --------------------------------------------------------------------------- licence plates
_L, _D = "[A-Z]", r"\d"
_SIDECODES = [
    (2, 2, 2, "LDD"), (2, 2, 2, "DDL"), (2, 2, 2, "DLD"), (2, 2, 2, "LDL"), (2, 2, 2, "LLD"), (2, 2, 2, "DLL"),
    (2, 3, 1, "DLD"), (1, 3, 2, "DLD"), (2, 3, 1, "LDL"), (1, 3, 2, "LDL"), (3, 2, 1, "LDL"),
    (1, 2, 3, "LDL"), (1, 2, 3, "DLD"), (3, 2, 1, "DLD"),
]


def _plate_regex(sep: str) -> str:
    alts = []
    for a, b, c, kinds in _SIDECODES:
        parts = []
        for n, k in zip((a, b, c), kinds):
            parts.append(f"{_L if k == 'L' else _D}{{{n}}}")
        alts.append(sep.join(parts))
    return "|".join(alts)


_PLATE_DASHED = re.compile(r"(?<![\w-])(?:" + _plate_regex("-") + r")(?![\w-])", re.IGNORECASE)
_PLATE_COMPACT = re.compile(r"(?<![\w-])(?:" + _plate_regex("") + r")(?![\w-])")
_PLATE_CONTEXT = re.compile(
    r"(?i)\b(kenteken(?:nummer|plaat)?|nummerbord|nummerplaat|plaat|license plate)"
    r"(?:\s*(?:is|was|:|van|met|nr\.?))*\s*[:#]?\s*"
)
_PLATE_TOKEN = re.compile(r"[A-Za-z0-9]{1,7}(?:[\s-][A-Za-z0-9]{1,7}){0,3}")


def find_plates(text: str) -> list[Span]:
    spans = [Span(m.start(), m.end(), "KENTEKEN") for m in _PLATE_DASHED.finditer(text)]
    spans += [Span(m.start(), m.end(), "KENTEKEN") for m in _PLATE_COMPACT.finditer(text)]
    for m in _PLATE_CONTEXT.finditer(text):
        t = _PLATE_TOKEN.match(text, m.end())
        if not t:
            continue
        # take groups while they contain digits or are short upper-case blocks
        groups = list(re.finditer(r"[A-Za-z0-9]+", t.group(0)))
        end = None
        for g in groups:
            tok = g.group(0)
            if re.search(r"\d", tok) or (tok.isupper() and len(tok) <= 3):
                end = t.start() + g.end()
            else:
                break
        if end is not None and re.search(r"\d", text[t.start():end]):
            spans.append(Span(t.start(), end, "KENTEKEN"))
    return spans


# --------------------------------------------------------------------------- postcodes and addresses
_POSTCODE = re.compile(r"(?<![\w-])([1-9]\d{3})(\s?)([A-Za-z]{2})(?![\w])")
_NOT_POSTCODE_LETTERS = {
    "en", "is", "in", "op", "of", "om", "te", "de", "na", "al", "nu", "ze", "we", "je", "me",
    "er", "uw", "zo", "ik", "ga", "ie", "hé", "he", "ja", "an", "at", "to", "or", "km", "kg",
    "mg", "gr", "uu", "eu", "pm", "am", "st", "ct", "ml", "cm", "mm", "dm", "mb", "gb", "nd",
    "rd", "th", "jr", "sa", "sd", "ss", "hu", "ho", "da", "do", "wo", "vr", "za", "zo", "ma", "di",
}
_STREET_SUFFIX = (
    r"(?:straat|str|laan|weg|plein|gracht|kade|singel|dijk|dyk|dreef|hof|pad|steeg|park|markt|"
    r"ring|plantsoen|baan|boulevard|allee|wal|haven|dam|kanaal|burg|veld|hoek|erf|oord|"
    r"straatweg|rijweg|dwarsstraat|kwartier|zijde|polder|dorp)"
)
_STREET_NUMBER = re.compile(
    r"(?<![\w-])(?:(?:[A-Z][\w'’\-]*|van|de|der|den|het|la|le|sint|[Ss]t\.?)\s+){0,3}"
    r"[\w'’\-]*(?i:" + _STREET_SUFFIX + r")\s+(?i:nr\.?\s*)?\d{1,5}(?:\s?[a-zA-Z](?![\w]))?"
    r"(?:\s?[-/]\s?\d{1,4}|\s?(?:hs|bis|i{1,3}|boven|bg))?(?![\w])"
    r"(?!\s*(?:uur|u\b|dagen|dag\b|weken|week|maanden|maand|jaar|jaren|euro|eur\b|€|mensen|man\b|mannen|"
    r"vrouwen|meisjes|jongens|kinderen|personen|keer|x\b|km|kilometer|meter|m\b|minuten|min\b|"
    r"procent|%|stuks|bedden|kamers|caravans|chalets|arbeiders|werknemers|polen|roemenen))"
)
_PREFIX_STREET = re.compile(
    r"\b(?:Laan|Plein|Kade|Weg|Singel|Gracht|Burgwal|Dijk|Hof|Park|Markt)\s+(?:(?:van|der|de|den|het|ter|ten|op|in|'t)\s+){0,3}"
    r"[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){0,2}\s+\d{1,5}(?:\s?[a-zA-Z](?![\w]))?(?![\w])"
)
_HOUSE_CONTEXT = re.compile(r"(?i)\b(?:huisnummer|huisnr\.?)\s*[:#]?\s*\d{1,5}(?:\s?[a-zA-Z](?![\w]))?")


def find_postcodes(text: str) -> list[Span]:
    spans = []
    for m in _POSTCODE.finditer(text):
        letters, space = m.group(3), m.group(2)
        if letters.lower() in _NOT_POSTCODE_LETTERS and not letters.isupper():
            continue
        if space and not letters.isupper() and not re.search(r"(?i)postcode", _before(text, m.start(), 30)):
            continue
        if letters.upper() in {"SA", "SD", "SS"}:
            continue
        spans.append(Span(m.start(), m.end(), "POSTCODE"))
    return spans


def find_addresses(text: str) -> list[Span]:
    spans = []
    for m in _STREET_NUMBER.finditer(text):
        start = m.start()
        street_tok = re.findall(r"[\w'’\-]+", m.group(0))
        last_word = next((w for w in reversed(street_tok) if re.search(r"(?i)" + _STREET_SUFFIX + "$", w)), "")
        if last_word and not last_word[0].isupper() and len(last_word) - len(
            re.search(r"(?i)" + _STREET_SUFFIX + "$", last_word).group(0)
        ) < 3:
            continue  # "de haven 12 uur", "weg 2": a common noun, not a street name
        # drop leading lower-case function words the prefix group may have eaten
        lead = re.match(r"(?i)(?:(?:van|de|der|den|het)\s+)+", text[start:m.end()])
        if lead and not text[start].isupper():
            start += lead.end()
        spans.append(Span(start, m.end(), "ADRES"))
    spans += [Span(m.start(), m.end(), "ADRES") for m in _HOUSE_CONTEXT.finditer(text)]
    spans += [Span(m.start(), m.end(), "ADRES") for m in _PREFIX_STREET.finditer(text)]
    return spans


# --------------------------------------------------------------------------- dates of birth
_MONTHS = (
    r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    r"jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec)\.?"
)
_DATE_PATTERNS = [
    re.compile(r"(?<![\w-])(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?![\w-])"),
    re.compile(r"(?i)(?<![\w-])(\d{1,2})\s+" + _MONTHS + r"\s+(\d{4})(?!\w)"),
    re.compile(r"(?<![\w-])(\d{4})-(\d{2})-(\d{2})(?![\w-])"),
]
_DOB_CONTEXT = re.compile(
    r"(?i)(geboren|geb\.|geboortedatum|geboortejaar|geb\.?\s*datum|verjaardag|jarig|dob|date of birth|born)"
    r"[^.\n\d]{0,25}$"
)
_BIRTH_YEAR = re.compile(r"(?i)\b(?:geboren|geboortejaar|geb\.)\s*(?:in|op|:)?\s*((?:19|20)\d{2})\b")


def _year_of(m: re.Match) -> int | None:
    for g in m.groups()[::-1]:
        if g and g.isdigit() and len(g) == 4:
            return int(g)
    g = m.groups()[-1]
    if g and g.isdigit() and len(g) == 2:
        yy = int(g)
        return 2000 + yy if yy <= date.today().year % 100 else 1900 + yy
    return None


def find_birth_dates(text: str, today: date | None = None) -> list[Span]:
    today = today or date.today()
    spans = []
    for pat in _DATE_PATTERNS:
        for m in pat.finditer(text):
            year = _year_of(m)
            ctx = text[max(0, m.start() - 40):m.start()]
            if _DOB_CONTEXT.search(ctx) or (year is not None and year <= today.year - 10):
                spans.append(Span(m.start(), m.end(), "GEBOORTEDATUM"))
    for m in _BIRTH_YEAR.finditer(text):
        spans.append(Span(m.start(1), m.end(1), "GEBOORTEDATUM"))
    return spans


# A phone number said in words: "nul zes, twaalf, vierendertig, zesenvijftig, achtenzeventig".
_UNIT = r"(?:een|één|twee|drie|vier|vijf|zes|zeven|acht|negen)"
_TENS = r"(?:twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)"
_NUMBER_WORD = (r"(?:" + _UNIT + r"(?:en|ën)" + _TENS + r"|" + _TENS + r"|tien|elf|twaalf|dertien|veertien"
                r"|vijftien|zestien|zeventien|achttien|negentien|nul|" + _UNIT + r")")
_SPELLED_NUMBER = re.compile(r"(?i)(?<!\w)" + _NUMBER_WORD + r"(?:[\s,\-]+" + _NUMBER_WORD + r"){4,}(?!\w)")


# "op de Molenweg nummer zesentwintig": a street with its number said in words
_STREET_SPELLED = re.compile(
    r"(?<![\w-])[A-Z][\w'’\-]*(?i:" + _STREET_SUFFIX + r")\s+(?i:nummer|nr\.?|huisnummer)\s+"
    r"(?i:" + _NUMBER_WORD + r"(?:honderd(?:" + _NUMBER_WORD + r")?)?)(?!\w)")


def is_spelled_address(text: str) -> bool:
    return bool(_STREET_SPELLED.fullmatch(text))


def find_spelled_numbers(text: str) -> list[Span]:
    """Five or more number words in a row, starting with "nul" or eight or more words."""
    return [Span(m.start(), m.end(), "TELEFOON") for m in _SPELLED_NUMBER.finditer(text)
            if m.group(0).lower().startswith("nul") or len(re.findall(r"[^\s,\-]+", m.group(0))) >= 8] + [
        Span(m.start(), m.end(), "ADRES") for m in _STREET_SPELLED.finditer(text)]


def find_all_structured(text: str, is_plain_word: Callable[[str], bool]) -> list[Span]:
    """Every regex/checksum recogniser (no names)."""
    out: list[Span] = []
    for fn in (find_emails, find_urls, find_ibans, find_numbers, find_documents, find_plates,
               find_postcodes, find_addresses, find_birth_dates, find_spelled_numbers):
        out.extend(fn(text))
    out.extend(find_handles(text, is_plain_word))
    return out


def resolve_overlaps(spans: Iterable[Span]) -> list[Span]:
    """Merge overlapping spans into one span covering their union.

    The merged span takes the kind with the highest priority. Taking the union (rather
    than dropping the loser) means a partly overlapping identifier never leaks its rest.
    """
    ordered = sorted((s for s in spans if s.end > s.start), key=lambda s: (s.start, -s.end))
    merged: list[Span] = []
    for s in ordered:
        if merged and s.start < merged[-1].end:
            last = merged[-1]
            kind = last.kind if last.priority >= s.priority else s.kind
            merged[-1] = Span(last.start, max(last.end, s.end), kind, last.source)
        else:
            merged.append(s)
    return merged
