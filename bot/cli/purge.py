"""`python -m bot purge`: delete conversations and reports past their retention period."""
from __future__ import annotations

import argparse

from bot import retention


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot purge", description=__doc__)
    parser.add_argument("--days", type=float, help="conversations older than this "
                        f"(default NIETPLUIS_RETENTION_DAYS or {retention.DEFAULT_CONVERSATION_DAYS})")
    parser.add_argument("--report-days", type=float, help="reports older than this "
                        f"(default NIETPLUIS_REPORT_RETENTION_DAYS or {retention.DEFAULT_REPORT_DAYS})")
    parser.add_argument("--tracker-db", help="SQLite file of the tracker store (default TRACKER_DB)")
    args = parser.parse_args(argv)
    result = retention.purge(args.tracker_db, args.days, args.report_days)
    print(f"verwijderd: {result.conversations} gesprek(ken), {result.reports} melding(en)")
    return 0
