"""Never ask what was already said (issue 13, item 1): what a story says plainly."""
import pytest

from bot.intake.prefill import asks_where_to_report, read_story


@pytest.fixture(scope="module")
def read(services):
    return lambda text: read_story(text, services.answers, services.guidance)


def test_the_balie_question_of_the_issue(read):
    facts = read("Ik werk bij de balie van burgerzaken in Aalten. Er kwam een man met drie vrouwen die zich "
                 "op zijn adres wilden inschrijven. Bij wie moet ik zijn?")
    assert (facts.gemeente, facts.role, facts.people) == ("Aalten", "gemeente_medewerker", "drie vrouwen")
    assert facts.job == "baliemedewerker"


def test_place_people_and_time(read):
    facts = read("In de kas bij ons in Westland werken al maanden 14 Roemeense mannen, ze slapen in containers")
    assert facts.place_type == "kas_akker" and facts.people == "14 Roemeense mannen"
    assert facts.frequency == "al maanden" and facts.gemeente == "Westland"


def test_an_age_said_of_zij_is_kept_beside_the_friend(read):
    # persona run, stop 27: "wie: een vriend van 21" alone lost the 15-year-old
    facts = read("idk of dit hier moet maar mn beste vriendin heeft een vriend van 21 en zij is 15")
    assert facts.people == "een vriend van 21; zij is 15"
    assert read("hij is 3 uur weg geweest met die mannen").people is None


def test_an_age_and_two_time_phrases(read):
    facts = read("mijn buurman in zwolle heeft sinds vorige week een meisje van ongeveer 15 in huis, "
                 "elke nacht komen er mannen")
    assert facts.people == "een meisje van ongeveer 15"
    assert facts.frequency == "sinds vorige week, elke nacht"


def test_people_with_an_age_and_no_count(read):
    """Trying it out (stop 22): "meisjes van 15" was asked again."""
    assert read("bij de nagelsalon in Zwolle werken meisjes van 15 tot laat").people == "meisjes van 15"
    assert read("ze werken van 6 tot 22 uur").people is None


def test_how_often_alone_leaves_the_since_when_question(read):
    assert read("een man haalt ze elke avond op met een busje").frequency is None
    assert read("al weken haalt een man ze elke avond op").frequency == "al weken, elke avond"


def test_nationalities_count_as_people_but_days_do_not(read):
    assert read("In de woning wonen 12 Polen op matrassen").people == "12 Polen"
    assert read("Ik zag het 3 dagen geleden").people is None


def test_two_kinds_of_place_or_a_vague_word_decide_nothing(read):
    assert read("Ze werken in de nagelsalon en slapen in een woning erboven").place_type is None
    assert read("Ze komen uit een ander land en sturen elkaar een app").place_type is None


def test_someone_elses_job_is_not_the_writers_role(read):
    assert read("Mijn buurman is huisarts en zag ook dat er steeds andere vrouwen komen").role is None


def test_a_parent_is_a_burger(read):
    assert read("Ik ben moeder van een meisje van 14 en maak me zorgen").role == "burger"


@pytest.mark.parametrize("text,asks", [
    ("Er kwam een man met drie vrouwen. Bij wie moet ik zijn?", True),
    ("Waar meld ik zoiets? Ze slapen in de schuur.", True),
    ("Ze slapen in de schuur en werken 12 uur per dag.", False),
])
def test_a_story_that_asks_where_to_report(text, asks):
    assert asks_where_to_report(text) is asks
