"""Professionals and questions (issue 13), as conversations with the running stack: the
municipal route without asking the gemeente again, answers to common questions from both
paths and mid-intake, a story whose facts are not asked again, and the formal summary."""
from __future__ import annotations

import time
from email import message_from_string
from email.policy import default as default_policy

import pytest

from tests.e2e.chat import answer_intake, say, slots, texts
from tests.e2e.test_conversations import CODE

pytestmark = [pytest.mark.rasa_server, pytest.mark.slow]


def test_a_toezichthouder_hears_the_municipal_route_without_being_asked_the_gemeente(stack):
    reply = texts(say(stack, "pro-doetinchem", "Ik ben toezichthouder in Doetinchem, waar meld ik dit?"))
    assert "aandachtsfunctionaris mensenhandel van gemeente Doetinchem (via 14 + netnummer)" in reply  # R5
    assert "toezichthouder" in reply and "rapport" in reply  # the duties of the role
    assert "AVG" in reply and "CoMensha" in reply
    assert "In welke gemeente" not in reply
    assert slots(stack, "pro-doetinchem")["gemeente"] == "Doetinchem"


def test_a_huisarts_in_a_configured_gemeente_gets_its_contact_and_the_beroepsgeheim(stack):
    reply = texts(say(stack, "pro-arnhem", "ik ben huisarts in Arnhem, bij wie kan ik dit melden?"))
    assert "Test-aandachtsfunctionaris Arnhem (fictief)" in reply and "aandachtsfunctionaris@arnhem.example" in reply
    assert "beroepsgeheim" in reply and "meldrecht" in reply


def test_a_citizen_asking_where_gets_the_public_routes_and_the_anonymous_trade_off(stack):
    reply = texts(say(stack, "burger-where", "waar kan ik dit melden?"))
    assert "0900-8844" in reply and "0800-7000" in reply and "geen getuige" in reply
    # the professional route only as such, with how to ask for it
    assert "Werk je als professional" in reply and "Ik ben huisarts in Arnhem" in reply
    assert "Test-aandachtsfunctionaris" not in reply


@pytest.mark.parametrize("question,expected", [
    ("Wat doet CoMensha eigenlijk?", "registreert"),
    ("Wat is een zorgcoördinator mensenhandel?", "zorgcoördinator"),
    ("Wat is het verschil tussen mensenhandel en mensensmokkel?", "smokkel"),
    ("Wordt een jongen van 16 die gedwongen drugs moet verkopen zelf gestraft?", "non-punishment"),
    ("wat gebeurt er nadat ik een melding heb gedaan", "bekijken"),
])
def test_common_questions_are_answered_then_the_welcome(stack, question, expected):
    reply = texts(say(stack, f"faq-{abs(hash(question))}", question))
    assert expected in reply
    assert reply.index(expected) < reply.index("Ik ben Niet-pluis")  # the answer first, then who we are


def test_a_question_mid_intake_is_answered_and_the_intake_goes_on(stack):
    sender = "faq-mid-intake"
    say(stack, sender, "Bij ons in de straat wonen steeds andere jonge vrouwen en een man haalt ze elke avond op.")
    say(stack, sender, "Deventer")
    reply = texts(say(stack, sender, "wat doet Fier eigenlijk?"))
    assert "Fier" in reply and reply.rstrip().endswith("Wat voor plek was het?")
    assert slots(stack, sender)["place_type"] is None  # the question filled nothing


def test_a_story_that_says_gemeente_role_and_people_is_not_asked_them_and_the_mail_has_the_document(stack):
    sender = "pro-balie-aalten"
    first = say(stack, sender, "Ik werk bij de balie van burgerzaken in Arnhem. Er kwam een man met drie vrouwen "
                               "die zich op zijn adres wilden inschrijven. Hij had hun paspoorten. Bij wie moet ik zijn?")
    reply = texts(first)
    assert "gemeente Arnhem" in reply and "drie vrouwen" in reply and "baliemedewerker" in reply
    assert "Test-aandachtsfunctionaris Arnhem (fictief)" in reply  # the question in the story is answered
    summary, asked = answer_intake(stack, sender, first, {"place_type": "gemeentehuis", "frequency": "vandaag"})
    assert not {"gemeente", "people", "reporter_role"} & set(asked), asked
    assert "baliemedewerker" in summary
    say(stack, sender, "/affirm")
    done = texts(say(stack, sender, "/affirm"))
    code = CODE.search(done).group(0)
    # the text to copy follows the professional's route, not a meldpunt's form (persona run, stop 27)
    assert "Melding voor" not in done
    deadline, documents = time.time() + 60, []
    while time.time() < deadline and not documents:
        for path in (stack["tmp"] / "mail").glob("*.eml"):
            mail = message_from_string(path.read_text(errors="replace"), policy=default_policy)
            documents += [p.get_content() for p in mail.iter_attachments()
                          if p.get_filename() == f"niet-pluis-{code}.html"]
        time.sleep(1)
    assert documents, "no formal summary attached to the mail"
    assert "Route en waarom" in documents[0] and "baliemedewerker" in documents[0]


# ---------------------------------------------------------------- persona runs (issue 13)
STORY = "Bij ons in de straat wonen steeds andere jonge vrouwen en een man haalt ze elke avond op met een busje."


def test_a_long_question_at_the_gemeente_question_is_answered_not_read_as_a_gemeente(stack):
    sender = "persona-long-question"
    say(stack, sender, STORY)
    reply = texts(say(stack, sender, "Oké. En is het niet gevaarlijk voor mij als ik iets meld? Ik sta hier nog een "
                                     "week en die mannen lopen hier ook rond."))
    assert "Die gemeente ken ik niet" not in reply
    assert reply.rstrip().endswith("In welke gemeente was dit?")


def test_an_answer_with_a_question_keeps_the_answer_and_answers_the_question(stack):
    sender = "persona-answer-and-question"
    say(stack, sender, STORY)
    say(stack, sender, "Deventer")
    say(stack, sender, "een woning")
    say(stack, sender, "drie vrouwen")
    say(stack, sender, "/dont_know")
    reply = texts(say(stack, sender, "al een paar maanden. wat gebeurt er eigenlijk na mijn melding?"))
    assert slots(stack, sender)["frequency"] == "al een paar maanden."
    assert "Sinds wanneer" not in reply


def test_announcing_a_question_is_not_an_answer(stack):
    sender = "persona-announce"
    say(stack, sender, STORY)
    say(stack, sender, "Deventer")
    reply = texts(say(stack, sender, "ik wil ook nog iets anders vragen"))
    assert "Stel je vraag maar" in reply and slots(stack, sender)["place_type"] is None


def test_no_danger_said_after_a_112_alert_is_what_the_report_says(stack):
    sender = "persona-no-danger"
    say(stack, sender, "Mijn buurman slaat zijn vrouw nu, ik hoor haar gillen. Ze werkt voor hem in zijn zaak zonder loon.")
    assert slots(stack, sender)["acute"] is True
    reply = texts(say(stack, sender, "nee sorry, er is geen direct gevaar hoor, dat was gisteren"))
    assert "geen direct gevaar" in reply
    assert slots(stack, sender)["acute"] is False


def test_a_question_after_a_finished_report_does_not_start_a_new_one(stack):
    sender = "persona-after-report"
    first = say(stack, sender, STORY + " Het is in Deventer.")
    answer_intake(stack, sender, first, {"place_type": "woning", "people": "drie vrouwen", "frequency": "al weken",
                                         "reporter_role": "buurvrouw"})
    say(stack, sender, "/affirm")
    done = texts(say(stack, sender, "/keep_only"))
    assert CODE.search(done)
    reply = texts(say(stack, sender, "Dank. Moet ik dit nu ook nog bij de politie melden?"))
    assert "In welke gemeente" not in reply and "Goed dat je het meldt" not in reply
    assert slots(stack, sender)["description"]  # the finished report was not emptied for a new one


def test_a_first_story_the_nlu_cannot_place_is_kept_as_the_story(stack):
    sender = "persona-terse-boa"
    reply = texts(say(stack, sender, "boa westland. 14 arbeiders aangetroffen in loods bij controle. wil melden. snel graag"))
    assert "begrijp ik niet" not in reply
    assert slots(stack, sender)["description"]
