"""The NLU component that drops a costly intent the words do not support."""
import pytest

pytest.importorskip("rasa")

from rasa.shared.nlu.training_data.message import Message  # noqa: E402

from rasa_ext.intent_gate import IntentEvidenceGate  # noqa: E402


def parsed(text, *ranking):
    return Message(data={"text": text, "intent": {"name": ranking[0][0], "confidence": ranking[0][1]},
                         "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking]})


def test_a_follow_up_without_a_code_or_its_words_gives_way_to_the_next_intent():
    [m] = IntentEvidenceGate({}).process([parsed("sinds de zomer", ("followup", 0.7), ("correct", 0.2),
                                                 ("report_situation", 0.06))])
    assert m.get("intent") == {"name": "report_situation", "confidence": 0.06}
    assert [r["name"] for r in m.get("intent_ranking")] == ["report_situation"]


def test_a_request_in_its_own_words_is_left_alone():
    [m] = IntentEvidenceGate({}).process([parsed("ik wil hier eigenlijk mee ophouden", ("stop", 0.9), ("deny", 0.1))])
    assert m.get("intent") == {"name": "stop", "confidence": 0.9}
    assert len(m.get("intent_ranking")) == 2


def test_a_clear_stop_read_unsure_is_made_sure():
    # "Stoppen, niets bewaren" typed: DIET read stop, too unsure to pass the FallbackClassifier
    [m] = IntentEvidenceGate({}).process([parsed("Stoppen, niets bewaren", ("stop", 0.3), ("deny", 0.25))])
    assert m.get("intent") == {"name": "stop", "confidence": 1.0}


def test_nothing_left_in_the_ranking_means_no_intent():
    [m] = IntentEvidenceGate({}).process([parsed("greenhouse", ("stop", 0.9))])
    assert m.get("intent")["name"] is None and m.get("intent_ranking") == []


def test_a_delete_word_and_a_code_is_a_request_to_delete_whatever_the_nlu_read():
    # CI (stop 26): "verwijder melding HPV8-7587-6WR5" read as a common question for this code
    from bot.store.codes import new_reference_code
    code = new_reference_code()
    [m] = IntentEvidenceGate({}).process([parsed(f"verwijder melding {code}", ("faq", 0.9), ("delete_report", 0.1))])
    assert m.get("intent") == {"name": "delete_report", "confidence": 1.0}
    assert [r["name"] for r in m.get("intent_ranking")] == ["delete_report", "faq"]


def _with_answer(message, key, confidence):
    message.set("response_selector", {"faq": {"response": {"intent_response_key": key, "confidence": confidence}}})
    return message


def test_an_unsure_faq_reading_of_a_statement_gives_its_place_to_the_runner_up():
    """Stop 29: "hou op met vragen" read as faq (1.00) with a guessed answer (0.33)."""
    m = _with_answer(parsed("hou op met vragen", ("faq", 1.0), ("stop", 0.0), ("greet", 0.0)),
                     "faq/zelf_onderzoeken", 0.33)
    [m] = IntentEvidenceGate({}).process([m])
    assert m.get("intent") == {"name": "stop", "confidence": 1.0}


def test_a_question_stays_a_question_however_unsure_the_answer():
    m = _with_answer(parsed("waarom haal je het kenteken weg?", ("faq", 1.0), ("insult", 0.0)),
                     "faq/waarom_weggehaald", 0.36)
    [m] = IntentEvidenceGate({}).process([m])
    assert m.get("intent")["name"] == "faq"
