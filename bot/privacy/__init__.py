"""Privacy adapters: hashed sender ids and log redaction (no Rasa imports)."""
from bot.privacy.log_redaction import REDACTED, UserTextRedactionFilter, install_log_redaction, redact_message
from bot.privacy.sender_id import hash_sender_id, is_hashed_sender_id

__all__ = ["REDACTED", "UserTextRedactionFilter", "hash_sender_id", "install_log_redaction",
           "is_hashed_sender_id", "redact_message"]
