"""Start the action server on loopback with the classifier and anonymiser already loaded.

`rasa run actions` would load them on the first user message instead (10+ s of waiting
for that user), so `make run` starts the server through this module.
"""
from __future__ import annotations

import argparse
import logging
import os

from rasa_sdk import endpoint

from bot.privacy.logging_setup import configure_logging
from bot.services import get_services

log = logging.getLogger(__name__)


def main() -> None:
    services = get_services()
    settings = services.settings
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=settings.action_port)
    parser.add_argument("--host", default=settings.action_host)
    parser.add_argument("--no-warm-up", action="store_true")
    args = parser.parse_args()
    configure_logging(settings.log_level)
    if not args.no_warm_up:
        log.info("loading classifier and anonymiser")
        services.warm_up()
    os.environ["SANIC_HOST"] = args.host  # rasa_sdk reads the interface from here
    # Sanic's default keep-alive of 5 s also counts for a connection whose request has not
    # arrived yet: after a pause of the machine it closed Rasa's fresh connections before
    # reading them, and the user's turn lost its reply. Rasa's own server uses 120 s.
    os.environ.setdefault("SANIC_KEEP_ALIVE_TIMEOUT", "120")
    endpoint.run("actions", port=args.port)


if __name__ == "__main__":
    main()
