"""`python -m bot purge`: delete conversations and reports past their retention period."""
from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from bot.config import DEFAULT_REPORT_RETENTION_DAYS, DEFAULT_RETENTION_DAYS
from bot.services import Services, get_services


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot purge", description=__doc__)
    parser.add_argument("--days", type=float, help="conversations older than this "
                        f"(default NIETPLUIS_RETENTION_DAYS or {DEFAULT_RETENTION_DAYS:g})")
    parser.add_argument("--report-days", type=float, help="reports older than this "
                        f"(default NIETPLUIS_REPORT_RETENTION_DAYS or {DEFAULT_REPORT_RETENTION_DAYS:g})")
    parser.add_argument("--tracker-db", help="SQLite file of the tracker store (default TRACKER_DB)")
    args = parser.parse_args(argv)
    settings = get_services().settings
    overrides = {k: v for k, v in (("retention_days", args.days),
                                   ("report_retention_days", args.report_days),
                                   ("tracker_db", Path(args.tracker_db) if args.tracker_db else None))
                 if v is not None}
    services = Services(dataclasses.replace(settings, **overrides)) if overrides else get_services()
    result = services.purge()
    print(f"verwijderd: {result.conversations} gesprek(ken), {result.reports} melding(en)")
    return 0
