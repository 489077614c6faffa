"""The anonymised summary: the one data structure that is stored, mailed and sent by webhook.

Its shape is routing.md's "The anonymised summary": reporter role (never identity), where,
when and how often, people (number, estimated age, gender, language), observations per
barrier, signs of coercion, minor ja/nee/onbekend, acute, the possible form ("mogelijk"),
who else knows, and location details only when the reporter chose to share them.

`to_dict()` is the one serialisation (store, mail, webhook); `from_dict()` reads it back.
Every text in it has already been through the anonymiser.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from bot.vocab import ONDUIDELIJK, UNKNOWN

BARRIERS = ("werving", "identiteit", "huisvesting", "werk", "geld")
_YES_NO = {True: "ja", False: "nee"}


def yes_no_unknown(value: Any) -> str:
    """'ja' | 'nee' | 'onbekend' from a bool, None or those words."""
    if isinstance(value, bool):
        return _YES_NO[value]
    text = str(value or "").strip().lower()
    return text if text in {"ja", "nee"} else UNKNOWN


@dataclass(frozen=True)
class People:
    description: str | None = None
    count: int | str | None = None       # 10, or "ongeveer twintig" as the reporter put it
    ages: tuple[int, ...] = ()
    estimated_age: str | None = None      # "volwassen", "rond de 20"
    gender: str | None = None
    language: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"description": self.description, "count": self.count,
                               "ages": list(self.ages)}
        out.update({k: v for k, v in (("estimated_age", self.estimated_age),
                                      ("gender", self.gender), ("language", self.language)) if v})
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> "People":
        data = data or {}
        return cls(description=data.get("description"), count=data.get("count"),
                   ages=tuple(data.get("ages") or ()), estimated_age=data.get("estimated_age"),
                   gender=data.get("gender"), language=data.get("language"))


@dataclass(frozen=True)
class Summary:
    reporter_role: str | None = None       # a role key of bot.vocab, or "onbekend"
    professional_role: str | None = None
    gemeente: str | None = None            # canonical name, or "onbekend"
    place_type: str | None = None          # a category key of content/intake.yml
    when_how_often: str | None = None
    people: People = field(default_factory=People)
    description: str | None = None
    concerns: str | None = None
    minor: str = UNKNOWN                   # ja | nee | onbekend
    acute: bool = False
    possible_form: str = ONDUIDELIJK
    form_confidence: str | None = None     # hoog | middel | laag, when known
    scores: Mapping[str, float] = field(default_factory=dict)
    signals: tuple[str, ...] = ()          # signal ids of the lexicon
    barriers: Mapping[str, str] = field(default_factory=dict)  # barrier -> observation
    coercion: tuple[str, ...] = ()
    others_informed: str | None = None
    location_details: str | None = None    # only what the reporter chose to share

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "reporter_role": self.reporter_role,
            "professional_role": self.professional_role,
            "gemeente": self.gemeente,
            "place_type": self.place_type,
            "when_how_often": self.when_how_often,
            "people": self.people.to_dict(),
            "description": self.description,
            "concerns": self.concerns,
            "minor": self.minor,
            "acute": self.acute,
            "possible_form": self.possible_form,
            "scores": dict(self.scores),
            "signals": list(self.signals),
        }
        optional = (("form_confidence", self.form_confidence),
                    ("barriers", {k: v for k, v in self.barriers.items() if v}),
                    ("coercion", list(self.coercion)), ("others_informed", self.others_informed),
                    ("location_details", self.location_details))
        out.update({k: v for k, v in optional if v})
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Summary":
        form = data.get("possible_form") or ONDUIDELIJK
        confidence = data.get("form_confidence")
        if isinstance(form, Mapping):  # routing.md writes {"label": ..., "confidence": ...}
            form, confidence = form.get("label") or ONDUIDELIJK, form.get("confidence") or confidence
        when = [str(data[k]).strip() for k in ("when", "frequency", "when_how_often") if data.get(k)]
        coercion = data.get("coercion") or ()
        return cls(
            reporter_role=data.get("reporter_role"),
            professional_role=data.get("professional_role"),
            gemeente=data.get("gemeente"),
            place_type=data.get("place_type"),
            when_how_often=", ".join(when) or None,
            people=People.from_dict(data.get("people")),
            description=data.get("description"),
            concerns=data.get("concerns"),
            minor=yes_no_unknown(data.get("minor")),
            acute=bool(data.get("acute")),
            possible_form=str(form),
            form_confidence=_confidence_word(confidence),
            scores=dict(data.get("scores") or {}),
            signals=tuple(data.get("signals") or ()),
            barriers={k: str(v) for k, v in (data.get("barriers") or {}).items() if v},
            coercion=(coercion,) if isinstance(coercion, str) else tuple(coercion),
            others_informed=data.get("others_informed"),
            location_details=data.get("location_details"),
        )


def _confidence_word(value: Any) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "hoog" if value >= 0.75 else "middel" if value >= 0.5 else "laag"
    return str(value) if value else None
