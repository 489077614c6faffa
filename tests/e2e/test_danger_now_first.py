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
    # a gemeente in the story: 112 still comes before "Uit je bericht haal ik: gemeente Zwolle"
    "Ik sta in Zwolle bij het station, een man trekt een meisje van 14 zijn auto in en ze gilt.",
]


#: The danger-now reply. (Every welcome mentions 112 too, so "112" alone proves nothing.)
DANGER_NOW = "Dit klinkt als direct gevaar. Bel nu 112."
NOT_NOW = [
    "Bij mijn buren wonen steeds andere jonge vrouwen. Ze mogen niet alleen naar buiten.",
    "Vorige week zat ze opgesloten in een kamer, nu woont ze bij haar zus en is ze veilig.",
]


@pytest.mark.parametrize("n, message", list(enumerate(ACUTE)))
def test_danger_now_gets_112_first(stack, n, message):
    replies = say(stack, f"acute-{n}", message)
    text = texts(replies)
    assert replies and DANGER_NOW in (replies[0].get("text") or ""), text   # the very first reply


@pytest.mark.parametrize("n, message", list(enumerate(NOT_NOW)))
def test_a_story_without_danger_now_gets_the_intake_not_the_danger_reply(stack, n, message):
    text = texts(say(stack, f"not-now-{n}", message))
    assert DANGER_NOW not in text
    assert "In welke gemeente" in text


def test_after_saying_112_was_called_the_alert_is_not_repeated(stack):
    """Persona run (stop 26): a girl said she had called 112, then told where her friend was,
    and got the whole alert again; "ik heb toch al gebeld??" was not understood."""
    sender = "acute-called"
    say(stack, sender, "mijn vriendin van 15 zit nu in een hotel bij een man van 22 en ze appt dat ze naar huis wil "
                       "maar hij laat haar niet gaan")
    say(stack, sender, "/affirm")   # "Verder met mijn melding"
    reply = texts(say(stack, sender, "ok ik heb 112 gebeld, ze zit in een hotel in amsterdam en hij laat haar niet gaan"))
    assert "Goed dat je 112 hebt gebeld" in reply
    assert DANGER_NOW not in reply
    later = texts(say(stack, sender, "hij laat haar nog steeds niet gaan, ik ben zo bang"))
    assert DANGER_NOW not in later
