"""Start the action server on loopback with the classifier and anonymiser already loaded.

`rasa run actions` would load them on the first user message instead (10+ s of waiting
for that user), so `make run` starts the server through this module. Only Rasa may call it:
every call to /webhook and /actions must carry the shared token (`ACTION_TOKEN_HEADER`, set
in endpoints.yml); there is no CORS, so no browser page can call it either.
"""
from __future__ import annotations

import argparse
import hmac
import logging
import os

from rasa_sdk import endpoint
from sanic import response

from bot.config import ACTION_TOKEN_ENV, ACTION_TOKEN_HEADER, ConfigError
from bot.privacy.logging_setup import configure_logging
from bot.services import get_services

log = logging.getLogger(__name__)
OPEN_PATHS = frozenset({"/health"})


def create_app(token: str):
    """rasa_sdk's app without CORS, with the token check and an error answer without the request."""
    if not token:
        raise ConfigError(f"{ACTION_TOKEN_ENV} ontbreekt: de action server weigert dan elke aanroep")
    app = endpoint.create_app("actions", cors_origins=None)
    expected = token.encode()

    @app.middleware("request")
    async def only_rasa(request):
        if request.path in OPEN_PATHS:
            return None
        given = (request.headers.get(ACTION_TOKEN_HEADER) or "").encode()
        if not hmac.compare_digest(given, expected):
            log.warning("refused a call to %s without the action token", request.path)
            return response.json({"error": "forbidden"}, status=403)
        return None

    # rasa_sdk's own handler answers with the whole request body (the tracker) and logs it
    @app.exception(Exception)
    async def failed(request, exception):
        log.error("action call failed: %s", type(exception).__name__)
        return response.json({"error": type(exception).__name__}, status=500)

    return app


def main() -> None:
    services = get_services()
    settings = services.settings
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=settings.action_port)
    parser.add_argument("--host", default=settings.action_host)
    parser.add_argument("--no-warm-up", action="store_true")
    args = parser.parse_args()
    configure_logging(settings.log_level)
    app = create_app(settings.action_token or "")
    if not args.no_warm_up:
        log.info("loading classifier and anonymiser")
        services.warm_up()
    # Sanic's default keep-alive of 5 s also counts for a connection whose request has not
    # arrived yet: after a pause of the machine it closed Rasa's fresh connections before
    # reading them, and the user's turn lost its reply. Rasa's own server uses 120 s.
    app.config.KEEP_ALIVE_TIMEOUT = float(os.environ.get("SANIC_KEEP_ALIVE_TIMEOUT", "120"))
    log.info("action server on http://%s:%s", args.host, args.port)
    app.run(args.host, args.port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
