"""What broke in the persona runs of stop 26 (a mother, a BOA, a huisarts, a 16-year-old, a
Polish worker), as conversations with the running assistant. Messages written for this test."""
from __future__ import annotations

import pytest

from tests.e2e.chat import say, slots, texts

pytestmark = [pytest.mark.rasa_server, pytest.mark.slow]

VICTIM_HELP = "Gaat het over jou?"
DANGER_NOW = "Dit klinkt als direct gevaar. Bel nu 112."


def test_a_mother_gets_answers_to_her_questions_not_the_victim_help_again_and_again(stack):
    sender = "round26-mother"
    first = texts(say(stack, sender, (
        "Mijn zoon is 14 en heeft sinds kort dure schoenen en twee telefoons. Hij gaat s nachts weg als "
        "die telefoon gaat. Gisteren hoorde ik hem zeggen: ik moet nog betalen, anders. Wij wonen in Breda. "
        "Ik ben zo bang.")))
    assert VICTIM_HELP not in first   # her son's words after a colon are not her own situation
    asked = texts(say(stack, sender, "Wordt mijn zoon dan opgepakt? Hij is nog een kind."))
    assert VICTIM_HELP not in asked and "straf" in asked
    fear = texts(say(stack, sender, "Kunnen die jongens weten dat ik het was? Ze kennen mij."))
    assert VICTIM_HELP not in fear and DANGER_NOW not in fear
    assert "veiligheid" in fear


def test_a_boa_signing_with_role_and_gemeente_is_not_asked_them_again(stack):
    sender = "round26-boa"
    first = texts(say(stack, sender, "BOA gem Venlo hier. Bij een autowasstraat 5 mannen die in een container "
                                     "achter de zaak slapen, 1 zonder ID, eigenaar praat voor ze."))
    assert "In welke gemeente" not in first
    known = slots(stack, sender)
    assert known["gemeente"] == "Venlo" and known["reporter_role"] == "gemeente_medewerker"


def test_a_town_and_a_correction_that_names_the_new_value_first(stack):
    sender = "round26-town"
    say(stack, sender, "mijn vriendin van 15 heeft een vriend van 22 die haar dure dingen geeft en ze moet mee naar feestjes")
    say(stack, sender, "zaandam")
    assert slots(stack, sender)["gemeente"] == "Zaanstad"
