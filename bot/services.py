"""The composition root: the one place where a process's services are assembled.

Every entry point (action server, Rasa's tracker store, daemon, CLI) asks `get_services()`
for what it needs. Each part is built on first use and then kept: the classifier (spaCy, a
few seconds), the anonymiser (deduce, ~10 s), the store with its one engine, the routing
policy, the gemeente index, the intake vocabulary and the message texts. Tests pass fakes
with `Services(settings, classifier=FakeClassifier(), ...)` or `use_services(...)`.
"""
from __future__ import annotations

import logging
import threading
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable

from bot.config import Settings

if TYPE_CHECKING:  # pragma: no cover - the heavy parts are imported when built
    from sqlalchemy.engine import Engine

    from bot.anonymise import Anonymiser
    from bot.guidance.professional import Guidance
    from bot.report.document import Documents
    from bot.intake.answers import AnswerReader, IntakeVocabulary
    from bot.intake.gemeenten import GemeenteIndex
    from bot.intake.language import LanguageDetector
    from bot.intake.messages import Messages
    from bot.report.service import ReportService
    from bot.report.texts import ReportTexts
    from bot.routing import Policy
    from bot.runtime.retention import PurgeResult, Purgeable
    from bot.signals import Classifier
    from bot.store.service import ReportStore

log = logging.getLogger(__name__)
_lock = threading.RLock()


class Services:
    """Real parts by default, each built once on first use; keyword arguments replace them."""

    def __init__(self, settings: Settings | None = None, **overrides: Any) -> None:
        self.settings = settings or Settings.from_env()
        for name, value in overrides.items():
            if not isinstance(getattr(type(self), name, None), cached_property):
                raise TypeError(f"Services has no part {name!r}")
            self.__dict__[name] = value  # a cached_property reads its value from here

    # ------------------------------------------------------------------ content
    @cached_property
    def policy(self) -> "Policy":
        from bot.routing import load_policy

        content = self.settings.content_dir
        return load_policy(content / "routing" / "recipients.yml",
                           content / "routing" / "gemeenten_contacts.yml", content / "gemeenten.yml")

    @cached_property
    def gemeenten(self) -> "GemeenteIndex":
        from bot.intake.gemeenten import GemeenteIndex

        return GemeenteIndex.from_yaml(self.settings.content_dir / "gemeenten.yml")

    @cached_property
    def vocabulary(self) -> "IntakeVocabulary":
        from bot.intake.answers import IntakeVocabulary

        return IntakeVocabulary.from_yaml(self.settings.content_dir / "intake.yml")

    @cached_property
    def answers(self) -> "AnswerReader":
        from bot.intake.answers import AnswerReader

        return AnswerReader(self.vocabulary, self.gemeenten)

    @cached_property
    def messages(self) -> "Messages":
        from bot.intake.messages import Messages

        return Messages.from_yaml(self.settings.content_dir / "messages.yml")

    @cached_property
    def documents(self) -> "Documents":
        from bot.report.document import Documents
        from bot.signals.lexicon import load_lexicon

        lexicon = load_lexicon(self.settings.content_dir / "signals" / "lexicon.yml")
        explanations = {s.id: s.explanation for s in lexicon.signals}
        return Documents(self.texts, self.policy.recipients, explanations)

    @cached_property
    def guidance(self) -> "Guidance":
        from bot.guidance.professional import Guidance

        return Guidance.from_yaml(self.settings.content_dir / "guidance" / "professionals.yml")

    @cached_property
    def languages(self) -> "LanguageDetector":
        from bot.intake.language import LanguageDetector

        return LanguageDetector.from_yaml(self.settings.content_dir / "languages.yml")

    @cached_property
    def texts(self) -> "ReportTexts":
        from bot.report.texts import ReportTexts

        return ReportTexts(self.vocabulary.place_type_labels)

    # ------------------------------------------------------------------ judgement
    @cached_property
    def classifier(self) -> "Classifier":
        from bot.signals import Classifier

        with _lock:
            return Classifier.build(self.settings.content_dir / "signals")

    @cached_property
    def anonymiser(self) -> "Anonymiser":
        from bot.anonymise.anonymiser import Anonymiser

        with _lock:
            return Anonymiser(deduce_cache=self.settings.deduce_cache_dir)

    # ------------------------------------------------------------------ storage
    @cached_property
    def engine(self) -> "Engine":
        from bot.store.db import make_engine

        if self.settings.database_url.startswith("sqlite:///"):
            self.settings.var_dir.mkdir(parents=True, exist_ok=True)
        return make_engine(self.settings.database_url)

    @cached_property
    def store(self) -> "ReportStore":
        from bot.store.crypto import report_cipher
        from bot.store.service import ReportStore

        return ReportStore(self.engine, report_cipher(self.settings), policy=self.policy)

    @cached_property
    def conversations(self) -> "Purgeable":
        """Stored conversations (Rasa's tracker database), for retention."""
        from rasa_ext.events_table import ConversationStore

        return ConversationStore(self.settings.tracker_db)

    def purge(self) -> "PurgeResult":
        """Delete conversations and reports older than their retention periods."""
        from bot.runtime.retention import purge

        return purge(self.conversations, self.store,
                     conversation_days=self.settings.retention_days,
                     report_days=self.settings.report_retention_days)

    @cached_property
    def reports(self) -> "ReportService":
        from bot.report.service import ReportService

        return ReportService(classifier=self.classifier, anonymiser=self.anonymiser,
                             policy=self.policy, store=self.store, answers=self.answers,
                             texts=self.texts, conversation_key=self._conversation_key(),
                             documents=self.documents)

    def _conversation_key(self) -> "Callable[[str], str] | None":
        """Sender id -> the key a report keeps of its conversation; None without a salt (a
        test's settings), which only turns off recognising a repeated confirmation."""
        if not self.settings.sender_salt:
            return None
        from bot.privacy.sender_id import conversation_key

        salt = self.settings.require_sender_salt()
        return lambda sender: conversation_key(sender, salt)

    # ------------------------------------------------------------------ lifecycle
    def warm_up(self) -> bool:
        """Load the classifier and anonymiser before the first user arrives.

        A part that fails to load is logged, not fatal: the intake still works without it and
        each action that needs it says so to the user.
        """
        ok = True
        loads: list[tuple[str, Callable[[], object]]] = [
            ("classifier", lambda: self.classifier.classify("warm-up")),
            ("anonymiser", lambda: self.anonymiser.anonymise("warm-up")),
            ("content", lambda: (self.policy, self.answers, self.messages, self.languages, self.guidance))]
        for name, load in loads:
            try:
                load()
            except Exception:
                log.exception("could not load the %s", name)
                ok = False
        return ok

    def close(self) -> None:
        """Close the database connections this process opened."""
        engine = self.__dict__.pop("engine", None)
        self.__dict__.pop("store", None)
        self.__dict__.pop("reports", None)
        if engine is not None:
            engine.dispose()


_current: Services | None = None


def get_services() -> Services:
    """The process's services, assembled from the environment on first use."""
    global _current
    with _lock:
        if _current is None:
            _current = Services()
        return _current


def use_services(services: Services | None) -> None:
    """Install the services this process uses (an entry point at start, or a test)."""
    global _current
    with _lock:
        if _current is not None and _current is not services:
            _current.close()
        _current = services
