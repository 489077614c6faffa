"""Which language a message is in, offline: script, letters only one language uses, and
common short words (content/languages.yml). Dutch is the default: a message is another
language only with clear evidence, so a Dutch story with one English word stays Dutch.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import yaml

from bot.config import CONTENT_DIR

DATA = CONTENT_DIR / "languages.yml"
_WORD = re.compile(r"[^\W\d_]+", re.U)


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    text: str
    script: str = "latin"
    letters: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if name.startswith("ARABIC"):
        return "arabic"
    if name.startswith("CYRILLIC"):
        return "cyrillic"
    return "latin"


class LanguageDetector:
    def __init__(self, languages: Mapping[str, Language], dutch_words: frozenset[str]) -> None:
        self.languages = languages
        self.dutch_words = dutch_words

    @classmethod
    def from_yaml(cls, path: Path = DATA) -> "LanguageDetector":
        data = yaml.safe_load(Path(path).read_text("utf-8"))
        languages = {code: Language(code=code, name=entry["name"], text=" ".join(entry["text"].split()),
                                    script=entry.get("script", "latin"),
                                    letters=frozenset(entry.get("letters", "")),
                                    words=frozenset(w.lower() for w in entry.get("words") or ()))
                     for code, entry in data["languages"].items()}
        return cls(languages, frozenset(w.lower() for w in data["dutch_words"]))

    def detect(self, text: str | None) -> Language | None:
        """The language of ``text`` when it is clearly not Dutch; None for Dutch or unclear."""
        words = [w.lower() for w in _WORD.findall(text or "")]
        if not words:
            return None
        letters = [ch for ch in (text or "") if ch.isalpha()]
        scripts = [_script(ch) for ch in letters]
        for script in ("arabic", "cyrillic"):
            if scripts.count(script) > len(scripts) / 2:
                return self._by_evidence(words, text or "", script)
        dutch = sum(w in self.dutch_words for w in words)
        best = self._by_evidence(words, text or "", "latin", minimum=2)
        if best is None:
            return None
        score = self._score(best, words, text or "")
        return best if score > dutch else None

    def _score(self, language: Language, words: list[str], text: str) -> float:
        hits = sum(w in language.words for w in words)
        return hits + 2 * sum(ch in language.letters for ch in text.lower())

    def _by_evidence(self, words: list[str], text: str, script: str, minimum: float = 0) -> Language | None:
        candidates = [lang for lang in self.languages.values() if lang.script == script]
        if not candidates:
            return None
        scored = sorted(((self._score(lang, words, text), lang) for lang in candidates),
                        key=lambda pair: -pair[0])
        score, best = scored[0]
        if script != "latin" and (len(scored) == 1 or score > 0):
            return best
        if script != "latin":  # Cyrillic without a telling letter or word: not a language we have
            return None
        return best if score >= minimum else None
