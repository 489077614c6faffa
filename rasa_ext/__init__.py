"""Rasa server-side extensions (loaded by Rasa from endpoints.yml; nothing runs at import)."""
