"""Delivery by an HMAC-SHA256-signed HTTP POST (JSON), and the check a receiver does.

Headers sent:

- ``X-NietPluis-Timestamp``: Unix time of signing;
- ``X-NietPluis-Signature``: ``sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>``;
- ``Idempotency-Key``: stable per outbox row; a receiver that stores it can drop duplicates.

The shared secret comes from the environment variable named in the gemeente's config
(``secret_env``); it is never stored in the database or in YAML.
"""
from __future__ import annotations

from typing import Mapping

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request

from bot.outbox.message import OutgoingMessage, PermanentDeliveryError, TransientDeliveryError

SIGNATURE_HEADER = "X-NietPluis-Signature"
TIMESTAMP_HEADER = "X-NietPluis-Timestamp"


def sign(secret: str | bytes, timestamp: str, body: bytes) -> str:
    key = secret.encode() if isinstance(secret, str) else secret
    return "sha256=" + hmac.new(key, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def verify_signature(secret: str | bytes, body: bytes, timestamp: str, signature: str, *,
                     tolerance: int = 300, now: float | None = None) -> bool:
    """True if ``signature`` is valid for ``body`` and the timestamp is recent (replay guard)."""
    try:
        age = abs((time.time() if now is None else now) - int(timestamp))
    except (TypeError, ValueError):
        return False
    if age > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), signature or "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a signed POST must not be re-sent elsewhere
        return None


class WebhookSender:
    def __init__(self, *, secrets: Mapping[str, str], timeout: float = 10.0) -> None:
        self.timeout = timeout
        self.secrets = secrets  # Settings.secrets: named per gemeente in the routing content
        self._opener = urllib.request.build_opener(_NoRedirect)

    def _secret(self, message: OutgoingMessage) -> str:
        secret = self.secrets.get(message.secret_env or "", "")
        if not message.secret_env or not secret:
            raise PermanentDeliveryError(
                f"webhookgeheim ontbreekt: zet omgevingsvariabele {message.secret_env or '(geen naam)'}")
        return secret

    def send(self, message: OutgoingMessage) -> None:
        secret = self._secret(message)
        body = json.dumps(message.payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
        timestamp = str(int(time.time()))
        request = urllib.request.Request(message.destination, data=body, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "niet-pluis-outbox/1",
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(secret, timestamp, body),
            "Idempotency-Key": message.idempotency_key,
        })
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except (urllib.error.URLError, OSError) as exc:
            raise TransientDeliveryError(f"webhook niet bereikbaar: {exc!r}") from exc
        if 200 <= status < 300:
            return
        if status in (408, 425, 429) or status >= 500:
            raise TransientDeliveryError(f"webhook antwoordde HTTP {status}")
        raise PermanentDeliveryError(f"webhook weigerde: HTTP {status}")
