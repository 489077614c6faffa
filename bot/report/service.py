"""The application service: from a confirmed intake to a report, stored and (with consent) sent.

The conversation calls `plan` when the user confirms the summary and `submit` when they
agree to send; both take plain slot values, so this runs and is tested without Rasa.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Mapping

from bot.intake.answers import AnswerReader
from bot.intake.contract import Slot
from bot.report.model import Summary
from bot.report.summary import report_summary
from bot.report.texts import ReportTexts
from bot.routing import Policy, Route, decide
from bot.signals import Classification
from bot.store.codes import InvalidReferenceCode
from bot.vocab import UNKNOWN

if TYPE_CHECKING:  # pragma: no cover
    from bot.anonymise import TextAnonymiser
    from bot.report.document import Documents
    from bot.signals import Classifier
    from bot.store.service import ReportStore

#: Which meldpunt's intake shape the copyable text follows, by preference.
COPYABLE_FOR = ("meld_misdaad_anoniem", "politie", "arbeidsinspectie", "veilig_thuis")
_ASSESSED_SLOTS = (Slot.DESCRIPTION, Slot.CONCERNS, Slot.PEOPLE, Slot.FREQUENCY)


@dataclass
class ReportPlan:
    classification: Classification
    summary: Summary
    routes: list[Route]
    notes: list[str] = field(default_factory=list)
    explanation: str = ""

    @property
    def form(self) -> str:
        return self.classification.form

    @property
    def deliverable(self) -> list[Route]:
        return [r for r in self.routes if r.deliverable]

    @property
    def anonymous_route(self) -> bool:
        return any(r.code == "meld_misdaad_anoniem" for r in self.routes)

    def route_lines(self) -> list[str]:
        lines = []
        for number, route in enumerate(self.routes, 1):
            contact = ", ".join(v for k, v in route.contact.items() if k in ("phone", "url", "email"))
            lines.append(f"{number}. {route.name}: {route.reason}" + (f" ({contact})" if contact else ""))
        return lines

    def copy_code(self) -> str | None:
        """The meldpunt whose intake shape the copyable text follows. A professional's route
        runs through the aandachtsfunctionaris: then the full summary, not a text "voor de
        politie" (persona run: a wijkteam worker)."""
        codes = [r.code for r in self.routes]
        if "aandachtsfunctionaris" in codes:
            return "aandachtsfunctionaris"
        return next((c for c in COPYABLE_FOR if c in codes), None)


@dataclass
class Submitted:
    reference: str
    delivered_to: list[str]
    copy_text: str | None
    replayed: bool = False  # this conversation had confirmed this content before: same report
    document: tuple[str, str] | None = None  # (file name, printable HTML) when asked for


def _known(value: object) -> str | None:
    return None if value in (None, "", UNKNOWN) else str(value)


def assessment_text(slots: Mapping[str, object]) -> str:
    """Everything the user told about the situation, for the classifier."""
    parts = [_known(slots.get(k)) for k in _ASSESSED_SLOTS]
    return "\n".join(p for p in parts if p)


class ReportService:
    def __init__(self, *, classifier: "Classifier", anonymiser: "TextAnonymiser", policy: Policy,
                 store: "ReportStore", answers: AnswerReader, texts: ReportTexts,
                 conversation_key: Callable[[str], str] | None = None,
                 documents: "Documents | None" = None) -> None:
        self.documents = documents  # renders the formal summary (issue 13); None: never offered
        self.classifier = classifier
        self.anonymiser = anonymiser
        self.policy = policy
        self.store = store
        self.answers = answers
        self.texts = texts
        #: sender id -> the keyed hash a report keeps of its conversation (None: no replay check)
        self.conversation_key = conversation_key

    def plan(self, slots: Mapping[str, object], *, called_112: bool = False,
             danger_denied: bool = False) -> ReportPlan:
        """Classification, summary and routes: what the user sees before agreeing to send.

        ``called_112``: the user said 112 was called; the 112 route and the explanation say so.
        ``danger_denied``: the user said there is no danger now after the alert; the report
        does not say there is (the story may still hold "nu" from when it was told).
        """
        role, gemeente = _known(slots.get(Slot.REPORTER_ROLE)), _known(slots.get(Slot.GEMEENTE))
        result = self.classifier.classify(assessment_text(slots), role=role, gemeente=gemeente)
        if danger_denied:
            result = dataclasses.replace(result, acute=False)
        # What the conversation already knew (danger said earlier, an age answer) counts too.
        classification = dataclasses.replace(
            result, acute=bool(result.acute or slots.get(Slot.ACUTE)) and not danger_denied,
            minor=bool(result.minor or slots.get(Slot.MINOR)))
        decision = decide(classification.form, acute=classification.acute,
                          minor=classification.minor, role=role, gemeente=gemeente,
                          context=frozenset(result.context) | ({"called_112"} if called_112 else set()),
                          policy=self.policy)
        return ReportPlan(
            classification=classification,
            summary=report_summary(slots, classification, self.anonymiser.anonymise_all, self.answers),
            routes=list(decision.routes),
            notes=list(decision.notes),
            explanation=self.classifier.explain(result, called_112=called_112),
        )

    def submit(self, report: ReportPlan, gemeente: str | None, *, send: bool,
               conversation: str | None = None, with_document: bool = False) -> Submitted:
        """Store the anonymised report; queue delivery only to routes the user agreed to.

        With the `conversation` (sender id), the same content confirmed again in the same
        conversation returns the same report (`replayed`), never a second one.
        """
        deliver = [r.code for r in report.deliverable] if send else []
        key = self.conversation_key(conversation) if conversation and self.conversation_key else None
        routes = [{"code": r.code, "reason": r.reason} for r in report.routes]
        saved = self.store.save_report(
            summary=report.summary, classification=report.classification.to_dict(),
            routes=routes,
            gemeente=_known(gemeente), deliver_to=deliver, conversation_key=key)
        code = report.copy_code()
        if saved.replayed:
            delivered = list(self.recipient_names(saved.recipients))
        else:
            delivered = [r.name for r in report.deliverable] if send else []
        document = None
        if with_document and self.documents is not None and saved.created_at is not None:
            # the same rendering the aandachtsfunctionaris gets as an attachment
            document = (self.documents.filename(saved.reference_code),
                        self.documents.render(saved.reference_code, saved.created_at,
                                              {"summary": report.summary.to_dict(), "routes": routes}))
        return Submitted(reference=saved.reference_code, delivered_to=delivered, replayed=saved.replayed,
                         copy_text=self.texts.copyable_summary(code, report.summary) if code else None,
                         document=document)

    def latest_of(self, conversation: str) -> Submitted | None:
        """The newest report this conversation confirmed, as the store has it (after a crash
        the conversation itself may not know it); None without one or without a key."""
        if not (conversation and self.conversation_key):
            return None
        saved = self.store.latest_of_conversation(self.conversation_key(conversation))
        if saved is None:
            return None
        return Submitted(reference=saved.reference_code, copy_text=None,
                         delivered_to=list(self.recipient_names(saved.recipients)))

    def recipient_names(self, codes) -> tuple[str, ...]:
        recipients = self.policy.recipients
        return tuple(recipients[c].name if c in recipients else c for c in codes)

    def known_reference(self, text: str) -> str | None:
        """The normalised reference code in `text` if a report with it exists, else None."""
        from bot.store.service import ReportNotFound

        for candidate in [text, *text.split()]:
            try:
                return self.store.get_report(candidate.strip(" .,:;")).reference_code
            except (InvalidReferenceCode, ReportNotFound):
                continue
        return None

    def add_followup(self, reference: str, text: str) -> bool:
        """Store extra information, anonymised; True when it is queued for delivery too."""
        saved = self.store.add_followup(reference, self.anonymiser.anonymise(text))
        return bool(saved.outbox_ids)
