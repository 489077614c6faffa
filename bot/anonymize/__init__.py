"""Anonymisation of Dutch free text: names, phones, e-mail, addresses, IBAN, BSN, ...

    from bot.anonymize import get_anonymizer
    anon = get_anonymizer()          # lazy singleton; first call loads deduce (~10 s)
    anon.anonymize(text) -> str
    anon.anonymize_with_report(text) -> (str, {"PERSOON": 2, ...})

Nothing is loaded at import time. Build deduce's lookup structures once at setup with
``python -m bot anonymize --build``.
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:  # pragma: no cover
    from .anonymizer import Anonymizer

__all__ = ["get_anonymizer", "set_anonymizer", "Anonymizer"]

_lock = threading.Lock()
_instance: Optional["Anonymizer"] = None


def get_anonymizer() -> "Anonymizer":
    """The process-wide anonymiser, created on first use."""
    global _instance
    if _instance is None:
        with _lock:
            if _instance is None:
                from .anonymizer import Anonymizer

                _instance = Anonymizer()
    return _instance


def set_anonymizer(instance: Optional["Anonymizer"]) -> None:
    """Replace (or with None: forget) the singleton, e.g. in tests."""
    global _instance
    with _lock:
        _instance = instance


def __getattr__(name: str):  # lazy re-export without importing at package import
    if name == "Anonymizer":
        from .anonymizer import Anonymizer

        return Anonymizer
    raise AttributeError(name)
