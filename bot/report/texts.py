"""The anonymised summary as text: e-mail body for delivery, and copyable text per meldpunt.

We never deliver to a national meldpunt (112, politie, Meld Misdaad Anoniem,
Arbeidsinspectie, Veilig Thuis, ...): the reporter contacts them.
:meth:`ReportTexts.copyable_summary` gives the summary in the order that meldpunt asks for it
at intake, so the reporter can read it out or paste it (Meld Misdaad Anoniem: wie, wat, waar,
wanneer, hoe). Input is always a :class:`bot.report.model.Summary`.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

from bot.report.model import BARRIERS, Summary
from bot.vocab import COPY_ONLY, FORM_TEXT, GEEN, ONDUIDELIJK, ROLE_TEXT, UNKNOWN

BARRIER_TITLES = {
    "werving": "Werving en entree",
    "identiteit": "Identiteit en papieren",
    "huisvesting": "Huisvesting",
    "werk": "Werk",
    "geld": "Geld",
}
__all__ = ["COPY_ONLY", "ReportTexts", "email_subject"]


def _s(value: Any) -> str:
    if value is None or value == "" or value == [] or value == () or value == {}:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_s(v) for v in value if _s(v))
    return str(value).strip()


def _form(s: Summary) -> str:
    label = s.possible_form
    text = FORM_TEXT.get(label, label.replace("_", " "))
    out = text if label in {ONDUIDELIJK, GEEN} else f"mogelijk {text}"
    if s.form_confidence:
        out += f" (zekerheid: {s.form_confidence})"
    return out


def _people(s: Summary) -> str:
    p = s.people
    parts = [("aantal", p.count), ("geschatte leeftijd", p.estimated_age or list(p.ages)),
             ("geslacht", p.gender), ("taal", p.language)]
    text = ", ".join(f"{k} {_s(v)}" for k, v in parts if _s(v))
    described = _s(p.description)
    if described:
        text = f"{described} ({text})" if text else described
    return text or UNKNOWN


def _when(s: Summary) -> str:
    return _s(s.when_how_often) or UNKNOWN


def _barriers(s: Summary) -> list[str]:
    return [f"{BARRIER_TITLES[key]}: {_s(s.barriers.get(key))}" for key in BARRIERS
            if _s(s.barriers.get(key))]


def _coercion(s: Summary) -> str:
    # "geen genoemd" would claim the reporter said there was none; we only know what we found
    return _s(s.coercion) or "niet herkend in de tekst (lees wat de melder zag)"


def _danger(s: Summary) -> str:
    # nobody is asked "is there danger now?" as a yes/no question: do not answer it for them
    return "ja" if s.acute else "niet gemeld"


def _known(value: Any) -> str:
    return _s(value) or UNKNOWN


def _block(title: str, lines: list[tuple[str, str]]) -> str:
    out = [title, ""]
    for label, value in lines:
        out.append(f"{label}: {value}")
    return "\n".join(out).rstrip() + "\n"


class ReportTexts:
    """Renders a summary for people: the recipient's mail and the meldpunten's intake shapes.

    ``place_labels`` words the place category keys ("kas_akker" -> "een kas, akker of
    boerderij"), from content/intake.yml.
    """

    def __init__(self, place_labels: Mapping[str, str]) -> None:
        self.place_labels = place_labels
        self.shapes: dict[str, Callable[[Summary], str]] = {
            "meld_misdaad_anoniem": self._shape_mma,
            "politie": self._shape_politie,
            "112": self._shape_112,
            "arbeidsinspectie": self._shape_arbeidsinspectie,
            "veilig_thuis": self._shape_veilig_thuis,
        }

    @classmethod
    def from_content(cls) -> "ReportTexts":
        from bot.intake.answers import IntakeVocabulary

        return cls(IntakeVocabulary.from_yaml().place_type_labels)

    def _where(self, s: Summary, *, with_details: bool = True) -> str:
        parts = []
        if _s(s.gemeente):
            parts.append(f"gemeente {_s(s.gemeente)}")
        place = _s(s.place_type)
        if place and place != UNKNOWN:
            parts.append(self.place_labels.get(place, place))
        if with_details and _s(s.location_details):
            parts.append(_s(s.location_details))
        return ", ".join(parts) or UNKNOWN

    def _shape_mma(self, s: Summary) -> str:
        wat = [_form(s)]
        if _s(s.concerns):
            wat.append(_s(s.concerns))
        if _s(s.coercion):
            wat.append(f"signalen van dwang: {_coercion(s)}")
        if _s(s.description):
            wat.append(_s(s.description))
        hoe = _barriers(s) or [UNKNOWN]
        wie = _people(s) + (f"; minderjarige betrokken: {s.minor}" if s.minor != "nee" else "")
        return _block("Melding voor Meld Misdaad Anoniem", [
            ("Wie", wie),
            ("Wat", ". ".join(wat)),
            ("Waar", self._where(s)),
            ("Wanneer", _when(s)),
            ("Hoe", "; ".join(hoe)),
        ])

    def _shape_politie(self, s: Summary) -> str:
        return _block("Melding voor de politie (0900-8844)", [
            ("Wat is er aan de hand", ". ".join(p for p in (_form(s), _s(s.concerns), _s(s.description)) if p)),
            ("Waar", self._where(s)),
            ("Wanneer en hoe vaak", _when(s)),
            ("Wie zijn erbij betrokken", _people(s)),
            ("Minderjarige betrokken", s.minor),
            ("Wat heb ik gezien", "; ".join(_barriers(s)) or UNKNOWN),
            ("Signalen van dwang", _coercion(s)),
            ("Is er nu gevaar", _danger(s)),
            ("Wie weet het al", _known(s.others_informed)),
        ])

    def _shape_112(self, s: Summary) -> str:
        return _block("Zeg dit tegen 112", [
            ("Waar", self._where(s)),
            ("Wat gebeurt er nu", _s(s.description) or _coercion(s)),
            ("Hoeveel mensen", _people(s)),
            ("Is er een kind bij", s.minor),
        ])

    def _shape_arbeidsinspectie(self, s: Summary) -> str:
        b = s.barriers
        return _block("Melding voor de Nederlandse Arbeidsinspectie (0800-5151)", [
            ("Waar wordt gewerkt", self._where(s)),
            ("Welk werk", _known(b.get("werk"))),
            ("Welke werknemers", _people(s)),
            ("Loon en geld", _known(b.get("geld"))),
            ("Huisvesting", _known(b.get("huisvesting"))),
            ("Papieren", _known(b.get("identiteit"))),
            ("Signalen van dwang", _coercion(s)),
            ("Sinds wanneer", _when(s)),
        ])

    def _shape_veilig_thuis(self, s: Summary) -> str:
        return _block("Melding voor Veilig Thuis (0800-2000)", [
            ("Om wie gaat het", _people(s) + f"; minderjarige: {s.minor}"),
            ("Waar", self._where(s)),
            ("Wat zie of hoor ik", "; ".join(p for p in [_s(s.description), *_barriers(s)] if p) or UNKNOWN),
            ("Sinds wanneer en hoe vaak", _when(s)),
            ("Is er nu gevaar", _danger(s)),
            ("Wie weet het al", _known(s.others_informed)),
        ])

    def full_summary(self, s: Summary) -> str:
        """The complete anonymised summary, in the order of routing.md."""
        return "\n".join(f"{label}: {value}" for label, value in self.summary_lines(s)) + "\n"

    def summary_lines(self, s: Summary) -> list[tuple[str, str]]:
        """(label, value) of the complete anonymised summary, in the order of routing.md."""
        role = ROLE_TEXT.get(s.reporter_role or "", _s(s.reporter_role) or UNKNOWN)
        if _s(s.professional_role):
            role += f" ({_s(s.professional_role)})"
        lines = [
            ("Rol van de melder", role),
            ("Waar", self._where(s, with_details=False)),
            ("Wanneer en hoe vaak", _when(s)),
            ("Betrokken personen", _people(s)),
        ]
        lines += [(BARRIER_TITLES[key], _known(s.barriers.get(key))) for key in BARRIERS]
        lines += [
            ("Signalen van dwang", _coercion(s)),
            ("Minderjarige betrokken", s.minor),
            ("Acuut gevaar", _danger(s)),  # never asked as a question: "niet gemeld", not "nee"
            ("Mogelijke vorm", _form(s)),
            ("Wie weet het al", _known(s.others_informed)),
        ]
        if _s(s.concerns):
            lines.append(("Zorgen van de melder", _s(s.concerns)))
        if _s(s.description):
            lines.append(("Beschrijving (geanonimiseerd)", _s(s.description)))
        if _s(s.location_details):
            lines.append(("Locatie (door de melder zelf gedeeld)", _s(s.location_details)))
        return [(label, str(value)) for label, value in lines]

    def copyable_summary(self, code: str, summary: Summary) -> str:
        """The summary in the intake shape of meldpunt ``code`` (a recipient code of routing.md).

        Other codes get the full summary. For Meld Misdaad Anoniem the reporter's role is left
        out, so that nothing points back to the reporter.
        """
        shape = self.shapes.get(code)
        if shape is None:
            return "Samenvatting van het signaal\n\n" + self.full_summary(summary)
        return shape(summary)

    def email_body(self, reference_code: str, summary: Summary, *,
                   followup_text: str | None = None) -> str:
        """Dutch e-mail text for the aandachtsfunctionaris or a partner mailbox."""
        head = [f"Meldcode: {reference_code}", ""]
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
        return "\n".join(head) + self.full_summary(summary) + "\n".join(tail) + "\n"


def email_subject(reference_code: str, *, followup: bool = False) -> str:
    # No content in the subject: subjects end up in logs and notifications.
    return (f"Aanvulling op niet-pluis-signaal {reference_code}" if followup
            else f"Niet-pluis-signaal {reference_code}")
