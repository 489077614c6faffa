"""Danger now wins over whatever else the NLU thought a message was.

The NLU reads intents from example sentences; a frightened message that looks like a
question, a remark or nothing at all ("mijn nichtje appt net vanuit een hotel, kom me
ophalen") got "Daar kan ik je niet mee helpen" before 112. This last pipeline component runs
our acute detector (`bot.signals.acute`, the same one the classifier uses) on every message
and, when it reads danger now, makes the intent `acute_danger`: the rules then put 112 first,
in and outside the forms. It lowers an acute intent only when the words deny danger now and
the detector reads none ("maar er is nu geen gevaar hoor, het is middag": persona run, stop
28, where the NLU's acute intent gave the 112 alert again); otherwise recall first.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.intake.contract import Intent
from bot.intake.turns import denies_danger
from bot.signals.acute import AcuteDetector
from rasa_ext.nlu_rule import IntentRule


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class AcuteIntentOverride(IntentRule):
    def __init__(self, config: Dict[Text, Any], detector: AcuteDetector | None = None) -> None:
        super().__init__(config)
        self.detector = detector or AcuteDetector.from_yaml()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.startswith("/"):
                continue
            if not self.detector.read(text).acute:
                if (message.data.get(INTENT) or {}).get(INTENT_NAME_KEY) == Intent.ACUTE_DANGER and denies_danger(text):
                    ranking = [r for r in message.data.get(INTENT_RANKING_KEY) or []
                               if r.get(INTENT_NAME_KEY) != Intent.ACUTE_DANGER]
                    top = ranking[0] if ranking else {INTENT_NAME_KEY: Intent.NLU_FALLBACK, PREDICTED_CONFIDENCE_KEY: 1.0}
                    message.data[INTENT] = {INTENT_NAME_KEY: top[INTENT_NAME_KEY],
                                            PREDICTED_CONFIDENCE_KEY: top[PREDICTED_CONFIDENCE_KEY]}
                    message.data[INTENT_RANKING_KEY] = ranking
                continue
            acute = {INTENT_NAME_KEY: Intent.ACUTE_DANGER, PREDICTED_CONFIDENCE_KEY: 1.0}
            message.data[INTENT] = acute
            ranking = [r for r in message.data.get(INTENT_RANKING_KEY) or []
                       if r.get(INTENT_NAME_KEY) != Intent.ACUTE_DANGER]
            message.data[INTENT_RANKING_KEY] = [acute] + ranking
        return messages
