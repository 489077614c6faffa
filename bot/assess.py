"""The one seam between the conversation and the judgement modules.

Actions ask here whether a text is acute, what it might be, and how it reads without
identifiers; this module picks the classifier (bot.signals) and the anonymiser
(bot.anonymize). Both are loaded once per process, lazily.
"""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def classify(text: str, role: str | None = None, gemeente: str | None = None):
    from bot.signals import get_classifier

    return get_classifier().classify(text, role=role, gemeente=gemeente)


def is_acute(text: str) -> bool:
    return bool(text) and classify(text).acute


def anonymize(text: str | None) -> str:
    if not text:
        return ""
    from bot.anonymize import get_anonymizer

    return get_anonymizer().anonymize(text)


def warm_up() -> bool:
    """Load the classifier and anonymiser before the first user arrives.

    A part that fails to load is logged, not fatal: the intake still works without it and
    each action that needs it says so to the user.
    """
    ok = True
    for name, load in (("classifier", lambda: classify("warm-up")),
                       ("anonymiser", lambda: anonymize("warm-up"))):
        try:
            load()
        except Exception:
            log.exception("could not load the %s", name)
            ok = False
    return ok
