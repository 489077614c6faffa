"""The intake as a summary: what the user sees to confirm, and what is stored or sent.

Both are built from the same slot values, always through the anonymiser, so that nothing
the user typed reaches a message, a store or a receiver with names or numbers in it.
"""
from __future__ import annotations

from typing import Callable, Mapping

from bot.intake import UNKNOWN, parse_people, place_type_label, role_label

SHOWN_CHARS = 400


def _shorten(text: str, limit: int = SHOWN_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def user_view(slots: Mapping[str, object], anonymize: Callable[[str], str]) -> dict[str, str]:
    """The `s_*` values of the `summary` message."""
    def text(name: str) -> str:
        value = slots.get(name)
        if value in (None, "", UNKNOWN):
            return UNKNOWN
        return _shorten(anonymize(str(value)))

    role = role_label(slots.get("reporter_role"))  # type: ignore[arg-type]
    if slots.get("professional_role"):
        role = f"{role} ({slots['professional_role']})"
    return {
        "s_description": text("description"),
        "s_gemeente": str(slots.get("gemeente") or UNKNOWN),
        "s_place": place_type_label(slots.get("place_type")),  # type: ignore[arg-type]
        "s_people": text("people"),
        "s_concerns": text("concerns"),
        "s_frequency": text("frequency"),
        "s_role": role,
    }


def report_summary(slots: Mapping[str, object], classification: Mapping | None,
                   anonymize: Callable[[str], str]) -> dict:
    """The anonymised summary in the shape of routing.md, for the store and receivers."""
    def text(name: str) -> str | None:
        value = slots.get(name)
        return None if value in (None, "", UNKNOWN) else anonymize(str(value))

    people_text = text("people")
    people = parse_people(people_text) if people_text else None
    minor = bool(slots.get("minor")) or bool(classification and classification.get("minor"))
    return {
        "reporter_role": slots.get("reporter_role") or UNKNOWN,
        "professional_role": slots.get("professional_role"),
        "gemeente": slots.get("gemeente") or UNKNOWN,
        "place_type": slots.get("place_type") or UNKNOWN,
        "when_how_often": text("frequency"),
        "people": {"description": people_text,
                   "count": people.count if people else None,
                   "ages": list(people.ages) if people else []},
        "description": text("description"),
        "concerns": text("concerns"),
        "minor": "ja" if minor else "onbekend",
        "acute": bool(slots.get("acute")) or bool(classification and classification.get("acute")),
        "possible_form": (classification or {}).get("form", "onduidelijk"),
        "scores": (classification or {}).get("scores", {}),
        "signals": [s.get("id") for s in (classification or {}).get("signals", [])],
    }
