"""Recognise a Dutch gemeente in what someone typed: exact, alias, or a close misspelling."""
from __future__ import annotations

import difflib
import re
import pathlib
from dataclasses import dataclass

import yaml

from bot.config import CONTENT_DIR
from bot.textnorm import fold

DATA = CONTENT_DIR / "gemeenten.yml"

# Above this similarity a misspelling is accepted; between the two we offer choices.
ACCEPT = 0.86
SUGGEST = 0.72
_FILLER = {"gemeente", "in", "de", "het", "te", "bij", "stad", "dorp", "regio", "omgeving",
           "buurt", "van", "denk", "ik", "volgens", "mij", "geloof", "ergens", "rond"}
#: ordinary words one letter from a gemeente: never a gemeente by a near match ("ik weet" is no Weert)
_NEVER_NEAR = {"weet", "wet", "west", "weer", "best", "beste", "echt", "even", "hoor", "meer", "niet",
               "werk", "wel", "waar", "want", "wat", "wie", "zeg", "zegt", "heel", "hier", "daar", "ook",
               "nog", "toch", "geen", "maar", "dan", "dus", "soms", "vaak", "lang", "laat", "land", "huis",
               "baas", "boer", "been", "bos", "dam", "dag", "nacht", "thuis", "ander", "anders", "buiten",
               "binnen", "samen", "graag", "leiden", "horen", "zien", "gaan", "doen", "weten", "ja", "nee"}


#: gemeenten whose name is also an ordinary word or a name: named only after a preposition
_ORDINARY_WORDS = {"best", "goes", "sluis", "bergen", "putten", "laren", "beek", "horst", "weert",
                   "echt", "mill", "haren", "loon", "stein", "land", "waterland", "midden", "dijk",
                   "hoorn", "leiden", "delft", "gouda", "schagen", "brummen", "lochem", "hof",
                   "buren", "huizen", "kampen", "son", "grave", "heerde", "voorst", "borne", "wijk"}
#: a gemeente in small letters without a preposition only in a short note, not in a story
_TERSE_WORDS = 12
_BEFORE_A_PLACE = {"in", "bij", "uit", "te", "gemeente", "omgeving", "regio", "buurt"}


@dataclass(frozen=True)
class GemeenteMatch:
    name: str
    score: float
    how: str  # "exact" | "alias" | "fuzzy"


class GemeenteIndex:
    def __init__(self, entries: list[dict]):
        self.names: list[str] = []
        self._keys: dict[str, tuple[str, str]] = {}
        for entry in entries:
            name = entry["name"]
            self.names.append(name)
            self._add(name, name, "exact")
            self._add(name.split(" (")[0], name, "exact") if " (" in name else None
            for alias in entry.get("aliases") or []:
                self._add(alias, name, "alias")
        # Ambiguous keys ("bergen" is two gemeenten) must not silently pick one.
        self._ambiguous = {k for k, v in self._keys.items() if v[0] == "__ambiguous__"}

    def _add(self, text: str, name: str, how: str) -> None:
        key = fold(text)
        if key in self._keys and self._keys[key][0] != name:
            self._keys[key] = ("__ambiguous__", how)
        else:
            self._keys.setdefault(key, (name, how))

    @classmethod
    def from_yaml(cls, path: pathlib.Path = DATA) -> "GemeenteIndex":
        data = yaml.safe_load(path.read_text("utf-8"))
        entries = data.get("gemeenten") if isinstance(data, dict) else None
        if not entries:
            raise ValueError(f"{path}: expected a 'gemeenten' list")
        return cls(entries)

    def resolve(self, text: str) -> GemeenteMatch | None:
        """The one gemeente meant, or None when unknown or ambiguous."""
        found = self.candidates(text, limit=2)
        if not found:
            return None
        best = found[0]
        if best.how in {"exact", "alias"}:
            return best
        if best.score >= ACCEPT and (len(found) == 1 or found[1].score < best.score - 0.05):
            return best
        return None

    def mentioned(self, text: str) -> str | None:
        """The one gemeente a story names after a preposition ("in zwolle", "bij Den Bosch",
        "gemeente Ede"), or None: no guess when none or two different ones are named, and no
        bare words (a gemeente such as Best is also an ordinary word)."""
        tokens = fold(text).split()
        found: set[str] = set()
        for i, word in enumerate(tokens[:-1]):
            if word not in _BEFORE_A_PLACE:
                continue
            for size in (4, 3, 2, 1):
                gram = " ".join(tokens[i + 1:i + 1 + size])
                if len(gram.split()) == size and gram in self._keys and gram not in self._ambiguous \
                        and gram not in _FILLER:
                    found.add(self._keys[gram][0])
                    break
        if not found:
            found = self._capitalised_mentions(text)
        return found.pop() if len(found) == 1 else None

    def _capitalised_mentions(self, text: str) -> set[str]:
        """Terse notes name the place without a preposition ("busje bij terrein Kleefse Waard
        Arnhem, 05:30", "tankstation arnhem noord"): a gemeente written with a capital inside a
        sentence counts, and in a short note also a longer name in small letters; never a
        name that is also an ordinary word or a name (Buren, Huizen, Best, Leiden...). A
        capital at the start of a sentence says nothing."""
        words = re.findall(r"[\w'-]+|[.!?]", text)
        terse = len([w for w in words if w not in {".", "!", "?"}]) <= _TERSE_WORDS
        found: set[str] = set()
        for i, word in enumerate(words):
            capital = word[:1].isupper() and i > 0 and words[i - 1] not in {".", "!", "?"}
            if not capital and not terse:
                continue
            for size in (3, 2, 1):
                gram = fold(" ".join(words[i:i + size]))
                # in small letters ("controle shoarmazaak arnhem vm") only a longer name
                if len(gram.split()) == size and gram in self._keys and gram not in self._ambiguous \
                        and gram not in _FILLER and gram not in _ORDINARY_WORDS \
                        and len(gram) >= (4 if capital else 5) and (capital or not word[:1].isupper()):
                    found.add(self._keys[gram][0])
                    break
        return found

    def candidates(self, text: str, limit: int = 3) -> list[GemeenteMatch]:
        key = fold(text)
        if not key:
            return []
        if key in self._keys and key not in self._ambiguous:
            name, how = self._keys[key]
            return [GemeenteMatch(name, 1.0, how)]
        if key in self._ambiguous:
            return [GemeenteMatch(n, 0.9, "fuzzy") for n in self.names
                    if fold(n.split(" (")[0]) == key][:limit]
        words = [w for w in key.split() if w not in _FILLER]
        # A gemeente named inside a sentence: "in Den Bosch denk ik".
        tokens = key.split()
        for size in (4, 3, 2, 1):
            for i in range(len(tokens) - size + 1):
                gram = " ".join(tokens[i:i + size])
                if gram in self._keys and gram not in self._ambiguous and gram not in _FILLER:
                    name, how = self._keys[gram]
                    return [GemeenteMatch(name, 0.99, how)]
        probe = " ".join(words) or key
        if all(w in _NEVER_NEAR for w in probe.split()):
            return []
        scored = []
        for candidate, (name, how) in self._keys.items():
            if name == "__ambiguous__":
                continue
            ratio = difflib.SequenceMatcher(None, probe, candidate).ratio()
            if ratio >= SUGGEST:
                scored.append(GemeenteMatch(name, round(ratio, 3), "fuzzy"))
        scored.sort(key=lambda m: -m.score)
        unique: list[GemeenteMatch] = []
        for match in scored:
            if all(match.name != u.name for u in unique):
                unique.append(match)
        return unique[:limit]
