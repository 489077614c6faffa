"""Which messages stop at once, which ask first, and which are answers (bot.intake.turns)."""
import pytest

from bot.intake.language import LanguageDetector
from bot.store.codes import new_reference_code
from bot.intake.turns import asks_to_stop, delete_request, is_clear_stop, is_interruption, only_goes_on


@pytest.mark.parametrize("text", ["stop", "Stop!", "/stop", "STOPPEN", "ik wil stoppen",
                                  "verwijder mijn gesprek", "wis alles"])
def test_clear_stops(text):
    assert is_clear_stop(text)


@pytest.mark.parametrize("text", ["laat maar zitten", "hou maar op hiermee?", "schiedam, staat er toch in",
                                  "stop ermee maar eerst nog iets"])
def test_not_clear_stops(text):
    assert not is_clear_stop(text)


def test_a_stop_the_nlu_guesses_asks_first_unless_it_is_an_answer():
    assert asks_to_stop("laat maar zitten", "stop")
    assert not asks_to_stop("schiedam, staat er toch in", "stop", recognised=True)
    assert not asks_to_stop("stop", "stop")  # clear: stops at once
    long = "ik wil eigenlijk stoppen maar ik zag dat ze elke avond met een busje worden opgehaald"
    assert not asks_to_stop(long, "stop")  # a story is an answer


def test_a_recognised_answer_is_never_a_stop():
    assert not is_interruption("gemeente", "schiedam, staat er toch in", "stop", 0.99, recognised=True)
    assert is_interruption("gemeente", "stop", "greet", 0.3)


def test_delete_request_finds_the_code():
    code = new_reference_code()
    assert delete_request(f"verwijder melding {code.lower()}") == code
    assert delete_request(f"wis mijn melding {code}") == code
    assert delete_request("verwijder mijn gesprek") is None
    assert delete_request(f"mijn code is {code}") is None


@pytest.mark.parametrize("text, code", [
    ("hello, I need help, my employer keeps my documents", "en"),
    ("Dzień dobry, szef zabrał mi paszport i nie płaci mi", "pl"),
    ("Bună ziua, am nevoie de ajutor", "ro"), ("Merhaba, yardım istiyorum", "tr"),
    ("Здравейте, шефът ми взе паспорта", "bg"), ("Привіт, мені потрібна допомога", "uk"),
    ("مرحبا، أحتاج مساعدة", "ar")])
def test_other_languages_are_recognised(text, code):
    assert LanguageDetector.from_yaml().detect(text).code == code


@pytest.mark.parametrize("text", ["De baas houdt hun paspoorten vast", "schiedam, staat er toch in",
                                  "help", "ok", "Ze werken in de kas, de boss is streng", ""])
def test_dutch_and_unclear_text_stays_dutch(text):
    assert LanguageDetector.from_yaml().detect(text) is None


def test_every_language_text_names_112_and_who_helps():
    for language in LanguageDetector.from_yaml().languages.values():
        assert "112" in language.text and "CoMensha" in language.text and "FairWork" in language.text
        assert "0800-7000" in language.text


def test_stopping_said_of_others_is_no_request_to_stop():
    from bot.intake.turns import asks_to_stop
    assert not asks_to_stop("ze willen stoppen maar mogen niet", "stop")
    assert not asks_to_stop("hij laat haar niet stoppen", "stop")
    assert asks_to_stop("laat maar zitten", "stop")


@pytest.mark.parametrize("text, yes", [
    ("ja klopt wel, alleen die zin over de folie was niet af", True), ("klopt wel hoor", True),
    ("ja maar de gemeente is Leusden", False), ("klopt niet", False), ("jammer", False),
])
def test_a_yes_with_a_remark(text, yes):
    from bot.intake.turns import starts_with_yes
    assert starts_with_yes(text) is yes


@pytest.mark.parametrize("text, go_on", [
    ("Verder met mijn melding", True), ("ga verder", True), ("verder!", True),
    ("verder weg in de straat", False), ("op straat", False), ("een woning", False),
])
def test_only_go_on_is_no_answer(text, go_on):
    assert only_goes_on(text) is go_on


# ---------------------------------------------------------------- persona run, issue 13
from bot.intake.turns import asks_why, denies_danger, split_question, wants_to_ask  # noqa: E402


@pytest.mark.parametrize("text,denied", [
    ("Er is geen direct gevaar hoor", True),
    ("112?? het is nu niet aan de gang hoor, het is overdag", True),
    ("ze is niet in gevaar nu", True),
    ("nee hoor er gebeurt nu niks, het is middag", True),   # persona run, stop 28
    ("nu is er niets aan de hand", True),
    ("er gebeurt nu iets ergs, hij slaat haar", False),
    ("hij is in gevaar, hij slaat haar", False),
    ("er is gevaar", False),
])
def test_saying_there_is_no_danger_now(text, denied):
    assert denies_danger(text) is denied


@pytest.mark.parametrize("text,asks", [
    ("ik wil ook nog iets anders vragen", True),
    ("nee wacht, ik had een vraag", True),
    ("Ik heb eerst een vraag", True),
    ("ik heb een vraag over de buren die daar werken", False),  # the question itself: an answer or a question
    ("ik wil iets melden", False),
])
def test_announcing_a_question(text, asks):
    assert wants_to_ask(text) is asks


def test_a_message_splits_into_what_is_said_and_what_is_asked():
    assert split_question("vandaag, bij controle vanochtend. wat gebeurt er eigenlijk na mijn melding?") == (
        "vandaag, bij controle vanochtend.", "wat gebeurt er eigenlijk na mijn melding?")
    assert split_question("gewoon een antwoord") == ("gewoon een antwoord", "")


@pytest.mark.parametrize("text,why", [
    ("waarom is de gemeente nodig?", True),
    ("Waarom vraag je dat?", True),
    ("waarom wil je dat weten", True),
    ("waarom slapen ze daar?", False),      # a question about the situation, not about ours
    ("ze weten niet waarom", False),
])
def test_asking_why_a_question_is_asked(text, why):
    assert asks_why(text) is why


@pytest.mark.parametrize("text,called", [
    ("ok ik heb 112 gebeld, hotel is ergens in amsterdam", True),
    ("ik heb toch al gebeld??", True),
    ("de politie is onderweg", True),
    ("ik heb haar gebeld maar ze neemt niet op", False),
    ("mijn moeder heeft gebeld", False),
    ("mijn mentor heeft net 112 gebeld", True),   # persona run, stop 28: someone else called
])
def test_saying_that_112_was_called(text, called):
    from bot.intake.turns import called_emergency
    assert called_emergency(text) is called


def test_saying_one_does_not_want_to_report_asks_whether_to_stop():
    from bot.intake.turns import asks_to_stop
    # persona run (stop 26): it was kept as what was seen
    assert asks_to_stop("Dank u wel. Ik wil nu niets melden. Fijne dag nog.", "nlu_fallback")
    assert not asks_to_stop("ze wil niets melden want ze is bang", "report_situation")


@pytest.mark.parametrize("text, nothing", [
    ("Nee, niets bewaren", True),
    ("i dont know. nee, niets bewaren. ik bel fairwork misschien", True),   # persona run, stop 27
    ("ik wil niets bewaren?", False),
    ("bewaar het maar", False),
])
def test_nothing_kept_also_as_one_sentence_among_others(text, nothing):
    from bot.intake.turns import wants_nothing

    assert wants_nothing(text) is nothing


@pytest.mark.parametrize("text, keep", [
    ("Nee nog nie versturen, wel bewaren", True),      # persona run, stop 27 (a park manager)
    ("wel bewaren maar niet versturen", True),
    ("niets bewaren en niets sturen", False),
    ("niet versturen", False),
    ("niet versturen, wel bewaren?", False),
])
def test_keeping_without_sending_said_outright(text, keep):
    from bot.intake.turns import keeps_not_sends

    assert keeps_not_sends(text) is keep


def test_the_addition_beside_a_reference_code_is_what_is_added():
    from bot.intake.turns import addition_beside_code

    text = ("Ik wil mijn melding aanvullen met code AGJM-1K47-FW8N. Aanvulling: vannacht kwam er een "
            "vijfde vrouw bij en de man nam haar telefoon af.")
    assert addition_beside_code(text) == ("vannacht kwam er een vijfde vrouw bij en de man nam haar "
                                          "telefoon af")
    assert addition_beside_code("ik wil iets aanvullen bij AGJM-1K47-FW8N") is None  # the form asks for it
