"""Costly intents need evidence in the words (`bot.intake.intent_evidence`).

Runs after DIET and the response selector, before the FallbackClassifier: when the top
intent is one that moves the conversation away (follow-up, stop, "weet ik niet", a
correction, a status question) and the message holds none of its words, that intent is
dropped from the ranking and the next one counts. The FallbackClassifier then judges the new
top intent as usual, so a weak runner-up becomes `nlu_fallback`, never a guess.
"""
from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.intake.contract import Intent
from bot.intake.intent_evidence import GATED_INTENTS, certain_intent, faq_without_question, has_evidence
from rasa_ext.nlu_rule import IntentRule


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class IntentEvidenceGate(IntentRule):
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            text = message.get(TEXT) or ""
            certain = certain_intent(text)
            if certain is not None:  # also when DIET read it, but too unsure to pass the fallback
                top = {INTENT_NAME_KEY: certain, PREDICTED_CONFIDENCE_KEY: 1.0}
                message.set(INTENT, top, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [top] + [r for r in message.get(INTENT_RANKING_KEY) or []
                                                         if r.get(INTENT_NAME_KEY) != certain], add_to_output=True)
                continue
            if intent == Intent.FAQ and faq_without_question(text, _answer_confidence(message)):
                # the runner-up takes the place (and the confidence) of an unsure `faq`
                ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != Intent.FAQ]
                if ranking:
                    top = {INTENT_NAME_KEY: ranking[0][INTENT_NAME_KEY],
                           PREDICTED_CONFIDENCE_KEY: (message.get(INTENT) or {}).get(PREDICTED_CONFIDENCE_KEY, 0.0)}
                    message.set(INTENT, top, add_to_output=True)
                    message.set(INTENT_RANKING_KEY, [top] + ranking[1:], add_to_output=True)
                    intent = top[INTENT_NAME_KEY]
            if intent not in GATED_INTENTS or has_evidence(intent, text):
                continue
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or []
                       if r.get(INTENT_NAME_KEY) not in GATED_INTENTS
                       or has_evidence(r.get(INTENT_NAME_KEY), text)]
            top = ranking[0] if ranking else {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}
            message.set(INTENT, {INTENT_NAME_KEY: top[INTENT_NAME_KEY],
                                 PREDICTED_CONFIDENCE_KEY: top[PREDICTED_CONFIDENCE_KEY]}, add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages


def _answer_confidence(message: Message) -> float:
    """The response selector's confidence in the FAQ answer it picked (0 when it picked none)."""
    selected = (message.get("response_selector") or {}).get("faq") or {}
    return float((selected.get("response") or {}).get("confidence") or 0.0)
