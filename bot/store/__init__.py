"""Report store: confirmed reports (encrypted at rest), follow-ups, retention and the outbox.

The process's store is built by the composition root (``bot.services``) from the settings;
nothing happens at import time. Async code (Rasa actions) runs the short synchronous calls in
a worker thread (``asyncio.to_thread``)::

    saved = services.store.save_report(summary=summary, classification=..., routes=routes,
                                       gemeente="Utrecht")
    saved.reference_code   # 'K7QH-2MXD-9RW4'
"""
from __future__ import annotations

from bot.store.codes import InvalidReferenceCode, new_reference_code, normalize_reference_code

__all__ = ["InvalidReferenceCode", "new_reference_code", "normalize_reference_code"]
