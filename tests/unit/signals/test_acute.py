"""The acute detector: danger now without the words it was first built from, and no alarm
for danger that is over, habitual, or explicitly absent."""
import pytest

from bot.signals.acute import AcuteDetector

detector = AcuteDetector.from_yaml()


@pytest.mark.parametrize("text", [
    "mam kom me halen, ik zit in een hotelkamer met een man en ik wil hier weg",
    "De deur gaat niet open van binnen en hij staat buiten te roken.",
    "Hij stuurde me net 'ik weet waar je bent'. Ik zit op de wc van het station.",
    "mijn vriendin appt dat ze mee moet naar een feestje met oudere mannen en ze wil niet, ze zijn nu onderweg",
    "De voorman zegt geen ambulance, de jongen is bewusteloos in de kas.",
    "Uit de container hoor ik gebonk, iemand roept steeds om water.",
    "ze laten me niet gaan tot het betaald is",
    "Mijn buurman slaat NU zijn vrouw, ik hoor haar gillen.",
    "Er staan drie jongens voor ons huis, een heeft een mes.",
    "nu staan er 2 jongens van hem beneden bij de flat en ze appen dat ik moet komen of ze komen naar boven",
    "twee mannen zitten bij mij in de woonkamer. als ik niet meewerk breken ze mijn vingers",
    # from the dev data of w9/w14/w16 (cross-validation misses)
    "snel. kamer 12. motel bij de snelweg. hij heeft haar vast. ze gilt",
    "Een jongen stapte net in de bus en zegt dat hij achterna wordt gezeten door mannen.",
    "Een van de mannen ligt op het asfalt en reageert bijna niet, hij is blauw rond zijn lippen.",
    "mijn vriendin appt me net dat ze vanavond niet naar huis mag van de baas.",
    "two men from the smuggler are in his room now, they take his phone and sit by the door",
    "she fall on the floor 20 min ago, teamleader say no ambulance",
])
def test_danger_now_in_other_words(text):
    reading = detector.read(text)
    assert reading.acute and reading.reasons


@pytest.mark.parametrize("text", [
    "Gisteren werd ze geslagen door haar man. Nu is ze bij haar moeder.",
    "Ik hoor de buren vaak ruzie maken, ze schreeuwen en gooien met deuren.",
    "Er is geen direct gevaar, maar ze werken wel zeven dagen per week.",
    "Vorig jaar zat hij opgesloten in een schuur, nu woont hij bij zijn zus.",
    "Ik ben zo bang dat het mis gaat met haar.",
    "Hij zegt dat hij nu even geen tijd heeft.",
    "",
])
def test_no_alarm_for_danger_that_is_over_habitual_or_absent(text):
    assert not detector.read(text).acute


def test_a_now_anchor_keeps_a_direct_cue_acute_despite_an_earlier_past():
    text = "Vorige week ging het ook al mis. Op dit moment zit ze opgesloten in de badkamer."
    assert detector.read(text).acute


# w22/w23 (stop 28): the misses and false alarms of two new writers, in other words
@pytest.mark.parametrize("text", [
    "voor het cafe op de markt ligt een jongen op straat en ze blijven maar trappen",
    "We horen in het chalet naast ons een man tekeergaan en iets breken, het escaleert.",
])
def test_violence_that_goes_on_while_it_is_told(text):
    assert detector.read(text).acute


@pytest.mark.parametrize("text", [
    "Hij zegt dat niemand wordt vastgehouden, ze gaan zelf met de bus mee.",
    "Het laat me niet los dat hij zo mager was.",
    "Nu zouden ze zeggen dat hij mee moet blijven doen met de pasjes.",
    "Ze staan na school bij het hek te wachten en hij moet nu elke avond voor ze rijden.",
    "Soms hoor ik 's nachts stemmen in de loods.",
    "Gisteravond belde de bovenbuurvrouw: gegil, gebonk, de politie kwam. Nu is het rustig.",
])
def test_no_alarm_for_denied_idiomatic_habitual_or_past_cues(text):
    assert not detector.read(text).acute, detector.read(text)


@pytest.mark.parametrize("text", [
    # stop 29 (w24 dev): knocking on a window, help blocked at the family doctor, waited for now
    "Aan de overkant klopt een jongen nu op het dakraam, hij lijkt te smeken.",
    "Ze heeft haar arm gebroken maar hij laat haar niet naar de huisarts, ze moet doorwerken.",
    "Een meisje uit de opvang wordt op dit moment bij het hek opgewacht door een man in een busje.",
    "Die oom zit nu in zijn auto naar ons te kijken terwijl het kind bij mij in de gang staat.",
])
def test_danger_now_said_in_stop_29_words(text):
    assert detector.read(text).acute, detector.read(text)


@pytest.mark.parametrize("text", [
    # a question which route to take is no danger now (persona run, stop 28)
    "moet ik nu zelf de politie bellen of veilig thuis?",
    # a plea for silence is no plea for help (w25 dev)
    "Hij werkt elke nacht in die zaak en hij smeekt ons niks te zeggen.",
])
def test_no_alarm_for_a_question_about_whom_to_call_or_a_plea_for_silence(text):
    assert not detector.read(text).acute, detector.read(text)


def test_a_calm_now_leaves_a_cue_with_its_own_time_word_acute():
    text = "Beneden is het nu rustig. Maar boven hoor ik nu gebonk tegen de deur."
    assert detector.read(text).acute


def test_one_sentence_is_one_moment_for_a_danger_cue():
    """w20 (dev): a time word of now in the first clause anchors the cold three commas later."""
    text = "Bij het busstation zitten nu nog twee kleine kinderen te bedelen, een jaar of 7, zonder jas, het vriest."
    assert detector.read(text).acute
