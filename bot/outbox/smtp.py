"""Delivery by e-mail over SMTP (settings from ``bot.config.SmtpSettings``)."""
from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate

from bot.config import SmtpSettings
from bot.outbox.message import OutgoingMessage, PermanentDeliveryError, TransientDeliveryError


class SmtpSender:
    """Sends one e-mail per outbox row with a stable ``Message-ID`` derived from the row.

    A message that is sent twice (crash between sending and marking it sent) carries the same
    Message-ID both times, so mail systems and people can recognise the duplicate.
    """

    def __init__(self, host: str, port: int = 25, from_addr: str = "niet-pluis@localhost", *,
                 timeout: float = 30.0, starttls: bool = False, username: str | None = None,
                 password: str | None = None) -> None:
        self.host, self.port, self.from_addr = host, int(port), from_addr
        self.timeout, self.starttls = timeout, starttls
        self.username, self.password = username, password

    @classmethod
    def from_settings(cls, smtp: SmtpSettings) -> "SmtpSender":
        return cls(smtp.host, smtp.port, smtp.from_addr, starttls=smtp.starttls,
                   username=smtp.username, password=smtp.password)

    def build(self, message: OutgoingMessage) -> EmailMessage:
        email = EmailMessage()
        domain = self.from_addr.rpartition("@")[2] or "localhost"
        email["Message-ID"] = f"<{message.idempotency_key}@{domain}>"
        email["Date"] = formatdate(localtime=False)
        email["From"] = self.from_addr
        email["To"] = message.destination
        email["Subject"] = message.subject
        email["X-NietPluis-Reference"] = message.reference_code
        email["X-NietPluis-Idempotency-Key"] = message.idempotency_key
        email.set_content(message.text, charset="utf-8")
        for filename, mime, content in message.attachments:
            maintype, subtype = mime.split("/", 1)
            email.add_attachment(content.encode("utf-8"), maintype=maintype, subtype=subtype, filename=filename)
        return email

    def send(self, message: OutgoingMessage) -> None:
        email = self.build(message)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password or "")
                refused = smtp.send_message(email)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            error = f"ontvanger geweigerd: {codes}"
            if all(c >= 500 for c in codes):
                raise PermanentDeliveryError(error) from exc
            raise TransientDeliveryError(error) from exc
        except smtplib.SMTPResponseException as exc:
            error = f"SMTP {exc.smtp_code}: {exc.smtp_error!r}"
            if exc.smtp_code >= 500:
                raise PermanentDeliveryError(error) from exc
            raise TransientDeliveryError(error) from exc
        except (smtplib.SMTPException, OSError) as exc:  # connection refused, timeout, TLS
            raise TransientDeliveryError(f"SMTP-server niet bereikbaar: {exc!r}") from exc
        if refused:  # only possible with several recipients; we send to one
            raise TransientDeliveryError(f"ontvanger geweigerd: {refused}")
