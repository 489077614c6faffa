"""What exists of a conversation's reports, and where: the one source for every sentence the
assistant says about storing, sending and deleting.

`ConversationState` lives in one slot (`report_state`). Actions change it only from what
the store actually did (a reference code issued, deliveries queued, a report deleted);
`statements()` turns it into message keys of content/messages.yml with their values. Tests
check each sentence against the state.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping


@dataclass(frozen=True)
class ReportRecord:
    reference: str
    sent_to: tuple[str, ...] = ()        # recipient names the report was queued for
    deleted: bool = False
    already_sent: tuple[str, ...] = ()   # when deleted: the recipients it had reached


@dataclass(frozen=True)
class ConversationState:
    reports: tuple[ReportRecord, ...] = field(default_factory=tuple)

    # ------------------------------------------------------------------ slot value
    def to_slot(self) -> dict[str, Any]:
        return {"reports": [{"reference": r.reference, "sent_to": list(r.sent_to),
                             "deleted": r.deleted, "already_sent": list(r.already_sent)}
                            for r in self.reports]}

    @classmethod
    def from_slot(cls, value: Mapping[str, Any] | None) -> "ConversationState":
        reports = (value or {}).get("reports") or []
        return cls(tuple(ReportRecord(reference=r["reference"], sent_to=tuple(r.get("sent_to") or ()),
                                      deleted=bool(r.get("deleted")),
                                      already_sent=tuple(r.get("already_sent") or ()))
                         for r in reports))

    # ------------------------------------------------------------------ changes
    def with_report(self, reference: str, sent_to: tuple[str, ...]) -> "ConversationState":
        return replace(self, reports=self.reports + (ReportRecord(reference, tuple(sent_to)),))

    def with_deleted(self, reference: str, already_sent: tuple[str, ...]) -> "ConversationState":
        return replace(self, reports=tuple(
            replace(r, deleted=True, already_sent=tuple(already_sent)) if r.reference == reference else r
            for r in self.reports))

    # ------------------------------------------------------------------ questions
    @property
    def kept(self) -> tuple[ReportRecord, ...]:
        return tuple(r for r in self.reports if not r.deleted)

    def find(self, reference: str) -> ReportRecord | None:
        return next((r for r in self.reports if r.reference == reference), None)


Statement = tuple[str, dict[str, str]]


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(names)


def stop_statements(state: ConversationState, undo_minutes: str | None = None) -> list[Statement]:
    """What 'stop' did: this conversation is wiped (with `undo_minutes`: once the next message
    comes, or after those minutes, unless that message undoes the stop); reports the user
    confirmed are not."""
    undo = "_undo" if undo_minutes else ""
    kept = state.kept
    out: list[Statement] = [(f"stopped_nothing{undo}" if not kept else f"stopped_conversation{undo}", {})]
    for r in kept:
        if r.sent_to:
            out.append(("stopped_report_sent", {"reference": r.reference, "recipients": _names(r.sent_to)}))
        else:
            out.append(("stopped_report_kept", {"reference": r.reference}))
    if undo_minutes:
        out.append(("stop_undo_offer", {"minutes": undo_minutes}))
    return out


def status_statements(state: ConversationState) -> list[Statement]:
    """The answer to 'is mijn melding bewaard of verstuurd?'."""
    if not state.reports:
        return [("status_nothing", {})]
    out: list[Statement] = []
    for r in state.reports:
        if r.deleted:
            key = "status_deleted_after_sending" if r.already_sent else "status_deleted"
            out.append((key, {"reference": r.reference, "recipients": _names(r.already_sent)}))
        elif r.sent_to:
            out.append(("status_sent", {"reference": r.reference, "recipients": _names(r.sent_to)}))
        else:
            out.append(("status_kept", {"reference": r.reference}))
    return out


def submitted_statements(reference: str, sent_to: tuple[str, ...]) -> list[Statement]:
    """Right after storing: the code, where it went, and what happens next (true for each)."""
    if sent_to:
        return [("sent", {"reference": reference, "recipients": _names(sent_to)}), ("what_next_sent", {})]
    return [("kept", {"reference": reference}), ("what_next_kept", {})]


def deleted_statements(reference: str, already_sent: tuple[str, ...], cancelled: tuple[str, ...]) -> list[Statement]:
    if already_sent:
        return [("deleted_after_sending", {"reference": reference, "recipients": _names(already_sent)})]
    if cancelled:
        return [("deleted_before_sending", {"reference": reference})]
    return [("deleted_report", {"reference": reference})]
