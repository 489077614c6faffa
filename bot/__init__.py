"""Niet-pluis domain logic. Nothing in this package imports Rasa or a chat channel."""
