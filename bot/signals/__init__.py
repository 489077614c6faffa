"""Signal recognition and classification for niet-pluis reports (pure domain logic, no Rasa).

    from bot.signals import Classifier
    c = Classifier.build().classify("...", role="burger")

Importing this package is cheap: spaCy is loaded only when a classifier is built (once per
process, by the composition root ``bot.services``).
"""
from .classifier import Classification, Classifier, Signal
from .lexicon import FORMS, LABELS, LexiconError, load_lexicon

__all__ = ["Classification", "Classifier", "Signal", "FORMS", "LABELS", "LexiconError",
           "load_lexicon"]
