"""What recipients get matches what was found (issue 12, finding 8): the barriers and the
means of coercion come from the classification, never a fixed "geen genoemd"/"onbekend",
and one person keeps one placeholder across every field of the summary."""
from __future__ import annotations

import re

import pytest

from bot.intake.contract import Slot
from bot.report.model import BARRIERS
from bot.report.texts import BARRIER_TITLES

SCENARIOS = [
    # (description, barriers that must be filled, coercion expected)
    ("De uitzender houdt de paspoorten van de Poolse mannen in de kas. Ze slapen met tien man "
     "in een schuur en moeten een schuld afbetalen.", {"identiteit", "huisvesting"}, True),
    ("In de nagelsalon werken twee meisjes van 15 tot laat in de avond. Ze krijgen geen loon "
     "en de baas neemt hun telefoons af.", {"werk"}, False),
    ("Een vrouw vertelde dat haar vriend haar liet werken als escort. Hij houdt al het geld "
     "en dreigt haar familie iets aan te doen.", {"geld"}, True),
]


def plan(services, description: str, **extra):
    slots = {Slot.DESCRIPTION: description, Slot.GEMEENTE: "Westland", Slot.PLACE_TYPE: "bedrijf",
             Slot.REPORTER_ROLE: "burger", **extra}
    return services.reports.plan(slots)


@pytest.mark.parametrize("description,barriers,coercion", SCENARIOS)
def test_the_mail_names_what_the_classification_found(services, description, barriers, coercion):
    report = plan(services, description)
    found = {s.barrier for s in report.classification.signals} & set(BARRIERS)
    assert barriers <= found, found  # the scenario really has these signals
    body = services.reports.texts.email_body("ABCD-EFGH-JKLM", report.summary)
    for barrier in found:
        line = next(l for l in body.splitlines() if l.startswith(BARRIER_TITLES[barrier] + ":"))
        assert not line.endswith(": onbekend"), line
    dwang = next(l for l in body.splitlines() if l.startswith("Signalen van dwang:"))
    means = [s for s in report.classification.signals if s.coercion]
    assert bool(means) == coercion, [s.id for s in report.classification.signals]
    for signal in means:
        assert signal.explanation.rstrip(".") in dwang
    for signal in report.classification.signals:
        if signal.barrier in BARRIERS:
            assert signal.explanation.rstrip(".") in body
    for barrier in set(BARRIERS) - found:
        assert f"{BARRIER_TITLES[barrier]}: onbekend" in body


def test_one_person_one_placeholder_across_fields_and_different_people_differ(services):
    report = plan(services,
                  "Piotr Kowalski woont bij Jan de Vries. Marek Nowak brengt ze elke ochtend weg.",
                  **{Slot.PEOPLE: "Piotr Kowalski en Marek Nowak, rond de 30",
                     Slot.CONCERNS: "Ik denk dat Jan de Vries hun loon houdt."})
    s = report.summary
    text = " | ".join([s.description or "", s.people.description or "", s.concerns or ""])
    for name in ("Piotr", "Kowalski", "Marek", "Nowak", "Vries"):
        assert name not in text
    desc = re.findall(r"\[PERSOON-\d+\]", s.description)
    assert len(set(desc)) == 3, s.description          # three people, three numbers
    piotr, jan, marek = desc[0], desc[1], desc[2]
    assert re.findall(r"\[PERSOON-\d+\]", s.people.description) == [piotr, marek]
    assert re.findall(r"\[PERSOON-\d+\]", s.concerns) == [jan]
