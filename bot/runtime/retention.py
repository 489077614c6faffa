"""Retention: delete stored conversations and reports after their configured number of days.

What a "conversation" is belongs to the chat runtime (Rasa's tracker store): this module
only asks something with `purge_older_than(days)` to do it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class Purgeable(Protocol):
    def purge_older_than(self, days: float) -> int: ...


class ReportPurgeable(Protocol):
    def purge_reports_older_than(self, days: float) -> int: ...


@dataclass(frozen=True)
class PurgeResult:
    conversations: int
    reports: int


def purge(conversations: Purgeable, reports: ReportPurgeable, *, conversation_days: float,
          report_days: float) -> PurgeResult:
    return PurgeResult(int(conversations.purge_older_than(conversation_days) or 0),
                       int(reports.purge_reports_older_than(report_days) or 0))
