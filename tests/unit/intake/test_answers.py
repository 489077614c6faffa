"""The intake's interpretation of free answers (bot.intake.answers, turns, gemeenten)."""
import pytest

from bot.intake import answers as answers_module
from bot.intake.answers import AnswerReader, IntakeVocabulary
from bot.intake.contract import Slot
from bot.intake.gemeenten import GemeenteIndex
from bot.intake.turns import is_interruption

INDEX = GemeenteIndex.from_yaml()
intake = AnswerReader(IntakeVocabulary.from_yaml(), INDEX)


def get_index():
    return INDEX


def resolve(text):
    match = INDEX.resolve(text)
    return match.name if match else None


@pytest.mark.parametrize("text,expected", [
    ("Den Bosch", "'s-Hertogenbosch"), ("den haag", "Den Haag"), ("'s-Gravenhage", "Den Haag"),
    ("Amsterdm", "Amsterdam"), ("Roterdam", "Rotterdam"), ("in Doetinchem denk ik", "Doetinchem"),
    ("gemeente Westland", "Westland"), ("Sudwest Fryslan", "Súdwest-Fryslân"),
    ("Hoofddorp", "Haarlemmermeer"), ("BERGEN OP ZOOM", "Bergen op Zoom"),
])
def test_gemeente_names_aliases_and_typos(text, expected):
    assert resolve(text) == expected


def test_every_gemeente_resolves_to_itself():
    index = get_index()
    assert len(index.names) >= 342
    assert all(index.resolve(name).name == name for name in index.names)


@pytest.mark.parametrize("text", ["Bergen", "xyz", "", "ik weet het echt niet meer waar", "ik weet", "weet"])
def test_ambiguous_or_unknown_gemeente_is_not_guessed(text):
    assert resolve(text) is None


def test_ambiguous_gemeente_offers_both():
    names = {m.name for m in get_index().candidates("Bergen")}
    assert names == {"Bergen (NH)", "Bergen (L)"}


@pytest.mark.parametrize("text", ["weet ik niet", "Weet ik niet.", "geen idee", "?", "nvt",
                                  "nee, weet ik niet hoor"])
def test_unknown_answers(text):
    assert intake.is_unknown(text)


@pytest.mark.parametrize("text", ["Amsterdam", "nee", "twee vrouwen", "ik weet niet zeker of ze "
                                  "vrij zijn, want de baas houdt hun paspoorten en loon vast"])
def test_real_answers_are_not_unknown(text):
    assert not intake.is_unknown(text)


@pytest.mark.parametrize("text,category", [
    ("in een kas bij Westland", "kas_akker"), ("bovenwoning", "woning"), ("op de camping", "vakantiepark"),
    ("nagelsalon", "salon"), ("via Snapchat", "online"), ("iets anders", "anders")])
def test_place_types(text, category):
    assert intake.place_type(text) == category


def test_people_count_and_ages():
    assert intake.parse_people("2 vrouwen van rond de 20") == answers_module.People(2, (20,))
    people = intake.parse_people("een meisje van een jaar of 15")
    assert people.count == 1 and people.minor_mentioned
    assert intake.parse_people("tientallen mannen").count == 20


@pytest.mark.parametrize("text,role,job", [
    ("ik ben huisarts", "professional", "huisarts"), ("Als burger", "burger", None),
    ("baliemedewerker gemeente", "gemeente_medewerker", "baliemedewerker"),
    ("het gaat over mezelf", "slachtoffer", None), ("buurvrouw", "burger", None)])
def test_roles(text, role, job):
    assert intake.role(text) == (role, job)


@pytest.mark.parametrize("text,role,job", [
    # the role said outright wins over a job word later on ("door de politie?")
    ("als burger, ik ben gewoon oma... ik werk al lang niet meer. Maar mag ik wat vragen... "
     "wordt hij dan opgepakt? Door de politie?", "burger", None),
    ("ik ben het zelf. het is mij. niet andere persoon", "slachtoffer", None),
    ("niet als burger maar voor mijn werk, ik ben huisarts", "professional", "huisarts"),
    # "zelf" about someone else is no self-report (persona run, stop 28); alone it still is
    ("als moeder dus. Als burger denk ik. maar krijgt lisa hier zelf problemen door?", "burger", None),
    ("ik ben de moeder, wat kan ik zelf doen", "burger", None),
    ("zelf", "slachtoffer", None),
])
def test_role_answers_in_persona_words(text, role, job):
    slots = intake.interpret(Slot.REPORTER_ROLE, text).slots
    assert (slots[Slot.REPORTER_ROLE], slots[Slot.PROFESSIONAL_ROLE]) == (role, job)


def test_a_long_answer_with_niet_is_no_correction():
    story = ("ik weet niet zo goed wat u bedoelt... het gaat niet over mij hoor, het gaat over Dylan, "
             "mijn kleinzoon, hij is 14.")
    assert intake.correction(story) == (None, None)
    assert intake.correction("zaandam!! niet amsterdam") == (Slot.GEMEENTE, "Zaanstad")


def test_bad_input_is_explained_not_stored():
    assert intake.interpret("description", "").response == "empty_input"
    assert intake.interpret("description", "😀😀🙈").response == "no_words"
    long = intake.interpret("description", "Ze werken van zes tot tien uur. " * 300)  # ~9600 chars
    assert long.response == "too_long_kept"  # kept, not rejected: the user may not have it any more
    kept = long.slots["description"]
    assert 3000 < len(kept) <= answers_module.MAX_CHARS and kept.endswith("uur.")
    assert intake.interpret("concerns", "paspoort " * 1000).slots["concerns"].startswith("paspoort")
    assert intake.interpret("description", "ja").response == "tell_more"
    for bad in ("", "😀😀🙈"):
        assert intake.interpret("description", bad).slots == {"description": None}


def test_markup_is_removed_from_answers():
    result = intake.interpret("concerns", "<script>alert('x')</script><b>Ze</b> mag niet weg")
    assert result.slots["concerns"] == "Ze mag niet weg"


def test_gemeente_answers():
    assert intake.interpret("gemeente", "Den Bosch").slots == {"gemeente": "'s-Hertogenbosch"}
    choose = intake.interpret("gemeente", "Bergen")
    assert choose.response == "gemeente_choose" and len(choose.choices) == 2
    assert intake.interpret("gemeente", "Atlantis").response == "gemeente_unknown"
    assert intake.interpret("gemeente", "/dont_know", "dont_know").slots == {"gemeente": "onbekend"}


def test_description_cannot_be_skipped_with_dont_know():
    result = intake.interpret("description", "weet ik niet", "dont_know")
    assert result.slots == {"description": None} and result.response == "tell_more"


def test_minor_in_people_answer_sets_minor():
    assert intake.interpret("people", "een jongen van 14").slots["minor"] is True


@pytest.mark.parametrize("text,count", [
    ("10 of 12 mannen", 10), ("10-12", 10), ("een stuk of tien", 10), ("tussen de 10 en 15 mensen", 10),
    ("12 volwassen mannen, tussen de 20 en 50", 12), ("vier Poolse mannen", 4), ("een paar vrouwen", 2)])
def test_numbers_of_people_are_counts_not_ages(text, count):
    people = intake.parse_people(text)
    assert people.count == count
    assert not people.minor_mentioned


@pytest.mark.parametrize("text,ages", [
    ("een 16-jarige", (16,)), ("twee mannen van 20-30 jaar", (20, 30)),
    ("drie meisjes van 15 of 16", (15, 16)), ("twee kinderen van 8 en 10", (8, 10)),
    ("ik ben 17", (17,))])
def test_ages_need_an_age_word_or_van(text, ages):
    assert intake.parse_people(text).ages == ages


@pytest.mark.parametrize("text,count,ages", [
    # persona runs (stop 26): "15" was read as 15 people and the minor was lost; "begin
    # twintig" became 20 people; "(5)" after room-mates is how many, "(16)" after a friend her age
    ("zij 15 hij 22", None, (15, 22)),
    ("Eén vrouw, schat begin twintig", None, (20,)),
    ("mn vriendin (16) en haar vriend", None, (16,)),
    ("alleen ik, 34 jaar. maar mijn kamergenoten (5) ook", 5, (34,)),
    ("twee meisjes, ze zijn 14 en 15", 2, (14, 15)),
    ("een twintiger", None, (25,)),
])
def test_ages_said_the_way_chat_says_them(text, count, ages):
    people = intake.parse_people(text)
    assert (people.count, people.ages) == (count, ages)


def test_an_adult_people_answer_clears_an_earlier_minor():
    assert intake.interpret("people", "10 of 12 mannen").slots["minor"] is False
    assert intake.interpret("people", "12 volwassen mannen, tussen de 20 en 50").slots["minor"] is False


@pytest.mark.parametrize("slot,text,intent,conf,recognised,expected", [
    ("gemeente", "stop", "stop", 0.99, False, True),
    ("description", "stop", "greet", 0.5, False, True),
    ("gemeente", "Den Bosch", "other_language", 0.9, True, False),
    ("gemeente", "is dit anoniem?", "ask_anonymity", 0.95, False, True),
    ("description", "ik wil dat het stopt want hij houdt haar paspoort vast en ze werkt 14 uur",
     "stop", 0.7, False, False),
    ("people", "hij slaat haar nu", "acute_danger", 0.99, False, False),
    ("people", "twee mannen", "report_situation", 0.9, False, False),
    ("frequency", "vandaag, voor het eerst", "out_of_scope", 0.95, False, False),
    ("frequency", "wat bedoel je?", "bot_challenge", 0.8, False, True),
    ("people", "hoi", "greet", 0.97, False, True),
])
def test_interruptions(slot, text, intent, conf, recognised, expected):
    assert is_interruption(slot, text, intent, conf, recognised) is expected


@pytest.mark.parametrize("text,field", [("gemeente", "gemeente"), ("de plek", "place_type"),
                                        ("wanneer", "frequency"), ("people", "people"),
                                        ("iets anders", None)])
def test_correction_fields(text, field):
    assert intake.correction_field(text) == field


@pytest.mark.parametrize("text, expected", [
    ("niet amersfoort maar leusden", ("gemeente", "Leusden")),
    ("nee, het is Leusden", ("gemeente", "Leusden")),
    ("de gemeente klopt niet", ("gemeente", None)),
    ("klopt niet", (None, None)),
    # the new value first (persona run, stop 26: "zaandam!! niet amsterdam" changed nothing)
    ("zaandam!! niet amsterdam", ("gemeente", "Zaanstad")),
    ("nee een woning, niet een hotel", ("place_type", "woning")),
    ("het waren er vier, niet drie", (None, None))])
def test_corrections_in_words(text, expected):
    assert intake.correction(text) == expected


@pytest.mark.parametrize("town, gemeente", [("zaandam", "Zaanstad"), ("Naaldwijk", "Westland"),
                                            ("spijkenisse", "Nissewaard"), ("Scheveningen", "Den Haag")])
def test_a_town_is_read_as_its_gemeente(town, gemeente):
    assert intake.interpret("gemeente", town).slots == {"gemeente": gemeente}


def test_a_correction_at_the_question_takes_the_new_value():
    assert intake.interpret("gemeente", "niet amersfoort maar leusden").slots == {"gemeente": "Leusden"}


def test_an_old_button_is_no_answer_and_an_old_undo_says_it_is_gone():
    assert intake.interpret("gemeente", "/affirm", "affirm").response == "answer_the_question"
    undo = intake.interpret("description", "/undo_stop", "undo_stop")
    assert undo.response == "undo_stop_gone" and undo.slots == {"description": None}


def test_every_correction_button_title_typed_by_hand_names_its_part():
    from bot.intake.messages import Messages
    buttons = Messages.from_yaml().render("ask_correction_field")["buttons"]
    for button in buttons:
        assert intake.correction_field(button["title"]) == button["payload"], button


@pytest.mark.parametrize("text, gemeente", [
    ("ik woon in zwolle en naast mij zit een huis", "Zwolle"),
    ("bij de wasstraat in tilburg slapen de jongens", "Tilburg"),
    ("Het beste is als ik het meld", None),          # a gemeente name that is also a word
    ("in Den Bosch en in Utrecht", None),            # two: no guess
    ("in bergen", None),                             # ambiguous
    ("bij ons in de straat", None),
    # terse field notes name the place without a preposition (Telegram persona run)
    ("busje met 6 mannen bij bedrijventerrein Kleefse Waard Arnhem, 05:30 opgehaald", "Arnhem"),
    ("controle nagelsalon Den Bosch centrum, 3 vrouwen", "'s-Hertogenbosch"),
    ("Best vind ik dit raar. Er werken mannen.", None),  # a capital at the start of a sentence
    ("Ze vroeg wat het Beste was, Loon of niets", None),  # names that are ordinary words
    ("controle shoarmazaak arnhem vm", "Arnhem"),
    ("tankstation arnhem noord, meisje ca 16 stapt bij mannen in de auto", "Arnhem"),
    ("ik zat te leiden en te putten uit ervaring", None),
    ("Bij mijn buren wonen steeds andere jonge vrouwen. Ze mogen niet alleen naar buiten.", None),
    ("bij de buren 10 mannen", None),
    ("een man rijdt elke dag met een busje vol mannen naar de kassen, ook zwolle centrum zag ik hem", None),
])
def test_a_gemeente_named_in_a_story(text, gemeente):
    assert get_index().mentioned(text) == gemeente


def test_a_gemeente_as_the_place_answer_is_asked_again():
    """Seen in a manual run: "Arnhem" to "Wat voor plek was het?" became "een andere plek"."""
    result = intake.interpret("place_type", "Arnhem")
    assert result.slots == {"place_type": None} and result.response == "place_is_a_gemeente"
    assert intake.interpret("place_type", "een huis in Arnhem").slots == {"place_type": "woning"}


@pytest.mark.parametrize("text", ["ja", "elke dag", "al een maand", "sinds vorige week", "2 keer"])
def test_a_late_answer_at_the_role_question_is_no_role(text):
    reader = intake
    """Manual run: "ja" and "elke dag" to "Meld je dit als burger of voor je werk?" became "burger"."""
    result = reader.interpret(Slot.REPORTER_ROLE, text)
    assert result.slots == {Slot.REPORTER_ROLE: None} and result.response == "role_unclear"


@pytest.mark.parametrize("text, role, job", [("als burger", "burger", None),
                                             ("ik ben wijkagent", "professional", "wijkagent")])
def test_the_role_given_at_the_question_before_it_is_noted_and_that_question_asked_again(text, role, job):
    reader = intake
    result = reader.interpret(Slot.FREQUENCY, text)
    assert result.slots == {Slot.FREQUENCY: None, Slot.REPORTER_ROLE: role, Slot.PROFESSIONAL_ROLE: job}
    assert result.response == "role_noted_ask_again"
    assert reader.interpret(Slot.FREQUENCY, "al een maand, elke avond").slots == {
        Slot.FREQUENCY: "al een maand, elke avond"}
    assert reader.interpret(Slot.REPORTER_ROLE, "ik ben kapper").slots[Slot.REPORTER_ROLE] == "burger"


def test_a_bare_count_to_a_later_question_is_the_number_of_people(services):
    """Trying it out (stop 22): after the people question was skipped (the story named them),
    "een stuk of vier" to the next question was stored as the worries."""
    result = services.answers.interpret("concerns", "een stuk of vier")
    assert result.slots == {"concerns": None, "people": "een stuk of vier"}
    assert result.response == "people_noted_ask_again"
    assert services.answers.interpret("frequency", "al weken").slots == {"frequency": "al weken"}


def test_a_correction_after_a_comma_carries_its_new_value(services):
    assert services.answers.correction("nee de gemeente klopt niet, het is Kampen") == ("gemeente", "Kampen")


@pytest.mark.parametrize("text,category", [
    # persona runs (stop 26): a typo, a split compound, "thuis"
    ("een bedrjf, distributie centrum", "bedrijf"),
    ("idk ... wss bij iemand thuis", "woning"),
    ("suppermarkt", "bedrijf"),
    ("een klein huisje", "woning"),   # not "straat": "klein" is one letter from "plein", too short to guess
])
def test_place_types_with_typos(text, category):
    assert intake.place_type(text) == category


def test_more_of_the_story_at_the_summary_is_no_correction_of_a_part():
    """Persona run, stop 28: a threat told at "Klopt dit?" was read as changing the place."""
    text = ("nog iets. vorige week klaagde ik bij de man. hij zegt ik verlies mijn bed en hij weet "
            "waar mijn familie woont in Polen. ik ben bang")
    assert intake.correction(text) == (None, None)
    assert intake.correction("de gemeente is verkeerd, het was eigenlijk vlak bij Utrecht aan de snelweg")[0] == "gemeente"
