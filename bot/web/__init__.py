"""The web side users see: the chat widget, its theme and a demo municipal page (bot.web.server)."""
