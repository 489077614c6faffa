"""The seven defects outsiders found (issue 10), each as a conversation with the running stack.

Each test talks over REST as a web page would and reads the tracker through Rasa's API,
so it checks what people see and what the assistant actually holds.
"""
from __future__ import annotations

import re

import pytest

from tests.e2e.chat import say, slots, texts

pytestmark = [pytest.mark.rasa_server, pytest.mark.slow]

STORY = ("Bij mijn buren wonen steeds andere jonge vrouwen. Ze mogen niet alleen naar buiten en "
         "een man haalt ze elke avond op met een busje.")
CODE = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b")


def intake(stack, sender: str, *, gemeente="Vlaardingen", role="buurvrouw") -> str:
    """Tell the story and answer every question; returns the summary text."""
    say(stack, sender, STORY)
    say(stack, sender, gemeente)
    say(stack, sender, "een woning")
    say(stack, sender, "10 of 12 vrouwen")
    say(stack, sender, "/dont_know")
    say(stack, sender, "al een paar maanden")
    return texts(say(stack, sender, role))


def test_1_a_short_answer_never_wipes_a_report(stack):
    sender = "defect-1"
    say(stack, sender, STORY)
    # NLU may read this as "stop"; it is the answer to the gemeente question
    reply = texts(say(stack, sender, "schiedam, staat er toch in"))
    assert "Wat voor plek" in reply and "stop" not in reply.lower()
    assert slots(stack, sender)["gemeente"] == "Schiedam"
    # a message that may mean stop asks first, and "nee" goes on with nothing lost
    asked = say(stack, sender, "laat maar zitten")
    assert "Wil je stoppen?" in texts(asked)
    assert {b["payload"] for b in asked[0]["buttons"]} == {"/stop", "/deny"}
    assert "Wat voor plek" in texts(say(stack, sender, "/deny"))
    assert slots(stack, sender)["description"] == STORY


def test_1_a_mistaken_stop_is_undone_by_the_next_message(stack):
    sender = "defect-1-undo"
    say(stack, sender, STORY)
    say(stack, sender, "Vlaardingen")
    stopped = say(stack, sender, "stop")
    assert "Toch verder" in [b["title"] for m in stopped for b in m.get("buttons") or []]
    assert "niets bewaard en niets verstuurd" in texts(stopped)
    assert slots(stack, sender).get("description") is None  # the conversation itself is reset
    back = texts(say(stack, sender, "wat?? ik zei niet stop!"))
    assert "verder waar we waren" in back and "Wat voor plek" in back
    assert slots(stack, sender)["description"] == STORY and slots(stack, sender)["gemeente"] == "Vlaardingen"
    assert slots(stack, sender).get("stop_snapshot") is None
    # any other next message really wipes it: an undo after that has nothing to bring back
    say(stack, sender, "stop")
    assert "heb ik nu gewist" in texts(say(stack, sender, "hallo"))  # said when it happens
    assert "geen gesprek meer om terug te halen" in texts(say(stack, sender, "/undo_stop"))
    assert slots(stack, sender).get("description") is None


def test_1_coming_back_after_a_stop_and_saying_no_to_stopping(stack):
    sender = "defect-1-back"
    say(stack, sender, STORY)
    say(stack, sender, "Vlaardingen")
    say(stack, sender, "stop")
    back = texts(say(stack, sender, "ik ben er weer, sorry, mijn man kwam binnen"))
    assert "verder waar we waren" in back and "Wat voor plek" in back
    assert slots(stack, sender)["description"] == STORY  # the remark did not become the story
    say(stack, sender, "een woning")
    assert "Wil je stoppen?" not in texts(say(stack, sender, "ik wil niet stoppen"))


def test_5_a_gemeente_named_in_the_story_is_not_asked_again(stack):
    sender = "defect-5-named"
    reply = texts(say(stack, sender, "ik woon in zwolle en naast mij worden elke nacht vrouwen naar binnen "
                                     "gebracht door een man, ze mogen niet zelf naar buiten"))
    assert "Uit je bericht haal ik: gemeente Zwolle" in reply and "Wat voor plek" in reply
    assert "In welke gemeente" not in reply and slots(stack, sender)["gemeente"] == "Zwolle"


def test_5_a_gemeente_in_the_story_after_the_welcome_or_after_112_is_not_asked_again(stack):
    sender = "defect-5-named-later"
    say(stack, sender, "hoi")
    reply = texts(say(stack, sender, "mijn buurman in tilburg laat 's nachts steeds busjes met mannen "
                                     "komen, ze slapen met 12 in dat huis"))
    assert "Uit je bericht haal ik: gemeente Tilburg" in reply and "In welke gemeente" not in reply
    assert slots(stack, sender)["gemeente"] == "Tilburg"
    sender = "defect-5-named-acute"
    reply = texts(say(stack, sender, "ik sta in Deventer bij de supermarkt, een jongen van 15 wordt net "
                                     "een busje in geduwd en hij huilt"))
    assert reply.index("Dit klinkt als direct gevaar") < reply.index("gemeente Deventer")
    say(stack, sender, "ja heb gebeld")
    assert slots(stack, sender)["gemeente"] == "Deventer"


def test_5_a_go_on_typed_again_at_the_next_question_fills_nothing(stack):
    sender = "defect-5-go-on"
    # (no kind of place or age in the story: those would not be asked, issue 13)
    say(stack, sender, "ik sta in Deventer, er wordt net iemand een busje in geduwd en hij huilt")
    assert "Wat voor plek" in texts(say(stack, sender, "ja heb gebeld"))
    reply = texts(say(stack, sender, "verder met mijn melding"))
    assert "Wat voor plek" in reply and slots(stack, sender)["place_type"] is None


def test_5_a_yes_with_a_remark_confirms_the_summary_and_the_remark_stays_out(stack):
    sender = "defect-5-yes"
    intake(stack, sender)
    reply = texts(say(stack, sender, "ja klopt wel, alleen die laatste zin was niet af"))
    assert "Hier kun je dit melden" in reply and "toegevoegd" not in reply
    assert "niet af" not in slots(stack, sender)["description"]


def test_2_statements_about_storing_and_sending_are_true(stack):
    # declined: nothing kept, and no "people at the meldpunt look at your report"
    sender = "defect-2a"
    intake(stack, sender)
    say(stack, sender, "/affirm")
    declined = texts(say(stack, sender, "/deny"))
    assert "niets verstuurd en niets bewaard" in declined and "bekijken je melding" not in declined
    assert "niets bewaard en niets verstuurd" in texts(say(stack, sender, "is mijn melding nu bewaard?"))

    # kept (a citizen in a gemeente without a mailbox): a code, nothing sent, and stop says so
    sender = "defect-2b"
    intake(stack, sender, gemeente="Leusden")
    say(stack, sender, "/affirm")
    kept = texts(say(stack, sender, "/affirm"))
    code = CODE.search(kept).group(0)
    assert "niets verstuurd" in kept and "bekijken je melding" not in kept
    status = texts(say(stack, sender, "is mijn melding nu bewaard of verstuurd?"))
    assert code in status and "Er is niets verstuurd" in status
    stopped = texts(say(stack, sender, "stop"))
    assert code in stopped and "niet verstuurd" in stopped and "ontvanger" not in stopped
    assert "niets bewaard" not in stopped


def test_2_deleting_a_report_by_its_code_says_what_was_deleted(stack):
    sender = "defect-2c"
    intake(stack, sender, gemeente="Leusden")
    say(stack, sender, "/affirm")
    code = CODE.search(texts(say(stack, sender, "/affirm"))).group(0)
    asked = texts(say(stack, sender, f"verwijder melding {code}"))
    assert code in asked and "wissen" in asked
    done = texts(say(stack, sender, "/affirm"))
    assert "gewist" in done and "niets verstuurd" in done
    assert "gewist" in texts(say(stack, sender, "is mijn melding nog bewaard?"))


def test_3_a_question_at_the_consent_step_keeps_its_buttons(stack):
    sender = "defect-3"
    intake(stack, sender)
    say(stack, sender, "/affirm")  # summary confirmed: routes and the consent question
    answer = say(stack, sender, "is dit anoniem?")
    assert "naam niet te geven" in texts(answer)
    assert answer[-1].get("buttons"), "the consent question is asked again, with its buttons"
    status = texts(say(stack, sender, "is mijn melding nu bewaard of verstuurd?"))
    assert "niets bewaard en niets verstuurd" in status
    declined = texts(say(stack, sender, "/deny"))
    assert "niets verstuurd en niets bewaard" in declined  # the button still works


def test_4_no_trap_in_the_code_question(stack):
    sender = "defect-4a"
    say(stack, sender, "help hij slaat haar nu")
    reply = texts(say(stack, sender, "Verder met mijn melding"))
    assert "code" not in reply.lower()
    sender = "defect-4b"
    say(stack, sender, "ik wil iets aanvullen op mijn melding")
    out = texts(say(stack, sender, "ik heb geen code"))
    assert "nieuwe melding" in out and "ken ik niet" not in out


def test_5_answers_land_in_their_own_field(stack):
    sender = "defect-5"
    say(stack, sender, STORY)
    say(stack, sender, "Amersfoort")
    # any words describe a place
    reply = texts(say(stack, sender, "voor de ingang van de supermarkt"))
    assert "Daar kan ik je niet mee helpen" not in reply and "Om hoeveel mensen" in reply
    before = slots(stack, sender)
    say(stack, sender, "hoe laat is het?")  # a question in between fills nothing
    after = slots(stack, sender)
    assert {k: after[k] for k in ("people", "concerns", "frequency")} == \
        {k: before[k] for k in ("people", "concerns", "frequency")}
    for answer in ("10 of 12 mannen", "/dont_know", "al een paar maanden", "buurman"):
        say(stack, sender, answer)
    assert slots(stack, sender)["frequency"] == "al een paar maanden"
    # a correction in words at the summary is applied and confirmed
    corrected = texts(say(stack, sender, "niet amersfoort maar leusden"))
    assert "Leusden" in corrected and slots(stack, sender)["gemeente"] == "Leusden"
    # after the report is done, a question does not reopen it
    say(stack, sender, "/affirm")
    say(stack, sender, "/affirm")
    again = texts(say(stack, sender, "is dit anoniem?"))
    assert "Klopt dit?" not in again and not CODE.search(again)


def test_6_people_s_own_words_are_not_turned_against_them(stack):
    sender = "defect-6"
    say(stack, sender, "Mijn dochter van 15 gaat steeds met een veel oudere man mee. Ik ben zo bang.")
    assert "bang" not in (slots(stack, sender)["signal_ids"] or [])  # the mother's fear
    for answer in ("Utrecht", "een woning", "een man van rond de 40", "/dont_know", "sinds de zomer",
                   "ik ben haar moeder"):
        say(stack, sender, answer)
    routes = texts(say(stack, sender, "/affirm"))
    assert "Veilig Thuis" in routes  # the daughter of 15 is still a minor
    sender = "defect-6b"
    intake(stack, sender, gemeente="Utrecht")
    assert slots(stack, sender)["minor"] is False  # "10 of 12 vrouwen" are no children
    say(stack, sender, "/correct")
    say(stack, sender, "wie")
    say(stack, sender, "12 volwassen mannen, tussen de 20 en 50")
    routes = texts(say(stack, sender, "/affirm"))
    assert "kind" not in routes.lower() and "minderjarig" not in routes.lower()


def test_7_victims_and_other_languages_get_help(stack):
    sender = "defect-7a"
    say(stack, sender, "ik moet elke dag werken, de baas heeft mijn paspoort en ik mag niet weg")
    help_text = texts(say(stack, sender, "wie helpt mij nu? krijg ik problemen met politie?"))
    assert "CoMensha" in help_text and "geen straf" in help_text and "politie" in help_text
    assert "vraag CoMensha of een advocaat" in help_text  # "meestal", never a promise (persona run)
    polish = texts(say(stack, "defect-7b", "Dzień dobry, szef zabrał mi paszport i nie płaci mi od trzech miesięcy"))
    assert "112" in polish and "CoMensha" in polish and "Zadzwoń" in polish
    for sender, text, word in [("defect-7c", "Bună ziua, am nevoie de ajutor, șeful mi-a luat pașaportul", "Sună"),
                               ("defect-7d", "Здравейте, шефът ми взе паспорта", "Обадете"),
                               ("defect-7e", "مرحبا، أحتاج مساعدة", "اتصل")]:
        reply = texts(say(stack, sender, text))
        assert word in reply and "112" in reply


def test_7_welcome_and_112_check_whatever_the_first_message(stack):
    for sender, first in [("welcome-1", STORY), ("welcome-2", "is dit anoniem?"),
                          ("welcome-3", "asdfgh")]:
        reply = texts(say(stack, sender, first))
        assert "Niet-pluis" in reply and "112" in reply, first
    acute = say(stack, "welcome-4", "help hij slaat haar nu en ze zit opgesloten")
    assert "112" in acute[0]["text"] and "Niet-pluis" in texts(acute[1:])


def test_consent_to_send_is_a_button_or_a_clear_yes(stack):
    """Issue 12: "oké", "ja maar niet versturen" and "niets bewaren" sent or kept a report."""
    import time

    sender = "consent-hedged"
    intake(stack, sender, role="ik ben wijkagent")   # Vlaardingen's aandachtsfunctionaris has a mailbox
    asked = say(stack, sender, "/affirm")
    assert "Mag ik deze samenvatting" in texts(asked)
    for hedge in ("oké", "ja maar niet versturen"):
        reply = say(stack, sender, hedge)
        assert [b["payload"] for b in reply[-1]["buttons"]] == ["/affirm", "/keep_only", "/deny"], hedge
        assert not CODE.search(texts(reply))
    assert "niets bewaard en niets verstuurd" in texts(say(stack, sender, "is mijn melding nu bewaard?"))
    kept = texts(say(stack, sender, "/keep_only"))
    code = CODE.search(kept).group(0)
    assert "Ik heb niets verstuurd" in kept
    time.sleep(3)   # the outbox polls every second in this stack: a queued mail would be out by now
    mails = [p for p in (stack["tmp"] / "mail").glob("*") if code in p.read_text(errors="ignore")]
    assert mails == []
    assert "Er is niets verstuurd" in texts(say(stack, sender, "is mijn melding nu bewaard of verstuurd?"))

    # the third button's words, typed: nothing kept, whatever the NLU reads in "bewaren"
    sender = "consent-nothing"
    intake(stack, sender, role="ik ben wijkagent")
    say(stack, sender, "/affirm")
    say(stack, sender, "prima")
    declined = texts(say(stack, sender, "Niets bewaren"))
    assert "niets verstuurd en niets bewaard" in declined and not CODE.search(declined)


def test_a_story_in_short_messages_in_a_row_is_kept_not_filed_as_answers(stack):
    """Persona run (a mother on her phone): each short message was taken as the answer to the
    question just asked; the boyfriend became "Die gemeente ken ik niet", the hotel this
    weekend became the role "burger" and was missing from the summary."""
    sender = "short-messages-1"
    first = texts(say(stack, sender, "mijn dochter lotte ze is 15"))
    assert "begrijp ik niet" not in first and "In welke gemeente" in first
    more = texts(say(stack, sender, "ze heeft een vriend van 24 die haar dure dingen geeft"))
    assert "ken ik niet" not in more and "bij wat je zag" in more and "In welke gemeente" in more
    say(stack, sender, "Zwolle")
    say(stack, sender, "ze moet dit weekend met een vriend van hem naar een hotel")
    description = slots(stack, sender)["description"]
    assert "vriend van 24" in description and "weekend" in description and "hotel" in description


def test_a_short_time_answer_at_the_summary_is_no_follow_up_and_a_word_in_english_no_stop(stack):
    # Live conversations of stop 25 on a model trained with more FAQ questions: "sinds de
    # zomer" at "Klopt dit?" opened the follow-up form ("Wat is je code?") and "greenhouse"
    # asked "Wil je stoppen?". Neither may happen.
    sender = "short-at-summary"
    say(stack, sender, "Ik ben toezichthouder in Doetinchem. In een loods slapen 12 Roemeense mannen op "
                       "matrassen, de baas houdt hun id-kaarten.")
    say(stack, sender, "ze zijn bang voor de baas")
    assert "Klopt dit?" in texts(say(stack, sender, "sinds de zomer"))
    reply = texts(say(stack, sender, "sinds de zomer"))  # the same words again, at the summary
    assert "Wat is je code" not in reply, reply
    sender = "english-word"
    say(stack, sender, "hello I want to report something, my friend works in a greenhouse and boss has her passport")
    say(stack, sender, "Westland")
    reply = texts(say(stack, sender, "greenhouse"))
    assert "Wil je stoppen" not in reply and "gewist" not in reply
