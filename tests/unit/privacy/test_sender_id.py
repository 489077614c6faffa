import logging

import pytest

from bot import privacy
from bot.config import SALT_ENV, MissingSaltError, Settings
from bot.privacy import log_redaction


def test_hash_is_hmac_sha256_hex_and_stable():
    import hashlib
    import hmac

    salt = "s" * 32
    h = privacy.hash_sender_id(123456789, salt)
    assert h == privacy.hash_sender_id("123456789", salt.encode())
    assert h == hmac.new(salt.encode(), b"123456789", hashlib.sha256).hexdigest()
    assert privacy.is_hashed_sender_id(h)
    assert h != privacy.hash_sender_id(123456789, "t" * 32)


def test_salt_read_from_env_when_called(monkeypatch):
    monkeypatch.delenv(SALT_ENV, raising=False)
    with pytest.raises(MissingSaltError):
        Settings.from_env().require_sender_salt()
    monkeypatch.setenv(SALT_ENV, "kort")
    with pytest.raises(MissingSaltError):
        Settings.from_env().require_sender_salt()
    monkeypatch.setenv(SALT_ENV, "x" * 40)
    assert Settings.from_env().require_sender_salt() == b"x" * 40


SECRET = "Ik ben Piotr Kowalski, bel 0612345678"


def _emit(logger):
    logger.debug("Received user message '%s' with intent '%s' and entities '%s'", SECRET,
                 {"name": "melden"}, [{"entity": "naam", "value": "Piotr Kowalski"}])
    logger.debug("Current slot values: \n\tbeschrijving: %s\n\tgemeente: Venlo", SECRET)
    logger.debug('{"event": "processor.message.parse", "parse_data_text": "%s"}', SECRET)
    logger.debug("processor.message.parse text='%s' parse_data_entities=[{'value': 'Piotr'}]", SECRET)
    logger.info("eigen melding %s", SECRET, extra={"user_text": True})
    logger.info("tracker saved with %d events", 12)


def test_filter_on_handler_removes_user_text(caplog):
    caplog.handler.addFilter(privacy.UserTextRedactionFilter())
    with caplog.at_level(logging.DEBUG):
        _emit(logging.getLogger("rasa.core.processor"))
    assert "Piotr" not in caplog.text and "0612345678" not in caplog.text
    assert privacy.REDACTED in caplog.text
    assert "tracker saved with 12 events" in caplog.text
    assert "intent" in caplog.text


def test_install_covers_handlers_added_later(tmp_path):
    privacy.install_log_redaction()
    assert logging.getLogRecordFactory() is not logging.LogRecord
    logfile = tmp_path / "log.txt"
    handler = logging.FileHandler(logfile, encoding="utf-8")  # added after install
    logger = logging.getLogger("test.privacy.later")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        _emit(logger)
    finally:
        logger.removeHandler(handler)
        handler.close()
        log_redaction.uninstall_log_redaction()
    content = logfile.read_text(encoding="utf-8")
    assert "Piotr" not in content and "0612345678" not in content
    assert "tracker saved with 12 events" in content
