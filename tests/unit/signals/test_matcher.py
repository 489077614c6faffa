"""spaCy matching: inflection, informal spelling, typos, negation, and the pipeline loader."""
from __future__ import annotations

import pytest

from bot.signals.lexicon import LexiconError, load_lexicon, load_normalisation


@pytest.fixture(scope="module")
def clf(services):
    return services.classifier


def ids(clf, text: str) -> set[str]:
    return {s.id for s in clf.classify(text).signals}


@pytest.mark.parametrize("text", [
    "De baas heeft hun paspoorten.",                 # plural
    "De baas heeft haar paspoort.",
    "Hun paspoorten werden afgepakt door de baas.",
    "De baas heeft z'n pasport.",                    # chat spelling + typo list
    "De baas heeft zn paspoort.",
    "De baas heeft zijn paspoorrt.",                 # typo at edit distance 1, found by fuzzy
])
def test_passport_signal_survives_inflection_and_typos(clf, text):
    assert "paspoort_bij_ander" in ids(clf, text)


@pytest.mark.parametrize("text, signal", [
    ("Ze wordt gedwongen tot prostitusie.", "prostitutie"),       # typo list
    ("Ze werd gedwongen tot prostituttie.", "prostitutie"),       # edit distance 1
    ("Hij wordt bedreigt door de baas.", "bedreigd"),             # d/t mistake
    ("Zij werden bedreigd.", "bedreigd"),
    ("Hij moet pakketjes rondbrengen.", "koerier_pakketjes"),
    ("Ze bedelt elke dag bij de supermarkt.", "bedelen"),
    # a diminutive the lexicon names is not read as its lemma ("uurtje" is no "uur")
    ("De hele dag komen er mannen, steeds een uurtje.", "mannen_komen_langs"),
    # one word of a list that also holds a two-word phrase
    ("Boven de winkel is een wietzolder.", "hennep"),
    ("Ze moet elke avond 500 euro per avond opbrengen.", "quotum"),
])
def test_inflection_and_typos(clf, text, signal):
    assert signal in ids(clf, text)


def test_fuzzy_matching_does_not_change_known_words(clf):
    # "maanden" is a real word one deletion away from nothing in the lexicon: it must stay.
    assert "bedreigd" not in ids(clf, "Hij woont hier sinds een paar maanden.")


@pytest.mark.parametrize("text, signal", [
    ("Ze heeft geen schulden.", "schuld"),
    ("Hij wordt nergens toe gedwongen.", "gedwongen"),
    ("Niemand dwingt hem.", "gedwongen"),
    ("Ze is niet bang.", "bang"),
    ("Hij kan niet gewoon stoppen.", "vrij_om_te_gaan"),           # cue inside a gap
    # a sentence judged false at its end (persona run, issue 13): "lijkt me niet", "denk ik niet"
    ("Vrij gaan en staan lijkt me niet.", "vrij_om_te_gaan"),
    ("Dat ze vrij zijn om te gaan, denk ik niet.", "vrij_om_te_gaan"),
])
def test_negated_signals_are_dropped(clf, text, signal):
    assert signal not in ids(clf, text)


def test_negation_stops_at_a_clause_boundary(clf):
    found = ids(clf, "Ze heeft geen vrije dag, en de baas dwingt haar.")
    assert "gedwongen" in found


def test_signal_that_spells_out_its_negation_still_fires(clf):
    assert "niet_weg_kunnen" in ids(clf, "Hij mag niet weg van de boerderij.")


def test_counter_signal_beats_overlapping_signal(clf):
    found = ids(clf, "Ik heb mijn paspoort zelf.")
    assert "paspoort_bij_ander" not in found and "eigen_geld_papieren" in found


def test_matched_span_is_original_text(clf):
    text = "De baas heeft hun 'paspoorten'."
    sig = next(s for s in clf.classify(text).signals if s.id == "paspoort_bij_ander")
    assert sig.text == text[sig.start:sig.end] and "paspoorten" in sig.text


def test_pattern_word_split_by_tokenizer_is_a_lexicon_error(tmp_path, clf):
    from bot.signals.matcher import SignalMatcher
    path = tmp_path / "lexicon.yml"
    path.write_text(
        "barriers: [werk]\ngroups: [werk]\ncontext_tags: [now]\nsources: {x: x}\nsignals:\n"
        "  - id: fout\n    group: werk\n    forms: [arbeidsuitbuiting]\n"
        "    dimension: none\n    strength: none\n    source: x\n    indicator: x\n"
        "    patterns: [\"(paspoort)\"]\n    explanation: \"Fout.\"\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="split by the tokenizer"):
        SignalMatcher(load_lexicon(path), load_normalisation(), clf.matcher.nlp)


# ---------------------------------------------------------------- pipeline loader
def test_named_pipeline_is_loaded_and_gets_a_lemmatizer(tmp_path):
    """The nl_core_news_sm code path, with a small pipeline saved by the test."""
    import spacy

    from bot.signals.matcher import SignalMatcher, load_pipeline

    spacy.blank("nl").to_disk(tmp_path / "mini_nl")
    nlp = load_pipeline(tmp_path / "mini_nl")
    assert "lemmatizer" in nlp.pipe_names
    assert nlp("paspoorten")[0].lemma_ == "paspoort"
    matcher = SignalMatcher(load_lexicon(), load_normalisation(), nlp)
    _, matches = matcher.find("De baas heeft hun paspoorten afgepakt.")
    assert "paspoort_bij_ander" in {m.signal.id for m in matches}


def test_installed_nl_core_news_sm_is_preferred(monkeypatch):
    import spacy

    from bot.signals import matcher as m

    loaded = []
    monkeypatch.setattr(spacy.util, "is_package", lambda name: name == "nl_core_news_sm")

    def fake_load(name, exclude=()):
        loaded.append(name)
        return spacy.blank("nl")

    monkeypatch.setattr(spacy, "load", fake_load)
    nlp = m.load_pipeline()
    assert loaded == ["nl_core_news_sm"] and "lemmatizer" in nlp.pipe_names


def test_blank_pipeline_when_no_model_installed(monkeypatch):
    import spacy

    from bot.signals import matcher as m

    monkeypatch.setattr(spacy.util, "is_package", lambda name: False)
    monkeypatch.setattr(spacy, "load", lambda *a, **k: pytest.fail("must not load a package"))
    nlp = m.load_pipeline()
    assert nlp.lang == "nl" and nlp.pipe_names == ["lemmatizer"]


@pytest.mark.parametrize("text", ["ik ben zo bang dat er iets met mijn dochter gebeurt",
                                  "wij zijn bang voor die mannen", "Ik ben bang."])
def test_the_reporters_own_fear_is_no_signal(clf, text):
    assert "bang" not in ids(clf, text)


@pytest.mark.parametrize("text", ["ik denk dat ze bang is voor de baas", "de meisjes zijn bang",
                                  "Hij is bang en durft niets te zeggen"])
def test_someone_elses_fear_is_a_signal(clf, text):
    assert "bang" in ids(clf, text)


@pytest.mark.parametrize("text, signal", [
    ("De jongens zoeken me omdat ik niet meer wil dealen.", "koerier_pakketjes"),  # it went on until now
    ("Hij wil niet meer pakketjes rondbrengen voor die jongens.", "koerier_pakketjes"),
])
def test_no_longer_is_evidence_that_it_happened(clf, text, signal):
    assert signal in ids(clf, text)


def test_no_longer_locked_in_is_no_signal_of_being_locked_in(clf):
    assert "opgesloten" not in ids(clf, "Ze is niet meer opgesloten, ze woont bij haar zus.")


@pytest.mark.parametrize("text, signal", [
    # English in a Dutch message: non-native writers and quoted pleas
    ("Ze zei: 'they lock me, no go out'.", "opgesloten"),
    ("'he keeps our passports', fluisterde ze.", "paspoort_bij_ander"),
    ("He said 'we sleep in the greenhouse'.", "slaapt_op_werkplek"),
    ("my cousin says they take his kidney for the debt", "orgaan_afstaan"),
    ("they never pay us, we work 14 hours a day", "geen_of_weinig_loon"),
    ("I cannot leave, the boss is watching", "niet_weg_kunnen"),
])
def test_english_phrases_in_a_dutch_message(clf, text, signal):
    assert signal in ids(clf, text)


@pytest.mark.parametrize("text, signal", [
    ("Ik zat achter de containers bij de supermarkt.", "slecht_onderdak"),   # hiding, not living there
    ("Buren vechten op straat met een mes.", "huisvesting_via_werkgever"),
])
def test_places_are_no_signal_without_living_there(clf, text, signal):
    assert signal not in ids(clf, text)


@pytest.mark.parametrize("text", [
    "Ze wonen met zijn achten in een container op het bedrijf.",
    "Als hij zijn werk kwijt is, staat hij op straat.",
])
def test_living_conditions_still_found(clf, text):
    assert ids(clf, text) & {"slecht_onderdak", "huisvesting_via_werkgever"}


@pytest.mark.parametrize("text, signal", [
    ("Mijn zoon Kacper heeft in de haven gewerkt.", "sector_diensten"),   # a name, not "kapper"
    ("Het geld werd in drie steden opgenomen.", "stelen"),                # a real word, not "stelen"
])
def test_names_and_real_words_are_not_read_as_typos(clf, text, signal):
    assert signal not in ids(clf, text)


def test_a_lower_case_typo_is_still_corrected(clf):
    assert "paspoort_bij_ander" in ids(clf, "de baas heeft zijn paspoorrt")
