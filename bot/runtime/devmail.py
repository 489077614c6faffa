"""A local mailbox for the embedded default: an SMTP server on loopback that saves each
message it receives as an .eml file, so `make run` shows real deliveries without a mail
provider. Never used when NIETPLUIS_SMTP_HOST points at a real server.

It plays the receiver's part of exactly-once delivery: the outbox sends every delivery of one
row with the same Message-ID, so a message whose Message-ID is already in the folder (sent
again after a worker crashed between sending and marking it sent) is accepted, not saved twice.
"""
from __future__ import annotations

import hashlib
import pathlib
import time
from email.parser import BytesHeaderParser

from aiosmtpd.controller import Controller


def _message_id(raw: bytes) -> str:
    header = BytesHeaderParser().parsebytes(raw).get("Message-ID", "")
    return header.strip() or hashlib.sha256(raw).hexdigest()  # no id: the bytes themselves


class SaveToFolder:
    def __init__(self, folder: pathlib.Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
        raw = envelope.original_content or envelope.content
        key = hashlib.sha256(_message_id(raw).encode()).hexdigest()[:16]
        if not any(self.folder.glob(f"*-{key}.eml")):
            (self.folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{key}.eml").write_bytes(raw)
        return "250 Message accepted for delivery"


def start(folder: str | pathlib.Path, port: int, host: str = "127.0.0.1") -> Controller:
    controller = Controller(SaveToFolder(pathlib.Path(folder)), hostname=host, port=port)
    controller.start()
    return controller
