"""Anonymisation of Dutch free text: names, phones, e-mail, addresses, IBAN, BSN, ...

    from bot.anonymise import Anonymiser
    anon = Anonymiser()          # loads deduce (~10 s); built once by bot.services
    anon.anonymise(text) -> str
    anon.anonymise_with_report(text) -> (str, {"PERSOON": 2, ...})

Nothing is loaded at import time. Build deduce's lookup structures once at setup with
``python -m bot anonymise --build``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # pragma: no cover
    from .anonymiser import Anonymiser

__all__ = ["Anonymiser", "TextAnonymiser"]


class TextAnonymiser(Protocol):
    """What the rest of the code needs of an anonymiser (fakes in tests subclass this)."""

    def anonymise(self, text: str) -> str: ...


def __getattr__(name: str):  # lazy re-export without importing at package import
    if name == "Anonymiser":
        from .anonymiser import Anonymiser

        return Anonymiser
    raise AttributeError(name)
