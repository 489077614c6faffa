"""Channels that run as their own process and talk to the Rasa server over REST (Telegram)."""
