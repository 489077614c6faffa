"""Where a professional reports and what applies to their role (issue 13, item 2)."""
import pytest

from bot.guidance.professional import municipal_route, professional_answer, self_description


@pytest.fixture(scope="module")
def guidance(services):
    return services.guidance


@pytest.mark.parametrize("text,role", [
    ("Ik ben toezichthouder in Doetinchem, waar meld ik dit?", "toezicht"),
    ("Ik werk bij de balie van burgerzaken in Aalten.", "balie"),
    ("Wijkagent hier. Buurtbewoner meldt iets.", "wijkagent"),
    ("ik ben huisarts en twijfel of ik dit mag melden", "medisch"),
    ("Als leerplichtambtenaar zie ik een meisje van 15 niet meer op school", "leerplicht"),
    ("ik ben jeugdzorgwerker in een leefgroep", "jeugdzorg"),
    ("Ik ben docent op een mbo", "onderwijs"),
    ("ik werk als gezinsvoogd", "jeugdzorg"),
    ("wij zijn een uitzendbureau in Venlo", "werkgever"),
    # persona run (stop 26): the job said at the end of a question, or as a signature
    ("waar meld ik dit als huisarts?", "medisch"),
    ("Huisarts in Doetinchem. Hoe zit het met mijn beroepsgeheim?", "medisch"),
    ("Toezichthouder gemeente Apeldoorn. Bij een controle zagen we drie vrouwen.", "toezicht"),
])
def test_the_role_is_read_from_how_the_writer_describes_themself(guidance, text, role):
    assert guidance.role_in(self_description(text)).key == role


@pytest.mark.parametrize("text", [
    "mijn buurman is huisarts en hij zag het ook",   # someone else's job, not the writer's
    "ik ben bang dat ze worden uitgebuit",
    "de toezichthouder kwam langs",
    "als ze naar school gaan, moeten ze eerst werken",   # "als" as "if", not "as"
    "De politie in Arnhem deed niks, wat nu?",
    "zo snel als mogelijk graag, de leraar weet het ook",
    # hired through an agency, not working for it (persona run, stop 28)
    "ik werk 6 maand via uitzendbureau in venlo, de man van het bureau heeft mijn paspoort",
])
def test_no_role_when_the_writer_does_not_say_who_they_are(guidance, text):
    assert guidance.role_in(self_description(text)) is None


def test_a_configured_gemeente_gives_its_aandachtsfunctionaris(services):
    text = municipal_route(services.policy, "Arnhem", municipal=True)
    contact = services.policy.gemeente("Arnhem").aandachtsfunctionaris
    assert contact.name in text and contact.email in text
    assert "eerst bij de aandachtsfunctionaris" in text


def test_an_unconfigured_gemeente_gets_rule_r5(services):
    text = municipal_route(services.policy, "Doetinchem", municipal=True)
    assert "aandachtsfunctionaris mensenhandel van gemeente Doetinchem (via 14 + netnummer)" in text


def test_without_gemeente_the_user_is_asked_to_name_it(services):
    assert "Noem je gemeente" in municipal_route(services.policy, None, municipal=False)


def test_a_huisarts_hears_about_beroepsgeheim_and_meldrecht_not_a_teacher(services):
    huisarts = " ".join(professional_answer(services.guidance, services.policy, "medisch", "Arnhem"))
    teacher = " ".join(professional_answer(services.guidance, services.policy, "onderwijs", "Arnhem"))
    assert "beroepsgeheim" in huisarts and "meldrecht" in huisarts
    assert "beroepsgeheim" not in teacher and "meldcode" in teacher
    for text in (huisarts, teacher):
        assert "AVG" in text and "CoMensha" in text  # data minimisation and care, for everyone
