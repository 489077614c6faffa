"""Test data and helpers shared by several test modules (never imported by the app)."""
from __future__ import annotations

import functools
from datetime import datetime, timezone

from bot import routing
from bot.report.model import Summary
from bot.report.texts import ReportTexts

POLICY = routing.load_policy()
TEXTS = ReportTexts.from_content()
decide = functools.partial(routing.decide, policy=POLICY)
decide_routes = functools.partial(routing.decide_routes, policy=POLICY)

SUMMARY = Summary.from_dict({
    "reporter_role": "gemeente_medewerker",
    "gemeente": "Utrecht",
    "place_type": "bedrijfspand",
    "when": "vorige week", "frequency": "één keer",
    "people": {"count": "ongeveer twintig", "estimated_age": "volwassen", "gender": "mannen"},
    "barriers": {"huisvesting": "matrassen in de kantine", "geld": "boetes ingehouden op loon"},
    "coercion": ["wie klaagt verliest werk en bed"],
    "minor": "nee", "acute": False,
    "possible_form": {"label": "arbeidsuitbuiting", "confidence": "middel"},
    "others_informed": "niemand",
})
CLASSIFICATION = {"form": "arbeidsuitbuiting", "confidence": 0.71, "acute": False, "minor": False}


class Clock:
    def __init__(self):
        self.now = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)

    def __call__(self):
        return self.now


