"""A local mailbox for the embedded default: an SMTP server on loopback that saves each
message it receives as an .eml file, so `make run` shows real deliveries without a mail
provider. Never used when NIETPLUIS_SMTP_HOST points at a real server.
"""
from __future__ import annotations

import pathlib
import time
import uuid

from aiosmtpd.controller import Controller


class SaveToFolder:
    def __init__(self, folder: pathlib.Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}.eml"
        (self.folder / name).write_bytes(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


def start(folder: str | pathlib.Path, port: int, host: str = "127.0.0.1") -> Controller:
    controller = Controller(SaveToFolder(pathlib.Path(folder)), hostname=host, port=port)
    controller.start()
    return controller
