"""Signal recognition and classification for niet-pluis reports (pure domain logic, no Rasa).

    from bot.signals import get_classifier
    c = get_classifier().classify("...", role="burger")

Importing this package is cheap: spaCy is loaded only when the classifier is first built.
"""
from .classifier import Classification, Classifier, Signal, get_classifier
from .lexicon import FORMS, LABELS, LexiconError, load_lexicon

__all__ = ["Classification", "Classifier", "Signal", "get_classifier", "FORMS", "LABELS",
           "LexiconError", "load_lexicon"]
