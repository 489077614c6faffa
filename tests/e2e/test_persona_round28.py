"""What broke in the persona runs of stop 28 (a camping guest, a Polish warehouse worker, a
16-year-old about her friend, a leerplichtambtenaar), as conversations with the running
assistant. Messages written for this test, not copied from the transcripts."""
from __future__ import annotations

import pytest

from tests.e2e.chat import answer_intake, say, slots, texts

pytestmark = [pytest.mark.rasa_server, pytest.mark.slow]

NOT_UNDERSTOOD = "begrijp ik niet"


def test_a_doubt_before_the_story_is_not_taken_as_what_was_seen(stack):
    sender = "round28-doubt"
    say(stack, sender, "goedemiddag ik weet niet zo goed of dit hier hoort hoor")
    assert not slots(stack, sender).get("description")
    say(stack, sender, "Bij de loods naast ons slapen zes mannen in containers en een man haalt ze elke ochtend op.")
    assert "containers" in slots(stack, sender)["description"]


def test_a_worker_hired_through_an_agency_is_not_named_the_agency(stack):
    sender = "round28-agency"
    reply = texts(say(stack, sender, "ik werk 4 maand via een uitzendbureau in Tilburg. de man van het bureau houdt "
                                     "mijn paspoort en zegt ik heb 700 euro schuld"))
    known = slots(stack, sender)
    assert known.get("reporter_role") != "professional" and not known.get("professional_role")
    assert "werkgever, uitzendbureau" not in reply   # the role label of agency staff


def test_a_gemeente_said_with_danger_now_is_kept_and_not_asked_again(stack):
    sender = "round28-gemeente"
    say(stack, sender, "Mijn vriend van 15 moet pakjes brengen voor oudere jongens, hij heeft schuld bij ze.")
    assert slots(stack, sender).get("requested_slot") == "gemeente"
    reply = texts(say(stack, sender, "purmerend. maar ze staan nu bij de school op hem te wachten en hij is doodsbang"))
    known = slots(stack, sender)
    assert "112" in reply and known["acute"] is True
    assert known["gemeente"] == "Purmerend" and known.get("requested_slot") != "gemeente"


def test_no_danger_said_at_the_summary_takes_112_out_of_the_report(stack):
    sender = "round28-calm"
    first = say(stack, sender, "Op de camping in Ede komen steeds andere mannen bij een chalet waar vier jonge vrouwen "
                               "zitten. Een man slaat nu een van de vrouwen.")
    assert slots(stack, sender)["acute"] is True and "112" in texts(first)
    going_on = say(stack, sender, "/affirm")   # "Verder met mijn melding"
    answer_intake(stack, sender, going_on, {"place_type": "camping", "people": "vier vrouwen van rond de 20",
                                         "frequency": "drie avonden", "reporter_role": "als burger"})
    reply = texts(say(stack, sender, "maar er is nu geen gevaar hoor, er gebeurt nu niks, het is middag"))
    assert slots(stack, sender)["acute"] is False and "geen direct gevaar" in reply
    assert "er is nu geen gevaar hoor" not in (slots(stack, sender).get("description") or "")
    routes = texts(say(stack, sender, "/affirm"))
    assert "Alarmnummer 112" not in routes


def test_a_question_whether_the_owner_hears_who_reported_is_answered(stack):
    sender = "round28-owner"
    reply = texts(say(stack, sender, "hoort de eigenaar van het vakantiepark dan dat ik het gemeld heb?"))
    assert NOT_UNDERSTOOD not in reply and "Meld Misdaad Anoniem" in reply


def test_an_addition_given_with_its_code_in_one_message_is_stored_without_asking_again(stack):
    """Persona run: "Ik wil mijn melding aanvullen met code ... Aanvulling: ..." started a new report."""
    sender = "round28-addition"
    first = say(stack, sender, "In een woning in Zwolle wonen tien mannen die elke dag met een busje naar een "
                               "slachterij gaan. De baas houdt hun paspoorten.")
    answer_intake(stack, sender, first, {"place_type": "een woning", "people": "tien mannen",
                                         "concerns": "ze zijn bang", "frequency": "al maanden",
                                         "reporter_role": "als burger"})
    say(stack, sender, "/affirm")
    kept = texts(say(stack, sender, "/affirm"))
    code = next(w.strip(".,") for w in kept.split() if w.count("-") == 2 and len(w.strip(".,")) == 14)
    reply = texts(say(stack, sender, f"Ik wil mijn melding aanvullen met code {code}. Aanvulling: gisteren "
                                     f"kwamen er nog vier mannen bij en een van hen had een blauw oog."))
    assert "aanvulling is bewaard" in reply and "Wat wil je aanvullen" not in reply
    assert not slots(stack, sender).get("requested_slot")   # no new intake
    again = texts(say(stack, sender, f"ik wil nog iets aanvullen bij {code}"))
    assert "Wat wil je aanvullen" in again   # without the words, the form asks for them
