"""Classification behaviour: forms, negation and context, minors, acute danger, explanations."""
from __future__ import annotations

import json

import pytest

from bot.signals import LABELS, Classification


@pytest.fixture(scope="module")
def clf(services):
    return services.classifier


@pytest.mark.parametrize("text, form", [
    ("Mijn vriendin wordt door haar vriend gedwongen om seks te hebben met zijn vrienden voor geld. "
     "Hij houdt al het geld.", "seksuele_uitbuiting"),
    ("De arbeiders in de kas werken 14 uur per dag, de baas heeft hun paspoorten en ze krijgen "
     "bijna geen loon.", "arbeidsuitbuiting"),
    ("Een man van 30 moet voor een groep drugs rondbrengen om een schuld af te betalen; ze "
     "bedreigen zijn familie.", "criminele_uitbuiting"),
    ("Hij moest onder dwang een nier afstaan om de reisschuld af te lossen.", "orgaanverwijdering"),
    ("Er klopt iets niet bij de buren.", "onduidelijk"),
])
def test_each_form(clf, text, form):
    assert clf.classify(text).form == form


@pytest.mark.parametrize("text", [
    "Mijn collega heeft geen schulden, wordt nergens toe gedwongen en gaat vrij de deur uit. "
    "Ze werkt wel veel uren in het restaurant.",
    "De vrouwen in de vergunde club werken als zelfstandige en gaan weg wanneer ze willen.",
    "Mijn zoon van 16 krijgt te weinig betaald bij de supermarkt, zonder contract, maar hij kan "
    "gewoon stoppen.",
])
def test_freedom_and_licence_mean_not_trafficking(clf, text):
    assert clf.classify(text).form == "geen_mensenhandel"


def test_labour_dispute_is_labour_law_only(clf):
    c = clf.classify("Mijn baas betaalt onder het minimumloon, maar ik kan op elk moment stoppen.")
    assert c.form == "geen_mensenhandel" and "labour_law_only" in c.context
    assert "coercion" not in c.context


def test_smuggling_is_not_trafficking(clf):
    c = clf.classify("Een kennis wil dat ik voor 1.000 euro twee mensen zonder papieren over de "
                     "grens breng. Ze gaan bij familie wonen.")
    assert c.form == "geen_mensenhandel" and "smuggling" in c.context


def test_smuggling_with_forced_work_is_trafficking(clf):
    c = clf.classify("De smokkelaar zegt dat hij de reisschuld moet afwerken in de kas; hij krijgt "
                     "geen loon en wordt bedreigd.")
    assert c.form == "arbeidsuitbuiting"


def test_domestic_violence_without_exploitation_is_not_trafficking(clf):
    c = clf.classify("Mijn buurman slaat zijn vrouw. Zij gaat gewoon naar haar werk en heeft haar "
                     "eigen geld.")
    assert c.form == "geen_mensenhandel" and "domestic_violence" in c.context
    assert not c.acute


def test_child_used_for_crime_is_a_minor_victim(clf):
    c = clf.classify("Een jongen van 14 moet pakketjes rondbrengen voor oudere jongens.")
    assert c.form == "criminele_uitbuiting" and c.minor
    assert "coercion" not in c.context          # a minor needs no means of coercion


def test_adult_in_same_situation_without_coercion_is_not_a_form(clf):
    assert clf.classify("Een man van 40 brengt pakketjes rond.").form != "criminele_uitbuiting"


@pytest.mark.parametrize("text, minor", [
    ("Een meisje van een jaar of 16 wordt opgehaald door mannen.", True),
    ("Mijn dochter van 15 heeft een vriend van 22.", True),
    ("Een leerling vertelde het aan zijn mentor.", True),
    ("Ze zit in de jeugdzorg.", True),
    ("Hij werkt van 9 tot 21 uur.", False),
    ("Mijn zus (19) werkt in een club.", False),
    # hedges between the verb and the age
    ("De jongen achter de toonbank is volgens mij 15.", True),
    ("Een meisje van ongeveer zestien wordt elke avond opgehaald.", True),
    ("Ze is denk ik pas 14 jaar.", True),
    ("Hij is denk ik 40.", False),
    ("Ze werkt daar volgens mij 15 uur per dag.", False),
    ("De au pair zorgt voor vier kinderen.", False),
    # ages said the way people write them
    ("Mijn dochter 14 jaar heeft een vriend van 20.", True),
    ("Er werkt een Vietnamees meisje, 16 misschien.", True),
    ("De jongen is nog geen zestien.", True),
    ("Jongens van 13-14 worden bij de uitgang opgewacht.", True),
    ("Ze zegt dat ze 15 is.", True),
    ("Ik was 1 week ziek en nu moet ik uit het huis.", False),
    ("Ze woont hier al 4 jaar.", False),
    ("Ze werken van 9-17 in de kas.", False),
    ("Twee jongens achterin, ze zien eruit als 14-15.", True),
    ("In dat huis wonen naar schatting tien Poolse werklieden.", False),   # a count, not an age
    ("Ze is naar schatting vijftien.", True),
    ("Ik heb pakketjes rondgebracht toen ik 15 was.", True),
    ("Een van de meisjes zegt 15 te zijn.", True),
    ("Het kleine meisje huilt en roept mama.", True),
    ("Haar man slaat haar. Ze werkt, de kinderen zijn volwassen en het huis uit.", False),
    ("Er wonen er ongeveer 15-20 in dat huis.", False),
    # a count of people is no age (persona run: read as a minor, Veilig Thuis routed first)
    ("In het huis tegenover mij wonen ongeveer 8 jonge mannen uit Oost Europa.", False),
    ("Er werken rond de 12 vrouwen in de salon.", False),
    # w22/w23 (stop 28): children in a violent home, an age between commas, an estimate, a count
    ("De buurman slaat zijn vrouw, de kleine kinderen zitten erbij.", True),
    ("Een van mijn pupillen, 15, wordt elke week door een oudere man opgehaald.", True),
    ("Een van de zaterdagmeisjes, 16, moet van haar vriend mee naar hotels.", True),
    ("ze zegt 19 te zijn maar ik schat haar eerder 16", True),
    ("Een ploeg van zo'n 12 Oekraïense en Moldavische mannen werkt daar voor 4 euro.", False),
])
def test_minor_detection(clf, text, minor):
    assert clf.classify(text).minor is minor


@pytest.mark.parametrize("text, acute", [
    ("Er roept nu een vrouw om hulp in de kelder.", True),
    ("Hij zit opgesloten in de schuur.", True),
    ("Ze bloedt en de man komt zo terug.", True),
    ("De man slaat hem op dit moment.", True),
    ("Gisteren zag ik dat een man werd geslagen.", False),   # violence, but not now
    ("Nu moet ze 's avonds werken in de snackbar.", False),  # "nu" alone is no danger
    # a danger word in a story that says she is safe now
    ("Vorige week zat ze opgesloten in een kamer, nu woont ze bij haar zus en is ze veilig.", False),
    ("Ze zit opgesloten in een kamer, ik weet niet of ze veilig is.", True),
])
def test_acute_detection(clf, text, acute):
    assert clf.classify(text).acute is acute


def test_missing_minor_is_acute_missing_adult_is_not(clf):
    assert clf.classify("Mijn dochter van 14 is sinds gisteravond weg.").acute
    assert not clf.classify("Mijn man van 40 is sinds gisteravond weg.").acute


def test_a_girl_getting_into_changing_cars_at_night_is_named_as_a_signal(clf):
    c = clf.classify("Een meisje van een jaar of 16 stapt 's avonds steeds bij andere auto's in bij het station.")
    assert c.minor and c.form == "seksuele_uitbuiting"
    assert "instappen_wisselende_autos" in {s.id for s in c.signals}


@pytest.mark.parametrize("text", [
    # no labour-law word, but work that is not trafficking: the Arbeidsinspectie (R4)
    "Bij de handcarwash werken jongens met blote handen in de velgenreiniger, dat spul brandt. Ze krijgen "
    "handschoenen maar die zijn te glad. Het zijn gewoon studenten van hier die op zaterdag bijverdienen, ze "
    "kunnen stoppen wanneer ze willen.",
    "Een Poolse werknemer met vast contract en eigen huurwoning draait al maanden 60 uur per week omdat de "
    "planning dat vraagt. Hij kan gaan en staan waar hij wil.",
])
def test_work_that_is_not_trafficking_goes_to_the_labour_inspectorate(clf, text):
    c = clf.classify(text, role="burger")
    assert c.form == "geen_mensenhandel" and "labour_law_only" in c.context


@pytest.mark.parametrize("text, signal", [
    ("I am from Vietnam, 17 year, I have no family here, boss keep me in house with plants", "amv"),
    ("a man say he paid for me in Libya, so now I owe him 6000 euro", "schuld"),
    ("he say I must go with men he send to me", "seks_voor_anderen"),
    ("hij maakte de advertenties. Hij liet me escortwerk doen via een app", "escort"),
])
def test_non_native_english_in_a_dutch_chat(clf, text, signal):
    assert signal in {s.id for s in clf.classify(text).signals}


def test_a_minor_at_work_keeps_veilig_thuis_and_the_police(clf):
    c = clf.classify("Mijn zoon van 15 werkt elke dag tot middernacht in de snackbar van een kennis.")
    assert c.minor and "labour_law_only" not in c.context


@pytest.mark.parametrize("text", [
    "my son 15, he keep a bag with small packets for the boys",
    "Er staat een jongen voor de deur, 15 jaar zegt hij.",
    "een groepje meiden van 12-13 steelt make-up in opdracht van een ouder meisje",
    "Ze durft niet weg vanwege de kinderen (4 en 7).",
])
def test_ages_as_people_write_them(clf, text):
    assert clf.classify(text).minor


@pytest.mark.parametrize("text, role, tag", [
    ("Mijn dochter van 15 wordt door haar loverboy naar klanten gebracht.", "burger", "loverboy"),
    ("Een alleenreizende jongen van 16 moet wiet knippen voor zijn reisschuld.", "professional",
     "unaccompanied_minor"),
    ("Ik word gedwongen te werken en de baas heeft mijn paspoort.", "burger", "self_report"),
    ("Een cliënt vertelde mij dat hij zijn schuld moet afwerken en bedreigd wordt.", "professional",
     "victim_contact"),
    ("De vrouwen in de vergunde club bepalen zelf hun werktijden.", "burger", "licensed_business"),
    ("Mijn stiefvader slaat mij, ik ben 13.", "burger", "child_abuse"),
    ("Een Vietnamese jongen van 15 werkt elke dag in de nagelsalon en slaapt daar.", "burger",
     "unaccompanied_minor"),
    ("Een meisje van 16, geen ouders hier, moet in de salon werken.", "burger", "unaccompanied_minor"),
])
def test_context_tags(clf, text, role, tag):
    assert tag in clf.classify(text, role=role).context


@pytest.mark.parametrize("text, self_report", [
    # a reporter speaking of themself
    ("Ik moet het even kwijt: bij de buren komen steeds andere mannen langs.", False),
    ("Ik werk bij de GGD en zag een vrouw met blauwe plekken.", False),
    ("Mijn kleindochter zegt dat ik dit hier moet neerzetten.", False),
    ("Ik laat al een jaar mijn nagels doen bij die salon.", False),
    # a victim writing about themself
    ("Ze laten mij mannen doen in dit huis, de deur zit op slot.", True),
    ("ik ben 16 en mijn vriend wil dat ik met zijn vrienden ga.", True),
    ("ik werk in de kas via een bureau en ik krijg geen loon.", True),
    ("Ik heb schuld bij verkeerde mensen en moet voor ze rijden.", True),
    # someone quoted: the "ik" in quotes is the person quoted, not the reporter
    ("Mijn zoon zei 'mam als ik stop krijg ik problemen, ik moet nog betalen'.", False),
    ("Mijn zusje appte: 'hij heeft mn pas en ik mag pas weg na 3 klanten'.", False),
    # the same without quotes, after a colon (persona run, stop 26: a mother got the victim help)
    ("Later hoorde ik hem zeggen aan telefoon: ik moet nog betalen, anders... Ik ben heel bang.", False),
    # a reporter telling their own age is no victim for that
    ("mijn zus is 15 en zit bij die man in de auto. ik ben 12 wat moet ik doen", False),
    ("Ik werk in een distributiecentrum. Mijn collega moet 1000 euro per week afgeven.", False),
    # a victim in the plural, or with the verb first
    ("wij mogen niet naar buiten en moeten werken voor de schuld van de reis", True),
    ("nu moet ik al 2 maanden pakketjes voor hem wegbrengen", True),
    # blind writers w16/w17 (development data): nothing paid, a phone taken, "van hem"
    ("hij laat hier elke dag mannen komen en ik krijg niks, hij zegt dat ik schuld heb", True),
    ("eerst kreeg ik 100 euro, nu krijg ik niks meer en hij heeft mijn telefoon", True),
])
def test_self_report_is_what_is_done_to_the_writer_not_any_first_person(clf, text, self_report):
    assert ("self_report" in clf.classify(text, role="burger").context) is self_report


@pytest.mark.parametrize("text, minor", [
    ("Mijn zusje appte net uit een hotel dat ze weg wil. Ze is 20.", False),
    ("Mijn zusje appte net uit een hotel dat ze weg wil.", True),
    ("Mijn broertje (17) moet voor hen rijden. Zijn baas is 30.", True),
])
def test_a_stated_adult_age_outweighs_a_kinship_word(clf, text, minor):
    assert clf.classify(text).minor is minor


@pytest.mark.parametrize("text", [
    "We krijgen per kilo betaald en halen het minimumloon niet. Mijn papieren heb ik zelf.",
    "Ze krijgt al twee maanden geen vakantiegeld, maar ze kan gewoon stoppen en heeft haar eigen huis.",
])
def test_a_negated_wage_is_still_a_labour_law_complaint(clf, text):
    c = clf.classify(text)
    assert c.form == "geen_mensenhandel" and "labour_law_only" in c.context


def test_a_short_message_without_a_reason_is_not_called_not_trafficking(clf):
    # the statistical backstop may not close a case that gave no reason to close it
    assert clf.classify("Er wonen veel mannen in dat huis.").form == "onduidelijk"


def test_a_black_car_is_no_labour_law_problem(clf):
    c = clf.classify("Een man in een zwarte auto haalt haar elke avond op en brengt haar naar een hotel.")
    assert "arbeidsrecht" not in {s.id for s in c.signals}
    assert c.form != "geen_mensenhandel"


def test_a_foreign_adult_is_no_unaccompanied_minor(clf):
    c = clf.classify("Ik ben uit Polen en werk in de kas, de baas heeft mijn paspoort.", role="burger")
    assert not c.minor and "unaccompanied_minor" not in c.context


def test_victim_contact_only_for_professionals(clf):
    text = "Een cliënt vertelde mij dat hij zijn schuld moet afwerken en bedreigd wordt."
    assert "victim_contact" not in clf.classify(text, role="burger").context


def test_scores_cover_all_labels_and_agree_with_form(clf):
    c = clf.classify("De baas heeft hun paspoorten en ze krijgen geen loon in de kas.")
    assert set(c.scores) == set(LABELS)
    assert abs(sum(c.scores.values()) - 1.0) < 0.01
    assert max(c.scores, key=c.scores.get) == c.form


def test_signals_explain_the_form(clf):
    c = clf.classify("De baas heeft hun paspoorten en ze krijgen geen loon in de kas.")
    ids = {s.id for s in c.signals}
    assert {"paspoort_bij_ander", "geen_of_weinig_loon"} <= ids
    sig = next(s for s in c.signals if s.id == "paspoort_bij_ander")
    assert sig.barrier == "identiteit" and sig.explanation and "arbeidsuitbuiting" in sig.forms


def test_to_dict_is_the_cli_shape_and_json_able(clf):
    d = clf.classify("De baas heeft hun paspoorten.").to_dict()
    assert set(d) == {"form", "scores", "minor", "acute", "signals"}
    assert set(d["signals"][0]) == {"id", "forms", "text"}
    json.dumps(d)


def test_missing_barriers_and_followup_questions(clf):
    c = clf.classify("De baas heeft hun paspoorten.")
    assert "identiteit" not in c.missing_barriers
    assert c.missing_barriers == [b for b in ("werving", "huisvesting", "werk", "geld")]
    qs = clf.followup_questions(c, limit=2)
    assert [b for b, _ in qs] == ["werving", "huisvesting"]
    assert all(q.endswith("?") for _, q in qs)
    assert clf.followup_questions(c, limit=0) == []


def test_without_coercion_the_coercion_question_comes_first(clf):
    c = clf.classify("Er wonen veel mannen in dat huis.")
    assert clf.followup_questions(c, limit=1)[0][0] == "coercion"


def test_the_questions_speak_of_them_when_there_are_several(clf):
    """"4 jonge vrouwen": not "Lijkt de persoon bang" (persona run, stop 28)."""
    c = clf.classify("Er wonen veel vrouwen in dat huis en ze worden elke avond gebracht.")
    (_, one), = clf.followup_questions(c, limit=1)
    (_, several), = clf.followup_questions(c, limit=1, plural=True)
    assert "de persoon" in one and several.startswith("Lijken ze bang")
    c = clf.classify("De baas heeft hun paspoorten.")
    assert all("de persoon" not in q for _, q in clf.followup_questions(c, limit=5, plural=True))


@pytest.mark.parametrize("text", [
    "help me. i am 15. ik ben in huis en de deur is op slot",
    "Pleeggezin van Yonas, 16, uit Eritrea: hij moet pakketjes brengen",
    "Een meisje van 16-17 stapte uit de auto van een man van 30",
    "Ze is echt piepjong, 14-15 max, en moet in de salon werken",
])
def test_ages_said_in_stop_29_ways_make_a_minor(clf, text):
    assert clf.classify(text).minor


def test_explanation_is_mogelijk_and_names_signals(clf):
    c = clf.classify("De arbeiders in de kas krijgen geen loon en de baas heeft hun paspoorten.")
    text = clf.explain(c)
    assert text.startswith("Wat je vertelt, kan passen bij mogelijke arbeidsuitbuiting.")
    assert "Dit viel op:" in text and "paspoort" in text
    assert "geen oordeel" in text


def test_explanation_for_acute_minor_and_not_trafficking(clf):
    acute = clf.explain(clf.classify("Een meisje van 15 zit nu opgesloten en roept om hulp."))
    assert acute.startswith("Er is mogelijk nu gevaar. Bel dan meteen 112.")
    assert "jonger dan 18" in acute
    geen = clf.explain(clf.classify("Mijn buurman slaat zijn vrouw. Ze heeft haar eigen geld."))
    assert "niet op mensenhandel" in geen and "meld het dan opnieuw" in geen.lower()


def test_explanation_after_112_was_called_does_not_tell_to_call(clf):
    c = clf.classify("Een meisje van 15 zit nu opgesloten en roept om hulp.")
    text = clf.explain(c, called_112=True)
    assert text.startswith("Er is mogelijk nu gevaar. Goed dat je 112 al hebt gebeld.")
    assert "Bel dan meteen" not in text


def test_empty_text_is_onduidelijk(clf):
    c = clf.classify("")
    assert isinstance(c, Classification) and c.form == "onduidelijk" and c.signals == []


def test_get_classifier_is_a_singleton(clf, services):
    assert services.classifier is clf  # built once per process


def test_conditions_at_two_barriers_may_name_a_form_with_a_signal_that_explains_it(clf):
    # no coercion word, but work and housing both point to exploitation (Delphi rule, adapted)
    c = clf.classify("In de kas werken twintig mannen van 5 tot 22 uur. Ze slapen op matrassen in de loods.")
    assert c.form == "arbeidsuitbuiting"
    assert any(c.form in s.forms for s in c.signals)  # what the user is shown as the reason


def test_exploitative_conditions_with_one_sign_of_control_name_a_form(clf):
    # the Delphi rule adapted to "mogelijk": long days (conditions) and phones taken (control)
    c = clf.classify("In de kas werken ze van 5 uur tot 22 uur. De voorman heeft hun telefoons afgepakt.")
    assert c.form == "arbeidsuitbuiting"
    dims = {clf.lexicon.by_id[s.id].dimension for s in c.signals}
    assert {"exploitative_conditions", "coercion_at_destination"} <= dims


def test_the_same_conditions_with_a_sign_of_freedom_name_no_form(clf):
    c = clf.classify("In de kas werken ze van 5 uur tot 22 uur. Ze bepalen zelf hun werktijden.")
    assert c.form not in ("arbeidsuitbuiting", "seksuele_uitbuiting", "criminele_uitbuiting")


def test_a_clear_story_without_a_means_still_names_its_form(clf):
    c = clf.classify("Op de zolder staan honderden wietplanten en de ramen zijn dichtgeplakt. "
                     "Een jongen moet de planten verzorgen.")
    assert c.form == "criminele_uitbuiting"
    assert any("criminele_uitbuiting" in s.forms for s in c.signals)


def test_every_named_form_in_the_eval_sets_is_explained_by_a_shown_signal(clf):
    """Whatever decides (rules, Delphi rule or backstop), a named form comes with a signal
    that points to it: that signal is the reason the user is shown."""
    from bot.config import ROOT
    from bot.signals.lexicon import FORMS
    unexplained = []
    for name in ("classify_dev.jsonl", "classify_heldout.jsonl", "blind_dev.jsonl", "blind_test.jsonl"):
        for line in open(ROOT / "eval" / name, encoding="utf-8"):
            case = json.loads(line)
            c = clf.classify(case["text"])
            if c.form in FORMS and not any(c.form in s.forms for s in c.signals):
                unexplained.append(case["id"])
    assert unexplained == []


def test_a_minor_gone_since_last_night_with_her_phone_off_is_danger_now(clf):
    c = clf.classify("Mijn dochter is 16 en sinds gisteravond niet thuis. Haar telefoon staat uit.")
    assert c.acute and c.minor
    assert "vermist" in {s.id for s in c.signals}


def test_danger_now_without_the_old_words_is_acute(clf):
    c = clf.classify("Mijn dochter van 15 belde net fluisterend: mam kom me halen, ik wil hier weg.")
    assert c.acute and c.minor


def test_a_boy_working_off_a_debt_is_possible_criminal_exploitation_and_owing_is_no_handing_over(clf):
    # persona run, stop 27: a grandmother about her grandson (words written for this test)
    c = clf.classify("Mijn kleinzoon is 14 en heeft ineens dure schoenen. Hij kwam thuis met een blauw oog. "
                     "Hij zegt dat hij geld schuldig is aan een oudere jongen en dat hij dat moet afwerken.")
    ids = {s.id for s in c.signals}
    assert c.form == "criminele_uitbuiting" and c.minor
    assert "geweld" in ids and "geld_afdragen" not in ids


def test_a_son_with_his_mother_from_abroad_is_no_unaccompanied_minor(clf):
    # persona run, stop 27: Nidos was named for a boy who lives with his mother
    c = clf.classify("Cliënt is een Bulgaarse moeder, via een kennis uit Bulgarije kwam ze hier werken. "
                     "Hij houdt haar ID-kaart. Haar zoon van 15 helpt die man 's nachts.")
    assert c.minor and "unaccompanied_minor" not in c.context
    alone = clf.classify("Een jongen van 15 uit Vietnam, zijn ouders zitten in Vietnam, werkt in een nagelsalon.")
    assert "unaccompanied_minor" in alone.context


# w22/w23 (stop 28): general misreadings two new writers showed, in other words
def test_a_gemeente_is_no_typo_of_a_signal_word(clf):
    result = clf.classify("ik werk in de kas bij gennep, de baas houdt mijn pas en ik heb schuld")
    assert "hennep" not in {s.id for s in result.signals}
    assert result.form == "arbeidsuitbuiting"


def test_a_cowshed_is_no_theft(clf):
    result = clf.classify("Een jongen uit de stal kwam naar me toe, hij krijgt geen loon en de boer houdt zijn paspoort.")
    assert "stelen" not in {s.id for s in result.signals}


def test_taking_goods_from_shops_for_a_boss_is_criminal(clf):
    result = clf.classify("Mijn neef moet elke dag naar winkels in Duitsland en daar spullen pakken voor een baas, "
                          "anders krijgt hij geen eten. Hij heeft een schuld van 2000 bij hem.")
    assert result.form == "criminele_uitbuiting"


def test_a_habit_without_a_time_word_of_now_is_no_danger_now_by_a_statistical_guess(clf):
    """Persona run, stop 28: "... een man haalt ze elke ochtend op" got the 112 alert."""
    assert not clf.classify("Bij de loods naast ons slapen zes mannen in containers en een man haalt ze "
                            "elke ochtend op.").acute
    # "altijd" describing someone does not make a danger now a habit
    assert clf.classify("Die jongen die altijd bij haar is trekt haar nu aan haar haren de auto in.").acute


@pytest.mark.parametrize("text,signal", [
    # said as people say them (stop 29: a huisarts in a persona run, w24/w25 dev)
    ("Een jonge vrouw kwam met een man die het woord deed en haar paspoort vasthield.", "paspoort_bij_ander"),
    ("De kapitein heeft onze papieren, wij maken tanks schoon.", "paspoort_bij_werkgever"),
    ("Hij heeft foto's van haar in ondergoed rondgestuurd.", "seksuele_beelden"),
    ("Hij zegt hij belt de IND en dan is mijn vergunning weg.", "bedreigd"),
])
def test_signals_in_everyday_words(clf, text, signal):
    assert signal in {s.id for s in clf.classify(text).signals}
