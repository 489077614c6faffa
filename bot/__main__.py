"""`python -m bot <command>`: one entry point for the command-line tools.

Each command lives in its own module and is imported only when it is asked for, so that
`python -m bot anonymise` never pays for loading the classifier and the other way round.
"""
from __future__ import annotations

import importlib
import sys

COMMANDS = {
    "classify": ("bot.cli.classify", "Classify Dutch text(s): form, signals, minor, acute, route."),
    "anonymise": ("bot.cli.anonymise", "Replace identifiers in Dutch text(s) by placeholders."),
    "outbox": ("bot.cli.outbox", "Operator tools for report delivery: list, retry."),
    "purge": ("bot.cli.purge", "Delete conversations and reports older than the retention period."),
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"} or argv[0] not in COMMANDS:
        print("usage: python -m bot <command> [options]\n\ncommands:")
        for name, (_, text) in COMMANDS.items():
            print(f"  {name:<10} {text}")
        return 0 if argv and argv[0] in {"-h", "--help", "help"} else 2
    module = importlib.import_module(COMMANDS[argv[0]][0])
    return int(module.main(argv[1:]) or 0)


if __name__ == "__main__":
    sys.exit(main())
