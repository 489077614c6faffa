"""Rasa SDK actions: thin adapters from the conversation to the `bot` package."""
