"""`python -m bot outbox list|retry|run-once`: operator tools for report delivery.

    python -m bot outbox list [--status pending|sending|sent|dead] [--limit N]
    python -m bot outbox retry [ID]      # all dead rows, or one dead/pending row, retried now
    python -m bot outbox run-once        # one worker pass with the senders from the environment

Uses DATABASE_URL and NIETPLUIS_REPORT_KEY like the assistant. No report contents are printed.
"""
from __future__ import annotations

import argparse
import sys

from bot.store.repository import STATUSES


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot outbox", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_list = sub.add_parser("list", help="show outbox rows, newest first")
    p_list.add_argument("--status", choices=STATUSES)
    p_list.add_argument("--limit", type=int, default=50)
    p_retry = sub.add_parser("retry", help="queue dead rows (or one row) again")
    p_retry.add_argument("id", nargs="?", type=int)
    sub.add_parser("run-once", help="one delivery pass")
    return parser


def _fmt(dt) -> str:
    return dt.strftime("%Y-%m-%d %H:%M:%S") if dt else "-"


def main(argv: list[str] | None = None, *, store=None, senders=None, out=None) -> int:
    out = out or sys.stdout
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    services = None
    if store is None:
        from bot.services import get_services
        services = get_services()
        store = services.store
    if args.command == "list":
        with store.uow() as uow:
            rows = uow.outbox.list(args.status, args.limit)
            counts = uow.outbox.counts()
        print("  ".join(f"{s}={counts.get(s, 0)}" for s in STATUSES), file=out)
        if not rows:
            print("(geen berichten)", file=out)
            return 0
        print(f"{'id':>6}  {'status':<8} {'pogingen':>8}  {'meldcode':<14}  {'kanaal':<7}  "
              f"{'ontvanger':<22}  {'volgende poging':<19}  bestemming / fout", file=out)
        for msg, code in rows:
            nxt = _fmt(msg.next_attempt_at) if msg.status == "pending" else _fmt(msg.lease_expires_at if msg.status == "sending" else msg.sent_at)
            line = (f"{msg.id:>6}  {msg.status:<8} {msg.attempts:>8}  {code:<14}  {msg.channel:<7}  "
                    f"{msg.recipient_code:<22}  {nxt:<19}  {msg.destination}")
            if msg.last_error and msg.status != "sent":
                line += f"  [{msg.last_error[:120]}]"
            print(line, file=out)
        return 0
    if args.command == "retry":
        with store.uow() as uow:
            count = uow.outbox.retry(store.clock(), args.id)
            uow.commit()
        if count == 0:
            what = f"bericht {args.id} (bestaat niet, of is al verstuurd/bezig)" if args.id else "dode berichten"
            print(f"niets opnieuw ingepland: geen {what}", file=out)
            return 1
        print(f"{count} bericht(en) opnieuw ingepland", file=out)
        return 0
    if args.command == "run-once":
        from bot.outbox import OutboxWorker, make_senders
        from bot.services import get_services
        services = services or get_services()
        worker = OutboxWorker(store, senders if senders is not None else make_senders(services.settings),
                              texts=services.texts, documents=services.documents)
        result = worker.run_once()
        print(f"opgehaald={result.claimed} verstuurd={result.sent} later-opnieuw={result.retried} "
              f"dood={result.dead} lease-kwijt={result.lost}", file=out)
        for error in result.errors:
            print(f"  {error}", file=out)
        return 0 if not result.dead and not result.lost else 1
    return 2  # pragma: no cover
