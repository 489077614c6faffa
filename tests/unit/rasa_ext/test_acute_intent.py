"""The NLU component that lets danger now win over any other intent."""
import pytest

pytest.importorskip("rasa")

from rasa.shared.nlu.training_data.message import Message  # noqa: E402

from rasa_ext.acute_intent import AcuteIntentOverride  # noqa: E402


def parsed(text, intent="out_of_scope", confidence=0.8):
    return Message(data={"text": text, "intent": {"name": intent, "confidence": confidence},
                         "intent_ranking": [{"name": intent, "confidence": confidence}]})


def test_danger_now_becomes_the_acute_intent_whatever_the_nlu_said():
    component = AcuteIntentOverride({})
    [m] = component.process([parsed("mijn nichtje appt net vanuit een hotel: kom me ophalen, ik wil hier weg")])
    assert m.get("intent") == {"name": "acute_danger", "confidence": 1.0}
    assert m.get("intent_ranking")[0]["name"] == "acute_danger"
    assert m.get("intent_ranking")[1]["name"] == "out_of_scope"


@pytest.mark.parametrize("text", ["Utrecht", "/affirm", "", "gisteren werd ze geslagen, nu is ze bij haar moeder"])
def test_other_messages_keep_their_intent(text):
    [m] = AcuteIntentOverride({}).process([parsed(text, "report_situation")])
    assert m.get("intent")["name"] == "report_situation"


def test_an_acute_intent_for_words_that_deny_danger_now_gives_way():
    """Persona run, stop 28: "maar er is nu geen gevaar hoor" got the 112 alert from the NLU."""
    message = Message(data={"text": "maar er is nu geen gevaar hoor, er gebeurt nu niks, het is middag",
                            "intent": {"name": "acute_danger", "confidence": 0.9},
                            "intent_ranking": [{"name": "acute_danger", "confidence": 0.9},
                                               {"name": "deny", "confidence": 0.05}]})
    [m] = AcuteIntentOverride({}).process([message])
    assert m.get("intent")["name"] == "deny"
    # danger now in the words keeps it, whatever else is said
    [kept] = AcuteIntentOverride({}).process([parsed("geen gevaar zegt hij, maar hij slaat haar nu en ze bloedt",
                                                     "acute_danger", 0.9)])
    assert kept.get("intent")["name"] == "acute_danger"
