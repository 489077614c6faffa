"""What was left from the persona runs of stop 28 (a mother about her daughter, a 16-year-old
about her friend, a camping guest, a huisarts) and the danger-now phrasings of the stop-29
blind writers, as conversations with the running assistant. Messages written for this test."""
from __future__ import annotations

import pytest

from tests.e2e.chat import answer_intake, say, slots, texts

pytestmark = [pytest.mark.rasa_server, pytest.mark.slow]

ALERT = "Bel nu 112"


def test_asking_whether_to_call_the_police_now_is_no_danger_alert(stack):
    sender = "round29-whom"
    reply = texts(say(stack, sender, "Het meisje van de overburen (14) stapt elke avond in een auto bij oudere "
                                     "mannen. Moet ik nu zelf de politie bellen of Veilig Thuis?"))
    assert ALERT not in reply and slots(stack, sender).get("acute") is not True


@pytest.mark.parametrize("message", [
    # w24-style danger now without the words of the first lexicon (stop 29 dev writers)
    "het jongetje op de zolder aan de overkant klopt nu op het dakraam en doet zijn handen tegen elkaar "
    "alsof hij smeekt, daar ruikt het altijd naar wiet",
    "haar pols is vanochtend gebroken denk ik, maar haar baas laat haar niet naar de huisarts en hij staat nu "
    "naast haar in de hotelkamer",
    "een meisje van 16 uit de opvang wordt op dit moment bij het hek opgewacht door een man in een busje",
])
def test_danger_now_in_other_words_gets_112_first(stack, message):
    sender = f"round29-acute-{abs(hash(message)) % 10000}"
    replies = say(stack, sender, message)
    assert "112" in replies[0].get("text", "") and slots(stack, sender)["acute"] is True


def test_never_mind_then_yes_at_the_summary_confirms_and_does_not_stop(stack):
    sender = "round29-nevermind"
    first = say(stack, sender, "In Tiel moet de zoon van de buren (15) voor oudere jongens pakketjes rondbrengen. "
                               "Hij heeft een schuld bij ze en is bang.")
    summary, _ = answer_intake(stack, sender, first, {"place_type": "bij een woning", "people": "1 jongen van 15",
                                                      "concerns": "hij is bang", "frequency": "al twee maanden",
                                                      "reporter_role": "als burger"})
    assert "Klopt dit?" in summary
    reply = texts(say(stack, sender, "dat vroeg ik niet maar laat maar. Ja, dit klopt"))
    assert "Wil je stoppen" not in reply
    assert slots(stack, sender).get("description")   # nothing was wiped


def test_a_mother_who_asks_whether_her_daughter_gets_into_trouble_is_no_self_report(stack):
    sender = "round29-mother"
    first = say(stack, sender, "Mijn dochter van 16 heeft een vriend van 23. Hij laat haar met zijn vrienden "
                               "meegaan en ze krijgt daar geld voor. Wij wonen in Zwolle.")
    answer_intake(stack, sender, first, {"place_type": "bij iemand thuis", "people": "mijn dochter van 16",
                                         "concerns": "ze is bang van hem", "frequency": "sinds de zomer",
                                         "reporter_role": "als moeder dus. Als burger denk ik. maar krijgt ze "
                                                           "hier zelf problemen door?"})
    assert slots(stack, sender)["reporter_role"] == "burger"


def test_the_question_about_fear_speaks_of_them_when_there_are_several(stack):
    sender = "round29-plural"
    reply = texts(say(stack, sender, "Bij het chalet naast ons in Ede worden elke avond vier jonge vrouwen met een "
                                     "auto gebracht en gehaald door twee mannen."))
    assert "Lijken ze bang" in reply and "Lijkt de persoon" not in reply


def test_a_written_copy_of_the_report_is_explained_after_confirming(stack):
    sender = "round29-copy"
    first = say(stack, sender, "Ik ben huisarts in Arnhem. Een jonge vrouw kwam met een man die het woord deed en "
                               "haar paspoort vasthield. Ze had blauwe plekken.")
    answer_intake(stack, sender, first, {"place_type": "mijn praktijk", "people": "1 vrouw van ongeveer 20",
                                         "concerns": "ze was bang", "frequency": "eenmalig, vorige week",
                                         "reporter_role": "huisarts"})
    say(stack, sender, "/affirm")
    say(stack, sender, "/affirm")
    reply = texts(say(stack, sender, "Kan ik dit als schriftelijke samenvatting voor mijn dossier krijgen, per pdf?"))
    assert "Samenvatting downloaden" in reply


@pytest.mark.parametrize("message, expected", [
    # questions of the stop-29 persona runs that got "Die vraag begrijp ik niet goed" (their wording varied)
    ("waarom haal je het kenteken weg? dat is juist belangrijk voor de politie", "kentekens"),
    ("stuur jij dit nu door naar de politie of moet ik zelf bellen?", "Ik stuur nooit iets zonder dat jij het zegt"),
    ("hij kijkt altijd mijn telefoon, kan hij zien dat ik hier chat?", "privévenster"),
    ("ik heb camerabeelden van die kinderen in mijn winkel, mag ik die aan de politie geven?", "Stuur beelden niet hier"),
])
def test_questions_from_the_stop_29_persona_runs_are_answered(stack, message, expected):
    sender = f"round29-q-{abs(hash(message)) % 10000}"
    assert expected in texts(say(stack, sender, message))


def test_a_victim_who_wants_to_leave_hears_where_to_sleep_not_that_this_is_out_of_scope(stack):
    sender = "round29-leave"
    say(stack, sender, "ik ben 19 uit roemenie. mijn vriend laat mij met mannen slapen voor geld en hij houdt "
                       "mijn paspoort. it is me, ik wil hulp")
    reply = texts(say(stack, sender, "ik wil weg vandaag, hij is nu even weg. waar kan ik slapen?"))
    assert "Daar kan ik je niet mee helpen" not in reply and "CoMensha" in reply
