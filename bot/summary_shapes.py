"""The anonymised summary as text: e-mail body for delivery, and copyable text per meldpunt.

We never deliver to a national meldpunt (112, politie, Meld Misdaad Anoniem,
Arbeidsinspectie, Veilig Thuis, ...): the reporter contacts them. :func:`copyable_summary`
gives the summary in the order that meldpunt asks for it at intake, so the reporter can read
it out or paste it (Meld Misdaad Anoniem: wie, wat, waar, wanneer, hoe).

The summary is the dict of routing.md ("The anonymised summary"); every key is optional::

    {
      "reporter_role": "burger",                 # role only, never identity
      "gemeente": "Utrecht", "place_type": "rijtjeshuis",
      "when": "sinds een paar maanden", "frequency": "elke ochtend",
      "people": {"count": "ongeveer acht", "estimated_age": "volwassen",
                 "gender": "mannen", "language": "gebroken Engels"},
      "barriers": {"werving": ..., "identiteit": ..., "huisvesting": ..., "werk": ..., "geld": ...},
      "coercion": ["paspoort ingehouden door de baas"],
      "minor": "nee",                            # ja | nee | onbekend (or True/False/None)
      "acute": False,
      "possible_form": {"label": "arbeidsuitbuiting", "confidence": "middel"},
      "others_informed": "niemand",
      "description": "<geanonimiseerde tekst>",
      "location_details": "...",                 # only if the reporter chose to share it
    }
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

from bot.intake import place_type_label

FORM_TEXT = {
    "seksuele_uitbuiting": "seksuele uitbuiting",
    "arbeidsuitbuiting": "arbeidsuitbuiting",
    "criminele_uitbuiting": "criminele uitbuiting",
    "orgaanverwijdering": "gedwongen orgaanverwijdering",
    "geen_mensenhandel": "geen mensenhandel (een ander probleem)",
    "onduidelijk": "nog onduidelijk",
}
ROLE_TEXT = {
    "burger": "burger",
    "professional": "professional",
    "gemeente_medewerker": "medewerker van de gemeente",
    "slachtoffer": "(mogelijk) slachtoffer zelf",
}
BARRIERS = (
    ("werving", "Werving en entree"),
    ("identiteit", "Identiteit en papieren"),
    ("huisvesting", "Huisvesting"),
    ("werk", "Werk"),
    ("geld", "Geld"),
)
UNKNOWN = "onbekend"

#: Meldpunten we never deliver to; the reporter gets a copyable summary instead.
COPY_ONLY = ("112", "politie", "meld_misdaad_anoniem", "arbeidsinspectie", "veilig_thuis")


def _s(value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_s(v) for v in value if _s(v))
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_s(v)}" for k, v in value.items() if _s(v))
    return str(value).strip()


def _yes_no(value: Any) -> str:
    if value is True:
        return "ja"
    if value is False:
        return "nee"
    text = _s(value).lower()
    return text if text in {"ja", "nee"} else UNKNOWN


def _form(summary: Mapping[str, Any]) -> str:
    pf = summary.get("possible_form") or {}
    if isinstance(pf, str):
        pf = {"label": pf}
    label = pf.get("label")
    if not label:
        return UNKNOWN
    text = FORM_TEXT.get(label, str(label).replace("_", " "))
    if label in {"onduidelijk", "geen_mensenhandel"}:
        out = text
    else:
        out = f"mogelijk {text}"
    confidence = pf.get("confidence")
    if isinstance(confidence, (int, float)) and not isinstance(confidence, bool):
        confidence = "hoog" if confidence >= 0.75 else "middel" if confidence >= 0.5 else "laag"
    if confidence:
        out += f" (zekerheid: {confidence})"
    return out


def _people(summary: Mapping[str, Any]) -> str:
    people = summary.get("people")
    if isinstance(people, Mapping):
        parts = [("aantal", people.get("count")),
                 ("geschatte leeftijd", people.get("estimated_age") or people.get("ages")),
                 ("geslacht", people.get("gender")), ("taal", people.get("language"))]
        text = ", ".join(f"{k} {_s(v)}" for k, v in parts if _s(v))
        described = _s(people.get("description"))
        if described:
            text = f"{described} ({text})" if text else described
        return text or UNKNOWN
    return _s(people) or UNKNOWN


def _where(summary: Mapping[str, Any], *, with_details: bool = True) -> str:
    parts = []
    if _s(summary.get("gemeente")):
        parts.append(f"gemeente {_s(summary['gemeente'])}")
    if _s(summary.get("place_type")):
        # stored as a category key ("kas_akker"); people read the label
        label = place_type_label(_s(summary["place_type"]))
        if label != UNKNOWN:
            parts.append(label)
    if with_details and _s(summary.get("location_details")):
        parts.append(_s(summary["location_details"]))
    return ", ".join(parts) or UNKNOWN


def _when(summary: Mapping[str, Any]) -> str:
    parts = (_s(summary.get("when")), _s(summary.get("frequency")), _s(summary.get("when_how_often")))
    return ", ".join(p for p in parts if p) or UNKNOWN


def _barriers(summary: Mapping[str, Any]) -> list[str]:
    barriers = summary.get("barriers") or {}
    if not isinstance(barriers, Mapping):
        return [_s(barriers)] if _s(barriers) else []
    return [f"{title}: {_s(barriers.get(key))}" for key, title in BARRIERS if _s(barriers.get(key))]


def _coercion(summary: Mapping[str, Any]) -> str:
    return _s(summary.get("coercion")) or "geen genoemd"


def _block(title: str, lines: list[tuple[str, str]]) -> str:
    out = [title, ""]
    for label, value in lines:
        out.append(f"{label}: {value}")
    return "\n".join(out).rstrip() + "\n"


def _shape_mma(s: Mapping[str, Any]) -> str:
    wat = [_form(s)]
    if _s(s.get("concerns")):
        wat.append(_s(s["concerns"]))
    if _s(s.get("coercion")):
        wat.append(f"signalen van dwang: {_coercion(s)}")
    if _s(s.get("description")):
        wat.append(_s(s["description"]))
    hoe = _barriers(s) or [UNKNOWN]
    minor = _yes_no(s.get("minor"))
    wie = _people(s) + (f"; minderjarige betrokken: {minor}" if minor != "nee" else "")
    return _block("Melding voor Meld Misdaad Anoniem", [
        ("Wie", wie),
        ("Wat", ". ".join(wat)),
        ("Waar", _where(s)),
        ("Wanneer", _when(s)),
        ("Hoe", "; ".join(hoe)),
    ])


def _shape_politie(s: Mapping[str, Any]) -> str:
    return _block("Melding voor de politie (0900-8844)", [
        ("Wat is er aan de hand", ". ".join(p for p in (_form(s), _s(s.get("concerns")), _s(s.get("description"))) if p)),
        ("Waar", _where(s)),
        ("Wanneer en hoe vaak", _when(s)),
        ("Wie zijn erbij betrokken", _people(s)),
        ("Minderjarige betrokken", _yes_no(s.get("minor"))),
        ("Wat heb ik gezien", "; ".join(_barriers(s)) or UNKNOWN),
        ("Signalen van dwang", _coercion(s)),
        ("Is er nu gevaar", _yes_no(s.get("acute"))),
        ("Wie weet het al", _s(s.get("others_informed")) or UNKNOWN),
    ])


def _shape_112(s: Mapping[str, Any]) -> str:
    return _block("Zeg dit tegen 112", [
        ("Waar", _where(s)),
        ("Wat gebeurt er nu", _s(s.get("description")) or _coercion(s)),
        ("Hoeveel mensen", _people(s)),
        ("Is er een kind bij", _yes_no(s.get("minor"))),
    ])


def _shape_arbeidsinspectie(s: Mapping[str, Any]) -> str:
    barriers = s.get("barriers") if isinstance(s.get("barriers"), Mapping) else {}
    return _block("Melding voor de Nederlandse Arbeidsinspectie (0800-5151)", [
        ("Waar wordt gewerkt", _where(s)),
        ("Welk werk", _s(barriers.get("werk")) or UNKNOWN),
        ("Welke werknemers", _people(s)),
        ("Loon en geld", _s(barriers.get("geld")) or UNKNOWN),
        ("Huisvesting", _s(barriers.get("huisvesting")) or UNKNOWN),
        ("Papieren", _s(barriers.get("identiteit")) or UNKNOWN),
        ("Signalen van dwang", _coercion(s)),
        ("Sinds wanneer", _when(s)),
    ])


def _shape_veilig_thuis(s: Mapping[str, Any]) -> str:
    return _block("Melding voor Veilig Thuis (0800-2000)", [
        ("Om wie gaat het", _people(s) + f"; minderjarige: {_yes_no(s.get('minor'))}"),
        ("Waar", _where(s)),
        ("Wat zie of hoor ik", "; ".join(p for p in [_s(s.get("description")), *_barriers(s)] if p) or UNKNOWN),
        ("Sinds wanneer en hoe vaak", _when(s)),
        ("Is er nu gevaar", _yes_no(s.get("acute"))),
        ("Wie weet het al", _s(s.get("others_informed")) or UNKNOWN),
    ])


def full_summary(s: Mapping[str, Any]) -> str:
    """The complete anonymised summary, in the order of routing.md."""
    lines = [
        ("Rol van de melder", ROLE_TEXT.get(s.get("reporter_role"), _s(s.get("reporter_role")) or UNKNOWN)
         + (f" ({_s(s['professional_role'])})" if _s(s.get("professional_role")) else "")),
        ("Waar", _where(s, with_details=False)),
        ("Wanneer en hoe vaak", _when(s)),
        ("Betrokken personen", _people(s)),
    ]
    lines += [(title, _s((s.get("barriers") or {}).get(key)) or UNKNOWN)
              for key, title in BARRIERS if isinstance(s.get("barriers") or {}, Mapping)]
    lines += [
        ("Signalen van dwang", _coercion(s)),
        ("Minderjarige betrokken", _yes_no(s.get("minor"))),
        ("Acuut gevaar", _yes_no(s.get("acute"))),
        ("Mogelijke vorm", _form(s)),
        ("Wie weet het al", _s(s.get("others_informed")) or UNKNOWN),
    ]
    if _s(s.get("concerns")):
        lines.append(("Zorgen van de melder", _s(s["concerns"])))
    if _s(s.get("description")):
        lines.append(("Beschrijving (geanonimiseerd)", _s(s["description"])))
    if _s(s.get("location_details")):
        lines.append(("Locatie (door de melder zelf gedeeld)", _s(s["location_details"])))
    return "\n".join(f"{label}: {value}" for label, value in lines) + "\n"


SHAPES: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "meld_misdaad_anoniem": _shape_mma,
    "politie": _shape_politie,
    "112": _shape_112,
    "arbeidsinspectie": _shape_arbeidsinspectie,
    "veilig_thuis": _shape_veilig_thuis,
}


def copyable_summary(code: str, summary: Mapping[str, Any]) -> str:
    """The summary in the intake shape of meldpunt ``code`` (a recipient code of routing.md).

    Other codes get the full summary. For Meld Misdaad Anoniem the reporter's role is left
    out, so that nothing points back to the reporter.
    """
    shape = SHAPES.get(code)
    if shape is None:
        return "Samenvatting van het signaal\n\n" + full_summary(summary)
    return shape(summary)


def email_subject(reference_code: str, *, followup: bool = False) -> str:
    # No content in the subject: subjects end up in logs and notifications.
    return (f"Aanvulling op niet-pluis-signaal {reference_code}" if followup
            else f"Niet-pluis-signaal {reference_code}")


def email_body(reference_code: str, summary: Mapping[str, Any], *, followup_text: str | None = None) -> str:
    """Dutch e-mail text for the aandachtsfunctionaris or a partner mailbox."""
    head = [
        f"Meldcode: {reference_code}",
        "",
    ]
    if followup_text is not None:
        head += [
            "De melder heeft met deze meldcode iets aangevuld:",
            "",
            followup_text.strip(),
            "",
            "Hieronder staat de eerste melding nog een keer.",
            "",
        ]
    else:
        head += [
            "Via de niet-pluis-assistent is een signaal gemeld dat mogelijk over mensenhandel gaat.",
            "De vorm is een inschatting (\"mogelijk\"); duiding is aan professionals.",
            "",
        ]
    tail = [
        "",
        "Dit is een geanonimiseerde samenvatting: namen, adressen en nummers zijn weggelaten.",
        "De melder blijft anoniem voor de ontvanger en kan met de meldcode later iets aanvullen.",
        "Bewaar of stuur nooit beelden van minderjarigen door.",
    ]
    return "\n".join(head) + full_summary(summary) + "\n".join(tail) + "\n"
