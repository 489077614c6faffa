"""Small text helpers shared by the intake modules: one normal form for matching."""
from __future__ import annotations

import re
import unicodedata

_TAG = re.compile(r"<\s*(script|style)[^>]*>.*?<\s*/\s*\1\s*>|<[^>]{0,200}>", re.I | re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE = re.compile(r"[ \t\u00a0]+")
_LETTER = re.compile(r"[^\W\d_]", re.U)


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key ("'s-Hertogenbosch" -> "s hertogenbosch")."""
    text = strip_accents(text).casefold()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return text.strip()


def clean_user_text(text: str | None) -> str:
    """Text as we keep it: no markup, no control characters, tidy whitespace.

    Markup is removed rather than escaped because nobody describes a situation in HTML;
    a pasted script must never reach a receiver's mail client or the web page.
    """
    if not text:
        return ""
    text = _TAG.sub(" ", text)
    text = _CONTROL.sub("", text)
    text = _SPACE.sub(" ", text)
    text = "\n".join(line.strip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def letter_count(text: str) -> int:
    return len(_LETTER.findall(text or ""))


def word_count(text: str) -> int:
    return len([w for w in re.split(r"\s+", text or "") if _LETTER.search(w)])
