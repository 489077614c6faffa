"""Name data (non-Dutch first and last names, keep-list, places) and the name recogniser.

Data lives in ``content/anonymise/``: ``names/*.txt`` (sections ``[first]`` and ``[last]``,
whitespace-separated), ``keep.txt`` (one word or phrase a line) and ``content/gemeenten.yml``.
Dutch names come from deduce itself; deduce's own lists (first names, surnames, towns,
common words) are read here too, as plain text, to tell names from places and words.
"""
from __future__ import annotations

import gzip
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import yaml

from bot.config import CONTENT_DIR

from .recognizers import Span

log = logging.getLogger(__name__)

DATA_DIR = CONTENT_DIR / "anonymise"
GEMEENTEN_FILE = CONTENT_DIR / "gemeenten.yml"

# Tokens that are names but also ordinary words; they count only next to another name
# or after an explicit name context ("heet Hope").
AMBIGUOUS = {
    "hope", "faith", "joy", "peace", "success", "sunday", "monday", "friday", "gift", "lucky",
    "divine", "glory", "mercy", "grace", "comfort", "patience", "goodness", "happiness",
    "charity", "miracle", "destiny", "testimony", "kindness", "endurance", "prosper",
    "prosperity", "favour", "favor", "mark", "simon", "urban", "roman", "rasa", "rama", "meta",
    "kara", "can", "deniz", "long", "nam", "son", "tam", "kim", "lan", "mai", "van", "thi",
    "hong", "dan", "bo", "jun", "lei", "li", "na", "jin", "kai", "tao", "wen", "ping", "ma",
    "he", "lin", "song", "tang", "han", "ren", "pan", "su", "lu", "roy", "das", "sen", "gill",
    "islam", "shah", "jain", "rao", "kurt", "papp", "kiss", "leka", "kola", "said", "rim",
    "hind", "amal", "salem", "taha", "zaki", "le", "do", "ho", "ha", "ta", "ly", "vu", "vo",
    "ng", "yu", "ye", "du", "xu", "wu", "hu", "ding", "lam", "lau", "cao", "dao", "ana",
    "nok", "noi", "lek", "nong", "ploy", "line", "signal", "kik", "eden", "saba", "selam",
    "martin", "stefan", "daniel", "michael", "abraham", "samuel", "hanna", "anna", "maria",
    "rosa", "carmen", "paula", "julia", "sofia", "diana", "elena", "simona", "monica", "sara",
    "lucia", "eva", "vera", "inna", "zoya", "lena", "polina", "raquel", "dolores", "pilar",
    "milagros", "esperanza", "juan", "jose", "mario", "hugo", "pablo", "emilio", "santos",
    "cruz", "reyes", "ramos", "castro", "torres", "flores", "costa", "silva", "pinto", "lima",
    "rocha", "dias", "nunes", "mendes", "lopes", "soares", "brito", "cabral", "fortes",
    "delgado", "navarro", "medina", "moreno", "rubio", "garrido", "marin", "sanz", "iglesias",
    "fernando", "perera", "sun", "bay", "tai", "sang", "loc", "dat", "duc", "hai", "toan",
    "sinha", "bose", "ghosh", "singh", "kumar", "khan", "malik", "mirza", "patel", "nair",
    "menon", "dutta", "arora", "sethi", "chopra", "kapoor", "aziz", "farah", "nasser", "saleh",
    "mansour", "khalil", "jaber", "kanaan", "goran", "duka", "basha", "rexhepi", "cela", "kral",
    "zeman", "fiala", "marek", "novak", "lis", "wilk", "duda", "baran", "mazur", "krupa",
    "sikora", "dudek", "pop", "popa", "stan", "toma", "ene", "roman", "ursu", "lupu", "vulpe",
    "grosu", "bucur", "avram", "sandu", "kaya", "demir", "kara", "aslan", "kurt", "polat",
    "bulut", "turan", "altun", "kaplan", "keskin", "tekin", "ilker", "baris", "ozan", "cem",
    "onur", "emre", "umut", "kenan", "tarik", "edin", "emir", "selma", "amra", "jasmin",
    "sasa", "marko", "dragan", "boris", "anton", "igor", "oleg", "maxim", "pavel", "viktor",
    "vita", "zhuk", "moroz", "koval", "kozak", "novik", "eze", "obi", "ibe", "agu", "efe",
    "ese", "uwa", "ehi", "uyi", "nosa", "osas", "uche", "simi", "sade", "tope", "femi",
    "dayo", "wale", "nana", "ama", "yaa", "esi", "yaw", "kojo", "bah", "sow", "bello",
    "musa", "sani", "umar", "ali", "omar", "amin", "sami", "rami", "adel", "adil", "anas",
    "nour", "noor", "hiba", "farida", "amina", "rabia", "warda", "hayat", "gul", "safi",
    "reza", "kian", "mina", "neda", "leila", "layla", "nadia", "samira", "sara", "hawa",
    "muna", "idil", "nur", "jama", "aden", "ruta", "rasa", "asta", "inga", "laima", "liga",
    "dace", "zane", "ilze", "arta", "rina", "drita", "ana", "ani", "mane", "nino", "eka",
    "natia", "tamar", "aram", "hayk", "armen", "levan", "nika", "zurab", "giorgi", "davit",
    "peter", "juraj", "matej", "petr", "josef", "milan", "petra", "lenka", "hana", "jana",
    "ivana", "martina", "lucie", "blanka", "dagmar", "edit", "agnes", "judit", "andrea",
    "nora", "reka", "tunde", "papp", "nagy", "kiss", "toth", "varga", "balogh", "farkas",
    "lakatos", "molnar", "fekete", "simon", "gal",
}

# Words after which the next word is a name ("hij heet Sasha", "een man genaamd ...").
_STRONG_CONTEXT = re.compile(
    r"(?i)(?:\b(?:heet|heette)(?:\s+(?:volgens\s+mij|denk\s+ik|geloof\s+ik|dacht\s+ik))?|\bgenaamd|\bgenoemd|\bnoemt\s+(?:zich|hem|haar)|\bnoemen\s+(?:hem|haar)"
    r"|\bnaam\s+is|\bnaam\s+was|\bnaam:|\bbijnaam|\balias|\bnickname|\broepnaam)\s*[:\"'“]?\s*$"
)
_WEAK_CONTEXT = re.compile(
    r"(?i)(?:\bene|\bmeneer|\bmevrouw|\bmevr\.?|\bdhr\.?|\bmw\.?|\bmr\.?|\bmrs\.?|\bmiss|\bmister"
    r"|\b(?:mijn|haar|zijn|hun|de|een|die|onze|jouw)\s+(?:vriend|vriendje|vriendin|vriendinnetje|baas|"
    r"pooier|broer|zus|zusje|broertje|neef|nicht|oom|tante|collega|buurman|buurvrouw|werkgever|chef|"
    r"man|vrouw|dochter|zoon|vader|moeder|partner|ex|huisbaas|contactpersoon|ronselaar|begeleider|"
    r"manager|opzichter|voorman|teamleider|eigenaar|klant|loverboy))\s+$"
)
_PLACE_CONTEXT = re.compile(
    r"(?i)\b(?:in|uit|naar|bij|te|rond|omgeving|regio|gemeente|richting|vanuit|buurt van|"
    r"vlakbij|nabij|tussen|en|of|centrum|station|woont in|wonen in)\s+(?:het\s+|'t\s+)?$"
    # "het station van Roosendaal", "de haven van Urk": a place, though "van Roosendaal" can be a name
    r"|(?i)\b(?:station|gemeente|haven|centrum|omgeving|regio|buurt|markt|kermis)\s+van\s+$"
)
_SURNAME_SUFFIX = re.compile(
    r"(?:ski|ska|cki|cka|dzki|dzka|wicz|czyk|czak|escu|eanu|enko|chuk|czuk|yuk|iuk|oglu|oğlu|"
    r"ova|eva|ov|ev|ovic|ović|evic|ević|auskas|iene|ienė|aitė|aite|yan|shvili|adze|idze|uddin|"
    r"zai|mariam|michael|medhin|yesus)$"
)
_CONNECTORS = {
    "van", "de", "der", "den", "ter", "ten", "el", "al", "bin", "ben", "abu", "da", "dos", "di",
    "del", "la", "le", "thi", "ibn", "bint", "ould", "ait", "op", "in", "t",
}
_NOT_NAMES = {
    "eigenlijk", "volgens", "zogenaamd", "niet", "ook", "dus", "echt", "gewoon", "iets", "zo",
    "toch", "misschien", "anders", "officieel", "ongeveer", "denk", "ik", "geloof", "hier",
    "daar", "die", "dat", "wat", "wie", "hij", "zij", "ze", "het", "een", "de", "er", "nog",
    "altijd", "nu", "toen", "steeds", "meestal", "volgensmij", "ofzo", "of", "zoiets",
    # "er komt steeds een man mee die ...", "de baas even bellen" (persona run, stop 27)
    "mee", "even", "weer", "al", "wel", "naar", "terug", "langs", "binnen", "buiten", "samen", "alleen",
}
_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


def _read_tokens(path: Path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {"first": set(), "last": set()}
    section = "first"
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line in ("[first]", "[last]"):
            section = line[1:-1]
            continue
        out[section].update(w.lower() for w in line.split())
    return out


def _read_lines(path: Path) -> set[str]:
    if not path.exists():
        return set()
    return {
        ln.strip().lower()
        for ln in path.read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    }


def _deduce_src() -> Optional[Path]:
    try:
        import importlib.util

        spec = importlib.util.find_spec("deduce")
        if spec is None or spec.origin is None:
            return None
        return Path(spec.origin).parent / "data" / "lookup" / "src"
    except Exception:  # pragma: no cover - defensive
        return None


def load_gemeenten(path: Path = GEMEENTEN_FILE) -> set[str]:
    if not path.exists():
        return set()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: set[str] = set()
    for entry in data.get("gemeenten", []) or []:
        if isinstance(entry, dict):
            if entry.get("name"):
                out.add(str(entry["name"]).lower())
            for alias in entry.get("aliases") or []:
                out.add(str(alias).lower())
        elif isinstance(entry, str):
            out.add(entry.lower())
    return out


def _dutch_vocabulary() -> Optional[set[str]]:
    """Dutch word forms from spacy-lookups-data (lemma table), if installed."""
    try:
        import importlib.util

        spec = importlib.util.find_spec("spacy_lookups_data")
        if spec is None or spec.origin is None:
            return None
        path = Path(spec.origin).parent / "data" / "nl_lemma_lookup.json.gz"
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            table = json.load(fh)
        return {k.lower() for k in table} | {v.lower() for v in table.values()}
    except Exception as exc:  # pragma: no cover - optional data
        log.info("Dutch vocabulary not available (%s); lower-case name detection limited", type(exc).__name__)
        return None


@dataclass
class NameLexicon:
    first: set[str] = field(default_factory=set)  # our non-Dutch first names
    last: set[str] = field(default_factory=set)  # our non-Dutch surnames
    dutch_first: set[str] = field(default_factory=set)  # deduce's first names
    dutch_last: set[str] = field(default_factory=set)
    keep: set[str] = field(default_factory=set)  # words/phrases that must survive
    places: set[str] = field(default_factory=set)  # gemeenten, aliases, towns, regions
    gemeenten: set[str] = field(default_factory=set)  # gemeenten and aliases only (lower case)
    peoples: set[str] = field(default_factory=set)  # "Pool", "Polen": people by origin, never a name
    common: set[str] = field(default_factory=set)  # frequent Dutch words and stop words
    vocab: Optional[set[str]] = None  # Dutch word forms (optional)
    keep_phrases: list[str] = field(default_factory=list)
    lowercase_names: set[str] = field(default_factory=set)  # Dutch names safe in lower case
    landmarks: set[str] = field(default_factory=set)  # "de Dam", "de Maas": where, after "op", "langs"

    @property
    def any_first(self) -> set[str]:
        return self.first | self.dutch_first

    def is_plain_word(self, token: str) -> bool:
        low = token.lower()
        return low in self.common or low in self.keep or (self.vocab is not None and low in self.vocab)

    def is_keep(self, phrase: str, before: str = "") -> bool:
        """True if ``phrase`` must survive. A place that is also a first name survives
        only after a place context ("in Ede", "uit Sofia")."""
        low = phrase.strip().lower()
        if low not in self.keep:
            return False
        if low in self.places and (low in self.first or low in self.dutch_first):
            return bool(_PLACE_CONTEXT.search(before))
        return True


def load_name_lexicon(data_dir: Path = DATA_DIR, with_vocab: bool = True) -> NameLexicon:
    lex = NameLexicon()
    for path in sorted((data_dir / "names").glob("*.txt")):
        parts = _read_tokens(path)
        lex.first |= parts["first"]
        lex.last |= parts["last"]
    src = _deduce_src()
    keep = _read_lines(data_dir / "keep.txt")
    places = load_gemeenten()
    lex.gemeenten = set(places)
    if src is not None:
        lex.dutch_first = {w.lower() for w in _read_lines(src / "names" / "lst_first_name" / "items.txt") if len(w) > 1}
        lex.dutch_last = {w.lower() for w in _read_lines(src / "names" / "lst_surname" / "items.txt") if len(w) > 1}
        for sub in ("lst_municipality", "lst_residence", "lst_province", "lst_region"):
            places |= _read_lines(src / "locations" / "lst_placename" / sub / "items.txt")
        lex.common = _read_lines(src / "whitelist" / "lst_common_word" / "items.txt")
        lex.common |= _read_lines(src / "whitelist" / "lst_stop_word" / "items.txt")
    lex.dutch_last |= _read_lines(data_dir / "dutch_surnames.txt")
    lex.places = places
    lex.peoples = _read_lines(data_dir / "peoples.txt")
    lex.landmarks = _read_lines(data_dir / "landmarks.txt")
    lex.keep = keep | places  # peoples apart: "Jan Pool" is a name, "een Pool" is not
    lex.common |= _NOT_NAMES
    lex.lowercase_names = _read_tokens(data_dir / "lowercase_names.txt")["first"] \
        if (data_dir / "lowercase_names.txt").exists() else set()
    lex.keep_phrases = sorted((k for k in lex.keep if " " in k or "-" in k), key=len, reverse=True)
    if with_vocab:
        lex.vocab = _dutch_vocabulary()
    return lex


# --------------------------------------------------------------------------- recogniser
def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


def find_names(text: str, lex: NameLexicon) -> list[Span]:
    """Non-Dutch (and context-marked) person names. Dutch names are deduce's job."""
    scan = _NameScan(text, lex)
    scan.mark_anchors()
    scan.grow()
    return scan.spans()


class _NameScan:
    """One text's tokens and which of them are (part of) a name: anchors, then growth to
    neighbouring name-like tokens, then spans."""

    def __init__(self, text: str, lex: NameLexicon) -> None:
        self.text, self.lex = text, lex
        self.toks = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
        self.n = len(self.toks)
        self.is_name = [False] * self.n
        self.lowers = [t[2].lower() for t in self.toks]

    def listed(self, i: int) -> bool:
        low = self.lowers[i]
        return low in self.lex.first or low in self.lex.last

    def blocked(self, i: int) -> bool:
        start = self.toks[i][0]
        return (self.lex.is_keep(self.toks[i][2], self.text[max(0, start - 30):start])
                or self.lowers[i] in self.lex.common)

    def joinable(self, j: int) -> bool:
        low, tok = self.lowers[j], self.toks[j][2]
        if low in self.lex.common or (self.blocked(j) and not self.listed(j)):
            return False
        if _is_cap(tok):
            return True
        # lower-case words join only when they are in our lists and are no Dutch word
        return self.listed(j) and len(low) >= 3 and (self.lex.vocab is None or low not in self.lex.vocab)

    def gap_ok(self, a: int, b: int) -> bool:
        between = self.text[self.toks[a][1]:self.toks[b][0]]
        return bool(re.fullmatch(r"[ \t]{1,2}|-|\s?-\s?", between))

    def mark_anchors(self) -> None:
        for i in range(self.n):
            self.is_name[i] = self._is_anchor(i)

    def _is_anchor(self, i: int) -> bool:
        lex, (s, _, tok), low = self.lex, self.toks[i], self.lowers[i]
        before = self.text[max(0, s - 60):s]
        if _STRONG_CONTEXT.search(before):
            return (low not in lex.common and low not in _CONNECTORS
                    and not (lex.is_keep(tok, before) and low not in lex.any_first))
        if (_WEAK_CONTEXT.search(before) and (_is_cap(tok) or low in lex.any_first or self.listed(i))
                and not self.blocked(i) and low not in _CONNECTORS):
            return True
        if low in lex.lowercase_names and not lex.is_keep(tok, before) and low not in AMBIGUOUS \
                and not re.search(r"\d\s*$", before):  # "10 jan" is a date
            return True
        if self.blocked(i) or low in AMBIGUOUS or len(low) < 3:
            return False
        if _is_cap(tok):
            return self.listed(i) or (len(tok) >= 5 and bool(_SURNAME_SUFFIX.search(low)))
        return self.listed(i) and len(low) >= 4 and lex.vocab is not None and low not in lex.vocab

    def grow(self) -> None:
        """Neighbouring listed/ambiguous/capitalised tokens join, with connectors between."""
        changed = True
        while changed:
            changed = False
            for i in range(self.n):
                if self.is_name[i]:
                    changed |= self._grow_right(i)
                    changed |= self._grow_left(i)

    def _grow_right(self, i: int) -> bool:
        # allowing connectors ("Ahmed el Amrani", "Le Thi Hoa")
        j = k = i + 1
        while k < self.n and self.lowers[k] in _CONNECTORS and self.gap_ok(k - 1, k) and k - j < 2:
            k += 1
        if k < self.n and not self.is_name[k] and self.gap_ok(k - 1, k) and self.joinable(k):
            if k == j or _is_cap(self.toks[k][2]) or self.listed(k):
                for m in range(j, k + 1):
                    self.is_name[m] = True
                return True
        return False

    def _grow_left(self, i: int) -> bool:
        j = i - 1
        if j >= 0 and not self.is_name[j] and self.gap_ok(j, i) and self.joinable(j) and (
            self.listed(j) or (_is_cap(self.toks[j][2]) and self.lowers[j] in self.lex.any_first)
        ):
            self.is_name[j] = True
            return True
        return False

    def spans(self) -> list[Span]:
        """Spans of consecutive name tokens; dangling connectors at the edges dropped."""
        spans: list[Span] = []
        i = 0
        while i < self.n:
            if not self.is_name[i]:
                i += 1
                continue
            j = i
            while j + 1 < self.n and self.is_name[j + 1] and self.gap_ok(j, j + 1):
                j += 1
            a, b = i, j
            while a <= b and self.lowers[a] in _CONNECTORS and not _is_cap(self.toks[a][2]):
                a += 1
            while b >= a and self.lowers[b] in _CONNECTORS:
                b -= 1
            if a <= b:
                spans.append(Span(self.toks[a][0], self.toks[b][1], "PERSOON", "names"))
            i = j + 1
        return spans
