"""Routing policy of routing.md: who should hear about a niet-pluis signal, and why.

    from bot.routing import decide, load_policy
    decision = decide("arbeidsuitbuiting", acute=False, minor=False, role="burger",
                      gemeente="Utrecht", policy=load_policy())

The policy is data (``content/routing/*.yml``), validated when loaded; the composition root
(``bot.services``) loads it once per process.
"""
from bot.routing.contacts import DeliveryTarget, delivery_targets, mailboxes
from bot.routing.decide import CONTEXT_TAGS, RULES, Facts, Route, RoutingDecision, decide, decide_routes
from bot.routing.policy import Policy, PolicyError, load_policy
from bot.vocab import FORMS, ROLES, TRAFFICKING_FORMS

__all__ = [
    "CONTEXT_TAGS", "FORMS", "Facts", "ROLES", "RULES", "TRAFFICKING_FORMS", "DeliveryTarget",
    "Policy", "PolicyError", "Route", "RoutingDecision", "decide", "decide_routes",
    "delivery_targets", "load_policy", "mailboxes",
]
