"""From a confirmed intake to a report: assess, anonymise, route, and (with consent) store.

The conversation calls `plan` when the user confirms the summary and `submit` when they
agree to send; both take plain slot values, so this runs and is tested without Rasa.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from bot import assess
from bot.intake import UNKNOWN
from bot.summary import report_summary

# National meldpunten we never deliver to: the user gets the contact and a text to copy.
COPYABLE_FOR = ("meld_misdaad_anoniem", "politie", "arbeidsinspectie", "veilig_thuis")


@dataclass
class ReportPlan:
    form: str
    classification: dict
    summary: dict
    routes: list
    notes: list[str] = field(default_factory=list)
    explanation: str = ""

    @property
    def deliverable(self) -> list:
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
        """The national meldpunt whose intake shape the copyable text follows."""
        codes = [r.code for r in self.routes]
        return next((c for c in COPYABLE_FOR if c in codes), None)


def _known(value: object) -> str | None:
    return None if value in (None, "", UNKNOWN) else str(value)


def assessment_text(slots: Mapping[str, object]) -> str:
    """Everything the user told about the situation, for the classifier."""
    parts = [_known(slots.get(k)) for k in ("description", "concerns", "people", "frequency")]
    return "\n".join(p for p in parts if p)


def plan(slots: Mapping[str, object]) -> ReportPlan:
    """Classification, summary and routes: what the user sees before agreeing to send."""
    from bot.routing import decide
    from bot.signals import get_classifier

    classifier = get_classifier()
    role, gemeente = _known(slots.get("reporter_role")), _known(slots.get("gemeente"))
    result = classifier.classify(assessment_text(slots), role=role, gemeente=gemeente)
    classification = result.to_dict()
    classification["acute"] = bool(classification.get("acute") or slots.get("acute"))
    classification["minor"] = bool(classification.get("minor") or slots.get("minor"))
    decision = decide(classification["form"], acute=classification["acute"],
                      minor=classification["minor"], role=role, gemeente=gemeente,
                      context=frozenset(result.context))
    return ReportPlan(
        form=classification["form"],
        classification=classification,
        summary=report_summary(slots, classification, assess.anonymize),
        routes=list(decision.routes),
        notes=list(decision.notes),
        explanation=classifier.explain(result),
    )


@dataclass
class Submitted:
    reference: str
    delivered_to: list[str]
    copy_text: str | None


def submit(report: ReportPlan, gemeente: str | None, *, send: bool) -> Submitted:
    """Store the anonymised report; queue delivery only to routes the user agreed to."""
    from bot.store import save_report
    from bot.summary_shapes import copyable_summary

    deliver = [r.code for r in report.deliverable] if send else []
    saved = save_report(summary=report.summary, classification=report.classification,
                        routes=[{"code": r.code, "reason": r.reason} for r in report.routes],
                        gemeente=_known(gemeente), deliver_to=deliver)
    code = report.copy_code()
    return Submitted(reference=saved.reference_code,
                     delivered_to=[r.name for r in report.deliverable] if send else [],
                     copy_text=copyable_summary(code, report.summary) if code else None)


def known_reference(text: str) -> str | None:
    """The normalised reference code in `text` if a report with it exists, else None."""
    from bot.store import get_report
    from bot.store.codes import InvalidReferenceCode
    from bot.store.service import ReportNotFound

    for candidate in [text, *text.split()]:
        try:
            return get_report(candidate.strip(" .,:;")).reference_code
        except (InvalidReferenceCode, ReportNotFound):
            continue
    return None


def add_followup(reference: str, text: str) -> bool:
    """Store extra information, anonymised; True when it is queued for delivery too."""
    from bot.store import add_followup as store_followup

    saved = store_followup(reference, assess.anonymize(text))
    return bool(saved.outbox_ids)
