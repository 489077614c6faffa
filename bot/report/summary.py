"""The intake as a summary: what the user sees to confirm, and what is stored or sent.

Both are built from the same slot values, always through the anonymiser, so that nothing
the user typed reaches a message, a store or a receiver with names or numbers in it.
"""
from __future__ import annotations

from typing import Callable, Mapping

from bot.intake.answers import AnswerReader
from bot.intake.contract import Slot
from bot.report.model import BARRIERS, People, Summary
from bot.signals import Classification
from bot.vocab import ONDUIDELIJK, UNKNOWN

SHOWN_CHARS = 400


def _shorten(text: str, limit: int = SHOWN_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


AnonymiseAll = Callable[[list], list]
#: the free-text fields, anonymised together so one person keeps one placeholder in all of them
_FREE_TEXT = (Slot.DESCRIPTION, Slot.PEOPLE, Slot.CONCERNS, Slot.FREQUENCY)


def _anonymised_fields(slots: Mapping[str, object], anonymise_all: AnonymiseAll) -> dict[str, str | None]:
    raw = [slots.get(name) for name in _FREE_TEXT]
    raw = [None if value in (None, "", UNKNOWN) else str(value) for value in raw]
    return dict(zip(_FREE_TEXT, anonymise_all(raw)))


def user_view(slots: Mapping[str, object], anonymise_all: AnonymiseAll,
              answers: AnswerReader) -> dict[str, str]:
    """The `s_*` values of the `summary` message."""
    fields = _anonymised_fields(slots, anonymise_all)

    def text(name: str) -> str:
        value = fields[name]
        return UNKNOWN if value is None else _shorten(value)

    role = answers.role_label(slots.get(Slot.REPORTER_ROLE))  # type: ignore[arg-type]
    if slots.get(Slot.PROFESSIONAL_ROLE):
        role = f"{role} ({slots[Slot.PROFESSIONAL_ROLE]})"
    return {
        "s_description": text(Slot.DESCRIPTION),
        "s_gemeente": str(slots.get(Slot.GEMEENTE) or UNKNOWN),
        "s_place": answers.place_type_label(slots.get(Slot.PLACE_TYPE)),  # type: ignore[arg-type]
        "s_people": text(Slot.PEOPLE),
        "s_concerns": text(Slot.CONCERNS),
        "s_frequency": text(Slot.FREQUENCY),
        "s_role": role,
    }


def report_summary(slots: Mapping[str, object], classification: Classification | None,
                   anonymise_all: AnonymiseAll, answers: AnswerReader) -> Summary:
    """The anonymised summary (routing.md's shape), for the store and receivers."""
    fields = _anonymised_fields(slots, anonymise_all)

    def text(name: str) -> str | None:
        return fields[name]

    people_text = text(Slot.PEOPLE)
    parsed = answers.parse_people(people_text) if people_text else None
    minor = bool(slots.get(Slot.MINOR)) or bool(classification and classification.minor)
    return Summary(
        reporter_role=str(slots.get(Slot.REPORTER_ROLE) or UNKNOWN),
        professional_role=slots.get(Slot.PROFESSIONAL_ROLE),  # type: ignore[arg-type]
        gemeente=str(slots.get(Slot.GEMEENTE) or UNKNOWN),
        place_type=str(slots.get(Slot.PLACE_TYPE) or UNKNOWN),
        when_how_often=text(Slot.FREQUENCY),
        people=People(description=people_text, count=parsed.count if parsed else None,
                      ages=parsed.ages if parsed else ()),
        description=text(Slot.DESCRIPTION),
        concerns=text(Slot.CONCERNS),
        minor="ja" if minor else UNKNOWN,
        acute=bool(slots.get(Slot.ACUTE)) or bool(classification and classification.acute),
        possible_form=classification.form if classification else ONDUIDELIJK,
        scores=dict(classification.scores) if classification else {},
        signals=tuple(s.id for s in classification.signals) if classification else (),
        # the means of coercion the signals name: never "geen" when the story names some
        coercion=tuple(dict.fromkeys(s.explanation.rstrip(".") for s in classification.signals
                                     if s.coercion)) if classification else (),
        # what was seen per barrier, in our words (the signal's explanation, never the user's)
        barriers=_barriers(classification),
    )


def _barriers(classification: Classification | None) -> dict[str, str]:
    found: dict[str, dict[str, None]] = {}
    for signal in classification.signals if classification else ():
        if signal.barrier in BARRIERS:
            found.setdefault(signal.barrier, {})[signal.explanation.rstrip(".")] = None
    return {barrier: "; ".join(found[barrier]) for barrier in BARRIERS if barrier in found}
