"""Danger now, phrased without the words the first lexicon knew, gets 112 first in the running
assistant (as the first message of a conversation). Phrasings written for this test; none is
taken from the evaluation sets."""
from __future__ import annotations

import pytest

from tests.e2e.chat import say, texts

pytestmark = [pytest.mark.rasa_server, pytest.mark.slow]

ACUTE = [
    "mijn nichtje appt me net vanuit een hotel in Zwolle, ze is 16 en zegt kom me alsjeblieft ophalen",
    "Er zit een jongen in de kelder van het restaurant hiernaast, de deur is van buiten op slot en hij klopt.",
    "ik ben weggelopen bij hem maar hij rijdt nu rond in de wijk om mij te zoeken",
    "Een arbeider ligt bewusteloos in de loods en de ploegbaas zegt dat niemand een ambulance mag bellen.",
    "ze laten me niet gaan voordat ik alles heb terugbetaald, ik zit in een kamer boven de zaak",
    "Hij heeft een mes en staat bij haar voordeur te schreeuwen, ik hoor haar gillen.",
    "In de vrachtwagen op de parkeerplaats roepen mensen om water, ik hoor gebonk van binnen.",
    "Twee mannen duwen op dit moment een meisje een busje in bij het station.",
    "help me please, the boss took my phone and locked the door, I am in the container behind the farm",
    "De voorman verbiedt dat we 112 bellen terwijl onze collega bloedt.",
]


@pytest.mark.parametrize("n, message", list(enumerate(ACUTE)))
def test_danger_now_gets_112_first(stack, n, message):
    replies = say(stack, f"acute-{n}", message)
    text = texts(replies)
    assert "112" in text, text
    first_question = min((text.find(q) for q in ("gemeente", "Wat voor plek") if q in text), default=len(text))
    assert text.find("112") < first_question  # before any intake question
