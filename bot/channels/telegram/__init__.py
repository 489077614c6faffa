"""The Telegram bridge for field workers: python-telegram-bot 22 in front of Rasa's REST channel.

access.py   who may report (allowed ids, one-time invite codes), kept as salted hashes only
texts.py    splitting long replies on sentence ends; reply buttons as inline keyboards
rasa.py     the REST client towards the Rasa server, with a queue for when it is down
bridge.py   the Application: handlers, rate limit, refusals, the error handler
"""
