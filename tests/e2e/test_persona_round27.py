"""What broke in the persona runs of stop 27 (a grandmother, a wijkteam worker, a Romanian
worker), as conversations with the running assistant. Messages written for this test."""
from __future__ import annotations

import pytest

from tests.e2e.chat import answer_intake, say, slots, texts

pytestmark = [pytest.mark.rasa_server, pytest.mark.slow]

NOT_UNDERSTOOD = "begrijp ik niet"


def test_a_grandmothers_long_answer_with_niet_is_no_correction_and_keeps_her_story(stack):
    sender = "round27-oma"
    say(stack, sender, "goedendag, ik weet niet of ik hier goed zit hoor, het regent al de hele week in Emmen. "
                       "Ik maak me zorgen over mijn kleinzoon")
    assert slots(stack, sender)["gemeente"] == "Emmen"
    reply = texts(say(stack, sender, (
        "plek? ik weet niet zo goed wat u bedoelt... het gaat niet over mij hoor, het gaat over mijn kleinzoon, "
        "hij is 14. Hij heeft ineens dure schoenen en een nieuwe telefoon en hij wordt 's nachts gebeld.")))
    known = slots(stack, sender)
    assert "veranderd" not in reply and known["gemeente"] == "Emmen"   # "ik weet" was read as Weert
    assert "dure schoenen" in known["description"]


def test_the_role_said_outright_as_a_citizen_wins_over_a_later_job_word(stack):
    sender = "round27-role"
    say(stack, sender, "De buurjongen van 14 moet voor oudere jongens pakketjes rondbrengen in Assen en is bang.")
    for _ in range(6):
        if slots(stack, sender).get("requested_slot") == "reporter_role":
            break
        say(stack, sender, "weet ik niet")
    assert slots(stack, sender).get("requested_slot") == "reporter_role"
    say(stack, sender, "als burger, ik ben gewoon oma, ik werk al lang niet meer. Wordt hij opgepakt door de politie?")
    known = slots(stack, sender)
    assert known["reporter_role"] == "burger" and not known.get("professional_role")


def test_a_professionals_question_after_the_guidance_is_no_story(stack):
    sender = "round27-wijkteam"
    say(stack, sender, "Ik werk bij het sociaal wijkteam in Deventer. Waar meld ik zoiets als professional?")
    reply = texts(say(stack, sender, "Ja klopt. Het wijkteam is hier een stichting. Geldt de meldcode dan ook voor mij?"))
    known = slots(stack, sender)
    assert not known.get("description") and not known.get("requested_slot")   # no intake started
    assert "Wat voor plek" not in reply


def test_stop_button_title_typed_at_another_question_stops_and_nu_wissen_is_no_riddle(stack):
    sender = "round27-stop"
    say(stack, sender, "In de kas bij ons in Westland werken mannen die hun paspoort moeten afgeven aan de baas.")
    assert slots(stack, sender).get("requested_slot")
    stopped = texts(say(stack, sender, "Stoppen, niets bewaren"))
    assert "ik stop" in stopped.lower() and NOT_UNDERSTOOD not in stopped
    wiped = texts(say(stack, sender, "Nu wissen"))
    assert "gewist" in wiped and NOT_UNDERSTOOD not in wiped and "anders zeggen" not in wiped


def test_a_worker_who_says_geen_112_after_the_alert_is_not_asked_about_112_again(stack):
    sender = "round27-worker"
    say(stack, sender, "help, de coordinator slaat nu mijn collega in de caravan en hij bloedt")
    reply = texts(say(stack, sender, "nee geen 112. geen politie. hij is weg nu. ik wil niet politie"))
    assert "Heb je 112 gebeld" not in reply
    assert slots(stack, sender)["acute"] is False


def test_a_story_in_english_at_an_intake_question_gets_help_in_english_and_is_kept(stack):
    sender = "round27-english"
    say(stack, sender, "ik werk in champignon bedrijf in Horst aan de Maas. ik heb probleem met mijn baas en ik ben bang")
    assert slots(stack, sender).get("requested_slot")
    reply = texts(say(stack, sender, "it is about me. the agency took my passport and i pay 120 euro every week "
                                     "for a bed in a caravan with five other men. i am afraid they send me away."))
    assert "I only speak Dutch" in reply and "CoMensha" in reply
    assert "agency took my passport" in slots(stack, sender)["description"]


def test_the_text_for_the_anonymous_line_warns_about_words_that_point_to_the_reporter(stack):
    sender = "round27-mma"
    first = say(stack, sender, "Bij mijn buren in Leusden wonen steeds andere jonge vrouwen. Ze mogen niet alleen "
                               "naar buiten en een man houdt hun paspoorten.")
    answer_intake(stack, sender, first, {"place_type": "een woning", "people": "een stuk of zes vrouwen",
                                         "frequency": "al maanden", "reporter_role": "als burger"})
    say(stack, sender, "/affirm")
    kept = texts(say(stack, sender, "/affirm"))
    assert "Melding voor Meld Misdaad Anoniem" in kept
    assert "Lees de tekst eerst na" in kept   # "mijn buren" can point to the reporter


def test_keep_but_do_not_send_said_in_words_where_sending_was_asked(stack):
    sender = "round27-park"
    first = say(stack, sender, "Ik ben beheerder van een vakantiepark in Arnhem. Een uitzendbureau huurt zes chalets, "
                               "er slapen tien mannen per chalet en een man haalt elke vrijdag contant de huur op.")
    answer_intake(stack, sender, first, {"place_type": "vakantiepark", "frequency": "al maanden",
                                         "reporter_role": "voor mijn werk, beheerder"})
    asked = texts(say(stack, sender, "/affirm"))
    assert "sturen" in asked   # sending to the aandachtsfunctionaris is asked
    kept = texts(say(stack, sender, "nee nog niet versturen, wel bewaren"))
    assert "niets verstuurd" in kept.lower() or "niet verstuurd" in kept.lower()
    assert slots(stack, sender).get("phase") == "done"
