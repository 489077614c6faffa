"""Danger now wins over whatever else the NLU thought a message was.

The NLU reads intents from example sentences; a frightened message that looks like a
question, a remark or nothing at all ("mijn nichtje appt net vanuit een hotel, kom me
ophalen") got "Daar kan ik je niet mee helpen" before 112. This last pipeline component runs
our acute detector (`bot.signals.acute`, the same one the classifier uses) on every message
and, when it reads danger now, makes the intent `acute_danger`: the rules then put 112 first,
in and outside the forms. It never lowers an acute intent (recall first).
"""
from __future__ import annotations

from typing import Any, Dict, List, Text, Type

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.intake.contract import Intent
from bot.signals.acute import AcuteDetector


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class AcuteIntentOverride(GraphComponent, IntentClassifier):
    @classmethod
    def required_components(cls) -> List[Type]:
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    def __init__(self, config: Dict[Text, Any], detector: AcuteDetector | None = None) -> None:
        self.component_config = config
        self.detector = detector or AcuteDetector.from_yaml()

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "AcuteIntentOverride":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.startswith("/") or not self.detector.read(text).acute:
                continue
            acute = {INTENT_NAME_KEY: Intent.ACUTE_DANGER, PREDICTED_CONFIDENCE_KEY: 1.0}
            message.data[INTENT] = acute
            ranking = [r for r in message.data.get(INTENT_RANKING_KEY) or []
                       if r.get(INTENT_NAME_KEY) != Intent.ACUTE_DANGER]
            message.data[INTENT_RANKING_KEY] = [acute] + ranking
        return messages
